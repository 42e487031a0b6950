import pytest

from shopreel.catalog.captions import CAPTION_STYLES, default_caption
from shopreel.media.captions import Animation, build_cues
from shopreel.media.captions.breaking import NO_BREAK_BEFORE
from tests.media.captions.words import Word, timed

CLEAN = default_caption()
STORY = (
    "Honestly this little serum changed my whole morning routine and my skin has never looked better than it does "
    "right now"
).split()


def test_cues_keep_every_word_in_order_and_fit_two_lines():
    words = timed(STORY)
    cues = build_cues(words, style=CLEAN, frame_size=(360, 640), language="en")
    assert len(cues) > 1
    assert [w.text for cue in cues for w in cue.words] == STORY
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        assert " ".join(cue.lines) == " ".join(w.text for w in cue.words)


def test_a_cue_lasts_from_its_first_word_to_its_last_plus_a_hold_without_overlap():
    words = timed(STORY, step_ms=400, length_ms=300)
    cues = build_cues(words, style=CLEAN, frame_size=(360, 640), language="en", hold_ms=250)
    for cue, after in zip(cues, cues[1:], strict=False):
        assert cue.start_ms == cue.words[0].start_ms
        assert cue.end_ms == after.start_ms  # the 100 ms gap is closed
    last = cues[-1]
    assert last.end_ms == last.words[-1].end_ms + 250


def test_long_pauses_and_sentence_ends_start_new_cues():
    words = [Word("Wow.", 0, 300), Word("Look", 350, 600), Word("at", 650, 800), Word("this", 3000, 3300)]
    cues = build_cues(words, style=CLEAN, frame_size=(1080, 1920), language="en", hold_ms=400)
    assert [[w.text for w in c.words] for c in cues] == [["Wow."], ["Look", "at"], ["this"]]
    assert cues[1].end_ms == 800 + 400  # the screen goes empty in the pause


def test_punch_shows_one_word_per_cue_and_other_styles_cap_words():
    punch = next(s for s in CAPTION_STYLES if s.animation is Animation.PUNCH)
    cues = build_cues(timed(STORY[:5]), style=punch, frame_size=(360, 640), language="en")
    assert [c.lines for c in cues] == [(w.upper(),) for w in STORY[:5]]
    capped = next(s for s in CAPTION_STYLES if s.max_words == 3)
    assert all(len(c.words) <= 3 for c in build_cues(timed(STORY), style=capped, frame_size=(360, 640), language="en"))


CHINESE = ["这款", "面霜", "真的", "太好用了。", "我每天", "都用，", "皮肤", "变得", "很光滑！", "推荐", "给你们。"]


@pytest.mark.parametrize("width", range(180, 420, 16))
def test_chinese_lines_never_start_with_closing_punctuation(width):
    cues = build_cues(timed(CHINESE), style=CLEAN, frame_size=(width, width * 16 // 9), language="zh-CN", max_lines=3)
    lines = [line for cue in cues for line in cue.lines]
    assert "".join(lines) == "".join(CHINESE)
    assert len(lines) > len(cues)  # the test means something only if lines do wrap
    assert not [line for line in lines if line[0] in NO_BREAK_BEFORE]


def test_thai_lines_break_only_at_spoken_word_boundaries():
    thai = ["ครีม", "ตัวนี้", "ดีมาก", "จริงๆ", "ใช้แล้ว", "ผิว", "เนียน", "ขึ้น", "ทุกวัน", "เลย"]
    cues = build_cues(timed(thai), style=CLEAN, frame_size=(200, 356), language="th", max_lines=3)
    lines = [line for cue in cues for line in cue.lines]
    assert len(lines) >= 2
    boundaries = {len("".join(thai[:i])) for i in range(len(thai) + 1)}
    position = 0
    for line in lines:
        assert position in boundaries
        position += len(line)
    assert position == len("".join(thai))


def test_uppercase_styles_show_uppercase_lines_but_keep_the_words():
    impact = next(s for s in CAPTION_STYLES if s.uppercase and s.animation is Animation.STATIC)
    cue = build_cues(timed(["glow", "up"]), style=impact, frame_size=(360, 640), language="en")[0]
    assert cue.lines == ("GLOW UP",) and cue.words[0].text == "glow"


def test_blank_words_are_skipped():
    cues = build_cues(timed(["hi", " ", "there"]), style=CLEAN, frame_size=(360, 640), language="en")
    assert [w.text for w in cues[0].words] == ["hi", "there"]


@pytest.mark.parametrize(
    ("words", "kwargs", "message"),
    [
        ([Word("a", 500, 100)], {}, r"words\[0\] \('a'\) has a bad time range"),
        ([Word("a", 0, 100), Word("b", -5, 10)], {}, r"words\[1\]"),
        ([Word("a", 200, 300), Word("b", 100, 400)], {}, r"words\[1\] \('b'\) starts at 100 ms, before"),
        ([Word("a", 0, 100)], {"frame_size": (0, 100)}, "frame_size"),
        ([Word("a", 0, 100)], {"max_lines": 0}, "max_lines"),
    ],
)
def test_bad_input_is_named(words, kwargs, message):
    options = dict(style=CLEAN, frame_size=(360, 640), language="en") | kwargs
    with pytest.raises(ValueError, match=message):
        build_cues(words, **options)


def test_a_phrase_is_split_evenly_and_after_a_comma_rather_than_leaving_an_orphan():
    def split(text, size):
        cues = build_cues(timed(text.split()), style=CLEAN, frame_size=size, language="en")
        return [" ".join(w.text for w in c.words) for c in cues]

    # filled greedily, two lines take six words and "about." is left alone on screen
    assert split("Meet the serum everyone is talking about.", (720, 1280)) == [
        "Meet the serum everyone", "is talking about."]
    # filled greedily: "Our new serum is here, light and fast and made" / "for your skin."
    assert split("Our new serum is here, light and fast and made for your skin.", (360, 640)) == [
        "Our new serum is here,", "light and fast and made for your skin."]
    story = split(" ".join(STORY), (360, 640))
    lengths = [len(cue) for cue in story]
    assert len(story) == 3 and max(lengths) < 1.5 * min(lengths), story
