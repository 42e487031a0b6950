"""Array layouts shared by every engine, stated once.

- Frames are ``uint8`` arrays of shape ``(H, W, 3)``, RGB.
- Alpha mattes are ``float32`` arrays of shape ``(H, W)`` with values in ``[0, 1]``.
- Audio is ``float32`` mono of shape ``(N,)`` in ``[-1, 1]`` at a stated sample rate.
- Boxes are in pixels from the top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput

__all__ = ["Frame", "Alpha", "Audio", "Box", "Layer", "Overlay"]

Frame = npt.NDArray[np.uint8]
Alpha = npt.NDArray[np.float32]
Audio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels: ``x``, ``y`` of the top-left corner, width ``w``, height ``h``."""

    x: int
    y: int
    w: int
    h: int

    def __post_init__(self) -> None:
        if self.w <= 0 or self.h <= 0:
            raise InvalidInput(f"box has zero or negative size: {self!r}")


@dataclass(frozen=True)
class Layer:
    """An RGBA layer to draw over a frame with its top-left corner at ``(x, y)``.

    ``rgb`` is ``uint8 (h, w, 3)`` and ``alpha`` is ``float32 (h, w)`` in ``[0, 1]``; the
    layer may extend past the frame's edges, where it is clipped.
    """

    rgb: Frame
    alpha: Alpha
    x: int
    y: int


class Overlay(Protocol):
    """Something drawn over video frames that changes with time (captions, logo, watermark).

    ``layer_at`` returns the layer visible at ``t_s`` seconds, or ``None`` when nothing is.
    Implementations should return the *same* object while the content does not change so
    the composer can reuse blended work.
    """

    def layer_at(self, t_s: float) -> Layer | None: ...
