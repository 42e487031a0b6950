from dataclasses import replace

import pytest

from shopreel.catalog.captions import default_caption
from shopreel.media.captions import Animation, Background, BackgroundKind, CaptionStyle, Glow, Shadow, font_size_px

CLEAN = default_caption()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"caption_id": "not-hex"}, "caption_id must be 32 lowercase hex"),
        ({"name": " "}, "empty name"),
        ({"size": 0.0}, "size must be in"),
        ({"color": (0, 0, 256)}, "color must be three ints"),
        ({"highlight_color": (1, 2)}, "highlight_color must be three ints"),
        ({"outline_em": 0.5}, "outline_em"),
        ({"vertical": 1.5}, "vertical must be in"),
        ({"animation": Animation.KARAOKE, "highlight_color": None}, "'karaoke' needs a highlight_color"),
        ({"highlight_box": True}, "highlight_box only applies"),
        ({"max_words": 0}, "max_words"),
        ({"line_spacing": 9.0}, "line_spacing"),
    ],
)
def test_a_bad_style_names_the_field(change, message):
    with pytest.raises(ValueError, match=message):
        replace(CLEAN, **change)


def test_effect_records_check_their_values():
    with pytest.raises(ValueError, match="shadow opacity"):
        Shadow(opacity=2.0)
    with pytest.raises(ValueError, match="glow radius_em"):
        Glow(color=(0, 0, 0), radius_em=0)
    with pytest.raises(ValueError, match="background opacity"):
        Background(BackgroundKind.BOX, opacity=-0.1)


def test_font_size_follows_the_frame_height_capped_for_narrow_frames():
    style = replace(CLEAN, size=0.04)
    assert font_size_px(style, width=1080, height=1920) == 77
    assert font_size_px(style, width=1920, height=1080) == 43
    assert font_size_px(style, width=1080, height=1080) == 43
    assert font_size_px(style, width=500, height=4000) == round(0.04 * 500 * 16 / 9)
    assert font_size_px(style, width=10, height=10) == 6


def test_punch_shows_one_word_whatever_max_words_says():
    punch = CaptionStyle(caption_id="0" * 32, name="p", animation=Animation.PUNCH, max_words=5)
    assert punch.words_per_cue == 1
    assert replace(CLEAN, max_words=3).words_per_cue == 3
