"""Choosing where a caption block goes when faces and the product must stay clear: boxes in, band out."""

import math

import pytest

from shopreel.errors import InvalidInput
from shopreel.media.captions.keepout import Band, KeepOut, boxes_during, choose_band, frame_keep_out
from shopreel.media.types import Box

# A 9:16 frame's safe area, about as a 360x640 frame has it, and a 40 px tall block in it.
SAFE_TOP, SAFE_BOTTOM = 64, 525
BLOCK = (200, 40)
X = 80
RANGE = (SAFE_TOP, SAFE_BOTTOM - BLOCK[1])
DEFAULT = 410  # the style's own top: the lower band

FACE = Box(x=180, y=45, w=100, h=130)  # 45..175
PRODUCT = Box(x=60, y=240, w=80, h=170)  # 240..410


def band(boxes, **kwargs):
    options = dict(block=BLOCK, x=X, y_range=RANGE, preferred_y=DEFAULT) | kwargs
    return choose_band(boxes, **options)


def test_nothing_to_avoid_keeps_the_default_band():
    assert band([]) == Band(y=DEFAULT, overlap_px=0)


def test_a_box_beside_the_block_does_not_move_it():
    assert band([Box(x=290, y=380, w=60, h=100)]) == Band(y=DEFAULT, overlap_px=0)


def test_the_block_moves_just_below_the_product_when_the_lower_band_has_room():
    chosen = band([FACE, PRODUCT], gap_px=6)
    assert chosen == Band(y=PRODUCT.y + PRODUCT.h + 6, overlap_px=0)


def test_between_the_face_and_the_product_when_nothing_is_free_below():
    low_product = Box(x=60, y=300, w=80, h=225)  # reaches the bottom of the safe area
    chosen = band([FACE, low_product], gap_px=4)
    assert chosen.overlap_px == 0
    assert chosen.y + BLOCK[1] == low_product.y - 4  # as low as it fits: right above the product
    assert chosen.y >= FACE.y + FACE.h + 4


def test_the_top_band_when_the_face_and_the_product_leave_only_the_top():
    low_face = Box(x=180, y=130, w=100, h=130)  # 130..260
    tall_product = Box(x=60, y=250, w=80, h=275)  # 250..525
    chosen = band([low_face, tall_product])
    assert chosen == Band(y=low_face.y - BLOCK[1], overlap_px=0)  # above the face, as low as it fits


def test_moving_down_is_preferred_to_moving_up_the_same_distance():
    # a thin box right where the default block sits leaves room 30 px up and 30 px down
    chosen = band([Box(x=100, y=DEFAULT + 5, w=50, h=BLOCK[1] - 10)], y_range=(SAFE_TOP, 600))
    assert chosen == Band(y=DEFAULT + BLOCK[1] - 5, overlap_px=0)
    assert band([Box(x=100, y=DEFAULT + 5, w=50, h=BLOCK[1] - 10)], y_range=(SAFE_TOP, 600), up_cost=0.5).y < DEFAULT


def test_without_a_free_band_the_least_covering_one_is_chosen_and_its_overlap_counted():
    wall = Box(x=0, y=0, w=360, h=640)  # covers everything
    narrow = Box(x=X + 150, y=SAFE_TOP, w=20, h=SAFE_BOTTOM - SAFE_TOP)  # 20 columns of the block, all the way down
    chosen = band([narrow])
    assert chosen == Band(y=DEFAULT, overlap_px=20 * BLOCK[1])  # the same everywhere: stays nearest the default
    bulge = Box(x=X, y=SAFE_TOP, w=120, h=300)  # on top of that, the upper part is covered wider
    chosen = band([narrow, bulge])
    assert chosen.y >= SAFE_TOP + 300 and chosen.overlap_px == 20 * BLOCK[1]
    assert band([wall]).overlap_px == BLOCK[0] * BLOCK[1]


def test_overlapping_boxes_are_not_counted_twice():
    box = Box(x=X, y=SAFE_TOP, w=BLOCK[0], h=SAFE_BOTTOM - SAFE_TOP)
    assert band([box, box, Box(x=X + 10, y=200, w=30, h=30)]).overlap_px == BLOCK[0] * BLOCK[1]


def test_the_gap_keeps_the_block_off_a_box_edge():
    product = Box(x=60, y=300, w=80, h=120)
    assert band([product], gap_px=0).y == 420
    assert band([product], gap_px=12).y == 432


def test_a_preferred_top_outside_the_range_is_clamped():
    assert band([], preferred_y=1000) == Band(y=RANGE[1], overlap_px=0)
    assert band([], preferred_y=-5) == Band(y=RANGE[0], overlap_px=0)


@pytest.mark.parametrize("kwargs, message", [
    ({"block": (0, 40)}, "block"),
    ({"y_range": (300, 200)}, "y_range"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        band([], **kwargs)


def test_boxes_during_a_span_are_the_union_of_the_spans_it_meets():
    a, b, c = Box(0, 0, 10, 10), Box(5, 5, 10, 10), Box(50, 50, 5, 5)
    keep = [KeepOut(0.0, 1.0, (a,)), KeepOut(1.0, 2.0, (a, b)), KeepOut(2.0, 3.0, (c,))]
    assert boxes_during(keep, 0.5, 1.5) == (a, b)
    assert boxes_during(keep, 1.0, 2.0) == (a, b)  # spans are half open: [2, 3) is not met
    assert boxes_during(keep, 2.5, 9.0) == (c,)
    assert boxes_during(keep, 3.0, 4.0) == ()


def test_frame_keep_out_gives_each_frame_its_own_time_and_can_hold_the_last():
    a, b = Box(0, 0, 4, 4), Box(1, 1, 4, 4)
    frames = frame_keep_out([(a,), (), (b,)], fps=10, start_s=2.0, until_s=5.0)
    assert [(k.start_s, k.boxes) for k in frames] == [(2.0, (a,)), (2.2, (b,))]
    assert math.isclose(frames[0].end_s, 2.1) and frames[-1].end_s == 5.0
    with pytest.raises(InvalidInput, match="fps"):
        frame_keep_out([(a,)], fps=0)
    with pytest.raises(InvalidInput, match="end after"):
        KeepOut(1.0, 1.0, (a,))
