"""Where the end card's parts go, per frame shape: pure geometry, no pixels.

Portrait frames (9:16, 3:4) stack the logo, the product and the words in one centred
column; square and landscape frames (1:1, 4:3, 16:9) put the product on one side and the
words beside it (the product on the left, or on the right in right-to-left languages). Every
part stays inside the frame's caption safe area (:func:`~shopreel.media.captions.safe_area`),
made symmetric so a centred column is centred in the frame, and no two parts overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from shopreel.errors import InvalidInput
from shopreel.media.captions import safe_area
from shopreel.media.types import Box

__all__ = ["Grid", "CardLayout", "card_grid", "place_card", "boxes_overlap", "box_inside"]

# Side by side: the product's share of the safe width, and the gap to the words.
_PRODUCT_SHARE = 0.47
_COLUMN_GAP = 0.05
# The product's largest height, as a share of the safe height: in a column, beside the words.
_STACKED_HEIGHT = 0.56
_SIDE_HEIGHT = 0.8
# The logo's largest height (share of the type unit) and width (share of the words' width).
_LOGO_HEIGHT = 0.12
_LOGO_WIDTH = 0.42
# Gaps, as shares of the type unit: between words, and between the product (or logo) and words.
_GAP = 0.03
_PRODUCT_GAP = 0.045


@dataclass(frozen=True)
class Grid:
    """The frame's design grid.

    ``safe`` is the area every part stays in; ``side_by_side`` says product and words share
    a row; ``text_width`` is the widest a block of words may be; ``unit_px`` is the length
    type sizes and gaps are fractions of (the frame's short side).
    """

    width: int
    height: int
    safe: Box
    side_by_side: bool
    text_width: int
    unit_px: float

    @property
    def gap_px(self) -> int:
        return max(2, round(_GAP * self.unit_px))


@dataclass(frozen=True)
class CardLayout:
    """The boxes of one end card, in frame pixels: the product (its shadow included), the
    logo, the brand line, the name, the price and the button; absent parts are ``None``."""

    grid: Grid
    product: Box
    logo: Box | None
    brand: Box | None
    name: Box
    price: Box | None
    button: Box

    @property
    def words(self) -> tuple[Box, ...]:
        """The boxes holding text or the logo, top to bottom."""
        return tuple(b for b in (self.logo, self.brand, self.name, self.price, self.button) if b is not None)


def card_grid(width: int, height: int) -> Grid:
    """The design grid of a ``width`` x ``height`` frame.

    Raises
    ------
    InvalidInput
        If the frame is smaller than 16 px on a side.
    """
    if width < 16 or height < 16:
        raise InvalidInput(f"an end card needs at least 16x16 px, got {width}x{height}")
    area = safe_area(width, height)
    inset = max(area.x, width - area.x - area.w)
    safe = Box(x=inset, y=area.y, w=width - 2 * inset, h=area.h)
    side = width >= height
    unit = float(min(width, height))
    if side:
        text_width = round(safe.w * (1 - _PRODUCT_SHARE - _COLUMN_GAP))
    else:
        text_width = safe.w
    return Grid(width, height, safe, side, text_width, unit)


def place_card(
    grid: Grid,
    *,
    product_aspect: float,
    name: tuple[int, int],
    button: tuple[int, int],
    price: tuple[int, int] | None = None,
    brand: tuple[int, int] | None = None,
    logo: tuple[int, int] | None = None,
    rtl: bool = False,
) -> CardLayout:
    """Lay the card out on ``grid``.

    Parameters
    ----------
    grid
        From :func:`card_grid`.
    product_aspect
        Width over height of the product's drawing (shadow room included).
    name, button, price, brand
        Sizes ``(w, h)`` of the drawn words, each no wider than ``grid.text_width``.
    logo
        The logo's own size ``(w, h)``; it is scaled to fit its slot, aspect kept.
    rtl
        Right-to-left script: side by side, the product goes right and the words align right.

    Returns
    -------
    CardLayout
        The product takes all the room the words leave, as large as its aspect allows.

    Raises
    ------
    InvalidInput
        A block wider than ``grid.text_width``, or words that leave no room for the product.
    """
    if not product_aspect > 0:
        raise InvalidInput(f"product_aspect must be > 0, got {product_aspect}")
    blocks = [(role, size) for role, size in (("brand", brand), ("name", name), ("price", price), ("button", button))
              if size is not None]
    for _, (w, h) in blocks:
        if w > grid.text_width or w < 1 or h < 1:
            raise InvalidInput(f"a text block of {w}x{h} px does not fit {grid.text_width} px")
    logo_size = _logo_size(grid, logo) if logo is not None else None
    place = _side_by_side if grid.side_by_side else _stacked
    product, logo_box, words = place(grid, product_aspect, logo_size, blocks, rtl)
    return CardLayout(grid, product, logo_box, words.get("brand"), words["name"], words.get("price"), words["button"])


_Blocks = list[tuple[str, tuple[int, int]]]
_Placed = tuple[Box, Box | None, dict[str, Box]]


def _logo_size(grid: Grid, logo: tuple[int, int]) -> tuple[int, int]:
    w, h = logo
    if w < 1 or h < 1:
        raise InvalidInput(f"logo size must be positive, got {logo}")
    scale = min(_LOGO_HEIGHT * grid.unit_px / h, _LOGO_WIDTH * grid.text_width / w)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _fit(aspect: float, width: float, height: float) -> tuple[int, int]:
    """The largest ``aspect`` box inside ``width`` x ``height``."""
    w = min(width, height * aspect)
    return max(1, math.floor(w)), max(1, math.floor(w / aspect))


def _height(blocks: _Blocks, gap: int) -> int:
    return sum(h for _, (_, h) in blocks) + gap * (len(blocks) - 1)


def _stack(blocks: _Blocks, *, top: int, gap: int, x_of: Callable[[int], int]) -> dict[str, Box]:
    boxes: dict[str, Box] = {}
    y = top
    for role, (w, h) in blocks:
        boxes[role] = Box(x=x_of(w), y=y, w=w, h=h)
        y += h + gap
    return boxes


def _stacked(grid: Grid, aspect: float, logo: tuple[int, int] | None, blocks: _Blocks, rtl: bool) -> _Placed:
    """One centred column: the logo at the top of the safe area, then the product and the
    words, centred together in the room below."""
    safe, gap = grid.safe, grid.gap_px
    product_gap = round(_PRODUCT_GAP * grid.unit_px)
    words_h = _height(blocks, gap)
    logo_h = logo[1] + product_gap if logo else 0
    room = safe.h - logo_h - words_h - product_gap
    if room < 0.2 * safe.h:
        raise InvalidInput(f"the words take {words_h} px of {safe.h}: no room left for the product")
    pw, ph = _fit(aspect, safe.w, min(room, _STACKED_HEIGHT * safe.h))
    centre = safe.x + safe.w // 2
    logo_box = Box(x=centre - logo[0] // 2, y=safe.y, w=logo[0], h=logo[1]) if logo else None
    below = safe.y + logo_h
    start = below + (safe.y + safe.h - below - (ph + product_gap + words_h)) // 2
    product = Box(x=centre - pw // 2, y=start, w=pw, h=ph)
    words = _stack(blocks, top=start + ph + product_gap, gap=gap, x_of=lambda w: centre - w // 2)
    return product, logo_box, words


def _side_by_side(grid: Grid, aspect: float, logo: tuple[int, int] | None, blocks: _Blocks, rtl: bool) -> _Placed:
    """The product centred in its half, the logo and words in a column beside it, centred
    vertically and aligned to the reading start."""
    safe, gap = grid.safe, grid.gap_px
    product_gap = round(_PRODUCT_GAP * grid.unit_px)
    column = round(safe.w * _PRODUCT_SHARE)
    pw, ph = _fit(aspect, column, _SIDE_HEIGHT * safe.h)
    column_x = safe.x + safe.w - column if rtl else safe.x
    product = Box(x=column_x + (column - pw) // 2, y=safe.y + (safe.h - ph) // 2, w=pw, h=ph)
    text_left = safe.x if rtl else safe.x + safe.w - grid.text_width
    text_right = text_left + grid.text_width

    def x_of(w: int) -> int:
        return text_right - w if rtl else text_left

    logo_h = logo[1] + product_gap if logo else 0
    total = _height(blocks, gap) + logo_h
    if total > safe.h:
        raise InvalidInput(f"the words take {total} px of {safe.h}: they do not fit beside the product")
    top = safe.y + (safe.h - total) // 2
    logo_box = Box(x=x_of(logo[0]), y=top, w=logo[0], h=logo[1]) if logo else None
    return product, logo_box, _stack(blocks, top=top + logo_h, gap=gap, x_of=x_of)


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any pixel."""
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def box_inside(inner: Box, outer: Box) -> bool:
    """Whether every pixel of ``inner`` lies in ``outer``."""
    return (outer.x <= inner.x and outer.y <= inner.y and inner.x + inner.w <= outer.x + outer.w
            and inner.y + inner.h <= outer.y + outer.h)
