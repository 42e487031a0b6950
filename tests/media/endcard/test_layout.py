from itertools import combinations

import pytest

from shopreel.media.captions import safe_area
from shopreel.media.endcard import box_inside, boxes_overlap, card_grid, place_card
from shopreel.media.types import Box

SIZES = {"9:16": (1080, 1920), "3:4": (1080, 1440), "1:1": (1080, 1080), "4:3": (1440, 1080), "16:9": (1920, 1080)}


@pytest.mark.parametrize("ratio", SIZES)
@pytest.mark.parametrize("product_aspect", [0.3, 1.0, 3.0])
@pytest.mark.parametrize("rtl", [False, True])
def test_parts_never_overlap_and_stay_in_the_safe_area(ratio, product_aspect, rtl):
    width, height = SIZES[ratio]
    grid = card_grid(width, height)
    unit = grid.unit_px
    layout = place_card(grid, product_aspect=product_aspect, rtl=rtl, logo=(400, 100),
                        brand=(int(0.2 * grid.text_width), int(0.04 * unit)),
                        name=(grid.text_width, int(0.17 * unit)), price=(int(0.3 * grid.text_width), int(0.08 * unit)),
                        button=(int(0.4 * grid.text_width), int(0.08 * unit)))
    parts = [layout.product, *layout.words]
    assert len(parts) == 6
    for a, b in combinations(parts, 2):
        assert not boxes_overlap(a, b), (a, b)
    for part in parts:
        assert box_inside(part, safe_area(width, height)) and box_inside(part, grid.safe), part
    assert max(layout.product.w / grid.safe.w, layout.product.h / grid.safe.h) >= 0.4  # the product is large


def test_portrait_stacks_a_centred_column_and_landscape_puts_the_product_beside_the_words():
    portrait = place_card(card_grid(1080, 1920), product_aspect=0.6, name=(500, 80), button=(300, 70))
    assert portrait.product.y + portrait.product.h < portrait.name.y < portrait.button.y
    for part in (portrait.product, portrait.name, portrait.button):
        assert abs(part.x + part.w / 2 - 540) <= 1
    landscape = place_card(card_grid(1920, 1080), product_aspect=0.6, name=(500, 80), button=(300, 70))
    assert landscape.product.x + landscape.product.w < landscape.name.x == landscape.button.x
    mirrored = place_card(card_grid(1920, 1080), product_aspect=0.6, name=(500, 80), button=(300, 70), rtl=True)
    assert mirrored.name.x + mirrored.name.w == mirrored.button.x + mirrored.button.w < mirrored.product.x


def test_boxes_overlap_and_inside():
    a = Box(0, 0, 10, 10)
    assert boxes_overlap(a, Box(9, 9, 5, 5)) and not boxes_overlap(a, Box(10, 0, 5, 5))
    assert box_inside(Box(1, 1, 9, 9), a) and not box_inside(Box(1, 1, 10, 9), a)


def test_words_too_tall_or_too_wide_are_refused_by_name():
    grid = card_grid(1080, 1920)
    with pytest.raises(ValueError, match="no room left for the product"):
        place_card(grid, product_aspect=1.0, name=(400, 1500), button=(200, 80))
    with pytest.raises(ValueError, match="does not fit"):
        place_card(grid, product_aspect=1.0, name=(grid.text_width + 1, 80), button=(200, 80))
    with pytest.raises(ValueError, match="at least 16x16"):
        card_grid(8, 8)
