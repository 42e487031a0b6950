from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from shopreel.catalog.captions import CAPTION_STYLES, default_caption
from shopreel.media.captions import Align, Animation, render_caption_image
from shopreel.media.captions.breaking import pieces_from_text
from shopreel.media.captions.fonts import find_fonts, load_font
from shopreel.media.captions.layout import layout_pieces
from shopreel.media.captions.scripts import grapheme_clusters

CLEAN = default_caption()
SAMPLES = {
    "zh-CN": ("这款面霜真的太好用了。", "Noto Sans CJK SC"),
    "zh-Hant": ("這款面霜真的太好用了。", "Noto Sans CJK TC"),
    "ja": ("このクリーム、本当に最高です！", "Noto Sans CJK JP"),
    "ko": ("이 크림 정말 최고예요!", "Noto Sans CJK KR"),
    "ar": ("هذا الكريم رائع جدا، ٣ أيام فقط", "Noto Sans Arabic"),
    "th": ("ครีมนี้ดีมากจริงๆ ใช้ทุกวัน 7 วัน", "Noto Sans Thai"),
    "hi": ("यह क्रीम सच में बहुत अच्छी है।", "Noto Sans Devanagari"),
    "en": ("Sale today 🔥🎉 👍🏽 ❤️", "Noto Color Emoji"),
}


def _ink(font, text, rtl=False):
    """The glyphs of ``text`` drawn alone, cropped to their ink."""
    image = Image.new("L", (4 * font.size, 3 * font.size))
    direction = "rtl" if rtl else "ltr"
    ImageDraw.Draw(image).text((font.size, 2 * font.size), text, font=font, fill=255, anchor="ls", direction=direction)
    box = image.getbbox()
    return None if box is None else np.asarray(image.crop(box))


def _tofu(font, ch, rtl):
    notdef = _ink(font, "\uffff", rtl)
    drawn = _ink(font, ch, rtl)
    return drawn is None or (drawn.shape == notdef.shape and np.array_equal(drawn, notdef))


@pytest.mark.parametrize("language", list(SAMPLES))
def test_every_character_is_drawn_by_a_font_that_has_it(language):
    """No character falls back to the missing-glyph box.

    Each character of each run is drawn alone with the run's font and compared with that
    font's .notdef (what FreeType draws for U+FFFF, which no font maps): a real glyph has
    ink and differs from it. Lone combining marks draw on a dotted circle or alone, still
    not .notdef. Colour emoji have no .notdef box; they must draw coloured pixels.
    """
    text, family = SAMPLES[language]
    fonts = find_fonts()
    layout = layout_pieces(
        pieces_from_text(text), fonts=fonts, style=CLEAN, size_px=32, max_width=5000, language=language
    )
    families = set()
    for run in (run for line in layout.lines for run in line.runs):
        families.add(run.face.family)
        font = load_font(run.face, 32)
        if run.face.color:
            for cluster in grapheme_clusters(run.text):
                image = Image.new("RGBA", (160, 160))
                ImageDraw.Draw(image).text((10, 120), cluster, font=font, anchor="ls", embedded_color=True)
                rgb = np.asarray(image)[..., :3].astype(int)
                assert (rgb.max(axis=-1) - rgb.min(axis=-1) > 60).sum() > 500, cluster
            continue
        for ch in run.text:
            if ch.isspace() or ch in "\u200d\ufe0f":
                continue
            assert not _tofu(font, ch, run.rtl), f"{ch!r} (U+{ord(ch):04X}) is .notdef in {run.face.family}"
    assert family in families


def test_the_tofu_check_does_catch_a_missing_glyph():
    font = load_font(find_fonts().latin_face(CLEAN.weight), 32)
    assert _tofu(font, "中", False) and not _tofu(font, "A", False)


def _ink_columns(alpha):
    cols = np.flatnonzero((alpha > 0.5).any(axis=0))
    return cols.min(), cols.max()


def test_arabic_reads_right_to_left():
    """With the line anchored at its start (the right edge in RTL), the first word alone
    draws exactly the rightmost pixels, and changing the last letter changes only the left."""
    style = replace(CLEAN, align=Align.START)
    kwargs = dict(style=style, width=400, height=80, language="ar", size_px=32)
    _, line = render_caption_image("سلام عليكم", **kwargs)
    _, first_word = render_caption_image("سلام", **kwargs)
    _, other_end = render_caption_image("سلام عليكن", **kwargs)
    left, right = _ink_columns(line)
    word_left, word_right = _ink_columns(first_word)
    assert word_right == right and word_left > left + (right - left) / 2
    assert np.allclose(line[:, word_left:], first_word[:, word_left:], atol=0.02)
    changed = np.flatnonzero(np.abs(line - other_end).max(axis=0) > 0.5)
    assert changed.size and changed.max() < left + 0.4 * (right - left)


