"""The ``diffusers`` image animator: Common Task image2video and Product Avatar image2Video by a
local image-to-video diffusion pipeline.

Any diffusers pipeline that takes an ``image`` and a ``num_frames`` fits: Stable Video
Diffusion, Wan 2.x I2V, LTX-Video, CogVideoX I2V, HunyuanVideo I2V. The engine passes each
only the arguments its ``__call__`` takes.

=====  ==========  =====
mode   short side  steps
=====  ==========  =====
lite   480 px      20
pro    720 px      30
plus   720 px      40
best   1080 px     50
=====  ==========  =====

The long side follows the picture's aspect ratio, clamped to 2:1 as the classical engine
does; both sides are rounded to a multiple of the pipeline's size step
(:func:`~shopreel.engines.neural._pipeline.size_multiple`) and the picture is cover-fitted.
The clip plays at the model's own frame rate (what it was trained at; ``options["fps"]``)
and has exactly ``round(duration_s * fps)`` frames, so it lasts ``duration_s``. A model
makes at most so many frames in one call (``options["max_frames"]``; SVD's UNet says, the
others by class); a longer clip is generated at that count and stretched in time to the
requested one by blending neighbouring frames: slower motion rather than a second call
that would drift from the picture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from shopreel.engines import AnimateRequest, Cancelled, EngineConfig, EngineError, Frame, Progress
from shopreel.engines.neural._pipeline import (
    call_pipeline, generator, load_pipeline, resize_cover, size_multiple, to_uint8,
)
from shopreel.media.image.checks import check_frame
from shopreel.media.motion import frame_count
from shopreel.media.video.pipeline import encode_frames

__all__ = ["DiffusersAnimator", "MODES", "DEFAULT_PROMPT", "clip_size", "stretch_in_time"]

DEFAULT_PROMPT = "the product in gentle, natural motion, steady camera, photorealistic"
"""What the model is asked when the request has no prompt (models that take one)."""


@dataclass(frozen=True)
class Mode:
    """One quality mode: the clip's short side in pixels and the denoising steps."""

    short_side_px: int
    steps: int


MODES: dict[str, Mode] = {
    "lite": Mode(480, 20),
    "pro": Mode(720, 30),
    "plus": Mode(720, 40),
    "best": Mode(1080, 50),
}
"""TopView's image-to-video modes for a diffusion model; see the module docstring."""

# The frame rate each model family was trained at, and the most frames it makes in one call.
_FPS = {"StableVideoDiffusionPipeline": 7, "WanImageToVideoPipeline": 16, "LTXImageToVideoPipeline": 24,
        "LTXConditionPipeline": 24, "CogVideoXImageToVideoPipeline": 8, "HunyuanVideoImageToVideoPipeline": 24}
_MAX_FRAMES = {"WanImageToVideoPipeline": 81, "LTXImageToVideoPipeline": 161, "LTXConditionPipeline": 161,
               "CogVideoXImageToVideoPipeline": 49, "HunyuanVideoImageToVideoPipeline": 129}
_DEFAULT_FPS, _DEFAULT_MAX_FRAMES = 16, 49
_MAX_ASPECT = 2.0
_DENOISE_SHARE = 0.9  # of the progress; encoding is the rest


def clip_size(image_width: int, image_height: int, *, short_side_px: int, multiple: int) -> tuple[int, int]:
    """``(width, height)`` of the clip: the short side ``short_side_px``, the aspect ratio the
    picture's (at most 2:1), both sides rounded to ``multiple``."""
    aspect = min(max(image_width / image_height, 1 / _MAX_ASPECT), _MAX_ASPECT)
    short = max(multiple, round(short_side_px / multiple) * multiple)
    long = max(multiple, round(short_side_px * max(aspect, 1 / aspect) / multiple) * multiple)
    return (long, short) if aspect >= 1 else (short, long)


def stretch_in_time(frames: np.ndarray, n_frames: int) -> Iterator[Frame]:
    """``n_frames`` frames spread evenly over ``frames`` (F, H, W, 3), the first and last kept,
    each in between a linear blend of its two nearest; the same frames when the counts match."""
    count = len(frames)
    if count == n_frames or count == 1:
        yield from (frames[min(index, count - 1)] for index in range(n_frames))
        return
    for index in range(n_frames):
        position = index * (count - 1) / max(1, n_frames - 1)
        low = int(position)
        high, weight = min(low + 1, count - 1), position - low
        if weight < 1e-6:
            yield frames[low]
        else:
            mix = (1.0 - weight) * frames[low].astype(np.float32) + weight * frames[high].astype(np.float32)
            yield (mix + 0.5).astype(np.uint8)


