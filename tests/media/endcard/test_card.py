from itertools import combinations

import cv2
import numpy as np
import pytest

from shopreel.media.captions import safe_area
from shopreel.media.endcard import Backdrop, CardText, box_inside, boxes_overlap, design_end_card
from shopreel.media.image import cutout, trim_to_alpha
from shopreel.media.script.phrases import phrasebook
from tests.support import dominant_colour_share, product_photo

SIZES = {"9:16": (1080, 1920), "3:4": (1080, 1440), "1:1": (1080, 1080), "4:3": (1440, 1080), "16:9": (1920, 1080)}
NAMES = {
    "en": "Glow Serum Vitamin C Brightening Face Serum for Dull Skin, 30 ml",
    "ar": "سيروم التوهج بفيتامين سي لبشرة مشرقة",
    "ja": "グロウセラム ビタミンC美容液",
    "zh-CN": "焕亮维生素C精华液",
    "ko": "글로우 세럼 비타민C",
    "th": "เซรั่มวิตามินซี โกลว์",
    "hi": "ग्लो सीरम विटामिन सी",
}


@pytest.fixture(scope="module")
def bottle():
    photo = product_photo("bottle")
    rgb, alpha, _ = trim_to_alpha(photo, cutout(photo), pad_px=2)
    return rgb, alpha


@pytest.fixture(scope="module")
def logo():
    image = np.zeros((60, 200, 4), np.uint8)
    image[..., :3] = (30, 60, 200)
    image[10:50, 10:190, 3] = 255
    return image


def _region(frame, box):
    return frame[box.y : box.y + box.h, box.x : box.x + box.w]


@pytest.mark.parametrize("ratio", SIZES)
def test_each_aspect_ratio_lays_out_a_product_and_words_that_never_meet(ratio, bottle, logo):
    width, height = SIZES[ratio]
    text = CardText(NAMES["en"], "Shop now", "en", price="$24.99", brand="Lumi")
    card = design_end_card(*bottle, text, width=width, height=height, logo_rgba=logo)
    layout = card.layout
    parts = [layout.product, *layout.words]
    assert len(parts) == 5  # product, logo, name, price, button (the logo replaces the brand line)
    for a, b in combinations(parts, 2):
        assert not boxes_overlap(a, b), (a, b)
    for part in parts:
        assert box_inside(part, safe_area(width, height)), part
    # each word layer is drawn exactly in its box
    drawn = {(layer.x, layer.y, layer.alpha.shape[1], layer.alpha.shape[0]) for layer, _ in card.words}
    assert drawn == {(b.x, b.y, b.w, b.h) for b in (layout.name, layout.price, layout.button)}
    assert card.rest.shape == (height, width, 3) and not card.missing_glyphs
    assert dominant_colour_share(card.rest) < 0.7  # a designed background, not one flat colour


