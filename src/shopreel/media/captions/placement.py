"""Where a caption block goes in a frame: sized by the style, inside the safe area."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from shopreel.errors import InvalidInput
from shopreel.media.captions.breaking import Piece
from shopreel.media.captions.fonts import FontBook
from shopreel.media.captions.layout import BlockLayout, fit_pieces, layout_pieces
from shopreel.media.captions.paint import effect_margin_px
from shopreel.media.captions.safearea import safe_area
from shopreel.media.captions.style import Align, BackgroundKind, CaptionStyle, font_size_px

__all__ = ["Placement", "place_block", "count_lines", "check_frame_size"]


def check_frame_size(frame_size: tuple[int, int]) -> tuple[int, int]:
    """``frame_size`` as (width, height) ints, or ``InvalidInput`` naming it."""
    if len(frame_size) != 2 or any(not isinstance(v, int) or v < 1 for v in frame_size):
        raise InvalidInput(f"frame_size must be (width, height) positive ints, got {frame_size!r}")
    return frame_size[0], frame_size[1]


@dataclass(frozen=True)
class Placement:
    """A laid-out block, the canvas it is drawn on, and where that canvas sits in the frame."""

    layout: BlockLayout
    canvas_size: tuple[int, int]
    text_x: float
    text_top: float
    x: int
    y: int


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
    safe = safe_area(width, height)
    layout = fit_pieces(
        pieces,
        fonts=fonts,
        style=style,
        size_px=font_size_px(style, width=width, height=height),
        max_width=safe.w,
        max_height=safe.h,
        language=language,
        margin_px=lambda s: effect_margin_px(style, s),
    )
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
