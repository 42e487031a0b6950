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
