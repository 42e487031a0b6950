"""Text to speech with word and phoneme timings, for captions and lip sync.

``synthesize`` speaks with espeak-ng (shipped in the ``espeakng-loader`` wheel); ``PiperTts``
speaks with a Piper neural voice (``piper-tts``), timed by the model's own phoneme durations.
Both implement ``Tts`` and return the same ``Speech``.
"""

from shopreel.media.speech.espeak import EspeakTts, synthesize
from shopreel.media.speech.piper import PiperTts
from shopreel.media.speech.script import split_breaks
from shopreel.media.speech.types import MAX_SPEED, MIN_SPEED, PhonemeTiming, Speech, Tts, VoiceSpec, WordTiming
from shopreel.media.speech.visemes import Viseme, VisemeSpan, viseme_of, viseme_track
from shopreel.media.speech.wav import encode_wav

__all__ = [
    "MAX_SPEED",
    "MIN_SPEED",
    "EspeakTts",
    "PhonemeTiming",
    "PiperTts",
    "Speech",
    "Tts",
    "Viseme",
    "VisemeSpan",
    "VoiceSpec",
    "WordTiming",
    "encode_wav",
    "split_breaks",
    "synthesize",
    "viseme_of",
    "viseme_track",
]
