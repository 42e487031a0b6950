"""Speech recognition: what TTS said comes back as its words, at its times; silence, music and
noise give no words; a model folder is loaded once per process; a broken one says so."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from shopreel.catalog.voices import VOICES, default_voice
from shopreel.errors import InvalidInput
from shopreel.media.speech import WhisperRecognizer, WordTiming, fit_to_voice, shipped_model_dir
from shopreel.media.speech.listen import model_loads, word_error_rate
from shopreel.settings import Settings
from tests.support import classical_tts

SCRIPT = "Meet the new travel mug. It keeps your coffee hot for 12 hours, and it fits every cup holder."


@pytest.fixture(scope="module")
def model_dir():
    return shipped_model_dir(Settings().resolved_cache_dir)


@pytest.fixture(scope="module")
def spoken():
    """The script said by espeak-ng, whose word times come from the synthesiser's own events."""
    voice = next(v for v in VOICES if v.language == "en" and not v.neural)
    return classical_tts(voice).synthesize(SCRIPT, voice=voice.spec)


def test_the_neural_voice_comes_back_word_for_word(model_dir):
    voice = default_voice("en")  # Piper: the voice every English job speaks with
    speech = classical_tts(voice).synthesize(SCRIPT, voice=voice.spec)
    heard = WhisperRecognizer(model_dir).recognize(speech.audio, sample_rate=speech.sample_rate)
    assert word_error_rate(SCRIPT, heard.text) <= 0.05


@pytest.fixture(scope="module")
def heard(model_dir, spoken):
    return WhisperRecognizer(model_dir).recognize(spoken.audio, sample_rate=spoken.sample_rate)


def test_tts_speech_comes_back_as_its_script(heard):
    print(f"\nheard: {heard.text!r} ({heard.language}, p={heard.language_probability:.2f})")
    assert heard.language == "en" and heard.language_probability > 0.5
    assert word_error_rate(SCRIPT, heard.text) <= 0.2
    assert word_error_rate(SCRIPT, " ".join(w.text for w in heard.words)) <= 0.2
    assert all(0 <= w.probability <= 1 for w in heard.words)


def test_heard_words_start_when_they_were_said(heard, spoken):
    fitted = fit_to_voice(heard.words, spoken.audio, sample_rate=spoken.sample_rate)
    assert len(fitted) == len(spoken.words)  # one-to-one here: the script has no words Whisper merges
    errors = [abs(h.start_ms - s.start_ms) for h, s in zip(fitted, spoken.words)]
    print(f"\nword start error: median {np.median(errors):.0f} ms, max {max(errors)} ms")
    assert np.median(errors) <= 80 and max(errors) <= 300
    starts = [w.start_ms for w in fitted]
    assert starts == sorted(starts) and all(w.end_ms >= w.start_ms for w in fitted)
    assert fitted[-1].end_ms <= spoken.duration_ms


def test_words_said_together_start_on_the_dip_between_them(model_dir):
    """Whisper starts a word that follows another without a pause about 100 ms early; against
    the neural voice's own (model duration) word times the fitted starts are within 80 ms."""
    voice = default_voice("en")
    speech = classical_tts(voice).synthesize(SCRIPT, voice=voice.spec)
    heard = WhisperRecognizer(model_dir).recognize(speech.audio, sample_rate=speech.sample_rate)
    fitted = fit_to_voice(heard.words, speech.audio, sample_rate=speech.sample_rate)
    key = lambda word: word.text.strip(".,").lower()  # noqa: E731
    keys = [key(w) for w in speech.words]
    said = {key(w): w.start_ms for w in speech.words if keys.count(key(w)) == 1}  # words said once
    errors = [abs(w.start_ms - said[key(w)]) for w in fitted if key(w) in said]
    print(f"\nneural voice word start error: median {np.median(errors):.0f} ms over {len(errors)} words")
    assert len(errors) >= 14 and np.median(errors) <= 80


def _onset_pair(rate: int) -> np.ndarray:
    """Two 'words' said together: loud 200-600 ms, a 40 ms dip, loud 640-1000 ms."""
    audio = np.zeros(rate, np.float32)
    t = np.arange(rate) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    audio[int(0.2 * rate) : int(0.6 * rate)] = tone[int(0.2 * rate) : int(0.6 * rate)]
    audio[int(0.6 * rate) : int(0.64 * rate)] = 0.02 * tone[int(0.6 * rate) : int(0.64 * rate)]
    audio[int(0.64 * rate) :] = tone[int(0.64 * rate) :]
    return audio


