"""Pictures scaled down for analysis: every measure here reads a small copy, never the full frame."""

from __future__ import annotations

import cv2
import numpy as np

from shopreel.media.types import Frame

__all__ = ["shrink"]


def shrink(image: Frame, *, long_side_px: int) -> Frame:
    """``image`` scaled (area filter) so its long side is at most ``long_side_px``; a copy, never enlarged."""
    height, width = image.shape[:2]
    scale = long_side_px / max(height, width)
    if scale >= 1.0:
        return image.copy()
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.ascontiguousarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))
