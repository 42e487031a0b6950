from __future__ import annotations

import wave

import numpy as np
import pytest

from shopreel.errors import MediaError
from shopreel.media.inspect import inspect_media
from shopreel.media.video import (
    apply_gain,
    duck,
    encode_mp3,
    fade,
    fit_length,
    load_audio,
    mix_voice_and_music,
    probe,
    resample,
    speech_envelope,
)

SR = 16_000


def _sine(freq: float, seconds: float, rate: int = SR, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * freq * np.arange(round(seconds * rate)) / rate)).astype(np.float32)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))


def _speech_then_silence() -> np.ndarray:
    """1 s of voice-like tone, 1 s of silence, 1 s of tone."""
    voice = np.zeros(3 * SR, np.float32)
    voice[:SR] = _sine(220, 1.0)
    voice[2 * SR :] = _sine(220, 1.0)
    return voice


def _write_wav(path, audio: np.ndarray, rate: int, channels: int = 1) -> None:
    pcm = (np.repeat(audio[:, None], channels, axis=1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def test_load_audio_resamples_and_downmixes(tmp_path):
    path = tmp_path / "stereo.wav"
    _write_wav(path, _sine(440, 1.0, rate=44_100), 44_100, channels=2)
    audio = load_audio(path, sample_rate=SR)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) - SR) <= 32
    spectrum = np.abs(np.fft.rfft(audio[1000:9000]))
    assert np.argmax(spectrum) * SR / 8000 == pytest.approx(440, abs=4)
    assert _rms(audio[1000:-1000]) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_load_audio_refuses_files_without_sound(tmp_path, counting_video):
    with pytest.raises(MediaError, match="no audio stream"):
        load_audio(counting_video(3), sample_rate=SR)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF....nonsense")
    with pytest.raises(MediaError, match="junk.wav"):
        load_audio(junk, sample_rate=SR)
    wav = tmp_path / "tone.wav"
    _write_wav(wav, _sine(440, 0.2), SR)
    with pytest.raises(MediaError, match="no video stream"):
        probe(wav)


def test_resample_changes_length_and_keeps_pitch():
    tone = _sine(1000, 0.5, rate=48_000)
    out = resample(tone, from_rate=48_000, to_rate=SR)
    assert abs(len(out) - SR // 2) <= 32
    spectrum = np.abs(np.fft.rfft(out[500:4500]))
    assert np.argmax(spectrum) * SR / 4000 == pytest.approx(1000, abs=4)


def test_gain_and_fades():
    tone = _sine(300, 1.0)
    assert _rms(apply_gain(tone, gain_db=-6.0)) == pytest.approx(_rms(tone) / 2, rel=0.01)
    faded = fade(tone, sample_rate=SR, in_s=0.25, out_s=0.25)
    assert np.abs(faded[:40]).max() < 0.01 and np.abs(faded[-40:]).max() < 0.01
    assert np.array_equal(faded[SR // 3 : SR // 2], tone[SR // 3 : SR // 2])
    assert not np.shares_memory(faded, tone)


def test_fit_length_loops_without_clicks_or_pads_with_silence():
    tone = _sine(250, 0.4)  # whole periods: a seamless loop
    looped = fit_length(tone, n_samples=SR, sample_rate=SR)
    assert len(looped) == SR and np.abs(np.diff(looped)).max() < 0.11
    padded = fit_length(tone, n_samples=SR, sample_rate=SR, loop=False)
    assert not padded[len(tone) :].any()
    assert len(fit_length(tone, n_samples=100, sample_rate=SR)) == 100


def test_envelope_follows_speech_with_look_ahead():
    env = speech_envelope(_speech_then_silence(), sample_rate=SR, attack_s=0.05, release_s=0.2)
    assert env[int(0.5 * SR)] > 0.95 and env[int(1.6 * SR)] < 0.05 and env[int(2.5 * SR)] > 0.95
    assert env[int(1.9 * SR)] < 0.05 and env[int(2.0 * SR)] > 0.5  # mostly up when the voice returns at 2 s


def test_ducking_lowers_music_under_speech():
    voice = _speech_then_silence()
    music = _sine(660, 3.0, amp=0.3)
    ducked = duck(music, voice, sample_rate=SR, depth_db=-12.0, release_s=0.1)
    under_speech = _rms(ducked[int(0.3 * SR) : int(0.9 * SR)])
    in_the_gap = _rms(ducked[int(1.5 * SR) : int(1.85 * SR)])
    assert 20 * np.log10(in_the_gap / under_speech) == pytest.approx(12.0, abs=1.0)
    assert in_the_gap == pytest.approx(_rms(music), rel=0.05)


def test_mix_has_the_asked_length_and_never_clips():
    voice = _speech_then_silence() * 1.9
    mix = mix_voice_and_music(voice, _sine(440, 0.7, amp=0.9), sample_rate=SR, duration_s=4.0, music_gain_db=0.0)
    assert len(mix) == 4 * SR and mix.dtype == np.float32
    assert np.abs(mix).max() <= 1.0
    assert _rms(mix[int(3.3 * SR) : int(3.5 * SR)]) > 0.05  # music carries on past the voice
    assert np.abs(mix[-20:]).max() < 0.02  # faded out
    assert np.array_equal(mix_voice_and_music(_sine(200, 0.5), None, sample_rate=SR), _sine(200, 0.5))


def test_mp3_round_trips_length_and_level(tmp_path):
    tone = _sine(440, 1.3, rate=22_050)
    path = tmp_path / "tone.mp3"
    path.write_bytes(encode_mp3(tone, sample_rate=22_050))
    back = load_audio(path, sample_rate=22_050)
    assert len(back) == len(tone)  # LAME's delay and padding are trimmed on decode
    assert abs(_rms(back) - _rms(tone)) < 0.02
    assert inspect_media(path, kind="audio").duration_ms == 1300
    with pytest.raises(ValueError, match="audio is empty"):
        encode_mp3(np.zeros(0, np.float32), sample_rate=22_050)
    with pytest.raises(MediaError, match="cannot encode MP3"):
        encode_mp3(tone, sample_rate=12_345)


@pytest.mark.parametrize("bad", [np.zeros(10, np.float64), np.zeros((2, 10), np.float32), [0.0, 0.1]])
def test_arrays_must_be_float32_mono(bad):
    with pytest.raises(ValueError, match="audio must be float32 mono"):
        apply_gain(bad, gain_db=1.0)
