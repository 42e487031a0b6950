"""Every built-in presenter holds each kind of product: in the hand, fingers in front, the
product's own pixels kept, and nothing else in the picture changed."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopreel.catalog.presenters import PRESENTERS
from shopreel.jobs.product_avatar import render_presenter_with_product
from shopreel.media.avatar import render_rig
from shopreel.media.image import cutout, trim_to_alpha
from tests.support import product_photo

W, H = 270, 480


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64).ravel() - a.mean()
    b = b.astype(np.float64).ravel() - b.mean()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))


@pytest.fixture(scope="module")
def products():
    out = {}
    for kind in ("bottle", "box", "round"):
        photo = product_photo(kind)
        out[kind] = trim_to_alpha(photo, cutout(photo), pad_px=2)[:2]
    return out


@pytest.mark.parametrize("presenter", PRESENTERS, ids=lambda p: p.name)
def test_presenter_holds_each_product(presenter, products):
    baseline, base_render = render_rig(presenter.spec, width=W, height=H)
    scores = []
    for kind, (rgb, alpha) in products.items():
        frame, render = render_presenter_with_product(presenter, rgb, alpha, width=W, height=H)
        # The product's pixels: warp the cut-out onto the placed quad and compare where the
        # product is opaque and no finger covers it (skin-coloured pixels are excluded).
        src = np.float32([[0, 0], [rgb.shape[1], 0], [rgb.shape[1], rgb.shape[0]], [0, rgb.shape[0]]])
        matrix = cv2.getPerspectiveTransform(src, np.float32(render.held_quad))
        warped = cv2.warpPerspective(rgb, matrix, (W, H))
        coverage = cv2.warpPerspective(alpha, matrix, (W, H)) > 0.9
        skin = np.abs(frame.astype(int) - np.array(presenter.spec.skin_tone)).max(axis=-1) < 40
        region = coverage & ~skin
        assert region.sum() > 100, kind
        scores.append(_ncc(frame[region], warped[region]))
        # Fingers in front: some skin-coloured pixels inside the product's box.
        box = render.held_box
        assert skin[box.y:box.y + box.h, box.x:box.x + box.w].sum() > 10, kind
        # Nothing outside the hand and product changed: the face is byte-identical.
        face = render.face_box
        assert np.array_equal(frame[face.y:face.y + face.h, face.x:face.x + face.w],
                              baseline[face.y:face.y + face.h, face.x:face.x + face.w])
        outside = np.ones((H, W), bool)
        for b in (render.hand_box, render.held_box, base_render.hand_box, base_render.held_box):
            outside[max(0, b.y - 4):b.y + b.h + 4, max(0, b.x - 4):b.x + b.w + 4] = False
        assert np.array_equal(frame[outside], baseline[outside])
    assert min(scores) > 0.9, scores
