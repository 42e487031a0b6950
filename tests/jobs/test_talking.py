"""Which TTS engine a voice-over uses, by settings."""

from __future__ import annotations

import json

import pytest

from shopreel.catalog.voices import default_voice
from shopreel.errors import ShopReelError
from shopreel.jobs.talking import tts_for
from shopreel.media.speech import EspeakTts
from shopreel.settings import Settings


def test_espeak_without_a_piper_voice(tmp_path):
    assert isinstance(tts_for(Settings(data_dir=tmp_path), default_voice("en")), EspeakTts)


def test_a_configured_piper_voice_needs_its_extra(tmp_path):
    model = tmp_path / "en_US-test.onnx"
    model.write_bytes(b"not a real model")
    (tmp_path / "en_US-test.onnx.json").write_text(json.dumps({"language": {"code": "en_US"}}))
    settings = Settings(data_dir=tmp_path, piper_model_path=model)
    # Other languages keep espeak-ng; English asks for Piper, which is not installed here.
    assert isinstance(tts_for(settings, default_voice("ja")), EspeakTts)
    with pytest.raises(ShopReelError, match="piper-tts"):
        tts_for(settings, default_voice("en"))


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
