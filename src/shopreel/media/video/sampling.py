"""Sample a plane through a fractional window, fast: the resampling behind Ken Burns motion.

A zoom or pan shows, in each frame, a window of the picture whose edges fall between pixels.
Rounding that window to whole pixels makes the motion jitter, so it must be sampled exactly.
Pillow's ``resize(box=...)`` does that but costs ~8 ms for a 1080x1920 plane; libswscale
scales the same plane in ~1.3 ms but only from whole-pixel crops to whole-pixel sizes.

:class:`PlaneSampler` gets the exactness back from libswscale by scaling a slightly larger
whole-pixel crop to a slightly larger whole-pixel size and cutting the wanted frame out of
that. For every frame it searches small integer grids (output enlargement, crop size, crop
start and cut offset) for the combination whose sampling positions come closest to the exact
ones over the whole frame. Near scale factors that are ratios of small integers no grid point
may come within tolerance; those frames (a few percent) fall back to Pillow. Either way every
output pixel is sampled within ``tolerance_px`` of its exact position; both resamplers use a
bilinear (triangle) filter widened by the scale factor, so switching between them does not
show.

The search needs scale factors clearly away from 1 (at 1, shifting the cut moves the
positions by whole pixels only): callers give planes at least 1.25 times larger than the
window they show (see :data:`OVERSAMPLE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from av.video.frame import VideoFrame
from PIL import Image

from shopreel.errors import InvalidInput

__all__ = ["OVERSAMPLE", "PlaneSampler"]

OVERSAMPLE = 1.25
"""How much larger than the output a plane should be, at the most zoomed frame."""

_GROW = np.arange(0, 65)[:, None]  # candidate enlargements of the scaled size, pixels
_SHIFT = np.arange(0, 65)[None, :]  # candidate cut offsets in the enlarged output, pixels

_Plane = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class _Grid:
    """Crop ``[start, start + size)`` of the source, scale it to ``scaled``, keep ``[cut, cut + n)``."""

    start: int
    size: int
    scaled: int
    cut: int
    error_px: float


class PlaneSampler:
    """Same-sized ``uint8 (H, W)`` planes prepared for repeated sampling through fractional windows.

    Parameters
    ----------
    planes : sequence of uint8 (H, W)
        Planes sampled together through the same windows (U and V of a frame share them, so
        the grid search runs once for both). Copied, with an edge-replicated border.
    tolerance_px : float
        Largest allowed distance, in plane pixels, between where an output pixel is sampled
        and where it should be.
    """

    _MARGIN = 112
    """Border added around the planes so crops may extend past the window (up to 64 px of
    enlargement or cut at scale factors up to 1.7); beyond that fewer grids are usable."""

    def __init__(self, planes: Sequence[_Plane], *, tolerance_px: float = 0.05) -> None:
        shapes = {p.shape for p in planes}
        if not planes or len(shapes) != 1 or any(p.dtype != np.uint8 or p.ndim != 2 for p in planes):
            raise InvalidInput(f"planes must be one or more uint8 (H, W) arrays of one shape, got {sorted(shapes)}")
        if tolerance_px <= 0:
            raise InvalidInput(f"tolerance_px must be > 0, got {tolerance_px}")
        self.height, self.width = planes[0].shape
        self._padded = [np.pad(p, self._MARGIN, mode="edge") for p in planes]
        self._images: list[Image.Image] = []
        self._tolerance = tolerance_px
        self.fallbacks = 0
        """How many :meth:`sample` calls used Pillow (no whole-pixel grid was close enough)."""

    def sample(
        self, box: tuple[float, float, float, float], size: tuple[int, int], *, out: Sequence[_Plane] | None = None
    ) -> list[_Plane]:
        """Each plane's window ``box = (left, top, right, bottom)`` (fractional pixels) resampled to ``size = (w, h)``.

        Pixel centres follow the usual convention: output pixel ``i`` samples the plane at
        ``left + (i + 0.5) * (right - left) / w - 0.5``; outside the plane the edge repeats.
        ``out``, one ``uint8 (h, w)`` array per plane, receives the result instead of new arrays.
        """
        left, top, right, bottom = box
        width, height = size
        if right <= left or bottom <= top or width <= 0 or height <= 0:
            raise InvalidInput(f"empty window {box} or size {size}")
        if out is None:
            out = [np.empty((height, width), np.uint8) for _ in self._padded]
        m = self._MARGIN
        gx = _search(left + m, right - left, width, self.width + 2 * m)
        gy = _search(top + m, bottom - top, height, self.height + 2 * m)
        if gx is None or gy is None or max(gx.error_px, gy.error_px) > self._tolerance:
            self.fallbacks += 1
            if not self._images:
                self._images = [Image.fromarray(p) for p in self._padded]
            shifted = (left + m, top + m, right + m, bottom + m)
            for image, target in zip(self._images, out):
                target[...] = np.asarray(image.resize(size, Image.Resampling.BILINEAR, box=shifted))
            return list(out)
        for padded, target in zip(self._padded, out):
            crop = padded[gy.start : gy.start + gy.size, gx.start : gx.start + gx.size]
            scaled = VideoFrame.from_numpy_buffer(crop, format="gray").reformat(
                width=gx.scaled, height=gy.scaled, format="gray", interpolation="BILINEAR", threads=1
            )
            plane = scaled.planes[0]
            rows = np.frombuffer(plane, np.uint8, count=plane.line_size * gy.scaled).reshape(gy.scaled, -1)
            target[...] = rows[gy.cut : gy.cut + height, gx.cut : gx.cut + width]
        return list(out)


def _search(start: float, length: float, n: int, limit: int) -> _Grid | None:
    """Best whole-pixel grid on one axis for sampling ``[start, start + length)`` at ``n`` pixels.

    Scaling a crop of ``size`` pixels starting at ``first`` to ``scaled`` pixels and keeping
    ``[cut, cut + n)`` samples output pixel ``i`` at ``first + (i + cut + 0.5) * size / scaled
    - 0.5``; the exact position is ``start + (i + 0.5) * length / n - 0.5``. The difference is
    linear in ``i``, so its largest size is at the first or last pixel. Axes of the arrays:
    crop size rounded down or up, enlargement, cut.
    """
    exact = length / n
    scaled = n + _GROW
    size = np.stack((np.floor(exact * scaled), np.ceil(exact * scaled)))
    step = size / scaled
    drift = (n - 1) * (step - exact)
    cut = _SHIFT + 0.5
    first = np.rint(start + 0.5 * exact - cut * step - drift / 2)
    e0 = first + cut * step - (start + 0.5 * exact)
    error = np.maximum(np.abs(e0), np.abs(e0 + drift))
    usable = (_SHIFT <= scaled - n) & (first >= 0) & (first + size <= limit) & (size >= 1)
    error[~usable] = np.inf
    r, g, c = np.unravel_index(np.argmin(error), error.shape)
    if not np.isfinite(error[r, g, c]):
        return None
    return _Grid(int(first[r, g, c]), int(size[r, g, 0]), int(scaled[g, 0]), int(_SHIFT[0, c]), float(error[r, g, c]))
