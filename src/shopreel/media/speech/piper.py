"""Speech from a local Piper voice model (optional extra: ``pip install piper-tts``).

Piper's neural voices sound far more natural than espeak-ng but report no word timings, so
timings are borrowed: the same piece is also spoken by espeak-ng with the model's own
phonemizer voice (``espeak_voice`` in the model's JSON config, the same front end Piper
phonemizes with), and espeak-ng's word and phoneme times are stretched linearly from its
audible span onto Piper's. Words keep their order and relative lengths; where the two
engines' rhythms differ (pauses, stressed syllables), the timings are off by that much.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from shopreel.media.speech.assemble import retime, trim_silence
from shopreel.media.speech.espeak import render_piece
from shopreel.media.speech.script import speak_script
from shopreel.media.speech.types import Speech, VoiceSpec

__all__ = ["PiperTts"]

_ESPEAK_NORMAL_RATE_WPM = 175


class PiperTts:
    """A ``Tts`` over a Piper ``.onnx`` voice model read from a local path.

    ``VoiceSpec`` only contributes its rate (as Piper's length scale, relative to espeak-ng's
    normal 175 words/min); the model fixes speaker, pitch and language.
    """

    def __init__(self, model_path: str | Path) -> None:
        try:
            from piper import PiperVoice
        except ImportError as exc:
            raise ImportError("PiperTts needs the piper-tts extra: pip install piper-tts") from exc
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"model_path has no Piper voice model: {path}")
        self._voice: Any = PiperVoice.load(str(path))

    def synthesize(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> Speech:
        return speak_script(text, voice=voice, speed=speed, render=self._render_piece)

    def _render_piece(self, text: str, voice: VoiceSpec, speed: float) -> Speech:
        from piper import SynthesisConfig

        scale = self._voice.config.length_scale * _ESPEAK_NORMAL_RATE_WPM / (voice.rate_wpm * speed)
        chunks = list(self._voice.synthesize(text, syn_config=SynthesisConfig(length_scale=scale)))
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        audio = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / np.float32(32768)
        sample_rate = chunks[0].sample_rate if chunks else self._voice.config.sample_rate
        spoken = trim_silence(Speech(audio=audio, sample_rate=sample_rate, words=(), phonemes=()))
        guide_voice = VoiceSpec(self._voice.config.espeak_voice, rate_wpm=voice.rate_wpm)
        guide = trim_silence(render_piece(text, guide_voice, speed))
        return retime(guide, onto=spoken)
