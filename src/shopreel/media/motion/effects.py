"""Product effects drawn on frames: a specular light sweep, sparkles and a float shadow.

Each effect is "blend towards a colour with a weight map" (``uint8`` weight, 255 = the
colour) on a region of a frame the animator owns, done with OpenCV's saturating ``uint8``
arithmetic so no float image is made per frame. The helpers here precompute what does not
change during a clip (the sweep's brightness profile, the star sprite, the glint spots, the
shadow's shape) and draw one frame's worth of it.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.media.types import Alpha, Frame

__all__ = [
    "SWEEP_COLOUR",
    "sweep_profile",
    "sweep_weight",
    "sweep_windows",
    "star_sprite",
    "glint_spots",
    "shadow_ellipse",
    "brighten_in_place",
    "darken_in_place",
]

SWEEP_COLOUR = (255, 250, 238)
"""A warm white: the colour the light sweep and sparkles blend towards."""
_SUBSTEPS = 4  # sweep profile samples per pixel of the diagonal coordinate
_U8 = npt.NDArray[np.uint8]


def sweep_profile(*, width_px: float, strength: float) -> tuple[_U8, int]:
    """The light band's brightness across its width, as a ``uint8`` lookup table and its centre index.

    A narrow bright core (Gaussian, sigma ``width_px / 4``) over a wide faint sheen (sigma
    ``width_px``), scaled so the core reaches ``strength`` (0 to 1). The table is sampled
    every quarter pixel and spans 3 sheen widths each side of the centre.
    """
    half = math.ceil(3 * width_px) * _SUBSTEPS
    u = np.arange(-half, half + 1, dtype=np.float32) / (_SUBSTEPS * width_px)
    band = 0.8 * np.exp(-((4 * u) ** 2)) + 0.2 * np.exp(-(u**2))
    return np.round(255 * strength * band).astype(np.uint8), half


def sweep_weight(
    origin: tuple[int, int], shape: tuple[int, int], *, angle_deg: float, position_px: float, profile: tuple[_U8, int]
) -> _U8:
    """The band's weight over a ``shape = (h, w)`` region whose top-left pixel is ``origin = (x, y)``.

    The band runs across the direction ``angle_deg`` (from the +x axis, y down) and its
    centre is where ``x cos(a) + y sin(a) == position_px``, in frame pixels.
    """
    table, centre = profile
    a = math.radians(angle_deg)
    xs = (np.arange(origin[0], origin[0] + shape[1], dtype=np.float32) + 0.5) * (math.cos(a) * _SUBSTEPS)
    ys = (np.arange(origin[1], origin[1] + shape[0], dtype=np.float32) + 0.5) * (math.sin(a) * _SUBSTEPS)
    index = np.add.outer(ys, xs - position_px * _SUBSTEPS + centre).astype(np.int32)
    np.clip(index, 0, len(table) - 1, out=index)
    return table[index] if len(table) else np.zeros(shape, np.uint8)


def sweep_windows(duration_s: float) -> tuple[tuple[float, float], ...]:
    """When the light crosses the product: one pass in a clip of 6 s or less, two in longer ones (seconds)."""
    if duration_s <= 6:
        return ((0.15 * duration_s, 0.7 * duration_s),)
    return ((0.1 * duration_s, 0.42 * duration_s), (0.55 * duration_s, 0.87 * duration_s))


def star_sprite(radius_px: int) -> npt.NDArray[np.float32]:
    """A four-pointed glint, ``float32 (2r+1, 2r+1)`` in [0, 1]: thin tapering rays and a soft core."""
    r = max(2, int(radius_px))
    y, x = np.mgrid[-r : r + 1, -r : r + 1].astype(np.float32) / r
    thin = 0.06
    rays = np.exp(-((y / thin) ** 2)) * np.clip(1 - np.abs(x), 0, 1) ** 2
    rays = np.maximum(rays, np.exp(-((x / thin) ** 2)) * np.clip(1 - np.abs(y), 0, 1) ** 2)
    core = np.exp(-(x**2 + y**2) / 0.02)
    return np.clip(np.maximum(rays, core), 0, 1).astype(np.float32)


def glint_spots(image: Frame, mask: Alpha, *, count: int, min_gap_px: float) -> npt.NDArray[np.float64]:
    """Up to ``count`` bright, well-separated points well inside ``mask``: ``(k, 2)`` ``(x, y)`` pixels.

    Brightness is the blurred luma; points are picked greedily, brightest first, at least
    ``min_gap_px`` apart.
    """
    inside = cv2.erode((mask > 0.5).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if not inside.any():
        return np.zeros((0, 2))
    luma = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 2.0)
    ys, xs = np.nonzero(inside)
    order = np.argsort(-luma[ys, xs], kind="stable")
    chosen: list[tuple[float, float]] = []
    for i in order[: 20000]:
        point = (float(xs[i]), float(ys[i]))
        if all((point[0] - px) ** 2 + (point[1] - py) ** 2 >= min_gap_px**2 for px, py in chosen):
            chosen.append(point)
            if len(chosen) == count:
                break
    return np.array(chosen, dtype=np.float64).reshape(-1, 2)


def shadow_ellipse(mask: Alpha) -> tuple[_U8, tuple[int, int]] | None:
    """A soft contact shadow for the object in ``mask``: ``uint8`` weight crop and its top-left ``(x, y)``.

    An ellipse centred on the object's bottom edge, 0.8 times its width across and a fifth
    of that tall, blurred by a tenth of its width; ``None`` for an empty mask.
    """
    ys, xs = np.nonzero(mask > 0.5)
    if len(xs) == 0:
        return None
    left, right, bottom = int(xs.min()), int(xs.max()), int(ys.max())
    width = right - left + 1
    axes = (max(2, round(0.4 * width)), max(1, round(0.08 * width)))
    blur = max(1.0, 0.1 * width)
    pad = axes[0] + math.ceil(3 * blur)
    size = (2 * pad + 1, 2 * (axes[1] + math.ceil(3 * blur)) + 1)
    canvas = np.zeros((size[1], size[0]), np.float32)
    cv2.ellipse(canvas, (size[0] // 2, size[1] // 2), axes, 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    canvas = cv2.GaussianBlur(canvas, (0, 0), blur)
    origin = ((left + right) // 2 - size[0] // 2, bottom - size[1] // 2)
    return np.round(255 * canvas / max(float(canvas.max()), 1e-6)).astype(np.uint8), origin


def brighten_in_place(region: Frame, weight: _U8, colour: tuple[int, int, int] = SWEEP_COLOUR) -> None:
    """``region += weight / 255 * (colour - region)`` per channel, where ``colour`` is brighter (saturating ``uint8``)."""
    gap = cv2.subtract(np.full_like(region, colour), region)
    cv2.add(region, cv2.multiply(gap, cv2.cvtColor(weight, cv2.COLOR_GRAY2RGB), scale=1 / 255), dst=region)


def darken_in_place(region: Frame, weight: _U8) -> None:
    """``region *= 1 - weight / 255`` (blend towards black)."""
    keep = 255 - weight
    cv2.multiply(region, cv2.cvtColor(keep, cv2.COLOR_GRAY2RGB), dst=region, scale=1 / 255)
