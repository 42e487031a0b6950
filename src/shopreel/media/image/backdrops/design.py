"""A backdrop design (paint steps, a prop, its light) and where its parts fall in a frame of any size."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from shopreel.errors import InvalidInput

__all__ = ["RGB", "Geometry", "Paint", "BackdropDesign", "backdrop_geometry", "check_size"]

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Geometry:
    """Where things are in one frame, in pixels.

    ``horizon_y`` is where the surface meets the wall; ``floor_y`` where a prop stands;
    ``prop_radius`` the half-width of the prop; ``prop_top_y`` the centre of its top face; the
    stage (``stage_*``) is the box a product fills, standing on ``stage_base_y``; ``light_x``
    the key light's side, -1 (left) to 1 (right).
    """

    width: int
    height: int
    horizon_y: float
    floor_y: float
    prop_radius: float
    prop_top_y: float
    stage_cx: float
    stage_base_y: float
    stage_w: float
    stage_h: float
    light_x: float

    @property
    def unit(self) -> float:
        return float(min(self.width, self.height))


Paint = Callable[[np.ndarray, Geometry, np.random.Generator], None]
"""One step of a design: paints in place on the float32 (H, W, 3) canvas, colours in [0, 1]."""


@dataclass(frozen=True)
class BackdropDesign:
    """A backdrop recipe: paint steps over a geometry, and the light a product should get.

    ``glossiness`` (0 matte to 1 mirror) sizes reflections; ``light_azimuth_deg`` is where
    the key light comes from seen from the camera (0 front, -90 left, 90 right, 180 behind);
    ``light_kelvin`` its colour temperature.
    """

    slug: str
    steps: tuple[Paint, ...]
    horizon: float = 0.56
    prop: str = "none"  # none | podium | steps | plinth | shelf
    prop_height: float = 0.8
    glossiness: float = 0.0
    light_azimuth_deg: float = -35.0
    light_kelvin: float = 5600.0
    grain: float = 0.018
    seed: int = field(default=0)


def backdrop_geometry(design: BackdropDesign, width: int, height: int) -> Geometry:
    """Lay ``design`` out on a ``width`` x ``height`` frame."""
    check_size(width, height)
    unit = min(width, height)
    horizon_y = height * design.horizon
    floor_y = horizon_y + 0.42 * (height - horizon_y)
    radius = min(0.33 * width, 0.24 * height)
    if design.prop in ("podium", "steps", "plinth"):
        top_y = floor_y - design.prop_height * radius
        base_y = top_y + 0.04 * radius
        stage_w = 1.35 * radius
    elif design.prop == "shelf":
        top_y = 0.64 * height
        base_y = top_y
        stage_w = min(0.62 * width, 1.2 * unit)
    else:
        top_y = floor_y
        base_y = horizon_y + 0.48 * (height - horizon_y)
        stage_w = min(0.62 * width, 1.1 * unit)
    stage_h = max(4.0, min(base_y - 0.06 * height, 2.1 * stage_w, 0.62 * height))
    return Geometry(
        width=width,
        height=height,
        horizon_y=horizon_y,
        floor_y=floor_y,
        prop_radius=radius,
        prop_top_y=top_y,
        stage_cx=width / 2,
        stage_base_y=base_y,
        stage_w=max(4.0, stage_w),
        stage_h=stage_h,
        light_x=math.sin(math.radians(design.light_azimuth_deg)),
    )


def check_size(width: int, height: int) -> None:
    """Raise :class:`~shopreel.errors.InvalidInput` unless both sides are ints in [8, 8192]."""
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or not 8 <= value <= 8192:
            raise InvalidInput(f"{name} must be an int in [8, 8192], got {value!r}")
