"""Quality modes of image-to-video: output size, frame rate and resampling per TopView ``mode``.

======  ==============  =====  ==============  ===========================================
mode    portrait size   fps    long side       resampling
======  ==============  =====  ==============  ===========================================
lite    540 x 960       24     960             bilinear
pro     720 x 1280      24     1280            bilinear
plus    1080 x 1920     30     1920            bilinear
best    1080 x 1920     30     1920            bicubic, CRF 18, softer layer edges
======  ==============  =====  ==============  ===========================================

A portrait source (taller than wide) gets the mode's 9:16 size and is cover-fitted to it (the
overflow is cropped). A landscape or square source keeps its aspect ratio, clamped to at most
2:1, with its long side at the mode's long side. Both sides are rounded to even pixels, as
H.264 4:2:0 requires.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopreel.errors import InvalidInput

__all__ = ["Mode", "MODES", "output_size"]


@dataclass(frozen=True)
class Mode:
    """One quality mode.

    ``portrait_size`` is ``(width, height)`` for portrait sources; ``long_side_px`` bounds the
    long side of the others. ``cubic`` selects bicubic resampling for every warp (about 5
    times slower per frame than bilinear); ``crf`` is the H.264 constant rate factor
    (``None``: the encoder's default).
    """

    name: str
    portrait_size: tuple[int, int]
    fps: int
    cubic: bool = False
    crf: int | None = None

    @property
    def long_side_px(self) -> int:
        return max(self.portrait_size)


MODES: dict[str, Mode] = {
    "lite": Mode("lite", (540, 960), 24),
    "pro": Mode("pro", (720, 1280), 24),
    "plus": Mode("plus", (1080, 1920), 30),
    "best": Mode("best", (1080, 1920), 30, cubic=True, crf=18),
}
"""TopView's image-to-video quality modes by name; see the module docstring for the table."""

_MAX_ASPECT = 2.0


def output_size(image_width: int, image_height: int, *, mode: str) -> tuple[int, int]:
    """The ``(width, height)`` of the clip made from an ``image_width`` x ``image_height`` picture in ``mode``.

    Raises
    ------
    InvalidInput
        ``mode`` is not a key of :data:`MODES`, or the image size is not positive.
    """
    if mode not in MODES:
        raise InvalidInput(f"mode must be one of {sorted(MODES)}, got {mode!r}")
    if image_width <= 0 or image_height <= 0:
        raise InvalidInput(f"image size must be positive, got {image_width}x{image_height}")
    chosen = MODES[mode]
    if image_height > image_width:
        return chosen.portrait_size
    aspect = min(image_width / image_height, _MAX_ASPECT)
    long_side = chosen.long_side_px
    return long_side, 2 * round(long_side / aspect / 2)
