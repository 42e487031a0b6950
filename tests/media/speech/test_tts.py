from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from shopreel.media.speech import EspeakTts, Speech, Tts, Viseme, VoiceSpec, synthesize, viseme_track

VOICE = VoiceSpec("en-us", "f2")


def silent_runs(audio: np.ndarray, rate: int, *, threshold: float = 0.01) -> list[tuple[int, int]]:
    """``(start_ms, end_ms)`` of every run of samples at or below ``threshold``, longest first."""
    quiet = np.concatenate([[0], (np.abs(audio) <= threshold).astype(np.int8), [0]])
    edges = np.diff(quiet)
    runs = zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))
    return sorted(((a * 1000 // rate, b * 1000 // rate) for a, b in runs), key=lambda r: r[0] - r[1])


def test_speech_is_float_mono_and_words_are_timed_in_order():
    speech = synthesize("Fresh coffee, delivered every morning.", voice=VOICE)
    assert speech.audio.dtype == np.float32 and speech.audio.ndim == 1
    assert speech.sample_rate == 22050
    assert np.abs(speech.audio).max() <= 1.0
    assert [word.text for word in speech.words] == ["Fresh", "coffee,", "delivered", "every", "morning."]
    starts = [word.start_ms for word in speech.words]
    assert starts == sorted(starts)
    assert speech.duration_ms == round(speech.audio.shape[0] * 1000 / speech.sample_rate)


def test_silence_is_trimmed_to_a_small_pad_at_both_ends():
    speech = synthesize("Tap to shop.", voice=VOICE)
    audible = np.flatnonzero(np.abs(speech.audio) > 0.002)
    rate = speech.sample_rate
    assert abs(audible[0] * 1000 / rate - 50) <= 1
    assert abs((speech.audio.shape[0] - 1 - audible[-1]) * 1000 / rate - 50) <= 1
    assert speech.words[0].start_ms == 50
    assert speech.words[-1].end_ms <= speech.duration_ms - 50


def test_word_after_a_comma_starts_after_the_pause():
    speech = synthesize("Yes, really.", voice=VOICE)
    yes, really = speech.words
    gap = (yes.end_ms, really.start_ms)
    assert gap[1] - gap[0] > 50
    rate = speech.sample_rate
    assert np.abs(speech.audio[(gap[0] + 20) * rate // 1000 : (gap[1] - 20) * rate // 1000]).max() < 0.02


@pytest.mark.parametrize(("tag", "pause_ms"), [('<break time="1.5s"/>', 1500), ('<break time="500ms"/>', 500)])
def test_break_inserts_exact_silence_and_shifts_later_words(tag, pause_ms):
    plain = synthesize("Tap the link. Grab yours today.", voice=VOICE)
    paused = synthesize(f"Tap the link. {tag} Grab yours today.", voice=VOICE)
    start, end = silent_runs(paused.audio, paused.sample_rate)[0]
    assert abs((end - start) - pause_ms) <= 50
    words = paused.words
    assert [word.text for word in words] == [word.text for word in plain.words]
    assert words[2].end_ms <= start + 30 and end - 30 <= words[3].start_ms
    assert words[3].start_ms - words[2].end_ms >= pause_ms


def test_faster_speed_is_shorter():
    text = "This serum keeps your skin soft all day long."
    slow = synthesize(text, voice=VOICE, speed=0.8)
    fast = synthesize(text, voice=VOICE, speed=1.2)
    assert fast.duration_ms < 0.8 * slow.duration_ms
    assert fast.words[-1].end_ms < slow.words[-1].end_ms


@pytest.mark.parametrize("speed", [0.5, 1.3, 0.79, float("nan")])
def test_speed_out_of_range_names_speed(speed):
    with pytest.raises(ValueError, match="speed"):
        synthesize("Hello.", voice=VOICE, speed=speed)


def test_unknown_voice_and_variant_are_named():
    with pytest.raises(ValueError, match="espeak_voice 'xx-nowhere'"):
        synthesize("Hello.", voice=VoiceSpec("xx-nowhere"))
    with pytest.raises(ValueError, match="variant 'f9'"):
        synthesize("Hello.", voice=VoiceSpec("en-us", "f9"))


def test_text_without_words_is_refused():
    with pytest.raises(ValueError, match="no words"):
        synthesize(' ... <break time="1s"/> ', voice=VOICE)


def test_pitch_moves_the_voice_up():
    def fundamental_hz(speech: Speech) -> float:
        rate, audio = speech.sample_rate, speech.audio
        loud = max(range(0, audio.size - 2048, 512), key=lambda i: np.abs(audio[i : i + 2048]).sum())
        frame = audio[loud : loud + 2048]
        corr = np.correlate(frame, frame, "full")[2047:]
        low, high = rate // 500, rate // 60
        return rate / (low + int(np.argmax(corr[low:high])))

    low = synthesize("Aaaah, hello there.", voice=VoiceSpec("en-us", "m3", pitch=20))
    high = synthesize("Aaaah, hello there.", voice=VoiceSpec("en-us", "m3", pitch=90))
    assert fundamental_hz(high) > 1.25 * fundamental_hz(low)


def test_visemes_cover_the_speech_and_close_the_lips_on_m_b_p():
    speech = synthesize("Maybe buy a bumper pack, mom.", voice=VOICE)
    track = viseme_track(speech.phonemes, duration_ms=speech.duration_ms)
    assert track[0].start_ms == 0 and track[-1].end_ms == speech.duration_ms
    assert all(span.end_ms == after.start_ms for span, after in zip(track, track[1:]))
    closed = [span for span in track if span.viseme is Viseme.MBP]
    assert len(closed) >= 6  # m, b, b, m, p, p, m, m (neighbours may merge)
    rate = speech.sample_rate

    def loudness(spans):
        pieces = [speech.audio[span.start_ms * rate // 1000 : span.end_ms * rate // 1000] for span in spans]
        return np.mean([np.sqrt(np.mean(piece**2)) for piece in pieces])

    open_vowels = [span for span in track if span.viseme in (Viseme.AA, Viseme.O)]
    assert loudness(closed) < 0.6 * loudness(open_vowels)


def test_espeak_backend_is_a_tts():
    tts: Tts = EspeakTts()
    speech = tts.synthesize("Hello again.", voice=VOICE, speed=1.1)
    assert [word.text for word in speech.words] == ["Hello", "again."]


def test_concurrent_calls_take_turns_and_agree():
    # espeak-ng's wave generator carries a little state between calls, so repeated audio can
    # differ by a few milliseconds (6 ms seen in CI); what each call hears and times must not
    # mix with another's, which would differ by hundreds (the texts differ by whole words).
    texts = ["One pack.", "Two packs, please.", "Three packs for the price of two."] * 3
    serial = [synthesize(text, voice=VOICE) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda text: synthesize(text, voice=VOICE), texts))
    for one, other in zip(serial, parallel):
        assert abs(one.duration_ms - other.duration_ms) <= 25
        assert [word.text for word in one.words] == [word.text for word in other.words]
        assert all(abs(a.start_ms - b.start_ms) <= 25 for a, b in zip(one.words, other.words))
