"""Phonemes for heard words: espeak-ng's reading of each word, inside the word's time."""

from __future__ import annotations

import pytest

from shopreel.errors import InvalidInput
from shopreel.media.speech import VoiceSpec, WordTiming, viseme_of, word_phonemes


def test_each_word_gets_its_phonemes_inside_its_time():
    words = [WordTiming("Map", 100, 400), WordTiming("five", 900, 1300), WordTiming("cups.", 1300, 1800)]
    phonemes = word_phonemes(words, voice=VoiceSpec("en-us"))
    for word in words:
        inside = [p for p in phonemes if word.start_ms <= p.start_ms < word.end_ms]
        assert inside and inside[0].start_ms == word.start_ms and inside[-1].end_ms <= word.end_ms
    assert all(a.end_ms <= b.start_ms for a, b in zip(phonemes, phonemes[1:]))
    assert not [p for p in phonemes if 400 <= p.start_ms < 900]  # nothing between words
    shapes = [viseme_of(p.phoneme).value for p in phonemes]
    assert shapes[0] == "MBP" and "FV" in shapes  # m of "Map", f/v of "five"


def test_a_language_espeak_cannot_read_is_an_error():
    with pytest.raises(InvalidInput, match="not an espeak-ng voice"):
        word_phonemes([WordTiming("ẹ kú", 0, 300)], voice=VoiceSpec("yo"))
