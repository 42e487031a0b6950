"""A caption block on its own: text in a style, drawn to fill a given box."""

from __future__ import annotations

import math

from shopreel.errors import InvalidInput
from shopreel.media.captions.breaking import pieces_from_text
from shopreel.media.captions.fonts import FontBook, find_fonts
from shopreel.media.captions.layout import fit_pieces
from shopreel.media.captions.paint import draw_caption, effect_margin_px
from shopreel.media.captions.style import Align, Animation, CaptionStyle
from shopreel.media.types import Alpha, Frame

__all__ = ["render_caption_image"]

# Without an explicit size, one line of text takes at most this share of the box height.
_LINE_SHARE = 0.3


def render_caption_image(
    text: str,
    *,
    style: CaptionStyle,
    width: int,
    height: int,
    language: str,
    size_px: int | None = None,
    active_word: int | None = None,
    fonts: FontBook | None = None,
) -> tuple[Frame, Alpha]:
    """Draw ``text`` in ``style`` centred in a ``width`` x ``height`` transparent image.

    Parameters
    ----------
    text
        The caption; whitespace separates words (and Chinese, Japanese and Thai may break
        between characters).
    style
        Colours, weight, effects. ``uppercase`` and alignment apply; the style's ``size``
        and ``vertical`` do not (they are relative to a video frame).
    width, height
        Output size, px.
    language
        BCP 47 tag (``en``, ``zh-CN``, ``zh-Hant``, ``ja``, ``ko``, ``ar``, ``th``, ``hi`` ...).
    size_px
        Font size. By default the largest size up to ``0.3 * height`` at which the text
        fits; an explicit size still shrinks if the text would not fit.
    active_word
        For highlight / karaoke / reveal styles: draw the block as when this word (index
        among the whitespace-separated words) is being spoken. ``None``: at rest.
    fonts
        Fonts to use; the system's by default.

    Returns
    -------
    rgb : uint8 (height, width, 3)
    alpha : float32 (height, width) in [0, 1]

    Raises
    ------
    InvalidInput
        If the text is blank, the size is not positive, or the text cannot fit the box even
        at 6 px.
    """
    if not text.strip():
        raise InvalidInput("text is blank")
    if width < 1 or height < 1:
        raise InvalidInput(f"width and height must be >= 1, got {width}x{height}")
    if size_px is not None and size_px < 1:
        raise InvalidInput(f"size_px must be >= 1, got {size_px}")
    fonts = fonts or find_fonts()
    shown = text.upper() if style.uppercase else text
    pieces = pieces_from_text(shown)
    start = size_px if size_px is not None else max(6, math.floor(_LINE_SHARE * height))
    layout = fit_pieces(
        pieces,
        fonts=fonts,
        style=style,
        size_px=start,
        max_width=width,
        max_height=height,
        language=language,
        margin_px=lambda s: effect_margin_px(style, s),
    )
    margin = effect_margin_px(style, layout.size_px)
    text_top = (height - layout.height) / 2
    if style.align is Align.CENTER:
        text_x = (width - layout.width) / 2
    elif layout.rtl:
        text_x = width - margin - layout.width
    else:
        text_x = float(margin)
    art = draw_caption(
        layout, style, canvas_size=(width, height), text_x=text_x, text_top=text_top, text_width=layout.width
    )
    if active_word is None:
        return art.rgb, art.alpha
    animation = style.animation
    if animation is Animation.REVEAL:
        rects = [r for r in art.regions if r.word > active_word]
    elif animation is Animation.KARAOKE:
        rects = [r for r in art.regions if r.word <= active_word]
    else:
        rects = [r for r in art.regions if r.word == active_word]
    return art.mixed([r.rect for r in rects])
