import pytest

from shopreel.catalog.captions import default_caption
from shopreel.media.captions import find_fonts
from shopreel.media.endcard import draw_text

STYLE = default_caption()


def test_a_block_is_cropped_to_its_ink_and_fits_the_width():
    art = draw_text("Glow Serum", STYLE, language="en", size_px=40, max_width=400, max_lines=1, fonts=find_fonts())
    assert 0 < art.width <= 400 and 25 < art.height < 60
    assert art.alpha[:, 0].max() > 0.01 and art.alpha[0].max() > 0.01  # no empty margin left
    assert art.text == "Glow Serum" and art.size_px == 40 and art.missing == ()


def test_text_shrinks_before_it_is_cut_and_then_ends_with_an_ellipsis():
    fonts = find_fonts()
    shrunk = draw_text("Glow Serum Vitamin C", STYLE, language="en", size_px=40, max_width=330, max_lines=1,
                       fonts=fonts)
    assert shrunk.text == "Glow Serum Vitamin C" and 28 <= shrunk.size_px < 40
    cut = draw_text(" ".join(["Extraordinary"] * 12), STYLE, language="en", size_px=40, max_width=400, max_lines=2,
                    fonts=fonts)
    assert cut.text.endswith("y…") and cut.size_px == 28 and cut.width <= 400


def test_chinese_and_japanese_break_at_spaces_when_they_can():
    art = draw_text("グロウセラム ビタミンC美容液", STYLE, language="ja", size_px=60, max_width=480, max_lines=3,
                    fonts=find_fonts())
    assert art.text == "グロウセラム ビタミンC美容液" and art.missing == ()
    assert art.height < 2.6 * 60  # two lines, split at the space, not three split inside words


def test_blank_text_is_refused():
    with pytest.raises(ValueError, match="blank"):
        draw_text("  ", STYLE, language="en", size_px=40, max_width=400, max_lines=1, fonts=find_fonts())
