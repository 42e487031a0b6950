"""Loading a diffusers pipeline from a local folder and calling it the same way whatever its class.

Shared by :mod:`~shopreel.engines.neural.diffusers_edit` and
:mod:`~shopreel.engines.neural.diffusers_video`. torch and diffusers are imported here,
inside the functions, so that importing ShopReel never needs the ``gpu`` extra (STYLE.md 11).
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from shopreel.engines import Cancelled, EngineConfig, EngineError, Frame, Progress
from shopreel.media.video.pipeline import RenderCancelled

__all__ = ["load_pipeline", "call_pipeline", "accepted", "device_and_dtype", "generator", "size_multiple", "to_uint8", "resize_cover"]

_INSTALL = "pip install 'shopreel[gpu]'"


def _torch() -> Any:
    try:
        import diffusers  # noqa: F401 - imported to fail here, with the install hint
        import torch
    except ImportError as exc:
        raise EngineError(f"the diffusers engines need torch and diffusers ({exc}): {_INSTALL}") from exc
    return torch


def _setting(config: EngineConfig) -> str:
    return f"SHOPREEL_ENGINE_{config.capability.value.upper()}_WEIGHTS"


def _pipeline_class(config: EngineConfig) -> type:
    """The pipeline class the weights folder's ``model_index.json`` names, before any weight is read."""
    setting = _setting(config)
    if config.weights is None:
        raise EngineError(f"the diffusers engine needs a local diffusers folder: set {setting}")
    folder = Path(config.weights)
    if not folder.exists():
        raise EngineError(f"{setting}: no such folder: {folder}")
    index = folder / "model_index.json"
    if not folder.is_dir() or not index.is_file():
        raise EngineError(f"{setting}: {folder} is not a diffusers pipeline folder (it has no model_index.json; "
                          "save one with pipeline.save_pretrained(folder))")
    try:
        name = json.loads(index.read_text())["_class_name"]
    except (ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"{setting}: {index} names no pipeline class (_class_name): {exc}") from exc
    import diffusers

    cls = getattr(diffusers, str(name), None)
    if not isinstance(cls, type):
        raise EngineError(f"{setting}: {folder} holds a {name}, which diffusers {diffusers.__version__} does not know")
    return cls


def device_and_dtype(config: EngineConfig) -> tuple[str, Any]:
    """``config.device`` and ``config.dtype`` resolved: auto is CUDA, then Apple's MPS, then the CPU;
    bfloat16 on a CUDA device that has it, else float16 there and on MPS, float32 on the CPU."""
    torch = _torch()
    device = config.device
    if device == "auto":
        if torch.cuda.is_available():
            device = "cuda"
        elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise EngineError(f"SHOPREEL_ENGINE_DEVICE={config.device}: torch {torch.__version__} sees no CUDA device")
    if config.dtype == "auto":
        if device.startswith("cuda"):
            dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        else:
            dtype = torch.float16 if device == "mps" else torch.float32
    else:
        dtype = getattr(torch, config.dtype, None)
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
            raise EngineError(f"SHOPREEL_ENGINE_DTYPE must be auto, float32, float16 or bfloat16, got {config.dtype!r}")
    return device, dtype


def load_pipeline(config: EngineConfig, *, needs: tuple[str, ...], refuses: tuple[str, ...] = (),
                  purpose: str) -> Any:
    """The pipeline in ``config.weights``, on its device, checked to take what the engine passes.

    Parameters
    ----------
    config : EngineConfig
        ``weights`` is the folder ``pipeline.save_pretrained`` wrote (``model_index.json``
        and one subfolder per component).
    needs : tuple of str
        Arguments the pipeline's ``__call__`` must take (``image``; ``num_frames`` for video).
    refuses : tuple of str
        Arguments it must not take (an image editor refuses ``num_frames``: that is a video model).
    purpose : str
        What the engine does, for the message ("image editing").

    Raises
    ------
    EngineError
        torch or diffusers is missing, the folder is missing or has no ``model_index.json``, its
        pipeline class is unknown or does not fit ``needs`` / ``refuses``, or loading fails.

    Notes
    -----
    The class is checked before any weight is read, so a wrong folder fails in milliseconds.
    ``HF_HUB_OFFLINE`` is set and ``local_files_only=True`` passed: nothing is ever downloaded.
    """
    _torch()
    cls = _pipeline_class(config)
    parameters = set(inspect.signature(cls.__call__).parameters)
    missing = [name for name in needs if name not in parameters]
    extra = [name for name in refuses if name in parameters]
    if missing or extra:
        why = f"takes no {', '.join(missing)}" if missing else f"takes {', '.join(extra)}"
        raise EngineError(f"{_setting(config)}: {config.weights} holds a {cls.__name__}, which {why}; "
                          f"{purpose} needs a pipeline that takes {', '.join(needs)}"
                          + (f" and not {', '.join(refuses)}" if refuses else ""))
    device, dtype = device_and_dtype(config)
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        pipe = cls.from_pretrained(str(config.weights), local_files_only=True, dtype=dtype)
        pipe.to(device)
    except (OSError, ValueError, RuntimeError, TypeError, KeyError) as exc:
        raise EngineError(f"{_setting(config)}: could not load the {cls.__name__} in {config.weights} "
                          f"on {device} ({dtype}): {exc}") from exc
    pipe.set_progress_bar_config(disable=True)
    return pipe


