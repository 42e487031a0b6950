"""The ``tts`` and ``asr`` engines: the classical ones load through the registry and keep
what the jobs did before; a third party's synthesizer speaks the catalog's voices in
Text2Voice over HTTP."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import numpy as np
import pytest

from shopreel.catalog.voices import default_voice
from shopreel.engines import Capability, EngineError, SpeechRecognizer, SpeechSynthesizer
from shopreel.engines.registry import Engines
from shopreel.media.speech import EspeakTts, PiperTts
from shopreel.media.video.audio import load_audio
from shopreel.settings import Settings
from tests.engines.packages import installed_package
from tests.support import live_server, test_settings

_TONES = '''
import numpy as np

from shopreel.media.speech import Speech, WordTiming

RATE = 16_000
HZ = {"female": 660.0, "male": 330.0}
MADE = []


class Tone:
    """Says every word as 0.3 s of a sine: 660 Hz for a female voice, 330 Hz for a male."""

    def __init__(self, hz):
        self.hz = hz

    def synthesize(self, text, *, voice, speed=1.0):
        words = text.split()
        step = round(300 / speed)
        n = RATE * step * len(words) // 1000
        audio = (0.5 * np.sin(2 * np.pi * self.hz * np.arange(n) / RATE)).astype(np.float32)
        timings = tuple(WordTiming(w, i * step, (i + 1) * step) for i, w in enumerate(words))
        return Speech(audio=audio, sample_rate=RATE, words=timings, phonemes=())

    def duration_ms(self, text, *, voice, speed=1.0):
        return round(300 / speed) * len(text.split())


class ToneSynthesizer:
    name = "tone"
    batches = False

    def __init__(self, config):
        MADE.append(config)

    def voice_engine(self, voice):
        return Tone(HZ.get(voice.gender, 440.0))


class Mute:
    name = "mute"
    batches = True

    def __init__(self, config):
        pass
'''


@pytest.fixture
def tones(tmp_path, monkeypatch):
    with installed_package(tmp_path / "site", monkeypatch, module="tone_engines", source=_TONES, entry_points={
        "tts.tone": "tone_engines:ToneSynthesizer",
        "tts.mute": "tone_engines:Mute",
    }) as module:
        yield module


@pytest.fixture(autouse=True)
def _site(tmp_path):
    (tmp_path / "site").mkdir()


def test_the_classical_synthesizer_speaks_each_voice_with_its_backend(tmp_path):
    synthesizer = Engines(Settings(data_dir=tmp_path)).get(Capability.TTS)
    assert isinstance(synthesizer, SpeechSynthesizer) and synthesizer.batches
    assert isinstance(synthesizer.voice_engine(default_voice("en")), PiperTts)
    assert isinstance(synthesizer.voice_engine(default_voice("ja")), EspeakTts)


def test_the_classical_recognizer_takes_the_asr_model_path_and_threads(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path, asr_model_path=tmp_path / "whisper", asr_threads=3,
                               cache_dir=tmp_path / "cache"))
    config = engines.config(Capability.ASR)
    assert (config.weights, config.cpu_threads, config.cache_dir) == (tmp_path / "whisper", 3, tmp_path / "cache")
    recognizer = engines.get(Capability.ASR)  # the model loads at the first recognition, not here
    assert isinstance(recognizer, SpeechRecognizer) and recognizer.batches


def test_a_broken_asr_model_path_fails_recognition_saying_what_to_fix(tmp_path):
    from shopreel.errors import ShopReelError

    (tmp_path / "whisper").mkdir()
    recognizer = Engines(Settings(data_dir=tmp_path, asr_model_path=tmp_path / "whisper")).get(Capability.ASR)
    with pytest.raises(ShopReelError, match="SHOPREEL_ASR_MODEL_PATH") as raised:
        recognizer.recognize(np.full(16_000, 0.1, np.float32), sample_rate=16_000)
    assert "model.bin is missing" in str(raised.value)


def test_a_tts_engine_without_voice_engine_is_refused(tmp_path, tones):
    engines = Engines(Settings(data_dir=tmp_path, engine_tts="mute"))
    with pytest.raises(EngineError, match="SpeechSynthesizer"):
        engines.preload([Capability.TTS])


def _peak_hz(audio: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    return float(np.fft.rfftfreq(len(audio), 1 / rate)[spectrum.argmax()])


def test_text2voice_speaks_a_catalog_voice_with_a_third_party_engine(tmp_path, tones):
    with live_server(test_settings(tmp_path, engine_tts="tone")) as server, server.client() as client:
        voices = client.get("/v1/voice/query", params={"language": "en", "gender": "female", "pageSize": 1}).json()
        voice_id = voices["result"]["data"][0]["voiceId"]
        submitted = client.post("/v1/voice/text2voice/task/submit",
                                json={"voiceText": "one two three four five", "voiceId": voice_id}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, "/v1/voice/text2voice/task/query", submitted["result"]["taskId"])
        assert result["status"] == "success", result
        response = httpx.get(result["voice"]["demoAudioUrl"])
    with tempfile.NamedTemporaryFile(suffix=".mp3") as handle:
        handle.write(response.content)
        handle.flush()
        audio = load_audio(Path(handle.name), sample_rate=22_050)
    assert abs(len(audio) / 22_050 - 1.5) < 0.1  # five words of 0.3 s
    assert abs(result["voice"]["durations"] - 1.5) < 0.05
    assert abs(_peak_hz(audio, 22_050) - 660.0) < 5  # the female voice's tone, not espeak-ng or Piper
    assert [config.name for config in tones.MADE] == ["tone"]  # loaded once
