"""The ``diffusers`` image editor: Replace Product Image and AnyShoot refined by a diffusion model.

Any image-to-image pipeline of diffusers that a local folder holds (``save_pretrained``
layout) fits: InstructPix2Pix, Stable Diffusion / SDXL img2img, FLUX.1 Kontext,
Qwen-Image-Edit. The engine passes each only the arguments its ``__call__`` takes.

The classical compositor has already drawn the product where it belongs; the model redraws
light, shadows, hands and the scene around it. The product must come out looking like the
product, so every picture is measured against the composite inside ``keep``
(:func:`product_fidelity`): one the model changed too much fails the task with the figures,
and one that passes gets the product's own pixels back under its soft matte, so what the
buyer sees is exactly the product photo.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PIL import Image

from shopreel.engines import Alpha, Cancelled, EditRequest, EngineConfig, EngineError, Frame, Progress
from shopreel.engines.neural._pipeline import (
    accepted, call_pipeline, generator, load_pipeline, size_multiple, to_uint8,
)
from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_alpha, check_frame

__all__ = ["DiffusersEditor", "product_fidelity", "DEFAULT_PROMPT", "MAX_PRODUCT_ERROR", "MIN_PRODUCT_CORRELATION"]

DEFAULT_PROMPT = ("a professional product photo, photorealistic, natural soft light and shadows, "
                  "sharp focus, the product unchanged")
"""What the model is asked when the request has no prompt."""
MAX_PRODUCT_ERROR = 24.0
"""Largest mean colour difference (0–255 levels, per channel) the product may show after an edit."""
MIN_PRODUCT_CORRELATION = 0.8
"""Smallest correlation of the product's brightness pattern before and after an edit."""
_SURE = 0.9  # keep above this is the product itself, not its soft edge
_FLAT_LEVELS = 2.0  # a brightness spread below this many levels is a plain, untextured surface


def product_fidelity(before: Frame, after: Frame, keep: Alpha) -> tuple[float, float]:
    """How well ``after`` still shows the product that ``before`` shows inside ``keep``.

    Parameters
    ----------
    before, after : uint8 (H, W, 3)
        The composite given to the model and the picture it returned, the same size.
    keep : float (H, W) in [0, 1]
        Where the product is; pixels above 0.9 are measured (its soft edge is not).

    Returns
    -------
    (error, correlation) : (float, float)
        ``error``: mean absolute difference over those pixels and the three channels, in
        levels (0 the same, 255 black for white). ``correlation``: Pearson correlation of
        their brightness (BT.601 luma), 1 for the same pattern, 0 for an unrelated one.
        No product pixel at all gives ``(0.0, 1.0)``.

    Raises
    ------
    InvalidInput
        A picture is not ``uint8 (H, W, 3)``, or the three are not the same size.

    Notes
    -----
    The error catches a recoloured product; the correlation catches one redrawn with the
    same average colour (a new label, text that became squiggles), which the error alone
    misses. A plain product has no brightness pattern to correlate: it scores 1 when it
    stays plain (spread under 2 levels) and 0 when the model drew texture on it.
    """
    check_frame(before, "before")
    check_frame(after, "after")
    if after.shape != before.shape:
        raise InvalidInput(f"after is {after.shape[1]}x{after.shape[0]} but before is "
                          f"{before.shape[1]}x{before.shape[0]}")
    check_alpha(keep, "keep", shape=before.shape[:2], against="before")
    sure = keep > _SURE
    if not sure.any():
        return 0.0, 1.0
    old, new = before[sure].astype(np.float32), after[sure].astype(np.float32)
    error = float(np.abs(new - old).mean())
    luma = np.array([0.299, 0.587, 0.114], np.float32)
    old_y, new_y = old @ luma, new @ luma
    old_spread, new_spread = float(old_y.std()), float(new_y.std())
    if old_spread < _FLAT_LEVELS:
        return error, 1.0 if new_spread < _FLAT_LEVELS else 0.0
    if new_spread < 1e-6:
        return error, 0.0
    return error, float(np.corrcoef(old_y, new_y)[0, 1])


