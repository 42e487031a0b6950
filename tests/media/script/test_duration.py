import pytest

from shopreel.catalog.voices import default_voice
from shopreel.media.script import (
    LENGTH_TYPES,
    UNITS_PER_SECOND,
    ProductFacts,
    calibrate,
    estimate_seconds,
    write_scripts,
)
from shopreel.media.script.duration import speech_units
from shopreel.media.speech import synthesize

PRODUCT = ProductFacts(name="AeroDock Pro", price="29.99", currency="USD", brand="Voltra")


def spoken_seconds(language):
    spec = default_voice(language).spec
    return lambda text: synthesize(text, voice=spec).duration_ms / 1000


@pytest.mark.parametrize("language", ["en", "ja", "es", "ar"])
@pytest.mark.parametrize("video_length_type", sorted(LENGTH_TYPES))
def test_scripts_fit_every_video_length_when_spoken(language, video_length_type):
    length = LENGTH_TYPES[video_length_type]
    measure = spoken_seconds(language)
    for script in write_scripts(PRODUCT, language=language, length=length, measure=measure):
        assert measure(script.text) in length


@pytest.mark.parametrize("language", ["en", "es", "ar", "de", "ja", "zh-CN"])
def test_the_estimate_matches_the_speech_engine(language):
    texts = [s.text for t in (2, 4) for s in write_scripts(PRODUCT, language=language, length=LENGTH_TYPES[t])]
    rate = calibrate(texts, language=language, measure=spoken_seconds(language))
    assert rate == pytest.approx(UNITS_PER_SECOND[language], rel=0.1)


def test_japanese_kanji_count_as_their_kana_reading():
    # espeak-ng spells kanji out, so the estimate models a proper reading: about two kana each.
    kanji = "毎日の暮らしに自然になじみます。"
    kana = "まいにちのくらしにしぜんになじみます。"
    assert speech_units(kanji, language="ja") == pytest.approx(speech_units(kana, language="ja"), abs=2)


def test_estimate_counts_letters_not_spaces_or_punctuation():
    assert estimate_seconds("Buy it now!", language="en") == pytest.approx(8 / UNITS_PER_SECOND["en"])
    with pytest.raises(ValueError, match="language"):
        estimate_seconds("hi", language="xx")
