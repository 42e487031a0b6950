"""Speech from Piper neural voices (``piper-tts`` over onnxruntime), timed by the voice itself.

A Piper voice is a VITS model: it predicts how many spectrogram frames each phoneme lasts,
then renders exactly that many frames of audio (256 samples each). Those durations are the
timings of the audio you hear, so they are read out of the model (its ``Ceil`` tensor is
added to the outputs when the model is loaded, see ``_onnx_graph``) instead of being guessed:

- phoneme timings are the model's own, grouped into phones (a letter with its length marks
  and diacritics; a stress mark belongs to the phone after it), in IPA;
- word timings come from the phonemes too. Piper phonemizes the whole text with espeak-ng,
  which expands numbers and abbreviations ("$25" is three spoken words), so each written
  word is phonemized alone as well and the two phoneme streams are aligned word by word
  (``difflib``); a written word spans the spoken words matched to it.

Durations are taken at the duration predictor's mean (Piper's ``noise_w`` at 0 instead of the
voice's sampled 0.8): the same text then always takes the same time and gets the same word
timings (M2V measures a script by speaking it, and two renders of one request line up), while
the sound itself keeps the voice's own variation (``noise_scale``).

``duration_ms`` tells how long a text will take without rendering it: it runs a copy of the
model cut down to the duration predictor (about a tenth of the work), for M2V, which fits a
script to a length by measuring candidates.

Models load once per process (``load_piper``) and are shared by every job: a session runs
calls from several threads at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from shopreel.errors import ShopReelError
from shopreel.media.speech.assemble import cut_to, trim_silence
from shopreel.media.speech._onnx_graph import OnnxGraphError, expose_op_output, graph_inputs, only_output, op_output
from shopreel.media.speech.script import PAD_MS, speak_script, split_breaks
from shopreel.media.speech.types import PhonemeTiming, Speech, VoiceSpec, WordTiming, check_speed
from shopreel.media.speech.words import share_span, word_spans

__all__ = ["PiperTts", "PiperVoiceError", "PiperVoiceInfo", "inspect_piper_voice", "load_piper"]

log = logging.getLogger("shopreel.speech")

#: espeak-ng's normal rate: ``VoiceSpec.rate_wpm`` relative to it sets Piper's length scale.
_NORMAL_RATE_WPM = 175
#: Phoneme alphabets this server can time and speak offline. Piper's others need packages
#: (Japanese: pyopenjtalk, Thai: tltk) or a model download at first use (Chinese: g2pW).
_OFFLINE_PHONEME_TYPES = ("espeak", "text")
_STRESS = "ˈˌ"
_BOS, _EOS, _PAD = "^", "$", "_"
#: ``<lang>_<REGION>-<name>-<quality>``, the naming of Piper's published voices.
_PIPER_NAME = re.compile(r"(?P<language>[a-z]{2,3}(?:_[A-Z]{2})?)-(?P<name>.+)-(?P<quality>x_low|low|medium|high)")


class PiperVoiceError(ShopReelError):
    """A Piper voice that cannot be used: files missing, broken, or not a pair."""


@dataclasses.dataclass(frozen=True)
class PiperVoiceInfo:
    """What a Piper voice's files say about it, checked by ``inspect_piper_voice``.

    ``language`` is Piper's code (``"en_US"``, ``"de"``); ``quality`` one of ``x_low``,
    ``low``, ``medium``, ``high`` when known; ``config`` the whole ``.onnx.json``.
    """

    model_path: Path
    config_path: Path
    language: str
    quality: str | None
    sample_rate: int
    espeak_voice: str
    phoneme_type: str
    num_speakers: int
    dataset: str | None
    config: dict[str, Any] = dataclasses.field(repr=False, compare=False)


def inspect_piper_voice(model_path: str | Path) -> PiperVoiceInfo:
    """Check a Piper voice's ``.onnx`` and ``.onnx.json`` without loading the model.

    Reads the config, checks it names an offline phoneme alphabet, a sample rate and a
    phoneme table that fits its symbol count, walks the model's protobuf (a truncated or
    foreign file fails here) for the duration tensor and the speaker input, and compares
    the language and quality in a Piper-style file name with the config's.

    Raises
    ------
    PiperVoiceError
        With the file and what is wrong, in words an operator can act on.
    """
    path = Path(model_path)
    config_path = Path(f"{path}.json")
    if not path.is_file():
        raise PiperVoiceError(f"{path}: no such Piper model file")
    if not config_path.is_file():
        raise PiperVoiceError(f"{path}: its config {config_path.name} is missing (Piper voices come as a pair)")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        info = _info(path, config_path, config)
    except (ValueError, KeyError, TypeError) as exc:
        raise PiperVoiceError(f"{config_path}: not a Piper voice config ({exc})") from exc
    try:
        model = path.read_bytes()
        op_output(model, "Ceil")  # the phoneme durations the timings come from
        inputs = graph_inputs(model)
    except OnnxGraphError as exc:
        raise PiperVoiceError(f"{path}: not a usable Piper model ({exc})") from exc
    if (info.num_speakers > 1) != ("sid" in inputs):
        raise PiperVoiceError(f"{path}: its config says {info.num_speakers} speaker(s) but the model "
                              f"{'does not take' if 'sid' not in inputs else 'takes'} a speaker id: "
                              "the .onnx.json belongs to another model")
    named = _PIPER_NAME.fullmatch(path.name.removesuffix(".onnx"))
    if named and named["language"] != info.language:
        raise PiperVoiceError(f"{path}: the file name says language {named['language']} but its config says "
                              f"{info.language}: the .onnx.json belongs to another model")
    if named and info.quality and named["quality"] != info.quality:
        raise PiperVoiceError(f"{path}: the file name says quality {named['quality']} but its config says "
                              f"{info.quality}: the .onnx.json belongs to another model")
    return info


def _info(path: Path, config_path: Path, config: dict[str, Any]) -> PiperVoiceInfo:
    phoneme_type = str(config.get("phoneme_type", "espeak"))
    if phoneme_type not in _OFFLINE_PHONEME_TYPES:
        raise ValueError(f"phoneme_type {phoneme_type!r} is not supported offline; "
                         f"supported: {', '.join(_OFFLINE_PHONEME_TYPES)}")
    sample_rate = int(config["audio"]["sample_rate"])
    if not 8000 <= sample_rate <= 48000:
        raise ValueError(f"audio.sample_rate {sample_rate} is not a speech sample rate")
    id_map = config["phoneme_id_map"]
    num_symbols = int(config["num_symbols"])
    highest = max(max(ids) for ids in id_map.values())
    if highest >= num_symbols:
        raise ValueError(f"phoneme_id_map uses id {highest} but num_symbols is {num_symbols}")
    language = (config.get("language") or {}).get("code") or config["espeak"]["voice"]
    return PiperVoiceInfo(
        model_path=path, config_path=config_path, language=str(language),
        quality=(config.get("audio") or {}).get("quality"), sample_rate=sample_rate,
        espeak_voice=str(config["espeak"]["voice"]), phoneme_type=phoneme_type,
        num_speakers=int(config.get("num_speakers", 1)), dataset=config.get("dataset"), config=config,
    )


class PiperTts:
    """A ``Tts`` over one Piper voice (``.onnx`` beside its ``.onnx.json``).

    ``VoiceSpec`` contributes only its rate, as Piper's length scale relative to espeak-ng's
    normal 175 words/min; the model fixes speaker, pitch and language. Use ``load_piper`` to
    share one loaded model per process.

    Parameters
    ----------
    model_path : str or Path
        The ``.onnx`` file; its config is the same path plus ``.json``.
    threads : int
        onnxruntime threads per synthesis call. One keeps two jobs on two cores from
        fighting over them.
    """

    def __init__(self, model_path: str | Path, *, threads: int = 1) -> None:
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as exc:
            raise ImportError("PiperTts needs the piper-tts package: pip install piper-tts") from exc
        self.info = inspect_piper_voice(model_path)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        patched, _ = expose_op_output(self.info.model_path.read_bytes(), "Ceil")
        try:
            session = onnxruntime.InferenceSession(patched, sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise PiperVoiceError(f"{self.info.model_path}: onnxruntime cannot load it ({exc})") from exc
        self._voice: Any = PiperVoice(config=PiperConfig.from_dict(self.info.config), session=session)
        self._options = options
        self._durations: Any = None
        self._durations_lock = threading.Lock()

    @property
    def sample_rate(self) -> int:
        return self.info.sample_rate

    def synthesize(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> Speech:
        # Pieces come cut at their first and last sound by the model's durations: the same
        # length on every run, where an amplitude threshold would move with the sound's noise.
        return speak_script(text, voice=voice, speed=speed, render=self._render_piece, trim=_as_cut)

    def duration_ms(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> int:
        """How long ``synthesize`` speaks ``text``: pads and breaks plus each piece from its first
        sound to its last, by the model's own durations (what trimming keeps, give or take the
        quietest edge of a sound)."""
        check_speed(speed)
        total = 2 * PAD_MS
        for part in split_breaks(text):
            if isinstance(part, int):
                total += part
            elif word_spans(part):
                spoken = _spoken_words(self._piece_durations(part, voice, speed))
                if spoken:
                    total += _ms(spoken[-1][2] - spoken[0][1], self.sample_rate)
        return total

    def _piece_durations(self, text: str, voice: VoiceSpec, speed: float) -> list[tuple[str, int, int]]:
        import onnxruntime

        with self._durations_lock:
            if self._durations is None:
                model = self.info.model_path.read_bytes()
                self._durations = onnxruntime.InferenceSession(only_output(model, op_output(model, "Ceil")),
                                                               sess_options=self._options,
                                                               providers=["CPUExecutionProvider"])
        config = self._voice.config
        scales = np.array([config.noise_scale, self._length_scale(voice, speed), 0.0], np.float32)
        symbols: list[tuple[str, int, int]] = []
        offset = 0
        for phonemes in self._voice.phonemize(text):
            ids = self._voice.phonemes_to_ids(phonemes)
            feed = {"input": np.array([ids], np.int64), "input_lengths": np.array([len(ids)], np.int64), "scales": scales}
            if config.num_speakers > 1:
                feed["sid"] = np.array([config.default_speaker_id], np.int64)
            samples = (self._durations.run(None, feed)[0].reshape(-1) * config.hop_length).astype(np.int64)
            symbols += [(symbol, start + offset, end + offset)
                        for symbol, start, end in _timed_symbols(phonemes, samples, config.phoneme_id_map)]
            offset += int(samples.sum())
        return symbols

    def _length_scale(self, voice: VoiceSpec, speed: float) -> float:
        return self._voice.config.length_scale * _NORMAL_RATE_WPM / (voice.rate_wpm * speed)

    def _render_piece(self, text: str, voice: VoiceSpec, speed: float) -> Speech:
        from piper import SynthesisConfig

        config = self._voice.config
        settings = SynthesisConfig(length_scale=self._length_scale(voice, speed), noise_w_scale=0.0)
        audio: list[np.ndarray] = []
        symbols: list[tuple[str, int, int]] = []
        offset = 0
        for chunk in self._voice.synthesize(text, syn_config=settings, include_alignments=True):
            if chunk.phoneme_id_samples is None:
                raise PiperVoiceError(f"{self.info.model_path}: the model reported no phoneme durations")
            timed = _timed_symbols(chunk.phonemes, chunk.phoneme_id_samples, config.phoneme_id_map)
            symbols.extend((symbol, start + offset, end + offset) for symbol, start, end in timed)
            audio.append(chunk.audio_float_array)
            offset += chunk.audio_float_array.shape[0]
        samples = np.concatenate(audio) if audio else np.zeros(0, np.float32)
        rate = config.sample_rate
        spoken = _spoken_words(symbols)
        words = _word_timings(text, spoken, self._phoneme_words, n_samples=offset, sample_rate=rate)
        phonemes = tuple(PhonemeTiming(name, _ms(start, rate), _ms(end, rate)) for name, start, end in _phones(symbols))
        speech = Speech(audio=samples.astype(np.float32), sample_rate=rate, words=words, phonemes=phonemes)
        if not spoken:
            return trim_silence(speech)
        return cut_to(speech, spoken[0][1], min(spoken[-1][2], offset))

    def _phoneme_words(self, word: str) -> list[str]:
        """The spoken words (stress-free phoneme strings) one written word is read as alone."""
        symbols = [symbol for sentence in self._voice.phonemize(word) for symbol in sentence]
        return [key for key, _, _ in _spoken_words([(symbol, 0, 0) for symbol in symbols])]


def _as_cut(speech: Speech) -> Speech:
    """``speak_script``'s trim for pieces ``_render_piece`` already cut."""
    return speech


