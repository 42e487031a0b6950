"""Which engine speaks a voice-over, and how the nods follow its words."""

from __future__ import annotations

from shopreel.catalog.voices import default_voice, tts_for
from shopreel.media.speech import EspeakTts, PiperTts


def test_the_english_default_is_spoken_by_piper_and_other_languages_by_espeak():
    assert isinstance(tts_for(default_voice("en")), PiperTts)
    assert isinstance(tts_for(default_voice("ja")), EspeakTts)


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
