"""The records of speech synthesis: what a voice is, what comes out, and the backend contract.

Times are integer milliseconds from the first sample of ``Speech.audio``; audio follows
``media/types.py`` (``float32`` mono in ``[-1, 1]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Audio

__all__ = [
    "MIN_SPEED",
    "MAX_SPEED",
    "VoiceSpec",
    "WordTiming",
    "PhonemeTiming",
    "Speech",
    "Tts",
    "check_speed",
]

MIN_SPEED = 0.8
MAX_SPEED = 1.2

# Bounds on the base rate keep ``rate_wpm * speed`` inside espeak-ng's 80..450 words/min.
_MIN_RATE_WPM = 100
_MAX_RATE_WPM = 375
_VOICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ ]*")


@dataclass(frozen=True)
class VoiceSpec:
    """How to speak: an espeak-ng voice, a variant and prosody knobs.

    ``espeak_voice`` is an espeak-ng voice file name (``"en-us"``, ``"cmn"``, ``"pt-br"``);
    ``variant`` one of the files in espeak-ng's ``voices/!v`` (``"m3"``, ``"f2"``), which set
    the formants and base pitch of a male or female speaker. ``rate_wpm`` is the speaking rate
    at speed 1.0 in words per minute; ``pitch`` and ``pitch_range`` are espeak-ng's 0-100
    scales (50 is the voice's own; a range of 0 is a monotone).
    """

    espeak_voice: str
    variant: str | None = None
    rate_wpm: int = 175
    pitch: int = 50
    pitch_range: int = 50

    def __post_init__(self) -> None:
        if not _VOICE_NAME.fullmatch(self.espeak_voice):
            raise InvalidInput(f"espeak_voice must be an espeak-ng voice name like 'en-us', got {self.espeak_voice!r}")
        if self.variant is not None and not _VARIANT_NAME.fullmatch(self.variant):
            raise InvalidInput(f"variant must be an espeak-ng variant name like 'f2', got {self.variant!r}")
        if not _MIN_RATE_WPM <= self.rate_wpm <= _MAX_RATE_WPM:
            raise InvalidInput(f"rate_wpm must be in [{_MIN_RATE_WPM}, {_MAX_RATE_WPM}], got {self.rate_wpm}")
        for name in ("pitch", "pitch_range"):
            value = getattr(self, name)
            if not 0 <= value <= 100:
                raise InvalidInput(f"{name} must be in [0, 100], got {value}")


@dataclass(frozen=True)
class WordTiming:
    """One word of the input, exactly as written there, and when it is spoken."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class PhonemeTiming:
    """One spoken phoneme without stress marks, in the speaking engine's alphabet: an espeak-ng
    mnemonic (``"oU"``, ``"tS"``) or, from a Piper voice, an IPA phone (``"oʊ"``, ``"iː"``)."""

    phoneme: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, eq=False)
class Speech:
    """Synthesized speech with word and phoneme timings inside its audio.

    ``words`` holds one entry per word of the input text in reading order; ``phonemes`` the
    voiced phonemes in time order (pauses are gaps between them).
    """

    audio: Audio
    sample_rate: int
    words: tuple[WordTiming, ...]
    phonemes: tuple[PhonemeTiming, ...]

    def __post_init__(self) -> None:
        if self.audio.dtype != np.float32 or self.audio.ndim != 1:
            raise InvalidInput(f"audio must be float32 of shape (N,), got {self.audio.dtype} {self.audio.shape}")
        if self.sample_rate <= 0:
            raise InvalidInput(f"sample_rate must be positive, got {self.sample_rate}")

    @property
    def duration_ms(self) -> int:
        return round(self.audio.shape[0] * 1000 / self.sample_rate)


class Tts(Protocol):
    """A speech synthesizer: text (with ``<break time="..."/>`` pauses) in, timed speech out."""

    def synthesize(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> Speech: ...

    def duration_ms(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> int:
        """How long ``synthesize`` would speak ``text`` (to within a few tens of ms), where an
        engine can tell for less than synthesizing it."""
        ...


def check_speed(speed: float) -> None:
    """Raise ``InvalidInput`` unless ``speed`` is within TopView's ``voiceSpeed`` range."""
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise InvalidInput(f"speed must be in [{MIN_SPEED}, {MAX_SPEED}], got {speed}")
