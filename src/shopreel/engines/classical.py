"""The classical engines: ShopReel's own computer vision behind the engine interfaces.

They are the defaults and change nothing about what ShopReel made before engines were
chosen by settings: each is a thin wrapper over the function the jobs called directly.
They hold no model and share nothing between calls, so they run concurrently
(``batches = True``: the registry gives them no one-at-a-time slot).
"""

from __future__ import annotations

from pathlib import Path

from shopreel.engines import (
    AnimateRequest, Cancelled, EditRequest, EngineConfig, EngineError, Frame, Alpha, Progress,
)

__all__ = ["ClassicalEditor", "ClassicalAnimator", "ClassicalMatter", "OnnxMatter", "BuiltIn"]


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


class BuiltIn:
    """The classical engine of a capability whose subsystem chooses its own backends and
    has no engine interface here yet: ``tts`` (each catalog voice names espeak-ng or a
    Piper model: ``catalog.voices.tts_for``), ``asr`` (Whisper through faster-whisper:
    ``jobs.talking.recognizer_for``, ``SHOPREEL_ASR_MODEL_PATH``) and ``talking_head``
    (``media/avatar``: the presenter rig, talking photos and videos). The jobs call those
    directly; the registry knows this entry so the setting and the queue exist, and refuses
    any other engine name for these capabilities until an interface is defined."""

    name = "classical"
    batches = True

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
