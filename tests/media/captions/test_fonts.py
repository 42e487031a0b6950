from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from shopreel.media.captions.coverage import font_coverage
from shopreel.media.captions.fonts import EMOJI_SIZE_PX, find_fonts, load_font
from shopreel.media.captions.scripts import Script
from shopreel.media.captions.style import Weight


@pytest.fixture(scope="module")
def fonts():
    return find_fonts()


@pytest.mark.parametrize(
    ("cluster", "script", "language", "family"),
    [
        ("A", Script.LATIN, "en", "Noto Sans"),
        ("Ж", Script.CYRILLIC, "ru", "Noto Sans"),
        ("λ", Script.GREEK, "el", "Noto Sans"),
        ("中", Script.HAN, "zh-CN", "Noto Sans CJK SC"),
        ("中", Script.HAN, "zh-Hant", "Noto Sans CJK TC"),
        ("中", Script.HAN, "ja", "Noto Sans CJK JP"),
        ("中", Script.HAN, "ko", "Noto Sans CJK KR"),
        ("の", Script.KANA, "zh-CN", "Noto Sans CJK JP"),
        ("한", Script.HANGUL, "en", "Noto Sans CJK KR"),
        ("ب", Script.ARABIC, "ar", "Noto Sans Arabic"),
        ("ก", Script.THAI, "th", "Noto Sans Thai"),
        ("क", Script.DEVANAGARI, "hi", "Noto Sans Devanagari"),
        ("😀", Script.EMOJI, "en", "Noto Color Emoji"),
    ],
)
def test_each_script_gets_its_noto_family(fonts, cluster, script, language, family):
    face = fonts.face_for(cluster, script, language=language, weight=Weight.REGULAR)
    assert face.family == family
    assert face.color == (script is Script.EMOJI)


def test_a_character_missing_from_the_script_font_falls_back_to_one_that_has_it(fonts):
    # Digits inside Thai text resolve to Thai, but Noto Sans Thai has no ASCII digits.
    face = fonts.face_for("7", Script.THAI, language="th", weight=Weight.BOLD)
    assert face.family == "Noto Sans"
    assert ord("7") in font_coverage(face.path, face.index)
    # A Han character in Latin text gets the CJK font.
    assert fonts.face_for("中", Script.LATIN, language="en", weight=Weight.BOLD).family == "Noto Sans CJK SC"


def test_weights_use_bold_files_and_embolden_what_is_not_installed(fonts):
    regular = fonts.latin_face(Weight.REGULAR)
    bold = fonts.latin_face(Weight.BOLD)
    black = fonts.latin_face(Weight.BLACK)
    assert regular.path.name == "NotoSans-Regular.ttf" and regular.embolden_em == 0
    assert bold.path.name == "NotoSans-Bold.ttf" and bold.embolden_em == 0
    if black.path.name != "NotoSans-Black.ttf":  # fonts-noto-core ships no Black
        assert black.path.name == "NotoSans-Bold.ttf" and black.embolden_em > 0
    assert load_font(fonts.emoji_face(), 40).size == EMOJI_SIZE_PX


def _bitmap(font, text):
    image = Image.new("L", (3 * font.size, 2 * font.size))
    ImageDraw.Draw(image).text((font.size // 2, font.size * 3 // 2), text, font=font, fill=255, anchor="ls")
    return np.asarray(image)


def test_cmap_coverage_agrees_with_what_freetype_draws(fonts):
    """Code points the cmap says are missing draw as .notdef; covered ones do not."""
    face = fonts.latin_face(Weight.REGULAR)
    font = load_font(face, 24)
    coverage = font_coverage(face.path, face.index)
    notdef = _bitmap(font, "\uffff")
    for ch in "Aé€ЖΩ中ก😀ب":
        drawn_as_notdef = np.array_equal(_bitmap(font, ch), notdef)
        assert drawn_as_notdef == (ord(ch) not in coverage), ch


def test_an_extra_font_directory_is_searched_first(tmp_path):
    source = find_fonts().latin_face(Weight.BOLD).path
    (tmp_path / "NotoSans-Black.ttf").symlink_to(source)
    black = find_fonts(tmp_path).latin_face(Weight.BLACK)
    assert black.path == tmp_path / "NotoSans-Black.ttf" and black.embolden_em == 0


def test_a_missing_font_directory_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        find_fonts(Path(tmp_path, "nowhere"))
