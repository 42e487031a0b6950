from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopreel.media.face import detect_faces, person_mask
from tests.media.face.conftest import flat


def test_the_mask_covers_her_face_and_body_not_the_backdrop(astronaut):
    mask = person_mask(astronaut)
    box = detect_faces(astronaut)[0].box

    assert mask.shape == (512, 512) and mask.dtype == np.float32
    assert 0.0 <= mask.min() and mask.max() <= 1.0
    assert mask[box.y : box.y + box.h, box.x : box.x + box.w].mean() > 0.9
    assert mask[380:420, 200:240].mean() > 0.9  # the orange suit
    assert mask[0:40, 470:512].max() < 0.1  # the far top-right backdrop
    assert mask[0:30, 310:360].max() < 0.1  # backdrop beside the top of her hair


def test_the_edge_is_soft(astronaut):
    mask = person_mask(astronaut)
    assert ((mask > 0.05) & (mask < 0.95)).sum() > 100


@pytest.mark.parametrize("width, height", [(97, 131), (131, 97), (301, 512), (1, 1)])
def test_the_mask_has_the_image_s_size(astronaut, width, height):
    image = cv2.resize(astronaut, (width, height), interpolation=cv2.INTER_AREA)

    mask = person_mask(image)

    assert mask.shape == (height, width) and mask.dtype == np.float32
    if width > 1:
        assert mask[int(0.23 * height), int(0.44 * width)] > 0.9  # her face
        assert mask[: height // 12, -width // 12 :].max() < 0.1


def test_nobody_on_a_flat_card():
    assert person_mask(flat(64, 97)).max() < 0.1


def test_the_mask_is_a_fresh_array_each_call(astronaut):
    first = person_mask(astronaut)
    kept = first.copy()
    person_mask(np.ascontiguousarray(astronaut[::-1]))
    assert np.array_equal(first, kept)
