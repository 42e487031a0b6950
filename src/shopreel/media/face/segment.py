"""Which pixels belong to a person (MediaPipe Selfie Segmentation)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from shopreel.media.face._graphs import run
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Alpha, Frame

__all__ = ["person_mask"]


def _read_mask(result: Any, height: int, width: int) -> Alpha:
    mask = np.asarray(result.segmentation_mask, dtype=np.float32)
    if mask.shape != (height, width):
        mask = cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)
    else:
        mask = mask.copy()  # MediaPipe's buffer is reused by its next call
    return np.clip(mask, 0.0, 1.0, out=mask)


def person_mask(image: Frame) -> Alpha:
    """How much each pixel of ``image`` belongs to a person.

    Parameters
    ----------
    image : Frame
        ``uint8 (H, W, 3)`` RGB.

    Returns
    -------
    Alpha
        ``float32 (H, W)`` in [0, 1], the size of ``image``, with soft edges (the model's
        confidence, upscaled).

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``.

    Notes
    -----
    MediaPipe Selfie Segmentation, general model (``model_selection=0``), which reads a
    256x256 copy of the image: edges are soft and coarse at large sizes (hair, fingers and
    thin held objects blur into the background), and it was trained on people within a few
    metres of the camera, so small or distant figures fade out. Objects a person holds are
    often counted as the person. Refine the edge with a matting step where it matters.
    """
    check_frame(image, "image")
    return run("selfie_segmentation", image, _read_mask, model_selection=0)
