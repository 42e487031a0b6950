"""Boxes around point sets in whole pixels, and image shapes."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.types import Box

__all__ = ["box_around", "clip_box", "crop_around", "check_shape"]


def box_around(points: npt.ArrayLike, *, margin_px: float = 0.0) -> Box:
    """The smallest whole-pixel box holding every ``(x, y)`` in ``points``, grown by ``margin_px``.

    The box is at least 1x1 and may reach past an image's edges (see ``clip_box``).
    """
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    x0, y0 = math.floor(xy[:, 0].min() - margin_px), math.floor(xy[:, 1].min() - margin_px)
    x1, y1 = math.ceil(xy[:, 0].max() + margin_px), math.ceil(xy[:, 1].max() + margin_px)
    return Box(x=x0, y=y0, w=max(x1 - x0, 1), h=max(y1 - y0, 1))


def clip_box(box: Box, *, height: int, width: int) -> Box | None:
    """``box`` cut to an image of ``height`` x ``width`` pixels, or ``None`` when nothing is left."""
    x0, y0 = max(box.x, 0), max(box.y, 0)
    x1, y1 = min(box.x + box.w, width), min(box.y + box.h, height)
    if x1 <= x0 or y1 <= y0:
        return None
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def crop_around(points: npt.ArrayLike, *, margin_px: float, height: int, width: int) -> tuple[slice, slice] | None:
    """Row and column slices of a ``height`` x ``width`` image around ``points`` grown by ``margin_px``.

    ``None`` when that box misses the image. Filtering a view through these slices reads
    the pixels around it, so it matches filtering the whole image when those are 0.
    """
    box = clip_box(box_around(points, margin_px=margin_px), height=height, width=width)
    if box is None:
        return None
    return slice(box.y, box.y + box.h), slice(box.x, box.x + box.w)


def check_shape(shape: tuple[int, int]) -> tuple[int, int]:
    """``(height, width)`` from ``shape``; raise naming ``shape`` unless both are >= 1."""
    if len(shape) < 2 or int(shape[0]) < 1 or int(shape[1]) < 1:
        raise InvalidInput(f"shape must be (height, width) with both >= 1, got {shape!r}")
    return int(shape[0]), int(shape[1])