def test_a_start_heard_early_moves_onto_the_dip():
    rate = 16_000
    words = [WordTiming("one", 200, 520), WordTiming("two", 520, 1000)]  # "two" heard 80 ms early
    fitted = fit_to_voice(words, _onset_pair(rate), sample_rate=rate)
    assert fitted[0].start_ms == 200
    assert 590 <= fitted[1].start_ms <= 640 and fitted[1].end_ms == 1000
    kept = fit_to_voice(words, _onset_pair(rate), sample_rate=rate, onset_ms=0)
    assert kept[1].start_ms == 520


def _chord(rate: int, seconds: float) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    notes = sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0, 523.3)) / 4
    return (0.3 * notes * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t))).astype(np.float32)


@pytest.mark.parametrize("sound", ["silence", "chord", "hiss"])
def test_no_speech_gives_no_words(model_dir, sound):
    rate = 24_000
    audio = {"silence": np.zeros(rate * 3, np.float32), "chord": _chord(rate, 3.0),
             "hiss": (0.003 * np.random.default_rng(0).standard_normal(rate * 3)).astype(np.float32)}[sound]
    heard = WhisperRecognizer(model_dir).recognize(audio, sample_rate=rate)
    assert heard.words == () and heard.language == "" and heard.text == ""


def test_a_model_folder_is_loaded_once_per_process(model_dir, heard):
    loads = model_loads()
    for _ in range(2):
        WhisperRecognizer(model_dir)
    assert model_loads() == loads


def test_a_broken_model_folder_is_named(model_dir, tmp_path):
    shutil.copy(model_dir / "tokenizer.json", tmp_path / "tokenizer.json")
    with open(model_dir / "model.bin", "rb") as whole:
        (tmp_path / "model.bin").write_bytes(whole.read(1 << 20))  # truncated: its first MiB
    with pytest.raises(InvalidInput, match=f"cannot load the Whisper model in {tmp_path}"):
        WhisperRecognizer(tmp_path)
    (tmp_path / "tokenizer.json").unlink()
    with pytest.raises(InvalidInput, match="tokenizer.json is missing"):
        WhisperRecognizer(tmp_path)


def test_recognize_checks_its_audio(model_dir):
    with pytest.raises(InvalidInput, match="float32 mono"):
        WhisperRecognizer(model_dir).recognize(np.zeros((10, 2), np.float32), sample_rate=16_000)


def test_words_are_fitted_to_the_sound():
    rate = 16_000
    audio = np.zeros(rate * 2, np.float32)
    audio[rate // 2 : rate] = 0.3  # sound from 500 to 1000 ms
    audio[int(1.4 * rate) : int(1.6 * rate)] = 0.3  # and from 1400 to 1600 ms
    words = [WordTiming("one", 300, 1200), WordTiming("two", 1200, 1700), WordTiming("three", 1800, 1900)]
    fitted = fit_to_voice(words, audio, sample_rate=rate)
    assert [(w.text, w.start_ms, w.end_ms) for w in fitted] == [
        ("one", 500, 1000), ("two", 1400, 1600), ("three", 1800, 1900)]  # no sound in "three": kept


def test_a_word_heard_over_a_pause_moves_past_it():
    rate = 16_000
    audio = np.zeros(rate * 2, np.float32)
    audio[int(0.3 * rate) : rate] = 0.3  # "hours" until 1000 ms, a comma's pause, then "and"
    audio[int(1.3 * rate) : int(1.5 * rate)] = 0.3
    words = [WordTiming("hours,", 300, 900), WordTiming("and", 900, 1450), WordTiming("it", 1450, 1500)]
    fitted = fit_to_voice(words, audio, sample_rate=rate)
    assert [(w.start_ms, w.end_ms) for w in fitted] == [(300, 900), (1300, 1450), (1450, 1500)]


def test_word_error_rate():
    assert word_error_rate("Meet the new mug!", "meet the mug") == 0.25
    assert word_error_rate("It's 12 hours.", "its 12 hours") == 0.0
    assert word_error_rate("这是咖啡", "这是茶") == 0.5  # characters where words have no spaces
