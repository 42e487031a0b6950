"""Where a region of a still picture shows on the canvas while its clip plays.

The same geometry :mod:`~shopreel.media.video.compose` draws with: the picture is fitted to a
plate (cropped to cover it, or whole and centred to be contained), and with Ken Burns
motion the plate is :data:`~shopreel.media.video.sampling.OVERSAMPLE` times the most zoomed
canvas and each frame shows the motion's window of it. Used to keep captions off a
product as the camera moves over it.
"""

from __future__ import annotations

import math

from shopreel.errors import InvalidInput
from shopreel.media.types import Box
from shopreel.media.video.sampling import OVERSAMPLE
from shopreel.media.video.timeline import Fit, ImageClip

__all__ = ["image_box_at"]


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def _fitted(src: tuple[int, int], plate: tuple[int, int], fit: Fit) -> tuple[float, float, float, float]:
    """How the picture lands on a plate: ``(scale_x, scale_y, left, top)``, picture pixels to plate pixels."""
    src_w, src_h = src
    width, height = plate
    if fit is Fit.COVER:  # the centred crop of the plate's shape, on whole pixels, stretched to it
        if src_w / src_h > width / height:
            crop_w, crop_h = src_h * width / height, float(src_h)
        else:
            crop_w, crop_h = float(src_w), src_w * height / width
        left, top = round((src_w - crop_w) / 2), round((src_h - crop_h) / 2)
        right, bottom = round((src_w - crop_w) / 2 + crop_w), round((src_h - crop_h) / 2 + crop_h)
        sx, sy = width / (right - left), height / (bottom - top)
        return sx, sy, -left * sx, -top * sy
    scale = min(width / src_w, height / src_h)
    fg_w, fg_h = max(1, round(src_w * scale)), max(1, round(src_h * scale))
    return fg_w / src_w, fg_h / src_h, float((width - fg_w) // 2), float((height - fg_h) // 2)


def image_box_at(clip: ImageClip, box: Box, t_s: float, *, width: int, height: int) -> Box | None:
    """Where ``box`` (pixels of ``clip.image``) shows on a ``width`` x ``height`` canvas ``t_s``
    seconds into the clip, clipped to the canvas; ``None`` when it is out of view.

    Raises
    ------
    InvalidInput
        A canvas without area.
    """
    if width < 1 or height < 1:
        raise InvalidInput(f"canvas must be at least 1x1, got {width}x{height}")
    src = (clip.image.shape[1], clip.image.shape[0])
    if clip.motion is None:
        sx, sy, dx, dy = _fitted(src, (width, height), clip.fit)
    else:
        grow = OVERSAMPLE * clip.motion.max_zoom
        plate = (_even(width * grow), _even(height * grow))
        px, py, ox, oy = _fitted(src, plate, clip.fit)
        left, top, right, bottom = clip.motion.window(t_s / clip.duration_s, width=plate[0], height=plate[1])
        zx, zy = width / (right - left), height / (bottom - top)
        sx, sy, dx, dy = px * zx, py * zy, (ox - left) * zx, (oy - top) * zy
    x0, y0 = max(0, math.floor(box.x * sx + dx)), max(0, math.floor(box.y * sy + dy))
    x1 = min(width, math.ceil((box.x + box.w) * sx + dx))
    y1 = min(height, math.ceil((box.y + box.h) * sy + dy))
    if x1 <= x0 or y1 <= y0:
        return None
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)
