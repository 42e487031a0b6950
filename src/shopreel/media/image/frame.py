"""Fitting a picture into a video frame of another shape."""

from __future__ import annotations

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Frame

__all__ = ["fit_frame", "crop_to_aspect"]


def fit_frame(image: Frame, *, width: int, height: int, backdrop_blur_px: float = 24.0) -> Frame:
    """``image`` whole inside a ``width`` x ``height`` frame, over a dimmed, blurred copy of
    itself filling the rest (instead of black bars).

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or the size is not positive.
    """
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInput(f"image must be uint8 (H, W, 3), got {image.dtype} {image.shape}")
    if width < 1 or height < 1:
        raise InvalidInput(f"frame size must be positive, got {width}x{height}")
    src_h, src_w = image.shape[:2]
    if (src_w, src_h) == (width, height):
        return image.copy()
    cover = max(width / src_w, height / src_h)
    small = cv2.resize(image, (max(1, round(src_w * cover / 8)), max(1, round(src_h * cover / 8))),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), backdrop_blur_px / 8)
    backdrop = cv2.resize(small, (round(src_w * cover), round(src_h * cover)), interpolation=cv2.INTER_LINEAR)
    top, left = (backdrop.shape[0] - height) // 2, (backdrop.shape[1] - width) // 2
    out = (backdrop[top:top + height, left:left + width].astype(np.uint16) * 3 // 5).astype(np.uint8)
    scale = min(width / src_w, height / src_h)
    fg_w, fg_h = max(1, round(src_w * scale)), max(1, round(src_h * scale))
    fg = cv2.resize(image, (fg_w, fg_h), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    y, x = (height - fg_h) // 2, (width - fg_w) // 2
    out[y:y + fg_h, x:x + fg_w] = fg
    return out


def crop_to_aspect(image: Frame, *, width_to_height: float) -> Frame:
    """The largest centred part of ``image`` whose width / height is ``width_to_height``
    (a view, not a copy).

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or the ratio is not positive.
    """
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInput(f"image must be uint8 (H, W, 3), got {image.dtype} {image.shape}")
    if not width_to_height > 0:
        raise InvalidInput(f"width_to_height must be positive, got {width_to_height!r}")
    height, width = image.shape[:2]
    if width / height > width_to_height:
        keep = max(1, round(height * width_to_height))
        left = (width - keep) // 2
        return image[:, left:left + keep]
    keep = max(1, round(width / width_to_height))
    top = (height - keep) // 2
    return image[top:top + keep]
