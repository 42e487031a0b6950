import pytest

from shopreel.media.captions.scripts import Script, cluster_script, grapheme_clusters, is_emoji_cluster, text_direction


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("abc", ["a", "b", "c"]),
        ("e\u0301a", ["e\u0301", "a"]),  # combining acute stays on its base
        ("ครีมนี้", ["ค", "รี", "ม", "นี้"]),  # Thai vowels and tone marks stay on the consonant
        ("เลย", ["เล", "ย"]),  # a Thai leading vowel stays with the consonant after it
        ("กำ", ["กำ"]),  # SARA AM leans on the consonant before it
        ("क्रीम", ["क्री", "म"]),  # virama joins a conjunct, matras stay
        ("👍🏽!", ["👍🏽", "!"]),  # skin tone
        ("👨\u200d👩\u200d👧", ["👨\u200d👩\u200d👧"]),  # ZWJ family
        ("🇯🇵🇫🇷", ["🇯🇵", "🇫🇷"]),  # flags pair up
        ("1\ufe0f\u20e3", ["1\ufe0f\u20e3"]),  # keycap
    ],
)
def test_grapheme_clusters_never_split_what_reads_as_one_character(text, clusters):
    assert grapheme_clusters(text) == clusters
    assert "".join(grapheme_clusters(text)) == text


@pytest.mark.parametrize(
    ("cluster", "script"),
    [
        ("A", Script.LATIN),
        ("ệ", Script.LATIN),
        ("Ж", Script.CYRILLIC),
        ("λ", Script.GREEK),
        ("中", Script.HAN),
        ("。", Script.HAN),
        ("！", Script.HAN),
        ("の", Script.KANA),
        ("한", Script.HANGUL),
        ("ب", Script.ARABIC),
        ("ก", Script.THAI),
        ("क", Script.DEVANAGARI),
        ("7", Script.COMMON),
        ("!", Script.COMMON),
        ("🔥", Script.EMOJI),
        ("❤\ufe0f", Script.EMOJI),
    ],
)
def test_cluster_script(cluster, script):
    assert cluster_script(cluster) is script


def test_text_presentation_selector_keeps_a_symbol_out_of_the_emoji_font():
    assert is_emoji_cluster("\u2764\ufe0f")
    assert not is_emoji_cluster("\u2764\ufe0e")
    assert not is_emoji_cluster("\u2764")  # text by default without VS16


def test_text_direction_is_the_first_strong_character():
    assert text_direction("123 مرحبا abc") == "rtl"
    assert text_direction("abc مرحبا") == "ltr"
    assert text_direction("123 !") == ""
