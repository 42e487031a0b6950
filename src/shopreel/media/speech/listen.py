"""Speech recognition: the words said in a recording, when each was said, and the language.

``WhisperRecognizer`` runs OpenAI's Whisper through faster-whisper (CTranslate2, int8 on the
CPU) from a model folder on disk: the one shipped in wheels (:mod:`.shipped_model`) or a larger
one an operator provides. A folder's model is loaded once per process (:func:`load_whisper`)
and shared, and one recording is recognised at a time per process on ``cpu_threads`` threads:
two workers recognizing at once take turns instead of doubling the load on the CPU and the
memory a recognition takes (features, voice activity and decoding: about 200 MB, plus 45 MB
per minute of audio).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.speech.types import WordTiming
from shopreel.media.types import Audio
from shopreel.media.video.audio import resample

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

__all__ = ["WHISPER_RATE", "HeardWord", "Transcript", "Recognizer", "WhisperRecognizer", "load_whisper",
           "model_loads", "fit_to_voice", "normalized_words", "word_error_rate"]

#: Whisper listens at 16 kHz; other rates are resampled.
WHISPER_RATE = 16_000
# Quieter than this everywhere (about -80 dBFS) is silence: nothing to recognize.
_SILENT_PEAK = 1e-4


@dataclass(frozen=True)
class HeardWord(WordTiming):
    """A recognised word as Whisper wrote it (punctuation attached), when it was said, and the
    model's confidence in it, in [0, 1]."""

    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    """What a recording says: its words in time order, the whole text as Whisper spaced it,
    and the spoken language (Whisper's code: ``en``, ``zh``, ``yue``; ``""`` when nothing
    was heard) with the model's confidence in that language."""

    words: tuple[HeardWord, ...]
    text: str
    language: str
    language_probability: float


