"""Drawing primitives over float32 canvases: colours, coverage of shapes, blur and gradients."""

from __future__ import annotations

import cv2
import numpy as np

from shopreel.media.image.backdrops.design import RGB

__all__ = ["rgb", "mix", "rounded_rect", "ellipse_cover", "gaussian_blur", "vertical_gradient"]

_F32 = np.float32


def rgb(colour: RGB) -> np.ndarray:
    return np.asarray(colour, _F32) / 255


def mix(canvas: np.ndarray, colour: np.ndarray, coverage: np.ndarray) -> None:
    """``canvas`` <- colour over canvas with ``coverage`` (H, W) in [0, 1], in place."""
    cover = coverage[:, :, None] if coverage.ndim == 2 else coverage
    canvas += (colour - canvas) * cover


def rounded_rect(shape: tuple[int, int], left: float, top: float, right: float, bottom: float, *, radius: float) -> np.ndarray:
    """Anti-aliased coverage of a rounded rectangle, from its signed distance."""
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32) + 0.5
    cx, cy = (left + right) / 2, (top + bottom) / 2
    half_w, half_h = (right - left) / 2, (bottom - top) / 2
    radius = min(radius, half_w, half_h)
    dx = np.maximum(np.abs(xs - cx) - (half_w - radius), 0)
    dy = np.maximum(np.abs(ys - cy) - (half_h - radius), 0)
    inner = np.minimum(np.maximum(np.abs(xs - cx) - half_w, np.abs(ys - cy) - half_h), 0)
    distance = np.hypot(dx, dy) - radius + inner
    return np.clip(0.5 - distance, 0, 1).astype(_F32)


def ellipse_cover(shape: tuple[int, int], cx: float, cy: float, rx: float, ry: float, *, soft_px: float = 1.0) -> np.ndarray:
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32) + 0.5
    norm = np.hypot((xs - cx) / rx, (ys - cy) / ry)
    distance = (norm - 1) * min(rx, ry)
    return np.clip(0.5 - distance / soft_px, 0, 1).astype(_F32)


def gaussian_blur(values: np.ndarray, sigma_px: float) -> np.ndarray:
    """Gaussian blur; wide ones run on a reduced copy (same look, a fraction of the time)."""
    if sigma_px <= 0:
        return values
    factor = int(sigma_px // 6)
    if factor < 2:
        return cv2.GaussianBlur(values, (0, 0), max(0.3, sigma_px))
    height, width = values.shape[:2]
    small = cv2.resize(values, (max(1, width // factor), max(1, height // factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma_px / factor)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def vertical_gradient(shape: tuple[int, int], top: RGB, bottom: RGB, *, start: float = 0.0, end: float | None = None) -> np.ndarray:
    height = shape[0]
    end = height if end is None else end
    t = np.clip((np.arange(height, dtype=_F32) + 0.5 - start) / max(1.0, end - start), 0, 1)
    t = t * t * (3 - 2 * t)
    column = rgb(top) + (rgb(bottom) - rgb(top)) * t[:, None]
    return np.broadcast_to(column[:, None, :], (height, shape[1], 3))
