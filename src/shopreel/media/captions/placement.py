"""Where a caption block goes in a frame: sized by the style, inside the safe area, and
optionally clear of keep-out boxes (faces, the product)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from shopreel.errors import InvalidInput
from shopreel.media.captions.breaking import Piece
from shopreel.media.captions.fonts import FontBook
from shopreel.media.captions.keepout import choose_band
from shopreel.media.captions.layout import BlockLayout, fit_pieces, layout_pieces
from shopreel.media.captions.paint import effect_margin_px
from shopreel.media.captions.safearea import safe_area
from shopreel.media.captions.style import Align, BackgroundKind, CaptionStyle, font_size_px
from shopreel.media.types import Box

__all__ = ["Placement", "place_block", "place_clear", "clear_of", "count_lines", "check_frame_size", "MIN_SHRINK",
           "GAP_EM"]

#: The smallest font :func:`place_clear` shrinks to, as a share of the style's size.
MIN_SHRINK = 0.75
#: Clear space :func:`place_clear` keeps between a block and a keep-out box, in em.
GAP_EM = 0.25


def check_frame_size(frame_size: tuple[int, int]) -> tuple[int, int]:
    """``frame_size`` as (width, height) ints, or ``InvalidInput`` naming it."""
    if len(frame_size) != 2 or any(not isinstance(v, int) or v < 1 for v in frame_size):
        raise InvalidInput(f"frame_size must be (width, height) positive ints, got {frame_size!r}")
    return frame_size[0], frame_size[1]


@dataclass(frozen=True)
class Placement:
    """A laid-out block, the canvas it is drawn on, and where that canvas sits in the frame;
    ``overlap_px`` counts the keep-out pixels it covers (see :func:`place_clear`)."""

    layout: BlockLayout
    canvas_size: tuple[int, int]
    text_x: float
    text_top: float
    x: int
    y: int
    overlap_px: int = 0


def count_lines(
    pieces: Sequence[Piece], *, fonts: FontBook, style: CaptionStyle, frame_size: tuple[int, int], language: str
) -> tuple[int, bool]:
    """Lines the pieces take at the style's size in the frame's safe width, and whether that
    block is short enough for the safe area."""
    width, height = frame_size
    safe = safe_area(width, height)
    size = font_size_px(style, width=width, height=height)
    margin = effect_margin_px(style, size)
    layout = layout_pieces(
        pieces, fonts=fonts, style=style, size_px=size, max_width=max(1, safe.w - 2 * margin), language=language
    )
    return len(layout.lines), layout.height + 2 * margin <= safe.h


def _placed(layout: BlockLayout, *, style: CaptionStyle, frame_size: tuple[int, int]) -> Placement:
    """``layout`` with its effects' margin, centred ``style.vertical`` of the way down the safe area."""
    width, height = frame_size
    safe = safe_area(width, height)
    margin = effect_margin_px(style, layout.size_px)
    block_w = min(math.ceil(layout.width) + 2 * margin, safe.w)
    block_h = min(math.ceil(layout.height) + 2 * margin, safe.h)
    if style.align is Align.CENTER:
        block_x = safe.x + (safe.w - block_w) // 2
    elif layout.rtl:
        block_x = safe.x + safe.w - block_w
    else:
        block_x = safe.x
    centre = safe.y + style.vertical * safe.h
    block_y = min(max(round(centre - block_h / 2), safe.y), safe.y + safe.h - block_h)
    if style.background is not None and style.background.kind is BackgroundKind.BAR:
        return Placement(layout, (width, block_h), block_x + margin, margin, 0, block_y)
    return Placement(layout, (block_w, block_h), margin, margin, block_x, block_y)


def _laid_out(pieces: Sequence[Piece], *, fonts: FontBook, style: CaptionStyle, frame_size: tuple[int, int],
              language: str, size_px: int) -> BlockLayout:
    width, height = frame_size
    safe = safe_area(width, height)
    return fit_pieces(pieces, fonts=fonts, style=style, size_px=size_px, max_width=safe.w, max_height=safe.h,
                      language=language, margin_px=lambda s: effect_margin_px(style, s))


