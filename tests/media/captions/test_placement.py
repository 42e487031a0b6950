"""A caption block placed clear of faces and the product: moved, then shrunk, then least covering."""

import pytest

from shopreel.catalog.captions import CAPTION_STYLES, default_caption
from shopreel.errors import InvalidInput
from shopreel.media.captions import find_fonts, safe_area
from shopreel.media.captions.cues import CueWord, cue_pieces
from shopreel.media.captions.placement import GAP_EM, MIN_SHRINK, place_block, place_clear
from shopreel.media.types import Box

FRAME = (360, 640)
SAFE = safe_area(*FRAME)
FONTS = find_fonts()
WORDS = [CueWord(w, 0, 1) for w in "Glow Serum brightens dull skin".split()]


def place(style=default_caption(), keep_out=(), words=WORDS, **kwargs):
    pieces = cue_pieces(words, style)
    return place_clear(pieces, fonts=FONTS, style=style, frame_size=FRAME, language="en", keep_out=keep_out, **kwargs)


def rect(p):
    return p.x, p.y, p.x + p.canvas_size[0], p.y + p.canvas_size[1]


def clear_of(p, box, gap=0):
    x0, y0, x1, y1 = rect(p)
    return x1 <= box.x - gap or x0 >= box.x + box.w + gap or y1 <= box.y - gap or y0 >= box.y + box.h + gap


def test_without_boxes_it_is_the_styles_own_placement():
    style = default_caption()
    assert place(style) == place_block(cue_pieces(WORDS, style), fonts=FONTS, style=style, frame_size=FRAME,
                                       language="en")


def test_a_product_over_the_default_band_pushes_the_block_below_it_at_full_size():
    default = place()
    product = Box(x=40, y=200, w=200, h=default.y + 10 - 200)  # its bottom reaches into the block
    placed = place(keep_out=[product])
    assert placed.overlap_px == 0 and placed.layout.size_px == default.layout.size_px
    gap = round(GAP_EM * placed.layout.size_px)
    assert placed.y == product.y + product.h + gap and clear_of(placed, product, gap)


def test_the_font_shrinks_when_no_band_fits_the_full_size_block():
    default = place()
    height = default.canvas_size[1]
    # leave free bands a little too short for the block: above a face, between face and product, below it
    face = Box(x=150, y=SAFE.y + height - 8, w=100, h=120)
    product_top = face.y + face.h + height - 8
    product = Box(x=40, y=product_top, w=200, h=SAFE.y + SAFE.h - height + 8 - product_top)
    placed = place(keep_out=[face, product])
    assert placed.overlap_px == 0
    assert MIN_SHRINK * default.layout.size_px - 1 <= placed.layout.size_px < default.layout.size_px
    assert clear_of(placed, face) and clear_of(placed, product)


def test_with_no_room_at_all_the_least_covering_placement_is_returned():
    wall = Box(x=0, y=0, w=FRAME[0], h=FRAME[1])
    placed = place(keep_out=[wall])
    assert placed.overlap_px == placed.canvas_size[0] * placed.canvas_size[1]
    assert placed.layout.size_px < place().layout.size_px  # the smallest block covers least
    side = Box(x=0, y=0, w=SAFE.x + 40, h=FRAME[1])  # only the block's left edge can be covered
    placed = place(keep_out=[side, Box(x=0, y=0, w=FRAME[0], h=SAFE.y + SAFE.h // 2)])
    assert 0 < placed.overlap_px < placed.canvas_size[0] * placed.canvas_size[1] / 2
    assert placed.y >= SAFE.y + SAFE.h // 2


def test_a_pop_animation_keeps_its_grown_block_clear():
    punch = next(s for s in CAPTION_STYLES if s.name == "One-Word Punch")
    words = [CueWord("SALE", 0, 1)]
    default = place(punch, words=words)
    product = Box(x=0, y=SAFE.y + 40, w=FRAME[0], h=default.y + 5 - SAFE.y - 40)
    still, grown = place(punch, [product], words=words), place(punch, [product], words=words, grow=1.25)
    assert still.overlap_px == grown.overlap_px == 0
    assert grown.y - still.y == pytest.approx((1.25 - 1) / 2 * grown.canvas_size[1], abs=2)


def test_bad_knobs_are_named():
    with pytest.raises(InvalidInput, match="grow"):
        place(keep_out=[Box(0, 0, 5, 5)], grow=0.5)
    with pytest.raises(InvalidInput, match="min_scale"):
        place(keep_out=[Box(0, 0, 5, 5)], min_scale=0)