class Recognizer(Protocol):
    """Speech to timed words."""

    def recognize(self, audio: Audio, *, sample_rate: int, language: str | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Transcript: ...


_LOAD_LOCK = threading.Lock()
_TURN = threading.Lock()  # one recognition at a time per process


@functools.lru_cache(maxsize=2)
def _load(folder: str, cpu_threads: int) -> WhisperModel:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise InvalidInput("speech recognition needs faster-whisper: pip install faster-whisper") from exc
    for needed in ("model.bin", "tokenizer.json"):
        if not (Path(folder) / needed).is_file():
            raise InvalidInput(f"{folder} is not a faster-whisper (CTranslate2) model folder: {needed} is missing")
    try:
        return WhisperModel(folder, device="cpu", compute_type="int8", cpu_threads=cpu_threads, num_workers=1,
                            local_files_only=True)
    except (RuntimeError, ValueError, OSError) as exc:
        raise InvalidInput(f"cannot load the Whisper model in {folder}: {exc}") from exc


def load_whisper(folder: Path, *, cpu_threads: int) -> WhisperModel:
    """The Whisper model in ``folder``, loaded on first use and kept for the process.

    A failed load is not kept: the next call tries again (after an operator fixed the file).
    """
    if cpu_threads < 1:
        raise InvalidInput(f"cpu_threads must be >= 1, got {cpu_threads}")
    with _LOAD_LOCK:
        return _load(str(Path(folder).resolve()), cpu_threads)


def model_loads() -> int:
    """How many times this process has loaded (or tried to load) a Whisper model."""
    return _load.cache_info().misses


class WhisperRecognizer:
    """The default ``Recognizer``: Whisper via faster-whisper, int8 on the CPU.

    ``beam_size`` 5 (Whisper's own default) heard a few points of WER better than greedy
    decoding in ``bench/speech.py``, at about the same speed on two threads.
    """

    def __init__(self, folder: Path, *, cpu_threads: int = 2, beam_size: int = 5) -> None:
        self._model = load_whisper(folder, cpu_threads=cpu_threads)
        self._beam_size = beam_size

    def recognize(self, audio: Audio, *, sample_rate: int, language: str | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Transcript:
        """The words said in ``audio``.

        Parameters
        ----------
        audio : float32 (N,)
            Mono samples in [-1, 1].
        sample_rate : int
            Hz; resampled to 16 kHz for the model.
        language : str, optional
            Whisper's code for the spoken language; ``None`` detects it from the first 30 s.
        progress : callable, optional
            Called with the share of the audio done, in [0, 1].
        cancelled : callable, optional
            Polled while waiting for another recognition to finish and between sentences;
            when it returns True the words so far are returned.

        Returns
        -------
        Transcript
            Word times in ms from the first sample of ``audio``, starts in order, inside it.
            Silence, music and noise give no words.

        Notes
        -----
        Silero VAD (shipped in faster-whisper) removes what is not speech before decoding, so
        music and silence are not "heard" as the phrases Whisper makes up for them. Decoding
        is at temperature 0 and does not condition on the previous window: without temperature
        fallback and with no carried-over context, time per 30 s window is bounded and a
        garbled window cannot set off a repetition loop in the next.
        """
        if not isinstance(audio, np.ndarray) or audio.dtype != np.float32 or audio.ndim != 1:
            got = f"{audio.dtype} {audio.shape}" if isinstance(audio, np.ndarray) else type(audio).__name__
            raise InvalidInput(f"audio must be float32 mono (N,), got {got}")
        clip = resample(audio, from_rate=sample_rate, to_rate=WHISPER_RATE)
        if not len(clip) or float(np.max(np.abs(clip))) < _SILENT_PEAK:
            return Transcript((), "", "", 0.0)
        while not _TURN.acquire(timeout=0.5):
            if cancelled is not None and cancelled():
                return Transcript((), "", "", 0.0)
        try:
            return self._transcribe(clip, duration_ms=len(audio) * 1000 / sample_rate, language=language,
                                    progress=progress, cancelled=cancelled)
        finally:
            _TURN.release()

    def _transcribe(self, clip: Audio, *, duration_ms: float, language: str | None,
                    progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None) -> Transcript:
        words: list[HeardWord] = []
        texts: list[str] = []
        try:
            segments, info = self._model.transcribe(
                clip, language=language, beam_size=self._beam_size, word_timestamps=True, vad_filter=True,
                temperature=0.0, condition_on_previous_text=False)
            for segment in segments:
                texts.append(segment.text)
                for word in segment.words or ():
                    text = word.word.strip()
                    if not text:
                        continue
                    start = min(round(word.start * 1000), int(duration_ms))
                    start = max(start, words[-1].start_ms) if words else max(start, 0)
                    end = min(max(start, round(word.end * 1000)), int(duration_ms))
                    words.append(HeardWord(text, start, end, probability=round(float(word.probability), 3)))
                if progress is not None:
                    progress(min(1.0, segment.end * 1000 / duration_ms))
                if cancelled is not None and cancelled():
                    break
        except (RuntimeError, ValueError) as exc:
            raise InvalidInput(f"speech recognition failed: {exc}") from exc
        language_code = info.language if words else ""
        return Transcript(tuple(words), "".join(texts).strip(), language_code,
                          float(info.language_probability) if words else 0.0)


def fit_to_voice(words: Sequence[WordTiming], audio: Audio, *, sample_rate: int, floor_db: float = -30.0,
                 pause_ms: int = 150, hop_ms: int = 10, onset_ms: int = 120) -> list[WordTiming]:
    """Move each word's edges onto the sound it was said with.

    Parameters
    ----------
    words : sequence of WordTiming
        Times in ms from the first sample of ``audio``, starts in order.
    audio : float32 (N,)
        The recording the words were heard in.
    sample_rate : int
        Hz.
    floor_db : float
        Frames this far below the loud parts (95th percentile of the frames' RMS) are quiet.
    pause_ms : int
        A quiet stretch at least this long is a pause (shorter ones are the closures of stop
        consonants, inside words).
    hop_ms : int
        Frame length, ms.
    onset_ms : int
        How far into a word its start may move to reach the quietest point (0: not at all).

    Returns
    -------
    list of WordTiming
        The same words (same type) with edges moved onto the sound: a word whose start lies in
        sound that began before it and that holds a pause starts after that pause (the sound
        was the previous word's), likewise for its end; then it starts at its first loud frame
        and ends after its last, or, when it ends while still sounding, where that sound ends
        (never past the next word's start). Last, each word starts at the quietest frame of its
        first ``onset_ms`` (never past its middle): after a pause that is where it was. A word
        with no loud frame is kept as it was.

    Notes
    -----
    Whisper's word times come from cross-attention and tend to stretch a word over the pause
    beside it: a word after a comma starts where the comma's pause, or the tail of the word
    before it, did. Pauses are where lips are shut and a highlighted caption word should not
    be lit yet, so the edges are moved onto the sound. In connected speech Whisper also starts
    words early, about 100 ms for a clear neural voice (at the previous word's end, or in
    its tail): the boundary between two words said together is where the sound dips, so the
    start moves onto that dip. Measured against the TTS's own word times (``bench/speech.py``)
    this halves the median start error on the neural English voice and keeps espeak-ng's.
    """
    if not isinstance(audio, np.ndarray) or audio.dtype != np.float32 or audio.ndim != 1:
        raise InvalidInput("audio must be float32 mono (N,)")
    if not floor_db < 0 or hop_ms < 1 or pause_ms < 0 or sample_rate < 1:
        raise InvalidInput(f"need floor_db < 0, pause_ms >= 0, hop_ms >= 1, sample_rate >= 1; "
                           f"got {floor_db}, {pause_ms}, {hop_ms}, {sample_rate}")
    hop = max(1, sample_rate * hop_ms // 1000)
    n = -(-len(audio) // hop)
    frames = np.zeros(n * hop, np.float64)
    frames[: len(audio)] = audio
    rms = np.sqrt((frames.reshape(n, hop) ** 2).mean(axis=1)) if n else np.zeros(0)
    sounding = rms[rms > 1e-9]
    if not sounding.size:
        return list(words)
    loud = np.concatenate(([False], rms > np.percentile(sounding, 95) * 10 ** (floor_db / 20), [False]))
    shortest = max(1, -(-pause_ms // hop_ms))
    out: list[WordTiming] = []
    for index, word in enumerate(words):
        base, last = min(n, word.start_ms // hop_ms), min(n, -(-word.end_ms // hop_ms))
        first = base  # frames [first, last) of ``loud[1:]``: the word's sound
        pauses = _pauses(loud[base + 1 : last + 1], shortest)
        if pauses and loud[base] and loud[base + 1]:  # began in the previous word's sound
            first = base + pauses.pop(0)[1]
        if pauses and loud[last] and loud[last + 1]:  # runs on into the next word's sound
            last = base + pauses[-1][0]
        inside = np.flatnonzero(loud[first + 1 : last + 1])
        if inside.size:
            start = max(word.start_ms, (first + int(inside[0])) * hop_ms)
            end = min(word.end_ms, (first + int(inside[-1]) + 1) * hop_ms)
            if out:
                start = max(start, out[-1].start_ms)
            # Whisper can end a word while it still sounds (the last word of a phrase, most
            # often): then it ends where that sound does, before the next word starts.
            stop = min(n, words[index + 1].start_ms // hop_ms) if index + 1 < len(words) else n
            tail = first + int(inside[-1]) + 1
            if end >= tail * hop_ms:
                while tail < stop and loud[tail + 1]:
                    tail += 1
                end = max(end, tail * hop_ms)
            word = dataclasses.replace(word, start_ms=start, end_ms=max(start, end))
        out.append(word)
    return _onto_dips(out, rms, hop_ms, onset_ms)


def _onto_dips(words: list[WordTiming], rms: np.ndarray, hop_ms: int, onset_ms: int) -> list[WordTiming]:
    """Each word's start moved onto the quietest frame (3-frame mean) of its first ``onset_ms``,
    no further than its middle, and never before the previous word's start."""
    if onset_ms <= 0 or rms.size < 3:
        return words
    level = np.convolve(rms, np.ones(3) / 3, "same")
    out: list[WordTiming] = []
    for word in words:
        low = word.start_ms // hop_ms
        high = min(level.size, (word.start_ms + onset_ms) // hop_ms, (word.start_ms + word.end_ms) // 2 // hop_ms)
        if high - low >= 2:
            start = (low + int(np.argmin(level[low:high]))) * hop_ms
            if start > word.start_ms:
                word = dataclasses.replace(word, start_ms=start, end_ms=max(start, word.end_ms))
        out.append(word)
    return out


def _pauses(loud: np.ndarray, shortest: int) -> list[tuple[int, int]]:
    """``(start, end)`` frame ranges of quiet runs at least ``shortest`` long strictly inside ``loud``."""
    edges = np.flatnonzero(np.diff(np.concatenate(([1], loud.astype(np.int8), [1]))))
    runs = zip(edges[::2], edges[1::2])
    return [(int(a), int(b)) for a, b in runs if b - a >= shortest and a > 0 and b < len(loud)]


# Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar: written without spaces between words,
# compared character by character.
_UNSPACED = re.compile(r"([\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                       r"\uac00-\ud7af\uf900-\ufaff])")


def normalized_words(text: str) -> list[str]:
    """The words of ``text`` as word error rates compare them: case-folded, punctuation and
    apostrophes dropped, each character a word in scripts written without spaces."""
    kept = "".join(" " if unicodedata.category(c)[0] in "PSZ" and c != "'" else c for c in text.casefold())
    return _UNSPACED.sub(r" \1 ", kept.replace("'", "")).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference``: (substitutions + deletions +
    insertions) / reference words, after case folding and dropping punctuation; scripts
    written without spaces count characters. An empty reference gives 0 for an empty
    hypothesis and 1 otherwise."""
    ref, hyp = normalized_words(reference), normalized_words(hypothesis)
    if not ref:
        return float(bool(hyp))
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, heard in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != heard))
    return row[-1] / len(ref)