def accepted(pipe: Any) -> frozenset[str]:
    """The argument names the pipeline's ``__call__`` takes."""
    return frozenset(inspect.signature(pipe.__call__).parameters)


def size_multiple(pipe: Any) -> int:
    """What the picture's sides must be a multiple of: the VAE's spatial scale (times the
    transformer's patch where the pipeline says so), at least 16 (even for H.264, and what the
    patchified transformers of FLUX, Wan and Qwen-Image need)."""
    factors = [getattr(pipe, name, None) for name in
               ("vae_scale_factor", "vae_scale_factor_spatial", "vae_spatial_compression_ratio")]
    return max([16, *(int(f) for f in factors if isinstance(f, int | float) and f > 0)])


def call_pipeline(pipe: Any, kwargs: dict[str, Any], *, steps: int, progress: Progress,
                  cancelled: Cancelled) -> Any:
    """Run ``pipe(**kwargs)`` (only the arguments it takes), reporting each denoising step.

    Progress goes ``(step + 1) / steps`` with the steps the scheduler really runs (fewer than
    asked at a ``strength`` below 1), through ``callback_on_step_end`` or the older
    ``callback`` / ``callback_steps``. ``cancelled()`` is polled at each step; when it is
    true the pipeline is stopped by :class:`~shopreel.media.video.pipeline.RenderCancelled`,
    which the task runner records as a cancel.
    """
    names = accepted(pipe)

    def step_done(step: int) -> None:
        total = getattr(pipe, "num_timesteps", None) or steps
        progress(min(1.0, (step + 1) / max(1, int(total))))
        if cancelled():
            raise RenderCancelled(f"cancelled after denoising step {step + 1}")

    call = {key: value for key, value in kwargs.items() if key in names}
    if "callback_on_step_end" in names:
        def on_step_end(_pipe: Any, step: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            step_done(step)
            return tensors
        call["callback_on_step_end"] = on_step_end
    elif "callback" in names:
        call["callback"] = lambda step, _timestep, _latents: step_done(step)
        call["callback_steps"] = 1
    if cancelled():
        raise RenderCancelled("cancelled before the first denoising step")
    torch = _torch()
    with torch.inference_mode():
        return pipe(**call)


def generator(pipe: Any, seed: int) -> Any:
    """A torch generator seeded with ``seed`` on the pipeline's device (CPU for MPS, which has none)."""
    torch = _torch()
    device = str(getattr(pipe, "device", "cpu"))
    return torch.Generator(device="cpu" if device.startswith("mps") else device).manual_seed(int(seed))


def to_uint8(images: Any) -> np.ndarray:
    """A pipeline's ``output_type="np"`` pictures (float in [0, 1]; PIL images from older
    pipelines) as ``uint8 (..., H, W, 3)``."""
    if isinstance(images, list) and images and not isinstance(images[0], np.ndarray):
        images = np.stack([np.asarray(image.convert("RGB")) for image in images])
    array = np.asarray(images)
    if array.dtype == np.uint8:
        return array
    return (np.clip(array.astype(np.float32), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def resize_cover(image: Frame, *, width: int, height: int) -> Frame:
    """``image`` cropped to ``width / height`` about its centre, then resized to exactly that size."""
    src_h, src_w = image.shape[:2]
    scale = max(width / src_w, height / src_h)
    crop_w, crop_h = min(src_w, round(width / scale)), min(src_h, round(height / scale))
    left, top = (src_w - crop_w) // 2, (src_h - crop_h) // 2
    crop = image[top:top + crop_h, left:left + crop_w]
    shrinking = crop_w > width
    return cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC)

