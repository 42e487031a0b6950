"""A ctypes binding to libespeak-ng as shipped by the ``espeakng-loader`` wheel.

The library and its data come from the wheel (no system package, no subprocess). It keeps
one synthesizer per process and is not thread-safe, so it is initialised lazily on first use
and every call into it holds ``_LOCK``. Synthesis runs in ``AUDIO_OUTPUT_SYNCHRONOUS`` mode:
``espeak_Synth`` returns once the callback has received all audio and events.

Event layout (``speak_lib.h``, API revision 12)::

    typedef struct {
        espeak_EVENT_TYPE type;          // int
        unsigned int unique_identifier;
        int text_position;               // 1-based character (code point) index into the text
        int length;
        int audio_position;              // milliseconds
        int sample;                      // samples from the start of this synthesis
        void *user_data;
        union { int number; const char *name; char string[8]; } id;  // string: phoneme mnemonic
    } espeak_EVENT;
"""

from __future__ import annotations

import ctypes
import functools
import threading
from pathlib import Path
from typing import NamedTuple

import espeakng_loader
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.speech.types import VoiceSpec

__all__ = ["WordEvent", "PhonemeEvent", "Rendered", "render", "variants"]

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EVENT_PHONEME = 7
_PARAM_RATE = 1
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_EE_OK = 0


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class WordEvent(NamedTuple):
    """espeak-ng started a word at ``char_index`` (0-based, into the synthesized text)."""

    char_index: int
    sample: int


class PhonemeEvent(NamedTuple):
    """espeak-ng started phoneme ``name`` (with stress marks; ``_``-names are pauses)."""

    name: str
    sample: int


class Rendered(NamedTuple):
    samples: npt.NDArray[np.int16]
    sample_rate: int
    words: tuple[WordEvent, ...]
    phonemes: tuple[PhonemeEvent, ...]


class _Synthesizer:
    """The process's one espeak-ng instance; use only while holding ``_LOCK``."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        data_path = espeakng_loader.get_data_path()
        options = _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_DONT_EXIT
        sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), options)
        if sample_rate <= 0:
            raise RuntimeError(f"libespeak-ng failed to initialise with data at {data_path}")
        self._lib = lib
        self.sample_rate = sample_rate
        self._chunks: list[npt.NDArray[np.int16]] = []
        self._words: list[WordEvent] = []
        self._phonemes: list[PhonemeEvent] = []
        # Kept on the instance: ctypes must not free the trampoline while the library holds it.
        self._callback = _SynthCallback(self._on_synth)
        lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(
        self, wav: ctypes._Pointer[ctypes.c_short], n_samples: int, events: ctypes._Pointer[_Event]
    ) -> int:
        if wav and n_samples > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n_samples,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            event = events[i]
            if event.type == _EVENT_WORD:
                self._words.append(WordEvent(event.text_position - 1, event.sample))
            elif event.type == _EVENT_PHONEME:
                name = event.id.string.decode("utf-8", errors="replace")
                self._phonemes.append(PhonemeEvent(name, event.sample))
            i += 1
        return 0

    def render(self, text: str, voice: VoiceSpec, rate_wpm: int) -> Rendered:
        name = voice.espeak_voice if voice.variant is None else f"{voice.espeak_voice}+{voice.variant}"
        if self._lib.espeak_SetVoiceByName(name.encode()) != _EE_OK:
            raise InvalidInput(f"espeak_voice {voice.espeak_voice!r} is not an espeak-ng voice")
        parameters = ((_PARAM_RATE, rate_wpm), (_PARAM_PITCH, voice.pitch), (_PARAM_RANGE, voice.pitch_range))
        for parameter, value in parameters:
            self._lib.espeak_SetParameter(parameter, value, 0)
        self._chunks, self._words, self._phonemes = [], [], []
        data = text.encode("utf-8")
        status = self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if status != _EE_OK:
            raise RuntimeError(f"espeak_Synth failed with status {status}")
        samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return Rendered(samples, self.sample_rate, tuple(self._words), tuple(self._phonemes))


_LOCK = threading.Lock()
_synthesizer: _Synthesizer | None = None


def render(text: str, voice: VoiceSpec, *, rate_wpm: int) -> Rendered:
    """Synthesize plain ``text`` with ``voice`` at ``rate_wpm`` (the voice's rate times the speed).

    espeak-ng silently ignores an unknown variant, so it is checked here against ``variants()``.
    """
    if voice.variant is not None and voice.variant not in variants():
        raise InvalidInput(f"variant {voice.variant!r} is not an espeak-ng variant; known: {sorted(variants())}")
    global _synthesizer
    with _LOCK:
        if _synthesizer is None:
            _synthesizer = _Synthesizer()
        return _synthesizer.render(text, voice, rate_wpm)


@functools.cache
def variants() -> frozenset[str]:
    """Names of the voice variants shipped in espeak-ng's ``voices/!v`` directory."""
    return frozenset(path.name for path in (Path(espeakng_loader.get_data_path()) / "voices" / "!v").iterdir())
