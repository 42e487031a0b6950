from __future__ import annotations

import numpy as np
import pytest
from skimage import data

from shopreel.errors import InvalidInput
from shopreel.media.face import detect_faces
from shopreel.media.footage import locate_subjects
from shopreel.media.footage.subjects import head_box
from shopreel.media.types import Box
from tests.media.footage.test_describe import bottle_on_white, coffee_on_white


def _inside(inner: Box, outer: Box) -> bool:
    return (outer.x <= inner.x and outer.y <= inner.y and inner.x + inner.w <= outer.x + outer.w
            and inner.y + inner.h <= outer.y + outer.h)


def _ink_box(mask: np.ndarray) -> Box:
    ys, xs = np.nonzero(mask)
    return Box(int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


@pytest.mark.parametrize("make", [bottle_on_white, coffee_on_white])
def test_a_product_shot_names_a_tight_box_around_the_product(make):
    image = make()
    subjects = locate_subjects(image)
    assert subjects.faces == () and subjects.product is not None
    product = _ink_box(np.abs(image.astype(int) - image[0, 0]).max(axis=2) > 80)  # clearly not the backdrop
    box = subjects.product
    assert _inside(product, box)
    assert box.w * box.h < 1.3 * product.w * product.h + 4 * (product.w + product.h)  # a few pixels of margin at most
    assert subjects.boxes == (box,)


def test_a_portrait_names_the_head_and_no_product():
    photo = data.astronaut()
    subjects = locate_subjects(photo)
    [face] = detect_faces(photo)
    [head] = subjects.faces
    assert subjects.product is None and subjects.boxes == (head,)
    assert _inside(face.box, head) and head.h > 1.5 * face.box.h  # forehead and chin, not just the features
    grown = locate_subjects(photo, head_margin=0.1).faces[0]
    assert _inside(head, grown) and grown.w > head.w


def test_a_busy_picture_without_people_names_nothing():
    assert locate_subjects(data.coffee()).boxes == ()


def test_a_head_box_stays_inside_the_picture():
    assert head_box(Box(0, 0, 40, 40), width=50, height=50, margin=0.5) == Box(0, 0, 50, 50)
    with pytest.raises(InvalidInput):
        locate_subjects(np.zeros((10, 10), np.uint8))
