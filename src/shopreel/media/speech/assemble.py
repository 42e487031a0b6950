"""Cutting and joining speech while keeping its timings in sync with its audio."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.speech.types import PhonemeTiming, Speech, WordTiming
from shopreel.media.types import Audio

__all__ = ["trim_silence", "cut_to", "concatenate", "retime"]

_Timing = TypeVar("_Timing", WordTiming, PhonemeTiming)


def trim_silence(speech: Speech, *, pad_ms: int = 0, threshold: float = 2e-3) -> Speech:
    """Cut leading and trailing silence down to ``pad_ms`` of silence on each side.

    Parameters
    ----------
    speech : Speech
        The speech to trim; not modified.
    pad_ms : int
        Silence kept (or added, as zeros) before the first and after the last audible sample.
    threshold : float
        Samples with magnitude at or below this are silence (2e-3 is about -54 dBFS).

    Returns
    -------
    Speech
        The trimmed speech; timings are shifted with the audio and clipped to it. Speech
        with no audible sample is returned unchanged.
    """
    if pad_ms < 0:
        raise InvalidInput(f"pad_ms must be >= 0, got {pad_ms}")
    audible = np.flatnonzero(np.abs(speech.audio) > threshold)
    if audible.size == 0:
        return speech
    return cut_to(speech, int(audible[0]), int(audible[-1]) + 1, pad_ms=pad_ms)


def cut_to(speech: Speech, first: int, last: int, *, pad_ms: int = 0) -> Speech:
    """``speech`` from sample ``first`` to ``last`` with ``pad_ms`` of silence on each side;
    timings are shifted with the audio and clipped to it."""
    if pad_ms < 0:
        raise InvalidInput(f"pad_ms must be >= 0, got {pad_ms}")
    pad = round(pad_ms * speech.sample_rate / 1000)
    core = speech.audio[first:last]
    audio = np.concatenate([np.zeros(pad, np.float32), core, np.zeros(pad, np.float32)])
    shift_ms = (pad - first) * 1000 / speech.sample_rate
    limit_ms = round(audio.shape[0] * 1000 / speech.sample_rate)
    return Speech(
        audio=audio,
        sample_rate=speech.sample_rate,
        words=tuple(_shifted(word, shift_ms, limit_ms) for word in speech.words),
        phonemes=_shifted_phonemes(speech.phonemes, shift_ms, limit_ms),
    )


def concatenate(parts: Sequence[Speech | int], *, sample_rate: int) -> Speech:
    """Join speech and pauses (given in milliseconds, as exact digital silence) end to end.

    Every ``Speech`` part must have ``sample_rate``; timings of later parts are shifted by the
    length of everything before them.
    """
    audio: list[Audio] = []
    words: list[WordTiming] = []
    phonemes: list[PhonemeTiming] = []
    offset = 0
    for part in parts:
        shift_ms = offset * 1000 / sample_rate
        if isinstance(part, Speech):
            if part.sample_rate != sample_rate:
                raise InvalidInput(f"parts must share sample_rate {sample_rate}, got {part.sample_rate}")
            chunk = part.audio
            words.extend(_shifted(word, shift_ms, None) for word in part.words)
            phonemes.extend(_shifted(phoneme, shift_ms, None) for phoneme in part.phonemes)
        elif part >= 0:
            chunk = np.zeros(round(part * sample_rate / 1000), np.float32)
        else:
            raise InvalidInput(f"a pause must be >= 0 ms, got {part}")
        audio.append(chunk)
        offset += chunk.shape[0]
    joined = np.concatenate(audio) if audio else np.zeros(0, np.float32)
    return Speech(audio=joined, sample_rate=sample_rate, words=tuple(words), phonemes=tuple(phonemes))


def retime(guide: Speech, *, onto: Speech) -> Speech:
    """``onto``'s audio with ``guide``'s word and phoneme timings stretched linearly to its length.

    For engines that report no timings: speak the same text with one that does, trim both
    to their audible span, then carry the timings across.
    """
    factor = onto.duration_ms / max(guide.duration_ms, 1)
    return dataclasses.replace(
        onto,
        words=tuple(_stretched(word, factor) for word in guide.words),
        phonemes=tuple(_stretched(phoneme, factor) for phoneme in guide.phonemes),
    )


def _stretched(timing: _Timing, factor: float) -> _Timing:
    return dataclasses.replace(timing, start_ms=round(timing.start_ms * factor), end_ms=round(timing.end_ms * factor))


def _shifted(timing: _Timing, shift_ms: float, limit_ms: int | None) -> _Timing:
    start, end = timing.start_ms + shift_ms, timing.end_ms + shift_ms
    if limit_ms is not None:
        start, end = min(max(start, 0), limit_ms), min(max(end, 0), limit_ms)
    return dataclasses.replace(timing, start_ms=round(start), end_ms=round(end))


def _shifted_phonemes(phonemes: Sequence[PhonemeTiming], shift_ms: float, limit_ms: int) -> tuple[PhonemeTiming, ...]:
    moved = (_shifted(phoneme, shift_ms, limit_ms) for phoneme in phonemes)
    return tuple(phoneme for phoneme in moved if phoneme.end_ms > phoneme.start_ms)
