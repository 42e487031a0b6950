"""Drawing a laid-out caption block: backgrounds, shadow, glow, outline, fill and emoji.

A block is drawn once as it looks at rest (``rgb``/``alpha``) and, for word animations,
once more fully "active" (``alt_*``: every word highlighted, filled, or hidden). Any state
in between is a cut-and-paste of rectangles from one image into the other (:meth:`CaptionArt.mixed`),
so a highlight moving or a karaoke fill advancing costs a copy, not a new rendering.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from shopreel.errors import InvalidInput
from shopreel.media.captions.fonts import FontFace, load_font
from shopreel.media.captions.layout import BAND_EM, EMOJI_EM, BlockLayout
from shopreel.media.captions.style import Align, Animation, BackgroundKind, CaptionStyle
from shopreel.media.types import Alpha, Frame

__all__ = ["WordRegion", "CaptionArt", "effect_margin_px", "draw_caption"]

_F32 = np.float32
# How far a highlight box reaches past its word, in em (less where words are closer).
_HIGHLIGHT_PAD_EM = (0.15, 0.1)
_MAX_EMBOLDEN_EM = 0.045


Rect = tuple[int, int, int, int]  # top, bottom, left, right; end-exclusive


@dataclass(frozen=True)
class WordRegion:
    """Where one word (on one line) lies in the canvas.

    ``top``/``bottom``/``left``/``right`` bound every pixel the word changes between the
    two images (end-exclusive, canvas px); ``x0``/``x1`` are its advance, for partial fills.
    """

    word: int
    line: int
    top: int
    bottom: int
    left: int
    right: int
    x0: float
    x1: float
    rtl: bool

    @property
    def rect(self) -> Rect:
        return self.top, self.bottom, self.left, self.right


@dataclass(frozen=True)
class CaptionArt:
    """A caption drawn at rest and, when its animation needs one, fully active."""

    rgb: Frame
    alpha: Alpha
    alt_rgb: Frame | None
    alt_alpha: Alpha | None
    regions: tuple[WordRegion, ...]

    def mixed(self, rects: Sequence[Rect]) -> tuple[Frame, Alpha]:
        """The rest image with ``rects`` taken from the active one."""
        if not rects or self.alt_rgb is None or self.alt_alpha is None:
            return self.rgb, self.alpha
        rgb = self.rgb.copy()
        alpha = self.alpha.copy()
        for top, bottom, left, right in rects:
            rgb[top:bottom, left:right] = self.alt_rgb[top:bottom, left:right]
            alpha[top:bottom, left:right] = self.alt_alpha[top:bottom, left:right]
        return rgb, alpha


def effect_margin_px(style: CaptionStyle, size_px: int) -> int:
    """Room the style's effects need around the text's advance box, px."""
    s = size_px
    edge = (style.outline_em + _MAX_EMBOLDEN_EM) * s
    margin = edge
    if style.shadow is not None:
        dx, dy = style.shadow.offset_em
        margin = max(margin, edge + max(abs(dx), abs(dy)) * s + 2.5 * style.shadow.blur_em * s)
    if style.glow is not None:
        margin = max(margin, edge + 2.5 * style.glow.radius_em * s)
    if style.background is not None:
        margin = max(margin, max(style.background.padding_em) * s)
    if style.highlight_box:
        margin = max(margin, max(_HIGHLIGHT_PAD_EM) * s)
    return math.ceil(margin) + 2


@lru_cache(maxsize=256)
def _emoji_bitmap(face: FontFace, text: str, size_px: int) -> tuple[np.ndarray, int]:
    """``text`` in colour emoji scaled to :data:`EMOJI_EM` em: ``uint8 (h, w, 4)`` straight
    RGBA, and the row of its baseline.

    NotoColorEmoji only has 109 px bitmaps; they are drawn at that size and shrunk
    (premultiplied, Lanczos) to the line.
    """
    font = load_font(face, size_px)
    ascent, descent = font.getmetrics()
    width = max(1, math.ceil(font.getlength(text)))
    image = Image.new("RGBA", (width, ascent + descent))
    ImageDraw.Draw(image).text((0, ascent), text, font=font, anchor="ls", embedded_color=True)
    scale = EMOJI_EM * size_px / (ascent + descent)
    size = (max(1, round(width * scale)), max(1, round((ascent + descent) * scale)))
    scaled = image.convert("RGBa").resize(size, Image.Resampling.LANCZOS).convert("RGBA")
    return np.asarray(scaled), round(ascent * scale)


class _Geometry:
    """Where each line of a layout sits in the canvas."""

    def __init__(self, layout: BlockLayout, style: CaptionStyle, text_x: float, text_top: float, text_width: float):
        self.layout = layout
        self.size = layout.size_px
        self.baselines = [text_top + layout.ascent + i * layout.pitch for i in range(len(layout.lines))]
        self.lefts = []
        for line in layout.lines:
            if style.align is Align.CENTER:
                self.lefts.append(text_x + (text_width - line.width) / 2)
            elif layout.rtl:
                self.lefts.append(text_x + text_width - line.width)
            else:
                self.lefts.append(text_x)

    def band(self, i: int, pad_y: float = 0.0) -> tuple[float, float]:
        above, below = BAND_EM
        return self.baselines[i] - above * self.size - pad_y, self.baselines[i] + below * self.size + pad_y

    def line_splits(self, height: int) -> list[int]:
        """Row boundaries between lines: the middle of the gap between their bands."""
        above, below = BAND_EM
        splits = [0]
        for i in range(len(self.baselines) - 1):
            gap_mid = (self.baselines[i] + below * self.size + self.baselines[i + 1] - above * self.size) / 2
            splits.append(round(gap_mid))
        splits.append(height)
        return splits


def _regions(geometry: _Geometry, width: int, height: int) -> tuple[WordRegion, ...]:
    layout = geometry.layout
    splits = geometry.line_splits(height)
    regions: list[WordRegion] = []
    for i in range(len(layout.lines)):
        spans = sorted((s for s in layout.spans if s.line == i), key=lambda s: s.x0)
        left_edge = geometry.lefts[i]
        for k, span in enumerate(spans):
            x0, x1 = left_edge + span.x0, left_edge + span.x1
            left = (left_edge + (spans[k - 1].x1 + span.x0) / 2) if k else 0.0
            right = (left_edge + (span.x1 + spans[k + 1].x0) / 2) if k + 1 < len(spans) else float(width)
            regions.append(
                WordRegion(
                    span.word,
                    i,
                    splits[i],
                    splits[i + 1],
                    max(0, round(left)),
                    min(width, round(right)),
                    x0,
                    x1,
                    span.rtl,
                )
            )
    return tuple(regions)


def _text_masks(
    geometry: _Geometry, style: CaptionStyle, width: int, height: int
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """Fill mask, outline mask (or ``None``) and the emoji layer (premultiplied RGB, alpha)."""
    layout = geometry.layout
    size = layout.size_px
    fill = Image.new("L", (width, height))
    outline_px = style.outline_em * size
    stroke = Image.new("L", (width, height)) if outline_px > 0 else None
    emoji_rgb = np.zeros((height, width, 3), dtype=_F32)
    emoji_a = np.zeros((height, width), dtype=_F32)
    draw_fill = ImageDraw.Draw(fill)
    draw_stroke = ImageDraw.Draw(stroke) if stroke is not None else None
    for i, line in enumerate(layout.lines):
        baseline = geometry.baselines[i]
        for run in line.runs:
            x = geometry.lefts[i] + run.x
            if run.face.color:
                bitmap, bitmap_baseline = _emoji_bitmap(run.face, run.text, size)
                _paste_over(emoji_rgb, emoji_a, bitmap, round(x), round(baseline) - bitmap_baseline)
                continue
            font = load_font(run.face, size)
            options = dict(font=font, anchor="ls", direction="rtl" if run.rtl else "ltr", language=layout.language)
            bold = run.face.embolden_em * size
            draw_fill.text((x, baseline), run.text, fill=255, stroke_width=bold, stroke_fill=255, **options)
            if draw_stroke is not None:
                draw_stroke.text(
                    (x, baseline), run.text, fill=255, stroke_width=bold + outline_px, stroke_fill=255, **options
                )
    stroke_mask = None if stroke is None else np.asarray(stroke, dtype=_F32) / 255.0
    return np.asarray(fill, dtype=_F32) / 255.0, stroke_mask, emoji_rgb, emoji_a


def _paste_over(rgb: np.ndarray, alpha: np.ndarray, bitmap: np.ndarray, x: int, y: int) -> None:
    """Composite an RGBA ``bitmap`` over premultiplied ``rgb``/``alpha`` at ``(x, y)``, clipped."""
    h, w = alpha.shape
    bh, bw = bitmap.shape[:2]
    top, left, bottom, right = max(y, 0), max(x, 0), min(y + bh, h), min(x + bw, w)
    if top >= bottom or left >= right:
        return
    part = bitmap[top - y : bottom - y, left - x : right - x].astype(_F32) / 255.0
    a = part[..., 3]
    keep = 1.0 - a
    rgb[top:bottom, left:right] = rgb[top:bottom, left:right] * keep[..., None] + part[..., :3] * a[..., None]
    alpha[top:bottom, left:right] = alpha[top:bottom, left:right] * keep + a


def _rounded(width: int, height: int, boxes: Sequence[tuple[float, float, float, float]], radius: float) -> np.ndarray:
    """A soft-edged mask of rounded rectangles ``(left, top, right, bottom)``, union."""
    scale = 2  # draw at twice the size and shrink, for anti-aliased edges
    mask = Image.new("L", (width * scale, height * scale))
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in boxes:
        box = (left * scale, top * scale, right * scale - 1, bottom * scale - 1)
        r = min(radius, (bottom - top) / 2, (right - left) / 2) * scale
        draw.rounded_rectangle(box, radius=max(0.0, r), fill=255)
    return np.asarray(mask.resize((width, height), Image.Resampling.BOX), dtype=_F32) / 255.0


def _background_mask(geometry: _Geometry, style: CaptionStyle, width: int, height: int) -> np.ndarray | None:
    background = style.background
    if background is None:
        return None
    s = geometry.size
    pad_x, pad_y = background.padding_em[0] * s, background.padding_em[1] * s
    lines = geometry.layout.lines
    bands = [geometry.band(i, pad_y) for i in range(len(lines))]
    radius = background.radius_em * s
    if background.kind is BackgroundKind.PILL:
        boxes = [
            (geometry.lefts[i] - pad_x, bands[i][0], geometry.lefts[i] + line.width + pad_x, bands[i][1])
            for i, line in enumerate(lines)
        ]
        return _rounded(width, height, boxes, radius)
    top, bottom = bands[0][0], bands[-1][1]
    if background.kind is BackgroundKind.BAR:
        return _rounded(width, height, [(0, top, width, bottom)], 0.0)
    left = min(geometry.lefts[i] for i in range(len(lines))) - pad_x
    right = max(geometry.lefts[i] + line.width for i, line in enumerate(lines)) + pad_x
    return _rounded(width, height, [(left, top, right, bottom)], radius)


def _highlight_boxes(geometry: _Geometry, regions: Sequence[WordRegion], width: int, height: int) -> np.ndarray:
    s = geometry.size
    pad_x, pad_y = _HIGHLIGHT_PAD_EM[0] * s, _HIGHLIGHT_PAD_EM[1] * s
    boxes = []
    for region in regions:
        top, bottom = geometry.band(region.line, pad_y)
        left = max(region.x0 - pad_x, region.left)
        right = min(region.x1 + pad_x, region.right)
        boxes.append((left, max(top, region.top), right, min(bottom, region.bottom)))
    return _rounded(width, height, boxes, 0.22 * s)


def _blur(mask: np.ndarray, sigma_px: float) -> np.ndarray:
    if sigma_px < 0.3:
        return mask
    image = Image.fromarray(np.round(mask * 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.GaussianBlur(sigma_px)), dtype=_F32) / 255.0


def _shift(mask: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(mask)
    h, w = mask.shape
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = mask[
        max(-dy, 0) : h - max(dy, 0), max(-dx, 0) : w - max(dx, 0)
    ]
    return out


def _fill_color(geometry: _Geometry, style: CaptionStyle, height: int) -> np.ndarray:
    """The text colour: ``(3,)`` when solid, ``(H, 1, 3)`` for a top-to-bottom gradient per line."""
    top_color = np.asarray(style.color, dtype=_F32) / 255.0
    if style.gradient_to is None:
        return top_color
    bottom_color = np.asarray(style.gradient_to, dtype=_F32) / 255.0
    rows = np.arange(height, dtype=_F32) + 0.5
    splits = geometry.line_splits(height)
    t = np.zeros(height, dtype=_F32)
    for i in range(len(geometry.baselines)):
        top, bottom = geometry.band(i)
        part = slice(splits[i], splits[i + 1])
        t[part] = np.clip((rows[part] - top) / max(bottom - top, 1.0), 0.0, 1.0)
    return (top_color + (bottom_color - top_color) * t[:, None])[:, None, :]


Op = tuple[np.ndarray, np.ndarray]  # straight colour ((3,), (H,1,3) or (H,W,3)) and alpha (H, W)


def _compose(height: int, width: int, ops: Sequence[Op], emoji: tuple[np.ndarray, np.ndarray]) -> tuple[Frame, Alpha]:
    """Stack ``ops`` bottom to top with "over", then the premultiplied emoji layer."""
    acc = np.zeros((height, width, 3), dtype=_F32)
    acc_a = np.zeros((height, width), dtype=_F32)
    for color, alpha in ops:
        keep = 1.0 - alpha
        acc *= keep[..., None]
        acc += color * alpha[..., None]
        acc_a *= keep
        acc_a += alpha
    emoji_rgb, emoji_a = emoji
    if emoji_a.any():
        keep = 1.0 - emoji_a
        acc = acc * keep[..., None] + emoji_rgb
        acc_a = acc_a * keep + emoji_a
    rgb = np.where(acc_a[..., None] > 1e-6, acc / np.maximum(acc_a, 1e-6)[..., None], 0.0)
    rgb8 = np.clip(np.round(rgb * 255.0), 0, 255).astype(np.uint8)
    return rgb8, np.clip(acc_a, 0.0, 1.0).astype(_F32)


def draw_caption(
    layout: BlockLayout,
    style: CaptionStyle,
    *,
    canvas_size: tuple[int, int],
    text_x: float,
    text_top: float,
    text_width: float,
) -> CaptionArt:
    """Draw ``layout`` in ``style`` on a transparent ``canvas_size`` (width, height) canvas.

    Parameters
    ----------
    layout
        Lines to draw.
    style
        Colours and effects.
    canvas_size
        Width and height of the output, px.
    text_x, text_top
        Top-left of the text box (line 0's top is ``text_top``; the first baseline is
        ``text_top + layout.ascent``), px.
    text_width
        Width lines align within, px (``layout.width`` or more).

    Returns
    -------
    CaptionArt
        ``rgb`` ``uint8 (H, W, 3)`` and ``alpha`` ``float32 (H, W)`` at rest; for the
        ``highlight``, ``karaoke`` and ``reveal`` animations also the fully active images.

    Notes
    -----
    Layers from the bottom: background (box, pills or bar), highlight boxes, shadow (of the
    outlined text and emoji, offset and blurred), glow (the text's blurred silhouette,
    scaled by ``strength``), outline (Pillow's FreeType stroker), fill, colour emoji. All
    blending is "over" on premultiplied float32; edges come anti-aliased from FreeType.
    """
    width, height = canvas_size
    if width < 1 or height < 1:
        raise InvalidInput(f"canvas_size must be positive, got {canvas_size}")
    s = layout.size_px
    geometry = _Geometry(layout, style, text_x, text_top, text_width)
    regions = _regions(geometry, width, height)
    fill, stroke, emoji_rgb, emoji_a = _text_masks(geometry, style, width, height)
    silhouette = np.maximum(stroke if stroke is not None else fill, emoji_a)

    under: list[Op] = []
    background = _background_mask(geometry, style, width, height)
    if background is not None and style.background is not None:
        under.append((np.asarray(style.background.color, _F32) / 255.0, background * style.background.opacity))
    effects: list[Op] = []
    if style.shadow is not None:
        dx, dy = (round(v * s) for v in style.shadow.offset_em)
        shadow = _blur(_shift(silhouette, dx, dy), style.shadow.blur_em * s) * style.shadow.opacity
        effects.append((np.asarray(style.shadow.color, _F32) / 255.0, shadow))
    if style.glow is not None:
        glow = np.clip(_blur(silhouette, style.glow.radius_em * s) * style.glow.strength, 0.0, 1.0)
        effects.append((np.asarray(style.glow.color, _F32) / 255.0, glow))
    if stroke is not None:
        effects.append((np.asarray(style.outline_color, _F32) / 255.0, stroke))
    color = _fill_color(geometry, style, height)
    no_emoji = (np.zeros((1, 1, 3), _F32), np.zeros((height, width), _F32))
    rgb, alpha = _compose(height, width, under + effects + [(color, fill)], (emoji_rgb, emoji_a))

    alt_rgb = alt_alpha = None
    if style.animation is Animation.REVEAL:
        alt_rgb, alt_alpha = _compose(height, width, under, no_emoji)
    elif style.animation in (Animation.HIGHLIGHT, Animation.KARAOKE) and style.highlight_color is not None:
        highlight = np.asarray(style.highlight_color, _F32) / 255.0
        if style.highlight_box:
            boxes = _highlight_boxes(geometry, regions, width, height)
            ops = under + [(highlight, boxes)] + effects + [(color, fill)]
        else:
            ops = under + effects + [(highlight, fill)]
        alt_rgb, alt_alpha = _compose(height, width, ops, (emoji_rgb, emoji_a))
    return CaptionArt(rgb, alpha, alt_rgb, alt_alpha, regions)
