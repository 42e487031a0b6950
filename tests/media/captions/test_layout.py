import pytest

from shopreel.catalog.captions import default_caption
from shopreel.media.captions.breaking import pieces_from_text, pieces_from_words
from shopreel.media.captions.fonts import find_fonts
from shopreel.media.captions.layout import layout_pieces

CLEAN = default_caption()


def lay_out(text, language, max_width=5000, size_px=32, words=False):
    pieces = pieces_from_words(text.split()) if words else pieces_from_text(text)
    return layout_pieces(
        pieces, fonts=find_fonts(), style=CLEAN, size_px=size_px, max_width=max_width, language=language
    )


def visual(line):
    return [run.text for run in sorted(line.runs, key=lambda r: r.x)]


@pytest.mark.parametrize(
    ("text", "language", "left_to_right"),
    [
        ("اشتري iPhone 15 الآن", "ar", ["الآن", "iPhone", "15", "اشتري"]),  # LTR name and number kept together
        ("سعر 99 دولار", "ar", ["دولار", "99", "سعر"]),  # a number between Arabic words
        ("Buy جالكسي الجديد now", "en", ["Buy", "الجديد", "جالكسي", "now"]),  # Arabic phrase inside English
        ("שלום עולם", "he", ["עולם", "שלום"]),
    ],
)
def test_words_are_put_in_visual_order(text, language, left_to_right):
    (line,) = lay_out(text, language).lines
    assert visual(line) == left_to_right
    assert line.text == text  # the logical text is kept for reading


def test_runs_do_not_overlap_and_spans_cover_their_words():
    layout = lay_out("Hello 世界 🔥 مرحبا", "en")
    (line,) = layout.lines
    runs = sorted(line.runs, key=lambda r: r.x)
    for a, b in zip(runs, runs[1:], strict=False):
        assert a.x + a.width <= b.x + 1e-6
    assert {s.word for s in layout.spans} == {0, 1, 2, 3}
    for span in layout.spans:
        inside = [r for r in line.runs if r.word == span.word]
        assert span.x0 == pytest.approx(min(r.x for r in inside))
        assert span.x1 == pytest.approx(max(r.x + r.width for r in inside))
    assert [s.rtl for s in sorted(layout.spans, key=lambda s: s.word)] == [False, False, False, True]


def test_a_word_wider_than_the_line_is_cut_between_clusters():
    layout = lay_out("Supercalifragilisticexpialidocious", "en", max_width=200)
    assert len(layout.lines) > 1
    assert "".join(line.text for line in layout.lines) == "Supercalifragilisticexpialidocious"
    assert all(line.width <= 200 for line in layout.lines)


def test_lines_are_balanced_and_pitched_for_the_tallest_script():
    latin = lay_out("one two three four five six seven eight", "en", max_width=330)
    assert len(latin.lines) == 2
    widths = [line.width for line in latin.lines]
    assert max(widths) - min(widths) < 0.35 * max(widths)
    thai = lay_out("ครีม ตัวนี้", "th")
    assert thai.ascent >= latin.ascent and thai.pitch >= latin.pitch
    assert thai.height > thai.ascent


def test_timed_thai_words_keep_whole_words_on_a_line():
    layout = lay_out("ครีม ตัวนี้ ดีมาก จริงๆ ใช้แล้ว", "th", max_width=150, words=True)
    assert len(layout.lines) > 1
    words = {"ครีม", "ตัวนี้", "ดีมาก", "จริงๆ", "ใช้แล้ว"}
    for line in layout.lines:
        rest = line.text
        while rest:
            word = next(w for w in words if rest.startswith(w))
            rest = rest[len(word) :]


def test_bad_sizes_are_named():
    with pytest.raises(ValueError, match="size_px"):
        lay_out("hi", "en", size_px=0)
    with pytest.raises(ValueError, match="max_width"):
        lay_out("hi", "en", max_width=0)
