import numpy as np
import pytest

from shopreel.media.speech import PhonemeTiming, Speech, WordTiming
from shopreel.media.speech.assemble import concatenate, retime, trim_silence

RATE = 1000


def speech(audio, words=(), phonemes=()):
    return Speech(np.asarray(audio, np.float32), RATE, tuple(words), tuple(phonemes))


def test_trim_keeps_the_pad_and_moves_timings_with_the_audio():
    audio = np.zeros(1000, np.float32)
    audio[300:600] = 0.5
    trimmed = trim_silence(
        speech(audio, [WordTiming("hey", 300, 600)], [PhonemeTiming("e", 250, 320), PhonemeTiming("_x", 620, 700)]),
        pad_ms=50,
    )
    assert trimmed.audio.shape == (400,)
    assert np.flatnonzero(trimmed.audio).tolist() == list(range(50, 350))
    assert trimmed.words == (WordTiming("hey", 50, 350),)
    # Timings are clipped to the audio; a phoneme left with no time is dropped.
    assert trimmed.phonemes == (PhonemeTiming("e", 0, 70), PhonemeTiming("_x", 370, 400))


def test_trim_leaves_silence_alone_and_the_input_unchanged():
    quiet = speech(np.zeros(10))
    assert trim_silence(quiet, pad_ms=5) is quiet
    audio = np.array([0, 0.5, 0], np.float32)
    trim_silence(speech(audio), pad_ms=0)
    assert audio.tolist() == [0, 0.5, 0]


def test_concatenate_inserts_exact_silence_and_shifts_later_timings():
    first = speech(np.full(100, 0.1), [WordTiming("a", 10, 90)])
    second = speech(np.full(50, 0.2), [WordTiming("b", 0, 40)], [PhonemeTiming("b", 0, 20)])
    joined = concatenate([first, 250, second], sample_rate=RATE)
    assert joined.audio.shape == (400,)
    assert not joined.audio[100:350].any() and (joined.audio[350:] == np.float32(0.2)).all()
    assert joined.words == (WordTiming("a", 10, 90), WordTiming("b", 350, 390))
    assert joined.phonemes == (PhonemeTiming("b", 350, 370),)


def test_concatenate_refuses_mixed_rates_and_negative_pauses():
    other_rate = Speech(np.zeros(10, np.float32), 2000, (), ())
    with pytest.raises(ValueError, match="sample_rate"):
        concatenate([speech(np.zeros(10)), other_rate], sample_rate=RATE)
    with pytest.raises(ValueError, match="pause"):
        concatenate([speech(np.zeros(10)), -5], sample_rate=RATE)


def test_retime_stretches_guide_timings_onto_other_audio():
    words = [WordTiming("hi", 0, 100), WordTiming("there", 100, 200)]
    guide = speech(np.zeros(200), words, [PhonemeTiming("h", 0, 50)])
    onto = speech(np.ones(300) * 0.1)
    moved = retime(guide, onto=onto)
    assert moved.audio is onto.audio
    assert moved.words == (WordTiming("hi", 0, 150), WordTiming("there", 150, 300))
    assert moved.phonemes == (PhonemeTiming("h", 0, 75),)


def test_speech_checks_its_audio():
    with pytest.raises(ValueError, match="float32"):
        Speech(np.zeros(10, np.int16), RATE, (), ())
    with pytest.raises(ValueError, match="sample_rate"):
        Speech(np.zeros(10, np.float32), 0, (), ())