class DiffusersEditor:
    """Product replace and scene composite by a local diffusers image-to-image pipeline.

    Parameters
    ----------
    config : EngineConfig
        ``weights``: the pipeline's folder. ``options`` (all optional): ``max_side_px``
        (1024; the long side the model works at, the picture is scaled back after),
        ``max_product_error`` and ``min_product_correlation`` (the fidelity thresholds,
        :data:`MAX_PRODUCT_ERROR` and :data:`MIN_PRODUCT_CORRELATION`), ``paste_product``
        (True), and any argument of the pipeline's ``__call__`` (``guidance_scale``,
        ``image_guidance_scale``, ...), passed as it is.

    Raises
    ------
    EngineError
        At construction: torch or diffusers is missing (``pip install 'shopreel[gpu]'``), the
        folder is missing or is no diffusers folder, or its pipeline takes no ``image`` or
        makes video (takes ``num_frames``).
    """

    name = "diffusers"
    batches = False  # one model on one device: a task at a time per process

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self._pipe = load_pipeline(config, needs=("image",), refuses=("num_frames",), purpose="image editing")
        options = dict(config.options)
        self._max_side = int(options.pop("max_side_px", 1024))
        self._max_error = float(options.pop("max_product_error", MAX_PRODUCT_ERROR))
        self._min_correlation = float(options.pop("min_product_correlation", MIN_PRODUCT_CORRELATION))
        self._paste = bool(options.pop("paste_product", True))
        self._steps = options.pop("steps", None)
        self._extra = options

    def edit(self, request: EditRequest, *, progress: Progress, cancelled: Cancelled) -> list[Frame]:
        """``request.count`` edits of the composite, each checked to still show the product.

        Raises
        ------
        EngineError
            An edit changed the product beyond the thresholds (the message gives its figures).
        RenderCancelled
            ``cancelled()`` turned true between denoising steps.
        """
        check_frame(request.image, "image")
        check_alpha(request.keep, "keep", shape=request.image.shape[:2], against="image")
        if request.count < 1:
            raise EngineError(f"count must be at least 1, got {request.count}")
        height, width = request.image.shape[:2]
        work_w, work_h = self._work_size(width, height)
        picture = Image.fromarray(cv2.resize(request.image, (work_w, work_h), interpolation=cv2.INTER_AREA))
        steps = int(self._steps or request.steps)
        batched = "num_images_per_prompt" in accepted(self._pipe)
        runs = 1 if batched else request.count
        pictures: list[Frame] = []
        for run in range(runs):
            def step(done: float, run: int = run) -> None:
                progress((run + done) / runs)

            kwargs: dict[str, Any] = dict(
                self._extra, prompt=request.prompt.strip() or DEFAULT_PROMPT, negative_prompt=request.negative_prompt,
                image=picture, num_inference_steps=steps, strength=request.strength,
                num_images_per_prompt=request.count if batched else 1, height=work_h, width=work_w,
                generator=generator(self._pipe, request.seed + run), output_type="np",
            )
            output = call_pipeline(self._pipe, kwargs, steps=steps, progress=step, cancelled=cancelled)
            images = to_uint8(output.images)
            pictures.extend(images.reshape(-1, *images.shape[-3:]))
        progress(1.0)
        return [self._checked(request, picture, index) for index, picture in enumerate(pictures[:request.count])]

    def _work_size(self, width: int, height: int) -> tuple[int, int]:
        multiple = size_multiple(self._pipe)
        scale = min(1.0, self._max_side / max(width, height))
        return (max(multiple, round(width * scale / multiple) * multiple),
                max(multiple, round(height * scale / multiple) * multiple))

    def _checked(self, request: EditRequest, picture: Frame, index: int) -> Frame:
        height, width = request.image.shape[:2]
        if picture.shape[:2] != (height, width):
            picture = cv2.resize(picture, (width, height), interpolation=cv2.INTER_CUBIC)
        error, correlation = product_fidelity(request.image, picture, request.keep)
        if error > self._max_error or correlation < self._min_correlation:
            raise EngineError(
                f"the edit changed the product: picture {index + 1} differs from it by {error:.1f} colour levels "
                f"on average (at most {self._max_error:g} allowed) and its pattern correlates {correlation:.2f} "
                f"with the product's (at least {self._min_correlation:g} needed); try a lower strength or the "
                "classical engine"
            )
        if not self._paste:
            return picture
        keep = request.keep.astype(np.float32)[..., None]
        blended = keep * request.image.astype(np.float32) + (1.0 - keep) * picture.astype(np.float32)
        return (blended + 0.5).astype(np.uint8)