def _timed_symbols(phonemes: Sequence[str], id_samples: np.ndarray, id_map: dict[str, Sequence[int]]) -> list[tuple[str, int, int]]:
    """Each phoneme symbol with its sample span, from the model's samples per phoneme id.

    Mirrors ``piper.phoneme_ids.phonemes_to_ids``: BOS and a pad, then every symbol the map
    knows followed by a pad (whose samples count for it), then EOS; unknown symbols were
    dropped there and are dropped here.
    """
    pad = len(id_map.get(_PAD, ()))
    position = len(id_map.get(_BOS, ())) + pad
    cursor = int(id_samples[:position].sum())
    timed = []
    for symbol in phonemes:
        if symbol not in id_map:
            continue
        width = len(id_map[symbol]) + pad
        samples = int(id_samples[position : position + width].sum())
        timed.append((symbol, cursor, cursor + samples))
        position += width
        cursor += samples
    if position + len(id_map.get(_EOS, ())) != len(id_samples):
        raise PiperVoiceError("the model's durations do not match its phoneme ids")
    return timed


def _is_gap(symbol: str) -> bool:
    """Spaces and punctuation: pauses, not sounds."""
    return unicodedata.category(symbol[0])[0] in "PZ"


def _spoken_words(symbols: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Runs of sounds between spaces and punctuation: ``(phonemes without stress, start, end)``."""
    words: list[tuple[str, int, int]] = []
    current: list[tuple[str, int, int]] = []
    for item in [*symbols, (" ", 0, 0)]:
        if not _is_gap(item[0]):
            current.append(item)
            continue
        key = "".join(symbol for symbol, _, _ in current if symbol not in _STRESS)
        if key:
            words.append((key, current[0][1], current[-1][2]))
        current = []
    return words


def _phones(symbols: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Symbols grouped into phones: a letter with the marks after it (length, aspiration,
    diacritics, tone digits); a stress mark's time goes to the phone after it."""
    phones: list[list[Any]] = []
    pending_start: int | None = None
    for symbol, start, end in symbols:
        category = unicodedata.category(symbol[0])
        if _is_gap(symbol):
            pending_start = None
        elif symbol in _STRESS:
            pending_start = start if pending_start is None else pending_start
        elif category[0] == "L" and category != "Lm":
            phones.append([symbol, start if pending_start is None else pending_start, end])
            pending_start = None
        elif phones and phones[-1][2] == start:
            phones[-1][0] += symbol
            phones[-1][2] = end
    return [(name, start, end) for name, start, end in phones]


def _word_timings(
    text: str,
    spoken: Sequence[tuple[str, int, int]],
    read_alone: Callable[[str], list[str]],
    *,
    n_samples: int,
    sample_rate: int,
) -> tuple[WordTiming, ...]:
    """Time every written word of ``text`` by the spoken words aligned to it.

    ``read_alone(word)`` gives the phoneme strings a written word is read as on its own;
    the concatenation of those is aligned to ``spoken`` (the phonemes of the whole text, as
    voiced), matching equal strings and sharing out the rest in order. A written word with
    no spoken word of its own shares the time of the word before it (or after it, for the
    first), split by letter count, as ``words.align_words`` does.
    """
    spans = word_spans(text)
    owners: list[int] = []
    keys: list[str] = []
    for index, (left, right) in enumerate(spans):
        for key in read_alone(text[left:right]):
            owners.append(index)
            keys.append(key)
    owned: list[list[int]] = [[] for _ in spans]
    matcher = difflib.SequenceMatcher(None, keys, [key for key, _, _ in spoken], autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if i2 > i1:
                owned[owners[i1 + (j - j1) * (i2 - i1) // (j2 - j1)]].append(j)
            elif owners:
                owned[owners[max(i1 - 1, 0)]].append(j)
    times = [(spoken[groups[0]][1], spoken[groups[-1]][2]) if groups else None for groups in owned]
    sharing: list[list[int]] = []  # each timed word with the untimed ones after it (before it, at the start)
    for index, when in enumerate(times):
        joins = bool(sharing) and (when is None or all(times[k] is None for k in sharing[-1]))
        if joins:
            sharing[-1].append(index)
        else:
            sharing.append([index])
    timings: list[WordTiming] = []
    for members in sharing:
        start, end = next((times[k] for k in members if times[k] is not None), (0, n_samples))
        timings.extend(share_span(text, [spans[k] for k in members], start, end, sample_rate))
    return tuple(timings)


def _ms(sample: int, sample_rate: int) -> int:
    return round(sample * 1000 / sample_rate)


_CACHE: dict[Path, PiperTts] = {}
_CACHE_LOCK = threading.Lock()


def load_piper(model_path: str | Path) -> PiperTts:
    """The process's one ``PiperTts`` for ``model_path``, loaded on first use.

    Loading reads and patches the model and starts an onnxruntime session (for a medium
    voice 1.5-5 s and about 150 MB, 220 MB once it has spoken); every later call, from any
    thread, gets the same object.

    Raises
    ------
    PiperVoiceError
        The voice's files are missing or broken.
    """
    path = Path(model_path).absolute()
    with _CACHE_LOCK:
        cached = _CACHE.get(path)
        if cached is None:
            began = time.perf_counter()
            cached = _CACHE[path] = PiperTts(path)
            log.info("loaded Piper voice %s in %.2f s", path, time.perf_counter() - began)
        return cached
