import pytest

from shopreel.media.speech._libespeak import WordEvent
from shopreel.media.speech.words import align_words, word_spans

RATE = 1000  # one sample per millisecond keeps the expected timings readable


def words_of(text, cuts=()):
    return [text[start:end] for start, end in word_spans(text, cuts)]


def test_words_are_tokens_with_a_letter_and_keep_their_punctuation():
    assert words_of("¡Hola! Buy 2 — now… 🔥 ok?") == ["¡Hola!", "Buy", "2", "now…", "ok?"]


def test_cuts_only_split_scripts_written_without_spaces():
    assert words_of("it's 2024 now", cuts=[5, 6, 7]) == ["it's", "2024", "now"]
    text = "你好！这是产品。"
    assert words_of(text, cuts=[0, 3, 5]) == ["你好！", "这是", "产品。"]


def test_a_cut_leaving_only_punctuation_joins_the_word_before():
    assert words_of("「你好」世界", cuts=[1, 3, 4]) == ["「你好」", "世界"]


@pytest.mark.parametrize(
    ("text", "cuts", "expected"),
    [
        # A following vowel (า) never starts a word: the cut moves on to ช.
        ("สินค้าชิ้น", [5], ["สินค้า", "ชิ้น"]),
        # น after a tone mark closes ชิ้น; the cut moves to ต.
        ("ชิ้นต่อ", [3], ["ชิ้น", "ต่อ"]),
        # A word reported after its leading vowel (เ) starts at the vowel.
        ("นี่เสียง", [4], ["นี่", "เสียง"]),
        # Small kana continue the syllable before them.
        ("しょうひん", [1], ["しょ", "うひん"]),
    ],
)
def test_cuts_move_off_places_no_word_starts(text, cuts, expected):
    assert words_of(text, cuts) == expected


def test_words_run_from_their_event_to_their_last_voiced_phoneme():
    text = "Yes, really now"
    events = [WordEvent(0, 0), WordEvent(5, 500), WordEvent(12, 900)]
    voiced = [(10, 100), (100, 300), (500, 700), (700, 850), (900, 1000)]
    timings = align_words(text, events, voiced, n_samples=1100, sample_rate=RATE)
    assert [(t.text, t.start_ms, t.end_ms) for t in timings] == [
        ("Yes,", 0, 300),
        ("really", 500, 850),
        ("now", 900, 1000),
    ]


def test_words_the_engine_merged_share_the_span_by_letters():
    # espeak-ng reads "в следващото" as one word and reports only the first.
    text = "в следващото видео"
    events = [WordEvent(0, 0), WordEvent(13, 1100)]
    voiced = [(0, 1100), (1100, 1400)]
    timings = align_words(text, events, voiced, n_samples=1500, sample_rate=RATE)
    assert [(t.text, t.start_ms, t.end_ms) for t in timings] == [
        ("в", 0, 100),
        ("следващото", 100, 1100),
        ("видео", 1100, 1400),
    ]


def test_events_pointing_back_are_ignored():
    # A number read as several words reports positions inside the same token.
    text = "2024 deals"
    events = [WordEvent(0, 0), WordEvent(1, 300), WordEvent(1, 600), WordEvent(5, 900)]
    voiced = [(0, 880), (900, 1200)]
    timings = align_words(text, events, voiced, n_samples=1300, sample_rate=RATE)
    assert [(t.text, t.start_ms, t.end_ms) for t in timings] == [("2024", 0, 880), ("deals", 900, 1200)]


def test_an_event_moved_onto_the_next_word_times_that_word():
    # espeak-ng reports the Thai word ชิ้น at its า; the cut moves to ช and so does the time.
    text = "สินค้าชิ้น"
    events = [WordEvent(0, 0), WordEvent(5, 400)]
    timings = align_words(text, events, [(0, 400), (400, 700)], n_samples=800, sample_rate=RATE)
    assert [(t.text, t.start_ms, t.end_ms) for t in timings] == [("สินค้า", 0, 400), ("ชิ้น", 400, 700)]


def test_no_words_no_timings():
    assert align_words("— …", [], [], n_samples=100, sample_rate=RATE) == ()
