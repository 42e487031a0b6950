"""Input checks shared by the image engines: each names the culprit and what was expected."""

from __future__ import annotations

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Alpha, Frame

__all__ = ["check_frame", "check_alpha", "check_quad"]


def check_frame(image: Frame, name: str) -> None:
    """Raise unless ``image`` is a non-empty ``uint8 (H, W, 3)`` array."""
    if not isinstance(image, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {type(image).__name__}")
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInput(f"{name} must be uint8 (H, W, 3) RGB, got {image.dtype} {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise InvalidInput(f"{name} is empty: {image.shape}")


def check_alpha(alpha: Alpha, name: str, *, shape: tuple[int, int] | None = None, against: str = "") -> None:
    """Raise unless ``alpha`` is a 2-D float array, sized ``shape`` when one is given.

    ``against`` names the array ``shape`` came from, for the message.
    """
    if not isinstance(alpha, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {type(alpha).__name__}")
    if alpha.ndim != 2 or not np.issubdtype(alpha.dtype, np.floating):
        raise InvalidInput(f"{name} must be float (H, W) in [0, 1], got {alpha.dtype} {alpha.shape}")
    if shape is not None and alpha.shape != tuple(shape):
        raise InvalidInput(
            f"{name} is {alpha.shape[1]}x{alpha.shape[0]} but {against or 'the image'} is {shape[1]}x{shape[0]}"
        )


def check_quad(quad: np.ndarray, name: str) -> np.ndarray:
    """``quad`` as ``float32 (4, 2)`` (TL, TR, BR, BL in pixels); raise if it is not one or is degenerate."""
    points = np.asarray(quad, dtype=np.float32)
    if points.shape != (4, 2) or not np.isfinite(points).all():
        raise InvalidInput(f"{name} must be 4 finite (x, y) corners TL, TR, BR, BL, got shape {points.shape}")
    x, y = points[:, 0], points[:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    if area < 1.0:
        raise InvalidInput(f"{name} encloses no area: {points.tolist()}")
    return points
