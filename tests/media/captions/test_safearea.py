import pytest

from shopreel.media.captions import SAFE_INSETS, aspect_ratio_name, safe_area
from shopreel.media.types import Box


@pytest.mark.parametrize(
    ("size", "name"),
    [
        ((1080, 1920), "9:16"),
        ((720, 1280), "9:16"),
        ((101, 203), "9:16"),
        ((1080, 1440), "3:4"),
        ((1080, 1350), "3:4"),
        ((1000, 1000), "1:1"),
        ((1440, 1080), "4:3"),
        ((1920, 1080), "16:9"),
        ((2560, 1080), "16:9"),
    ],
)
def test_aspect_ratio_name_is_the_closest_known_ratio(size, name):
    assert aspect_ratio_name(*size) == name


def test_safe_area_numbers_for_a_vertical_video():
    # 6 % left, 10 % top, 12 % right (the like/comment rail), 18 % bottom (caption, music).
    assert safe_area(1080, 1920) == Box(x=65, y=192, w=885, h=1382)


@pytest.mark.parametrize("name", list(SAFE_INSETS))
def test_every_safe_area_sits_inside_its_frame_and_keeps_the_bottom_clear(name):
    w, h = (int(v) * 120 for v in name.split(":"))
    box = safe_area(w, h)
    assert 0 < box.x and box.x + box.w < w and 0 < box.y and box.y + box.h < h
    assert h - (box.y + box.h) >= 0.1 * h


def test_a_frame_without_area_is_refused():
    with pytest.raises(ValueError, match="frame size must be positive"):
        safe_area(0, 100)
