"""Keeping captions off what sells: the faces and the product on screen.

A caption block keeps its horizontal place (the style's alignment) and moves up or down
inside the safe area. What it must leave clear comes as :class:`KeepOut` records, boxes
that hold over a span of the video (a frame, a shot); a cue is placed once, clear of every
box it meets while its words are spoken, so it never jumps while it shows (see
:class:`~shopreel.media.captions.track.CaptionTrack`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Box

__all__ = ["KeepOut", "Band", "frame_keep_out", "during", "boxes_during", "choose_band", "UP_COST"]

#: A block moved up costs this much more per pixel than one moved down: the lower part of
#: the frame is where viewers look for captions, so "just below the product" beats "just
#: above it" at the same distance.
UP_COST = 1.5


@dataclass(frozen=True)
class KeepOut:
    """``boxes`` (frame pixels) that captions leave clear from ``start_s`` to ``end_s`` seconds."""

    start_s: float
    end_s: float
    boxes: tuple[Box, ...]

    def __post_init__(self) -> None:
        if not self.end_s > self.start_s:
            raise InvalidInput(f"keep-out span must end after it starts, got {self.start_s}..{self.end_s}")


@dataclass(frozen=True)
class Band:
    """Where a block goes: its top ``y`` and how many of its pixels cover a box (0: none)."""

    y: int
    overlap_px: int


def frame_keep_out(boxes: Sequence[Sequence[Box]], *, fps: float, start_s: float = 0.0,
                   until_s: float | None = None) -> tuple[KeepOut, ...]:
    """Per-frame boxes as keep-outs: frame ``k`` shows from ``start_s + k / fps`` for one frame.

    ``until_s`` stretches the last frame's boxes to that time (a clip holding its last frame).
    Frames without boxes give no record.
    """
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps!r}")
    out = []
    for k, frame_boxes in enumerate(boxes):
        begin, end = start_s + k / fps, start_s + (k + 1) / fps
        if k == len(boxes) - 1 and until_s is not None:
            end = max(end, until_s)
        if frame_boxes:
            out.append(KeepOut(begin, end, tuple(frame_boxes)))
    return tuple(out)


def during(keep_out: Sequence[KeepOut], start_s: float, end_s: float) -> tuple[KeepOut, ...]:
    """The records in force at some moment of ``[start_s, end_s)``; ``keep_out`` sorted by ``start_s``."""
    starts = [k.start_s for k in keep_out]
    return tuple(k for k in keep_out[: bisect.bisect_left(starts, end_s)] if k.end_s > start_s)


def boxes_during(keep_out: Sequence[KeepOut], start_s: float, end_s: float) -> tuple[Box, ...]:
    """Every box kept clear at some moment of ``[start_s, end_s)``, each once, in first-seen order.

    ``keep_out`` must be sorted by ``start_s``.
    """
    seen: dict[Box, None] = {}
    for record in during(keep_out, start_s, end_s):
        seen.update(dict.fromkeys(record.boxes))
    return tuple(seen)


def choose_band(
    boxes: Sequence[Box],
    *,
    block: tuple[int, int],
    x: int,
    y_range: tuple[int, int],
    preferred_y: int,
    gap_px: int = 0,
    up_cost: float = UP_COST,
) -> Band:
    """Where a ``block`` (width, height) at column ``x`` goes between ``y_range`` (its top, inclusive).

    Parameters
    ----------
    boxes
        What to keep clear, frame pixels.
    block
        The block's width and height, px.
    x
        The block's left edge; it only moves vertically.
    y_range
        Lowest and highest allowed top (``(safe.y, safe.y + safe.h - height)``).
    preferred_y
        The style's own top for the block; clamped into ``y_range``.
    gap_px
        Clear space kept around every box.
    up_cost
        Cost of a pixel moved up, relative to one moved down.

    Returns
    -------
    Band
        The free top nearest the preferred one (moving down costs 1 per pixel, up
        ``up_cost``), with ``overlap_px == 0``; when no top is free, the one whose block
        covers the fewest box pixels (then the nearest), with that count.

    Notes
    -----
    Only the rows matter: each box is cut to the block's columns, the covered length of
    every row is summed once, and a prefix sum gives every top's overlap in O(1). With the
    preference order below the product first, then above it (under the face), then the top
    of the safe area: these are the free bands in order of distance from a low default.
    """
    width, height = block
    lo, hi = y_range
    if width < 1 or height < 1:
        raise InvalidInput(f"block must be positive (width, height), got {block!r}")
    if hi < lo:
        raise InvalidInput(f"y_range must be (low, high) with low <= high, got {y_range!r}")
    top, bottom = lo, hi + height
    covered = np.zeros((bottom - top, width), bool)
    for box in boxes:
        x0, x1 = max(box.x - gap_px, x), min(box.x + box.w + gap_px, x + width)
        y0, y1 = max(box.y - gap_px, top), min(box.y + box.h + gap_px, bottom)
        if x0 < x1 and y0 < y1:
            covered[y0 - top : y1 - top, x0 - x : x1 - x] = True
    rows = np.concatenate([[0], np.cumsum(covered.sum(axis=1))])
    tops = np.arange(lo, hi + 1)
    overlap = rows[tops - top + height] - rows[tops - top]
    preferred = min(max(preferred_y, lo), hi)
    cost = np.where(tops < preferred, (preferred - tops) * up_cost, tops - preferred)
    best = int(np.lexsort((cost, overlap))[0])
    return Band(y=int(tops[best]), overlap_px=int(overlap[best]))