def place_block(
    pieces: Sequence[Piece], *, fonts: FontBook, style: CaptionStyle, frame_size: tuple[int, int], language: str
) -> Placement:
    """Lay out ``pieces`` at the style's size and place the block in the frame.

    Notes
    -----
    The whole canvas (text, outline, shadow, glow, background) stays inside
    :func:`~shopreel.media.captions.safearea.safe_area`, except a ``bar`` background, which
    spans the full frame width by design. The block's centre sits ``style.vertical`` of the
    way down the safe area, moved up or down as needed to stay inside it; the font shrinks
    only when the block would be taller than the safe area.
    """
    width, height = frame_size
    size = font_size_px(style, width=width, height=height)
    layout = _laid_out(pieces, fonts=fonts, style=style, frame_size=frame_size, language=language, size_px=size)
    return _placed(layout, style=style, frame_size=frame_size)


def place_clear(
    pieces: Sequence[Piece],
    *,
    fonts: FontBook,
    style: CaptionStyle,
    frame_size: tuple[int, int],
    language: str,
    keep_out: Sequence[Box],
    grow: float = 1.0,
    min_scale: float = MIN_SHRINK,
) -> Placement:
    """Like :func:`place_block`, but clear of the ``keep_out`` boxes (faces, the product).

    Parameters
    ----------
    keep_out
        Boxes in frame pixels the block must not cover.
    grow
        The most the block is ever scaled up about its centre while shown (a pop
        animation's overshoot), so the scaled block stays clear too.
    min_scale
        The smallest font size tried, as a share of the style's size.

    Returns
    -------
    Placement
        ``overlap_px`` is 0 when the block is clear; otherwise it is the least-covering
        placement found, and counts the box pixels it covers.

    Notes
    -----
    In order: the style's size at the nearest free height (see
    :func:`~shopreel.media.captions.keepout.choose_band`: below the product, then above it,
    then the top band); then smaller sizes down to ``min_scale``; then, when nothing is
    free, the placement covering the fewest box pixels (the smallest size, on a tie the
    larger). The block keeps :data:`GAP_EM` of its font size away from every box.
    """
    if grow < 1.0:
        raise InvalidInput(f"grow must be >= 1, got {grow!r}")
    if not 0.0 < min_scale <= 1.0:
        raise InvalidInput(f"min_scale must be in (0, 1], got {min_scale!r}")
    width, height = frame_size
    safe = safe_area(width, height)
    full = font_size_px(style, width=width, height=height)
    sizes = sorted({max(6, round(full * s)) for s in (1.0, 0.9, 0.8, min_scale) if s >= min_scale}, reverse=True)
    best = None
    for size in sizes:
        layout = _laid_out(pieces, fonts=fonts, style=style, frame_size=frame_size, language=language, size_px=size)
        placement = _placed(layout, style=style, frame_size=frame_size)
        if not keep_out:
            return placement
        (block_w, block_h), dx, dy = _grown(placement, grow)
        low = safe.y - dy
        band = choose_band(keep_out, block=(block_w, block_h), x=placement.x - dx,
                           y_range=(low, max(low, safe.y + safe.h - placement.canvas_size[1] - dy)),
                           preferred_y=placement.y - dy, gap_px=_gap_px(placement))
        placed = dataclasses.replace(placement, y=band.y + dy, overlap_px=band.overlap_px)
        if band.overlap_px == 0:
            return placed
        if best is None or placed.overlap_px < best.overlap_px:
            best = placed
    assert best is not None
    return best


def _grown(placement: Placement, grow: float) -> tuple[tuple[int, int], int, int]:
    """The canvas scaled by ``grow`` about its centre: its size and how far it reaches left and up."""
    canvas_w, canvas_h = placement.canvas_size
    block_w, block_h = math.ceil(canvas_w * grow), math.ceil(canvas_h * grow)
    return (block_w, block_h), (block_w - canvas_w) // 2, (block_h - canvas_h) // 2


def _gap_px(placement: Placement) -> int:
    return max(2, round(GAP_EM * placement.layout.size_px))


def clear_of(placement: Placement, boxes: Sequence[Box], *, grow: float = 1.0) -> bool:
    """Whether the block, scaled by ``grow`` about its centre, stays :data:`GAP_EM` clear of every box."""
    (block_w, block_h), dx, dy = _grown(placement, grow)
    x0, y0, gap = placement.x - dx, placement.y - dy, _gap_px(placement)
    return all(box.x + box.w + gap <= x0 or x0 + block_w <= box.x - gap
               or box.y + box.h + gap <= y0 or y0 + block_h <= box.y - gap for box in boxes)
