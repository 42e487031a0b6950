"""Painting a design at a size, and the mask of its stage; both cached per design and size."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from shopreel.media.image.backdrops.design import BackdropDesign, backdrop_geometry, check_size
from shopreel.media.image.backdrops.draw import rounded_rect
from shopreel.media.types import Alpha, Frame

__all__ = ["render_backdrop", "stage_mask"]

_F32 = np.float32


def render_backdrop(design: BackdropDesign, width: int = 1080, height: int = 1920) -> Frame:
    """Paint ``design`` at ``width`` x ``height``.

    Returns
    -------
    uint8 (height, width, 3)
        Read-only: renders are cached per design and size, so copy before drawing on it.

    Raises
    ------
    InvalidInput
        ``width`` or ``height`` below 8 or above 8192.
    """
    check_size(width, height)
    return _render(design, width, height)


def stage_mask(design: BackdropDesign, width: int = 1080, height: int = 1920) -> Alpha:
    """Where a product goes in ``design`` at this size: a soft-cornered box standing on the surface.

    Returns
    -------
    float32 (height, width)
        1 inside the stage, 0 outside, anti-aliased at its edge. Read-only (cached).
    """
    check_size(width, height)
    return _mask(design, width, height)


@lru_cache(maxsize=64)
def _render(design: BackdropDesign, width: int, height: int) -> Frame:
    geometry = backdrop_geometry(design, width, height)
    rng = np.random.default_rng(design.seed)
    canvas = np.zeros((height, width, 3), _F32)
    for step in design.steps:
        step(canvas, geometry, rng)
    grain = rng.normal(0, design.grain, (height, width, 1)).astype(_F32)
    frame = np.clip((canvas + grain) * 255 + 0.5, 0, 255).astype(np.uint8)
    frame.flags.writeable = False
    return frame


@lru_cache(maxsize=64)
def _mask(design: BackdropDesign, width: int, height: int) -> Alpha:
    g = backdrop_geometry(design, width, height)
    top = max(0.0, g.stage_base_y - g.stage_h)
    left, right = g.stage_cx - g.stage_w / 2, g.stage_cx + g.stage_w / 2
    bottom = min(height - 1.0, g.stage_base_y + 0.01 * g.unit)
    mask = rounded_rect((height, width), left, top, right, bottom, radius=0.12 * g.stage_w)
    mask.flags.writeable = False
    return mask
