"""Which engine speaks a voice-over, and how the nods follow its words."""

from __future__ import annotations

import numpy as np

from shopreel.catalog.voices import default_voice
from shopreel.engines import Capability
from shopreel.engines.registry import Engines
from shopreel.media.speech import EspeakTts, PiperTts
from shopreel.settings import Settings
from tests.support import classical_tts, espeak_voice


def test_the_english_default_is_spoken_by_piper_and_other_languages_by_espeak():
    assert isinstance(classical_tts(default_voice("en")), PiperTts)
    assert isinstance(classical_tts(default_voice("ja")), EspeakTts)


def test_custom_motion_sets_the_nods():
    import numpy as np

    from shopreel.jobs.talking import Voiceover, nod_times
    from shopreel.media.speech import WordTiming

    words = tuple(WordTiming(w, 400 * i, 400 * i + 300) for i, w in enumerate(
        "Our wonderful serum works every single morning".split()))
    voiceover = Voiceover(audio=np.zeros(24_000, np.float32), sample_rate=24_000, language="en", words=words)
    usual = nod_times(voiceover)
    assert usual == (0.4, 2.4)  # "wonderful", "morning": the words of 7+ letters
    assert nod_times(voiceover, "Smile and keep a friendly face") == usual  # not a motion knob: as usual
    assert nod_times(voiceover, "Stay calm, look at the camera") == ()
    assert nod_times(voiceover, "please don't nod") == ()
    more = nod_times(voiceover, "Nodding along with enthusiasm")
    assert set(usual) < set(more) and len(more) == 6  # every word of 4+ letters


def _frame_rms(audio, rate, fps, n):
    per = rate / fps
    return np.array([np.sqrt(np.mean(audio[int(i * per) : max(int((i + 1) * per), int(i * per) + 1)] ** 2))
                     for i in range(n)])


def test_lips_follow_the_words_heard_in_uploaded_speech(tmp_path):
    from shopreel.jobs.talking import heard_voiceover, mouth_states
    from shopreel.media.speech import synthesize

    text = 'Fresh coffee, every single morning. <break time="800ms"/> Order yours today.'
    speech = synthesize(text, voice=espeak_voice("en").spec)
    recognizer = Engines(Settings(data_dir=tmp_path)).get(Capability.ASR)
    heard = recognizer.recognize(speech.audio, sample_rate=speech.sample_rate)
    voiceover = heard_voiceover(speech.audio, speech.sample_rate, heard)
    assert voiceover.language == "en" and len(voiceover.words) >= 7
    assert {v.viseme for v in voiceover.visemes} >= {"FV", "MBP", "O"}  # f of fresh, m of morning, o of order
    n, mouths = mouth_states(voiceover)
    opening = np.array([m.mouth_open for m in mouths])
    rms = _frame_rms(speech.audio, speech.sample_rate, 25, n)
    r = float(np.corrcoef(opening, rms)[0, 1])
    print(f"\nheard visemes: Pearson r(mouth_open, RMS) = {r:.3f}")
    assert r >= 0.6
    said = {w.text: w for w in speech.words}
    pause = [i for i in range(n) if said["morning."].end_ms + 80 <= i * 40 <= said["Order"].start_ms - 80]
    assert len(pause) >= 15 and all(mouths[i].mouth_open == 0 for i in pause)
    speaking = [i for i in range(n) for w in speech.words if w.start_ms + 40 <= i * 40 <= w.end_ms - 40]
    assert opening[speaking].mean() > 0.25
    assert len({mouths[i].viseme for i in speaking}) >= 5  # shapes from the words, not only O/AA/E


def test_a_language_espeak_cannot_read_moves_the_lips_by_loudness():
    from shopreel.jobs.talking import heard_voiceover, mouth_states
    from shopreel.media.avatar import energy_mouth_curve
    from shopreel.media.speech import HeardWord, Transcript, synthesize

    speech = synthesize("Look at this.", voice=espeak_voice("en").spec)
    heard = Transcript((HeardWord("Ẹ", 50, 300, 0.9), HeardWord("kú", 300, 700, 0.9)), "Ẹ kú", "yo", 0.8)
    voiceover = heard_voiceover(speech.audio, speech.sample_rate, heard)
    assert voiceover.visemes == () and voiceover.language == "yo" and [w.text for w in voiceover.words] == ["Ẹ", "kú"]
    n, mouths = mouth_states(voiceover)
    assert mouths == energy_mouth_curve(speech.audio, speech.sample_rate, fps=25, n_frames=n)
