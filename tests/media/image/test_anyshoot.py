from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from shopreel.media.image import compose_shot, shoot, shot_variant
from tests.media.image.conftest import bottle_mask


@pytest.fixture
def bottle() -> tuple[np.ndarray, np.ndarray]:
    truth = bottle_mask(120, 90)
    rgb = np.zeros((120, 90, 3), np.uint8)
    rgb[:] = (30, 90, 220)
    rgb[60:80] = (240, 200, 30)
    return rgb, truth.astype(np.float32)


def _scene_and_mask(height: int = 200, width: int = 140) -> tuple[np.ndarray, np.ndarray]:
    scene = np.full((height, width, 3), 210, np.uint8)
    scene[130:] = 180  # a table
    mask = np.zeros((height, width), np.float32)
    mask[40:150, 30:110] = 1
    return scene, mask


def _product_pixels(out: np.ndarray, scene: np.ndarray) -> np.ndarray:
    colour = out.astype(int)
    return (np.abs(colour - scene.astype(int)).sum(axis=2) > 40) & (colour[:, :, 2] > colour[:, :, 0] + 60)


def test_product_lands_inside_the_mask_with_a_shadow_under_it(bottle):
    rgb, alpha = bottle
    scene, mask = _scene_and_mask()
    before = scene.copy()
    out = shoot(rgb, alpha, scene, mask, variant=0, light_azimuth_deg=0)
    assert np.array_equal(scene, before)
    blue = _product_pixels(out, scene)
    assert blue.sum() > 500
    grown = cv2.dilate((mask > 0.5).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    assert blue[grown].sum() >= 0.95 * blue.sum()
    rows, cols = np.flatnonzero(blue.any(axis=1)), np.flatnonzero(blue.any(axis=0))
    base, centre = rows[-1], (cols[0] + cols[-1]) // 2
    assert base <= 151
    under = out[base + 2 : base + 4, centre - 5 : centre + 5].astype(int)
    assert under.mean() < scene[base + 2 : base + 4, centre - 5 : centre + 5].mean() - 8


def test_four_variants_are_pairwise_different(bottle):
    rgb, alpha = bottle
    scene, mask = _scene_and_mask()
    shots = [shoot(rgb, alpha, scene, mask, variant=v) for v in range(4)]
    for a, b in itertools.combinations(shots, 2):
        changed = (np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 30).mean()
        assert changed > 0.02
    sizes = [_product_pixels(shot, scene).sum() for shot in shots]
    assert len(set(sizes)) == 4
    assert shot_variant(7) == shot_variant(7) and 0.7 <= shot_variant(7).scale <= 0.95


def test_glossy_surface_reflects_below_only(bottle):
    rgb, alpha = bottle
    scene, mask = _scene_and_mask()
    matte = shoot(rgb, alpha, scene, mask, glossiness=0.0, shadow_opacity=0.0)
    gloss = shoot(rgb, alpha, scene, mask, glossiness=1.0, shadow_opacity=0.0)
    blue = _product_pixels(matte, scene)
    base = np.flatnonzero(blue.any(axis=1))[-1]
    differs = np.abs(gloss.astype(int) - matte.astype(int)).sum(axis=2) > 12
    assert differs[base + 1 :].sum() > 50
    assert not differs[: base - 5].any()
    assert (gloss[base + 2 : base + 12, :, 2].astype(int) - gloss[base + 2 : base + 12, :, 0]).max() > 20


def test_quad_placement_puts_the_product_inside_the_quad(bottle):
    rgb, alpha = bottle
    scene, _ = _scene_and_mask()
    quad = np.array([[40, 50], [100, 55], [105, 140], [35, 135]], np.float32)
    shots = [shoot(rgb, alpha, scene, quad, variant=v) for v in range(4)]
    inside = np.zeros(scene.shape[:2], np.uint8)
    cv2.fillPoly(inside, [quad.astype(np.int32)], 1)
    inside = cv2.dilate(inside, np.ones((5, 5), np.uint8)) > 0
    blue = _product_pixels(shots[0], scene)
    assert blue.sum() > 300 and not blue[~inside].any()
    for a, b in itertools.combinations(shots, 2):
        assert not np.array_equal(a, b)


def test_irregular_mask_still_holds_the_product(bottle):
    rgb, alpha = bottle
    scene, _ = _scene_and_mask()
    mask = np.zeros(scene.shape[:2], np.uint8)
    cv2.ellipse(mask, (70, 100), (40, 60), 0, 0, 360, 1, -1)
    out = shoot(rgb, alpha, scene, mask.astype(np.float32), variant=2)
    blue = _product_pixels(out, scene)
    grown = cv2.dilate(mask, np.ones((7, 7), np.uint8)) > 0
    assert blue.sum() > 300 and blue[grown].sum() >= 0.95 * blue.sum()


def test_bad_inputs_are_named(bottle):
    rgb, alpha = bottle
    scene, mask = _scene_and_mask()
    with pytest.raises(ValueError, match="placement is"):
        shoot(rgb, alpha, scene, mask[:10])
    with pytest.raises(ValueError, match="placement mask is empty"):
        shoot(rgb, alpha, scene, np.zeros_like(mask))
    with pytest.raises(ValueError, match="glossiness"):
        shoot(rgb, alpha, scene, mask, glossiness=1.5)
    with pytest.raises(ValueError, match="variant"):
        shoot(rgb, alpha, scene, mask, variant=-1)


def test_compose_shot_says_where_the_product_is(bottle):
    rgb, alpha = bottle
    scene, mask = _scene_and_mask()
    shot = compose_shot(rgb, alpha, scene, mask, variant=1)
    assert np.array_equal(shot.image, shoot(rgb, alpha, scene, mask, variant=1))
    assert shot.product.shape == scene.shape[:2] and shot.product.dtype == np.float32
    blue = _product_pixels(shot.image, scene)
    assert (shot.product[blue] > 0.5).mean() > 0.97  # the product's pixels are inside its alpha
    assert shot.product[:30].max() == 0 and shot.product[:, :20].max() == 0  # and nothing far from it is
