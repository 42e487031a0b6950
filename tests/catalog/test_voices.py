import re

import numpy as np
import pytest

from shopreel.catalog.voices import (
    AGES,
    LANGUAGES,
    STYLES,
    VOICES,
    Voice,
    default_voice,
    find_voice,
    query_voices,
)
from tests.support import classical_tts

THAI_IDS = {
    "5d188a658b5a424e98bf0dbbcb8f97d8",
    "eea5e5a4fb534231a5b4cf4766dd7a5f",
    "537e2643719c47bdac1d8a2c7f0c844a",
    "e22db502aa8d40d9ba791083c9f4ab35",
}


def test_every_topview_language_has_voices_and_nothing_else():
    assert len(LANGUAGES) == 33
    assert {voice.language for voice in VOICES} == set(LANGUAGES)


def test_voice_ids_are_unique_32_hex():
    ids = [voice.voice_id for voice in VOICES]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{32}", voice_id) for voice_id in ids)


def test_thai_voices_are_exactly_the_documented_ids():
    assert {voice.voice_id for voice in VOICES if voice.language == "th"} == THAI_IDS


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_male_and_a_female_voice(language):
    genders = {voice.gender for voice in VOICES if voice.language == language}
    assert genders == {"male", "female"}


def test_voices_span_every_age_and_style_with_valid_labels():
    # Personas carry age and style; a neural voice's files say neither, so it has none.
    assert {voice.age for voice in VOICES if not voice.neural} == set(AGES)
    assert {voice.style for voice in VOICES if not voice.neural} == set(STYLES)
    assert {(voice.age, voice.style) for voice in VOICES if voice.neural} == {(None, None)}
    english = [voice for voice in VOICES if voice.language == "en"]
    assert {(voice.gender, voice.age) for voice in english} >= {
        (gender, age) for gender in ("male", "female") for age in AGES
    }


def test_accents_mark_languages_spoken_several_ways():
    accents = {voice.accent for voice in VOICES if voice.language in ("en", "pt", "es", "zh-Hant")}
    assert accents == {"en-US", "en-GB", "pt-BR", "pt-PT", "es-ES", "es-419", "zh-TW", "zh-HK"}
    assert {voice.accent for voice in VOICES if voice.language == "de"} == {None}


def test_ids_do_not_change_between_releases():
    # A voiceId a client stored must keep naming the same voice.
    voice = find_voice("5d188a658b5a424e98bf0dbbcb8f97d8")
    assert voice is not None and voice.language == "th" and voice.gender == "female"
    ava = find_voice("e1a525ea6fce5a6da70d857473c93961")
    assert ava is not None and ava.voice_name == "Ava — Friendly UGC (en-US)"
    joe = find_voice("c349f9698dd655bea85475bc3e519566")
    assert joe is not None and joe.voice_name == "Joe — Neural (en-US)"


def test_english_default_is_the_shipped_neural_voice():
    joe = default_voice("en")
    assert (joe.engine, joe.quality, joe.language, joe.accent, joe.gender) == ("piper", "medium", "en", "en-US", "male")
    assert joe.model_path is not None and joe.model_path.name == "en_US-joe-medium.onnx"
    assert VOICES[0] is joe
    # Languages without a neural voice keep espeak-ng.
    assert default_voice("de").engine == "espeak-ng"


def test_find_voice_knows_catalog_ids_only():
    voice = VOICES[40]
    assert find_voice(voice.voice_id) is voice
    assert find_voice(voice.voice_id.upper()) is voice
    assert find_voice("0" * 32) is None


def _word_tokens(text: str) -> list[str]:
    return [token for token in text.split() if any(char.isalnum() for char in token)]


@pytest.mark.parametrize("voice", VOICES, ids=lambda voice: f"{voice.language}-{voice.voice_id[:6]}")
def test_every_voice_speaks_its_demo_with_every_word_timed(voice: Voice):
    speech = classical_tts(voice).synthesize(voice.demo_text, voice=voice.spec)
    audio, rate = speech.audio, speech.sample_rate
    assert float(np.sqrt(np.mean(audio**2))) > 0.05
    assert 1500 < speech.duration_ms < 10_000
    words = speech.words
    # Every word as written, in order; scripts without spaces are cut into several words.
    assert "".join(word.text for word in words) == "".join(_word_tokens(voice.demo_text))
    if " " in voice.demo_text.strip() and voice.language not in ("ja", "th", "zh-CN", "zh-Hant"):
        assert [word.text for word in words] == _word_tokens(voice.demo_text)
    assert words[0].start_ms >= 0 and words[-1].end_ms <= speech.duration_ms
    for word, after in zip(words, words[1:]):
        assert word.start_ms < word.end_ms <= after.start_ms
    for word in words:
        spoken = audio[word.start_ms * rate // 1000 : word.end_ms * rate // 1000]
        assert np.abs(spoken).max() > 0.015, word


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_voice_speaks_the_language(language):
    voice = default_voice(language)
    assert voice.language == language
    assert voice.demo_text.strip()


def test_default_voice_rejects_unknown_language():
    with pytest.raises(ValueError, match="language"):
        default_voice("xx")


def test_query_filters_combine():
    total, page = query_voices(language="en", gender="male", age="Old", page_size=100)
    assert total == len(page) == 2
    assert {voice.accent for voice in page} == {"en-US", "en-GB"}
    assert all((voice.language, voice.gender, voice.age) == ("en", "male", "Old") for voice in page)


def test_query_filters_ignore_case_and_match_name_parts():
    total, page = query_voices(style="ugc", accent="EN-gb")
    assert total == len(page) > 0
    assert all(voice.style == "UGC" and voice.accent == "en-GB" for voice in page)
    total, page = query_voices(voice_name="narrator")
    assert total == sum(1 for voice in VOICES if "Narrator" in voice.voice_name) > 0


def test_query_pages_through_all_voices_once():
    total, first = query_voices(page_no=1, page_size=20)
    assert total == len(VOICES) and len(first) == 20
    seen = []
    for page_no in range(1, total // 20 + 2):
        seen.extend(query_voices(page_no=page_no, page_size=20)[1])
    assert seen == list(VOICES)
    assert query_voices(page_no=total // 20 + 2, page_size=20) == (total, [])


def test_query_custom_voices_are_none_yet():
    assert query_voices(is_custom=True) == (0, [])
    assert query_voices(is_custom=False)[0] == len(VOICES)


def test_query_thai_lists_the_four_documented_voices():
    total, page = query_voices(language="th")
    assert total == 4 and {voice.voice_id for voice in page} == THAI_IDS


@pytest.mark.parametrize(("field", "value"), [("page_no", 0), ("page_size", 0)])
def test_query_rejects_bad_paging(field, value):
    with pytest.raises(ValueError, match=field):
        query_voices(**{field: value})
