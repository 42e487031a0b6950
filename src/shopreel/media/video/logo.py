"""A logo or watermark pinned to a corner of the video: the simplest :class:`~shopreel.media.types.Overlay`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from PIL import Image

from shopreel.errors import InvalidInput
from shopreel.media.types import Layer

__all__ = ["Corner", "LogoOverlay"]


class Corner(StrEnum):
    TOP_LEFT = "top_left"
    TOP_RIGHT = "top_right"
    BOTTOM_LEFT = "bottom_left"
    BOTTOM_RIGHT = "bottom_right"


@dataclass(frozen=True, eq=False)
class LogoOverlay:
    """An RGBA image in a corner of a ``width`` x ``height`` canvas, ``margin_px`` from both edges.

    Parameters
    ----------
    image_rgba : uint8 (h, w, 4)
        The logo with straight (not premultiplied) alpha.
    width, height : int
        Canvas size in pixels.
    corner : Corner
        Where it sits.
    margin_px : int
        Gap to the two nearest edges.
    logo_width_px : int or None
        Resize the logo to this width once, keeping its aspect; ``None`` keeps its size.
    opacity : float
        Multiplies the logo's alpha, in [0, 1].
    start_s, end_s : float, float or None
        Visible from ``start_s`` until ``end_s`` (``None``: to the end).

    Notes
    -----
    ``layer_at`` returns the same :class:`Layer` object every time it is visible, so the
    composer converts it once.
    """

    image_rgba: npt.NDArray[np.uint8]
    width: int
    height: int
    corner: Corner = Corner.TOP_RIGHT
    margin_px: int = 24
    logo_width_px: int | None = None
    opacity: float = 1.0
    start_s: float = 0.0
    end_s: float | None = None
    layer: Layer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rgba = self.image_rgba
        if not isinstance(rgba, np.ndarray) or rgba.dtype != np.uint8 or rgba.ndim != 3 or rgba.shape[2] != 4:
            got = f"{rgba.dtype} {rgba.shape}" if isinstance(rgba, np.ndarray) else type(rgba).__name__
            raise InvalidInput(f"image_rgba must be uint8 (h, w, 4), got {got}")
        if self.width <= 0 or self.height <= 0:
            raise InvalidInput(f"canvas size must be positive, got {self.width}x{self.height}")
        if self.margin_px < 0:
            raise InvalidInput(f"margin_px must be >= 0, got {self.margin_px}")
        if not 0.0 <= self.opacity <= 1.0:
            raise InvalidInput(f"opacity must be in [0, 1], got {self.opacity}")
        if self.end_s is not None and self.end_s <= self.start_s:
            raise InvalidInput(f"end_s must be after start_s, got {self.start_s}..{self.end_s}")
        if self.logo_width_px is not None:
            if self.logo_width_px <= 0:
                raise InvalidInput(f"logo_width_px must be > 0, got {self.logo_width_px}")
            h = max(1, round(rgba.shape[0] * self.logo_width_px / rgba.shape[1]))
            rgba = np.asarray(Image.fromarray(rgba, "RGBA").resize((self.logo_width_px, h), Image.Resampling.LANCZOS))
        h, w = rgba.shape[:2]
        x = self.margin_px if self.corner in (Corner.TOP_LEFT, Corner.BOTTOM_LEFT) else self.width - w - self.margin_px
        y = self.margin_px if self.corner in (Corner.TOP_LEFT, Corner.TOP_RIGHT) else self.height - h - self.margin_px
        alpha = rgba[..., 3].astype(np.float32) * np.float32(self.opacity / 255.0)
        object.__setattr__(self, "layer", Layer(rgb=np.ascontiguousarray(rgba[..., :3]), alpha=alpha, x=x, y=y))

    def layer_at(self, t_s: float) -> Layer | None:
        if t_s < self.start_s or (self.end_s is not None and t_s >= self.end_s):
            return None
        return self.layer
