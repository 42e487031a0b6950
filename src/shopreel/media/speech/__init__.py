"""Text to speech with word and phoneme timings, for captions and lip sync, and speech to
timed words for uploaded recordings.

``synthesize`` speaks with espeak-ng (shipped in the ``espeakng-loader`` wheel); ``PiperTts``
speaks with a Piper neural voice (``piper-tts``), timed by the model's own phoneme durations.
Both implement ``Tts`` and return the same ``Speech``.
``WhisperRecognizer`` hears the words of a recording (faster-whisper, with the Whisper model
shipped in wheels: ``shipped_model_dir``), and ``word_phonemes`` gives those words phonemes
for visemes.
"""

from shopreel.media.speech.espeak import EspeakTts, synthesize
from shopreel.media.speech.listen import HeardWord, Recognizer, Transcript, WhisperRecognizer, fit_to_voice
from shopreel.media.speech.phonemes import word_phonemes
from shopreel.media.speech.piper import PiperTts
from shopreel.media.speech.script import split_breaks
from shopreel.media.speech.shipped_model import shipped_model_dir
from shopreel.media.speech.types import MAX_SPEED, MIN_SPEED, PhonemeTiming, Speech, Tts, VoiceSpec, WordTiming
from shopreel.media.speech.visemes import Viseme, VisemeSpan, viseme_of, viseme_track
from shopreel.media.speech.wav import encode_wav

__all__ = [
    "MAX_SPEED",
    "MIN_SPEED",
    "EspeakTts",
    "HeardWord",
    "PhonemeTiming",
    "PiperTts",
    "Recognizer",
    "Speech",
    "Transcript",
    "Tts",
    "Viseme",
    "VisemeSpan",
    "VoiceSpec",
    "WhisperRecognizer",
    "WordTiming",
    "encode_wav",
    "fit_to_voice",
    "shipped_model_dir",
    "split_breaks",
    "synthesize",
    "viseme_of",
    "viseme_track",
    "word_phonemes",
]