def test_the_product_is_its_cut_out_and_the_name_is_written(bottle):
    rgb, alpha = bottle
    card = design_end_card(rgb, alpha, CardText("Glow Serum", "Shop now"), width=1080, height=1920)
    shown = _region(card.rest, card.layout.product).astype(np.float32)
    product = card.product  # the cut-out with its shadow, as laid into the product box
    solid = product.alpha >= 0.999
    assert solid.mean() > 0.3
    assert np.abs(shown[solid] - product.rgb[solid]).max() <= 1
    # ... and that drawing is the cut-out, resized: compare it with the photo's product pixels
    ys, xs = np.nonzero(solid)
    drawn = shown[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    source = cv2.resize(rgb, (drawn.shape[1], drawn.shape[0]), interpolation=cv2.INTER_AREA).astype(np.float32)
    inside = cv2.resize(alpha, (drawn.shape[1], drawn.shape[0]), interpolation=cv2.INTER_AREA) > 0.98
    assert np.abs(drawn - source)[inside].mean() < 12
    # The name box holds dark ink in the palette's text colour on the light background.
    name = _region(card.rest, card.layout.name).astype(int)
    ink = np.abs(name - card.palette.text).max(axis=-1) < 40
    assert ink.mean() > 0.2 and card.palette.text == (46, 38, 42)
    # A different name draws different pixels there: the words really are the text given.
    other = design_end_card(rgb, alpha, CardText("Glow Cream", "Shop now"), width=1080, height=1920)
    assert np.abs(_region(other.rest, card.layout.name).astype(int) - name).mean() > 5


@pytest.mark.parametrize("language", ["ar", "ja", "zh-CN", "ko", "th", "hi"])
def test_right_to_left_and_complex_scripts_find_a_font_for_every_character(language, bottle):
    book = phrasebook(language)
    text = CardText(NAMES[language], book.button, language, price="1,980")
    card = design_end_card(*bottle, text, width=360, height=640)
    assert card.missing_glyphs == ()
    assert (np.abs(_region(card.rest, card.layout.name).astype(int) - card.palette.text).max(axis=-1) < 60).any()


def test_arabic_beside_the_product_reads_from_the_right(bottle):
    card = design_end_card(*bottle, CardText(NAMES["ar"], "تسوق الآن", "ar"), width=1920, height=1080)
    assert card.layout.name.x + card.layout.name.w < card.layout.product.x  # the product on the right


def test_a_character_no_font_has_is_reported(bottle):
    card = design_end_card(*bottle, CardText("Glow \ue000 Serum", "Shop now"), width=360, height=640)
    assert card.missing_glyphs == ("\ue000",)


def test_a_very_long_name_keeps_to_two_lines_and_leaves_the_product_its_room(bottle):
    name = " ".join(["Extraordinary"] * 30)
    card = design_end_card(*bottle, CardText(name, "Shop now"), width=1080, height=1920)
    art_height = card.layout.name.h
    assert art_height < 0.12 * 1920 and card.layout.product.h > 0.36 * card.layout.grid.safe.h


def test_explicit_white_and_black_are_plain(bottle):
    for backdrop, colour in ((Backdrop.WHITE, 255), (Backdrop.BLACK, 0)):
        card = design_end_card(*bottle, CardText("Glow Serum", "Shop now"), width=360, height=640, backdrop=backdrop)
        corners = np.concatenate([card.rest[:20, :20], card.rest[-20:, -20:], card.rest[:20, -20:]])
        assert (corners == colour).all()
        name = _region(card.rest, card.layout.name).astype(int)
        assert (np.abs(name - (255 - colour)).max(axis=-1) < 60).mean() > 0.1  # text contrasts


def test_a_preview_looks_like_the_export_only_smaller(bottle, logo):
    text = CardText("Glow Serum", "Shop now", "en", price="$24.99")
    big = design_end_card(*bottle, text, width=1080, height=1920, logo_rgba=logo).rest
    small = design_end_card(*bottle, text, width=360, height=640, logo_rgba=logo).rest
    shrunk = cv2.resize(big, (360, 640), interpolation=cv2.INTER_AREA).astype(int)
    assert np.abs(shrunk - small).mean() < 4


def test_the_product_grows_and_the_words_fade_in(bottle):
    card = design_end_card(*bottle, CardText("Glow Serum", "Shop now"), width=360, height=640, duration_s=2.0)
    first, rest = card.frame_at(0.0), card.rest
    name = card.layout.name
    assert np.abs(_region(first, name).astype(int) - _region(card.background, name)).max() == 0  # not yet there
    drawn = [float((np.abs(card.frame_at(t).astype(int) - card.background).max(axis=-1) > 30).sum())
             for t in (0.0, 0.4, 0.8, 1.2)]
    assert drawn == sorted(drawn) and drawn[0] < drawn[-1]
    assert card.settle_s <= 1.6 and card.frame_at(1.7) is rest and card.frame_at(5.0) is rest


def test_bad_inputs_are_named(bottle):
    rgb, alpha = bottle
    with pytest.raises(ValueError, match="product_alpha"):
        design_end_card(rgb, alpha[1:], CardText("A", "B"), width=360, height=640)
    with pytest.raises(ValueError, match="product name"):
        CardText(" ", "Shop now")
    with pytest.raises(ValueError, match="logo_rgba"):
        design_end_card(rgb, alpha, CardText("A", "B"), width=360, height=640, logo_rgba=np.zeros((4, 4, 3), np.uint8))


def test_a_logo_that_would_vanish_on_the_background_gets_a_chip(bottle):
    dark = np.zeros((80, 300, 4), np.uint8)
    for x in range(30, 270, 30):
        dark[20:60, x : x + 18] = (20, 20, 24, 255)  # dark "letters" on transparency, in a transparent margin
    card = design_end_card(*bottle, CardText("Glow Serum", "Shop now"), width=360, height=640,
                           backdrop=Backdrop.BLACK, logo_rgba=dark)
    box = card.layout.logo
    shown = _region(card.rest, box)
    assert (shown.min(axis=-1) > 240).mean() > 0.2 and (shown.max(axis=-1) < 40).mean() > 0.2
    assert abs(box.w / box.h - (228 + 2 * 17) / (40 + 2 * 12)) < 0.15  # cropped to the letters, then padded