def test_arabic_letters_join():
    fonts = find_fonts()

    def width(text):
        layout = layout_pieces(
            pieces_from_text(text), fonts=fonts, style=CLEAN, size_px=40, max_width=5000, language="ar"
        )
        return layout.width

    word = "سمسم"  # four dual-joining letters: one connected shape when shaped
    isolated = sum(width(ch) for ch in word)
    assert abs(width(word) - isolated) > 0.05 * isolated
    _, alpha = render_caption_image(word, style=CLEAN, width=300, height=90, language="ar", size_px=40)
    left, right = _ink_columns(alpha)
    assert (alpha[:, left : right + 1] > 0.3).any(axis=0).all()  # no gap between letters


def test_emoji_are_in_colour_and_the_text_is_not():
    rgb, alpha = render_caption_image("Sale 🔥🎉", style=CLEAN, width=360, height=90, language="en")
    colourful = (rgb.max(axis=-1).astype(int) - rgb.min(axis=-1) > 80) & (alpha > 0.8)
    assert colourful.sum() > 200
    cols = np.flatnonzero(colourful.any(axis=0))
    left, right = _ink_columns(alpha)
    assert cols.min() > left + 0.4 * (right - left)  # only the emoji, after "Sale"
    text_only, text_alpha = render_caption_image("Sale", style=CLEAN, width=360, height=90, language="en")
    assert not ((text_only.max(axis=-1).astype(int) - text_only.min(axis=-1) > 80) & (text_alpha > 0.8)).any()


def test_the_block_is_centred_and_the_style_colours_show():
    rgb, alpha = render_caption_image("Glow up", style=CLEAN, width=300, height=100, language="en")
    assert rgb.shape == (100, 300, 3) and rgb.dtype == np.uint8
    assert alpha.shape == (100, 300) and alpha.dtype == np.float32 and alpha.min() >= 0 and alpha.max() <= 1
    left, right = _ink_columns(alpha)
    assert abs((left + right) / 2 - 150) < 4
    solid = alpha > 0.99
    assert ((rgb[solid] == 255).all(axis=-1)).sum() > 100  # white fill
    assert ((rgb[solid] == 0).all(axis=-1)).sum() > 100  # black outline


def test_long_text_wraps_and_shrinks_to_fit():
    text = "This is a long caption that cannot possibly fit on one line of a small box"
    rgb, alpha = render_caption_image(text, style=CLEAN, width=200, height=120, language="en")
    rows = np.flatnonzero((alpha > 0.5).any(axis=1))
    assert rows.size and rows.max() - rows.min() > 40  # several lines
    assert not alpha[:, 0].any() and not alpha[:, -1].any()


@pytest.mark.parametrize(("width", "height", "fits"), [(101, 203, True), (57, 31, True), (1, 1, False), (37, 9, False)])
def test_odd_sizes(width, height, fits):
    if not fits:
        with pytest.raises(ValueError, match="does not fit"):
            render_caption_image("Hello world", style=CLEAN, width=width, height=height, language="en")
        return
    rgb, alpha = render_caption_image("Hello world", style=CLEAN, width=width, height=height, language="en")
    assert rgb.shape == (height, width, 3) and alpha.any()


def test_active_word_shows_the_highlight_on_that_word():
    style = next(s for s in CAPTION_STYLES if s.animation is Animation.HIGHLIGHT and not s.highlight_box)
    rest, _ = render_caption_image("one two three", style=style, width=500, height=100, language="en")
    lit, _ = render_caption_image("one two three", style=style, width=500, height=100, language="en", active_word=1)
    green = np.all(np.abs(lit.astype(int) - style.highlight_color) < 40, axis=-1)
    cols = np.flatnonzero(green.any(axis=0))
    assert not np.all(np.abs(rest.astype(int) - style.highlight_color) < 40, axis=-1).any()
    assert cols.size and cols.min() > 150 and cols.max() < 350  # the middle word


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="blank"):
        render_caption_image("  ", style=CLEAN, width=100, height=50, language="en")
    with pytest.raises(ValueError, match="width and height"):
        render_caption_image("hi", style=CLEAN, width=0, height=50, language="en")