class DiffusersAnimator:
    """Image to video by a local diffusers image-to-video pipeline.

    Parameters
    ----------
    config : EngineConfig
        ``weights``: the pipeline's folder. ``options`` (all optional): ``fps`` and
        ``max_frames`` (the model's, see the module docstring), ``short_side_px`` and
        ``steps`` (override every mode's), ``decode_chunk_size`` (8), and any argument of
        the pipeline's ``__call__`` (``guidance_scale``, ``motion_bucket_id``, ...) passed
        as it is.

    Raises
    ------
    EngineError
        At construction: torch or diffusers is missing (``pip install 'shopreel[gpu]'``), the
        folder is missing or is no diffusers folder, or its pipeline takes no ``image`` or no
        ``num_frames`` (not an image-to-video model).
    """

    name = "diffusers"
    batches = False  # one model on one device: a task at a time per process

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self._pipe = load_pipeline(config, needs=("image", "num_frames"), purpose="image to video")
        kind = type(self._pipe).__name__
        options = dict(config.options)
        self.fps = float(options.pop("fps", _FPS.get(kind, _DEFAULT_FPS)))
        unet_frames = getattr(getattr(getattr(self._pipe, "unet", None), "config", None), "num_frames", None)
        self.max_frames = int(options.pop("max_frames", unet_frames or _MAX_FRAMES.get(kind, _DEFAULT_MAX_FRAMES)))
        self._short_side = options.pop("short_side_px", None)
        self._steps = options.pop("steps", None)
        self._extra = {"decode_chunk_size": 8} | options
        if self.fps <= 0 or self.max_frames < 1:
            raise EngineError(f"fps and max_frames must be positive, got {self.fps} and {self.max_frames}")

    def animate(self, request: AnimateRequest, path: Path, *, progress: Progress,
                cancelled: Cancelled) -> tuple[int, int, int]:
        """Animate ``request.image`` and encode the clip (H.264, no audio) to ``path``.

        Returns
        -------
        (width, height, frames)
            Of the written clip; ``frames / fps`` is ``request.duration_s``.

        Raises
        ------
        EngineError
            An unknown ``mode`` or a duration that is not positive.
        RenderCancelled
            ``cancelled()`` turned true between denoising steps or frames; no file is left.
        """
        check_frame(request.image, "image")
        if request.mode not in MODES:
            raise EngineError(f"mode must be one of {sorted(MODES)}, got {request.mode!r}")
        if not request.duration_s > 0:
            raise EngineError(f"duration_s must be positive, got {request.duration_s!r}")
        mode = MODES[request.mode]
        width, height = clip_size(request.image.shape[1], request.image.shape[0],
                                  short_side_px=int(self._short_side or mode.short_side_px),
                                  multiple=size_multiple(self._pipe))
        steps = int(self._steps or mode.steps)
        n_frames = frame_count(request.duration_s, self.fps)
        picture = Image.fromarray(resize_cover(request.image, width=width, height=height))
        kwargs: dict[str, Any] = dict(
            self._extra, image=picture, prompt=request.prompt or DEFAULT_PROMPT, negative_prompt=request.negative_prompt,
            height=height, width=width, num_frames=self._native_frames(n_frames), num_inference_steps=steps,
            fps=round(self.fps), num_videos_per_prompt=1, generator=generator(self._pipe, request.seed + request.variant),
            output_type="np",
        )
        output = call_pipeline(self._pipe, kwargs, steps=steps, cancelled=cancelled,
                               progress=lambda done: progress(_DENOISE_SHARE * done))
        frames = to_uint8(output.frames[0])
        if frames.shape[1:3] != (height, width):
            frames = np.stack([resize_cover(frame, width=width, height=height) for frame in frames])
        written = encode_frames(
            stretch_in_time(frames, n_frames), n_frames=n_frames, width=width, height=height, fps=self.fps,
            path=path, cancelled=cancelled,
            progress=lambda done: progress(_DENOISE_SHARE + (1 - _DENOISE_SHARE) * done),
        )
        return width, height, written

    def _native_frames(self, n_frames: int) -> int:
        """Frames to ask the model for: the clip's, at most ``max_frames``, on the VAE's
        temporal grid (``k * t + 1`` frames for a VAE that packs ``t`` frames per latent)."""
        wanted = min(n_frames, self.max_frames)
        step = next((int(value) for name in ("vae_scale_factor_temporal", "vae_temporal_compression_ratio")
                     if isinstance(value := getattr(self._pipe, name, None), int) and value > 1), 1)
        return wanted if step == 1 else max(1, (wanted - 1) // step * step + 1)
