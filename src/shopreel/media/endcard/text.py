"""The end card's words, drawn by the caption text engine and cropped to their ink.

Shaping (Arabic joining and right-to-left order, Thai and Devanagari marks, CJK), font
fallback per grapheme cluster and line breaking are the captions' own
(:mod:`shopreel.media.captions`); this module only asks for a block that fits a width in a
few lines, shortens text that cannot fit with an ellipsis, and reports any character that
no installed font could draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.captions import CaptionStyle, FontBook
from shopreel.media.captions.breaking import Piece, pieces_from_text
from shopreel.media.captions.coverage import font_coverage
from shopreel.media.captions.layout import BlockLayout, fit_pieces
from shopreel.media.captions.paint import draw_caption, effect_margin_px
from shopreel.media.captions.scripts import grapheme_clusters
from shopreel.media.types import Alpha, Frame

__all__ = ["TextArt", "draw_text"]

_ELLIPSIS = "…"
# Characters a font need not map: spaces, joiners and variation selectors (the shaper's).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff") | {chr(c) for c in range(0xFE00, 0xFE10)}


@dataclass(frozen=True, eq=False)
class TextArt:
    """A block of text drawn on transparency, cropped to its ink (background shapes included).

    ``missing`` lists the characters drawn with a font that has no glyph for them (shown as
    the font's empty box); it is empty when every character found a font.
    """

    rgb: Frame
    alpha: Alpha
    text: str
    size_px: int
    missing: tuple[str, ...]

    @property
    def width(self) -> int:
        return self.alpha.shape[1]

    @property
    def height(self) -> int:
        return self.alpha.shape[0]


def draw_text(
    text: str,
    style: CaptionStyle,
    *,
    language: str,
    size_px: int,
    max_width: int,
    max_lines: int,
    fonts: FontBook,
    min_size_px: int | None = None,
) -> TextArt:
    """Draw ``text`` in ``style`` in at most ``max_lines`` lines no wider than ``max_width``.

    Parameters
    ----------
    text
        What to write; blank is refused.
    style
        Colours, weight, background shape and alignment of the lines (the style's own size
        is not used).
    language
        BCP 47 tag: shaping, CJK glyph forms and direction.
    size_px
        The font size wanted; smaller when the text needs it, down to ``min_size_px``
        (default: 70 % of ``size_px``).
    max_width
        Widest line, background included, px.
    max_lines
        Most lines.
    fonts
        Where fonts come from.

    Returns
    -------
    TextArt
        Cropped to the pixels it covers. Text that does not fit even at ``min_size_px`` is
        cut at a word (or, in scripts without spaces, a character) and ends with "…".

    Raises
    ------
    InvalidInput
        Blank text, or sizes below one pixel.
    """
    if not text.strip():
        raise InvalidInput("text is blank")
    if size_px < 1 or max_width < 1 or max_lines < 1:
        raise InvalidInput(f"size_px, max_width and max_lines must be >= 1, got {size_px}, {max_width}, {max_lines}")
    smallest = max(6, min_size_px if min_size_px is not None else round(0.7 * size_px))
    shown = text.upper() if style.uppercase else text
    layout = _fit(shown, style, language, size_px, smallest, max_width, max_lines, fonts)
    clusters = grapheme_clusters(shown)
    if layout is None:
        low, high = 1, len(clusters) - 1
        best = _shortened(clusters, 1)
        while low <= high:  # the longest prefix that fits, by bisection
            middle = (low + high) // 2
            if _fit(_shortened(clusters, middle), style, language, smallest, smallest, max_width, max_lines, fonts):
                best, low = _shortened(clusters, middle), middle + 1
            else:
                high = middle - 1
        shown = best
        layout = _fit(shown, style, language, smallest, smallest, max_width, max_lines, fonts)
        if layout is None:
            raise InvalidInput(f"{text[:20]!r} does not fit {max_width} px even as one character")
    margin = effect_margin_px(style, layout.size_px)
    canvas = (math.ceil(layout.width) + 2 * margin, math.ceil(layout.height) + 2 * margin)
    art = draw_caption(layout, style, canvas_size=canvas, text_x=margin, text_top=margin, text_width=layout.width)
    rows = np.flatnonzero(art.alpha.max(axis=1) > 0.01)
    cols = np.flatnonzero(art.alpha.max(axis=0) > 0.01)
    if rows.size == 0:
        raise InvalidInput(f"{text[:20]!r} draws nothing visible")
    crop = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    return TextArt(art.rgb[crop].copy(), art.alpha[crop].copy(), shown, layout.size_px, _missing(layout))


def _fit(text: str, style: CaptionStyle, language: str, size_px: int, smallest: int, max_width: int,
         max_lines: int, fonts: FontBook) -> BlockLayout | None:
    """The layout at the largest size that fits, breaking lines only at spaces if that fits at
    all, else also between characters (Chinese, Japanese) or clusters (Thai), as captions do."""
    whole_words = [Piece(word, i, i > 0, True) for i, word in enumerate(text.split())]
    for pieces in (whole_words, pieces_from_text(text)):
        try:
            return fit_pieces(pieces, fonts=fonts, style=style, size_px=size_px, max_width=max_width,
                              max_height=math.inf, language=language, margin_px=lambda s: effect_margin_px(style, s),
                              max_lines=max_lines, min_size_px=smallest)
        except InvalidInput:
            continue
    return None


def _shortened(clusters: list[str], keep: int) -> str:
    """The first ``keep`` clusters and an ellipsis, cut back to the last space when there is
    one in the second half (a whole word is dropped rather than half of one)."""
    head = "".join(clusters[:keep]).rstrip()
    space = head.rfind(" ")
    if space > len(head) // 2:
        head = head[:space].rstrip(" ,.;:-–—")
    return head + _ELLIPSIS


def _missing(layout: BlockLayout) -> tuple[str, ...]:
    missing: list[str] = []
    for line in layout.lines:
        for run in line.runs:
            if run.face.color:  # the colour emoji font: checked by its own coverage when chosen
                continue
            coverage = font_coverage(run.face.path, run.face.index)
            missing += [ch for ch in run.text if not ch.isspace() and ch not in _INVISIBLE and ord(ch) not in coverage]
    return tuple(dict.fromkeys(missing))
