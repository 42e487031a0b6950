"""A designed end card: the product on a background of its own colours, its name, price, a
call to action and the logo, with a slow push-in and the words fading in.

:func:`design_end_card` does the expensive work once (colours, text shaping, the product's
shadow, the background); :meth:`DesignedCard.frame_at` then draws any instant from those
parts, and after :attr:`DesignedCard.settle_s` returns one finished frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.captions import Align, Background, BackgroundKind, CaptionStyle, FontBook, Weight, find_fonts
from shopreel.media.captions.layout import paragraph_rtl
from shopreel.media.endcard.layout import CardLayout, Grid, card_grid, place_card
from shopreel.media.endcard.palette import RGB, Backdrop, Palette, card_palette
from shopreel.media.endcard.text import TextArt, draw_text
from shopreel.media.image.checks import check_alpha, check_frame
from shopreel.media.image.compose import contact_shadow, draw_layer, fit_in_box
from shopreel.media.types import Alpha, Box, Frame, Layer

__all__ = ["CardText", "DesignedCard", "design_end_card"]

_F32 = np.float32
# Type sizes as shares of the grid's unit (the frame's short side): in a column, beside the product.
_SIZES = {"brand": 0.034, "name": 0.074, "price": 0.08, "button": 0.05}
_SIDE_SIZES = {"brand": 0.03, "name": 0.06, "price": 0.068, "button": 0.044}
# The disc behind the product: its diameter as a share of the product's longer side, and the
# least share for which it is drawn at all (when the words leave it less room).
_DISC = 0.95
_MIN_DISC = 0.8
# Smaller type is tried, in these steps, until the product keeps this share of the safe height.
_SCALES = (1.0, 0.88, 0.77, 0.68, 0.6)
_MIN_PRODUCT_SHARE = 0.36
# Motion: the product grows from this share of its size, easing out, over this share of the card.
_PUSH_FROM = 0.94
_PUSH_SHARE = 0.8
# Words fade in one after another: start times (s) of brand, name, price, button; fade length (s);
# rise while fading, in units.
_STARTS_S = {"brand": 0.08, "name": 0.12, "price": 0.26, "button": 0.4}
_FADE_S = 0.35
_RISE = 0.012
_STYLE_ID = "e0dca7d0e0dca7d0e0dca7d0e0dca7d0"


@dataclass(frozen=True)
class CardText:
    """The words on the card: ``name`` and ``button`` always, ``price`` (already written the
    local way) and ``brand`` when known. ``language`` is a BCP 47 tag."""

    name: str
    button: str
    language: str = "en"
    price: str | None = None
    brand: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.button.strip():
            raise InvalidInput(f"an end card needs a product name and a button text, got {self.name!r}, "
                               f"{self.button!r}")


@dataclass(frozen=True, eq=False)
class DesignedCard:
    """An end card ready to draw at any instant.

    ``background`` holds the backdrop and the logo; ``product`` is the product with its
    shadow at rest, filling ``layout.product``; ``words`` are the text layers at rest with
    the second each starts fading in. ``missing_glyphs`` lists characters no installed font
    could draw (empty when all were found).
    """

    width: int
    height: int
    duration_s: float
    layout: CardLayout
    palette: Palette
    background: Frame
    product: Layer
    words: tuple[tuple[Layer, float], ...]
    missing_glyphs: tuple[str, ...]

    @property
    def settle_s(self) -> float:
        """When the motion ends: from then on every frame is :attr:`rest`."""
        return max(_PUSH_SHARE * self.duration_s, *(start + _FADE_S for _, start in self.words))

    @cached_property
    def rest(self) -> Frame:
        """The finished card, as it holds once everything has arrived."""
        return self._draw(self.settle_s)

    def frame_at(self, t_s: float) -> Frame:
        """The card ``t_s`` seconds after it appears, ``uint8 (height, width, 3)`` RGB."""
        return self.rest if t_s >= self.settle_s else self._draw(max(t_s, 0.0))

    def _draw(self, t_s: float) -> Frame:
        push = _ease_out(t_s / (_PUSH_SHARE * self.duration_s))
        frame = draw_layer(self.background, _scaled(self.product, _PUSH_FROM + (1 - _PUSH_FROM) * push))
        rise = _RISE * self.layout.grid.unit_px
        for layer, start in self.words:
            shown = _ease_out((t_s - start) / _FADE_S)
            if shown <= 0:
                continue
            if shown < 1:
                layer = Layer(layer.rgb, layer.alpha * _F32(shown), layer.x, layer.y + round(rise * (1 - shown)))
            frame = draw_layer(frame, layer)
        return frame


def design_end_card(
    product_rgb: Frame,
    product_alpha: Alpha,
    text: CardText,
    *,
    width: int,
    height: int,
    duration_s: float = 2.0,
    backdrop: Backdrop = Backdrop.DESIGNED,
    logo_rgba: np.ndarray | None = None,
    cut_out: bool = True,
    fonts: FontBook | None = None,
) -> DesignedCard:
    """Design the end card of a ``width`` x ``height`` video.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
        The product, trimmed to it (a cut-out) or a whole photo (``cut_out=False``).
    product_alpha : float32 (h, w)
        Its matte (ones for a photo).
    text : CardText
        Name, price, brand, button and their language.
    width, height : int
        The video's size, px. Every size on the card is a share of the short side, so a
        preview a third the size looks the same, smaller.
    duration_s : float
        How long the card shows; the motion settles at 80 % of it.
    backdrop : Backdrop
        A background designed from the product's colours, or plain white or black.
    logo_rgba : uint8 (h, w, 4) or None
        The brand's logo with straight alpha; set above the words. It replaces the brand line.
    cut_out : bool
        True: the product stands on its contact shadow. False: the photo is shown as a print
        with rounded corners and a soft drop shadow (no cut-out could be made).
    fonts : FontBook or None
        Fonts to use; the system's by default.

    Returns
    -------
    DesignedCard

    Raises
    ------
    InvalidInput
        Bad arrays or sizes, or words too long to leave room for the product even in small type.

    Notes
    -----
    Type is tried at full size and then smaller (:data:`_SCALES`) until the product keeps at
    least 36 % of the safe area's height in a portrait column. The background is a vertical
    gradient between two tints of the product's hues with a soft light and a disc of deeper
    tint behind the product (the disc only when the words leave it room to be as large as the
    product), computed at a quarter of the size where it has no detail and dithered with a
    little noise so the encoder does not band it.
    """
    check_frame(product_rgb, "product_rgb")
    check_alpha(product_alpha, "product_alpha", shape=product_rgb.shape[:2], against="product_rgb")
    if logo_rgba is not None and (logo_rgba.dtype != np.uint8 or logo_rgba.ndim != 3 or logo_rgba.shape[2] != 4):
        raise InvalidInput(f"logo_rgba must be uint8 (h, w, 4), got {logo_rgba.dtype} {logo_rgba.shape}")
    if not duration_s > 0:
        raise InvalidInput(f"duration_s must be > 0, got {duration_s}")
    fonts = fonts or find_fonts()
    grid = card_grid(width, height)
    palette = card_palette(product_rgb, product_alpha, backdrop=backdrop)
    rtl = paragraph_rtl(text.name + " " + text.button, text.language)
    insets = _insets(product_rgb.shape[1], product_rgb.shape[0], cut_out=cut_out)
    aspect = product_rgb.shape[1] * (1 + 2 * insets[0]) / (product_rgb.shape[0] * (1 + insets[1]))
    logo = _logo_art(logo_rgba, palette) if logo_rgba is not None else None
    logo_size = (logo.shape[1], logo.shape[0]) if logo is not None else None
    chosen: tuple[CardLayout, dict[str, TextArt]] | None = None
    for scale in _SCALES:
        arts = _words(text, palette, grid, scale, fonts, brand=logo is None)
        try:
            layout = place_card(grid, product_aspect=aspect, rtl=rtl, logo=logo_size,
                                **{role: (art.width, art.height) for role, art in arts.items()})
        except InvalidInput:
            continue
        chosen = (layout, arts)
        if grid.side_by_side or layout.product.h >= _MIN_PRODUCT_SHARE * grid.safe.h:
            break
    if chosen is None:
        raise InvalidInput(f"the words of the end card leave no room for the product on a {width}x{height} frame")
    layout, arts = chosen
    background = _backdrop(palette, layout)
    if logo is not None and layout.logo is not None:
        background = draw_layer(background, _fitted_logo(logo, layout.logo))
    product = _product_sprite(product_rgb, product_alpha, layout.product, palette, insets=insets, cut_out=cut_out)
    words = tuple((Layer(art.rgb, art.alpha, box.x, box.y), _STARTS_S[role])
                  for role, art in arts.items() if (box := getattr(layout, role)) is not None)
    missing = tuple(dict.fromkeys(ch for art in arts.values() for ch in art.missing))
    return DesignedCard(width, height, duration_s, layout, palette, background, product, words, missing)


def _style(name: str, color: RGB, *, weight: Weight, align: Align, background: Background | None = None,
           uppercase: bool = False) -> CaptionStyle:
    return CaptionStyle(caption_id=_STYLE_ID, name=name, weight=weight, color=color, align=align,
                        background=background, uppercase=uppercase)


def _words(text: CardText, palette: Palette, grid: Grid, scale: float, fonts: FontBook, *,
           brand: bool) -> dict[str, TextArt]:
    """The drawn words at ``scale`` times the nominal type sizes, by role, top to bottom (the
    brand line only when ``brand``). Beside the product they align to the reading start, which
    the caption engine takes from the language (right in Arabic)."""
    align = Align.START if grid.side_by_side else Align.CENTER
    pill = Background(BackgroundKind.PILL, color=palette.accent, opacity=1.0, padding_em=(0.95, 0.5), radius_em=1.0)
    wanted = {
        "brand": (text.brand if brand else None, _style("brand", palette.text, weight=Weight.REGULAR, align=align,
                                                        uppercase=True), 1),
        "name": (text.name, _style("name", palette.text, weight=Weight.BOLD, align=align),
                 3 if grid.side_by_side else 2),
        "price": (text.price, _style("price", palette.accent, weight=Weight.BOLD, align=align), 1),
        "button": (text.button, _style("button", palette.on_accent, weight=Weight.BOLD, align=align,
                                       background=pill), 1),
    }
    arts = {}
    for role, (words, style, lines) in wanted.items():
        if words and words.strip():
            size = max(6, round((_SIDE_SIZES if grid.side_by_side else _SIZES)[role] * scale * grid.unit_px))
            arts[role] = draw_text(words.strip(), style, language=text.language, size_px=size,
                                   max_width=grid.text_width, max_lines=lines, fonts=fonts)
    return arts


def _insets(width: int, height: int, *, cut_out: bool) -> tuple[float, float]:
    """Room around the product for its shadow: (each side, below), as shares of its width and height.

    A contact shadow reaches a little past the product's base on both sides and below it by
    about 6 % of the base's width (see :func:`~shopreel.media.image.compose.contact_shadow`).
    """
    if not cut_out:
        return 0.06, 0.09
    return 0.05 + 0.02 * height / width, 0.04 + 0.08 * width / height


def _product_sprite(rgb: Frame, alpha: Alpha, box: Box, palette: Palette, *, insets: tuple[float, float],
                    cut_out: bool) -> Layer:
    """The product and its shadow, drawn once at ``box``'s size: an RGBA layer placed at ``box``."""
    side, below = insets
    inner_w = box.w / (1 + 2 * side)
    inner_h = box.h / (1 + below)
    inner = Box(x=round(box.w * side / (1 + 2 * side)), y=0, w=max(1, round(inner_w)), h=max(1, round(inner_h)))
    if not cut_out:
        alpha = _rounded_corners(alpha.shape, radius_px=0.035 * min(alpha.shape))
    layer = fit_in_box(rgb, alpha, inner, feather_px=1.0 if cut_out else 0.0)
    canvas = (box.h, box.w)
    product_alpha = np.zeros(canvas, _F32)
    product_rgb = np.zeros((*canvas, 3), np.uint8)
    h, w = layer.alpha.shape
    product_alpha[layer.y : layer.y + h, layer.x : layer.x + w] = layer.alpha
    product_rgb[layer.y : layer.y + h, layer.x : layer.x + w] = layer.rgb
    if cut_out:
        opacity = 0.45 if palette.dark else 0.32
        shadow = contact_shadow(product_alpha, opacity=opacity, blur_px=max(1.0, 0.03 * h), squash=0.0)
    else:
        shifted = np.zeros_like(product_alpha)
        drop = max(1, round(0.025 * h))
        shifted[drop:] = product_alpha[:-drop]
        shadow = np.clip(cv2.GaussianBlur(shifted, (0, 0), max(1.0, 0.03 * h)), 0, 1) * (0.5 if palette.dark else 0.28)
    shade = np.asarray(palette.bottom, _F32) * 0.25
    total = product_alpha + shadow * (1 - product_alpha)
    premultiplied = product_rgb.astype(_F32) * product_alpha[..., None] + shade * (shadow * (1 - product_alpha))[..., None]
    straight = np.where(total[..., None] > 1e-4, premultiplied / np.maximum(total, 1e-4)[..., None], 0)
    return Layer(np.clip(np.rint(straight), 0, 255).astype(np.uint8), total.astype(_F32), box.x, box.y)


def _rounded_corners(shape: tuple[int, ...], *, radius_px: float) -> Alpha:
    height, width = shape[:2]
    mask = np.zeros((height * 2, width * 2), np.uint8)
    r = max(1, round(radius_px * 2))
    cv2.rectangle(mask, (r, 0), (width * 2 - 1 - r, height * 2 - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (width * 2 - 1, height * 2 - 1 - r), 255, -1)
    for cx, cy in ((r, r), (width * 2 - 1 - r, r), (r, height * 2 - 1 - r), (width * 2 - 1 - r, height * 2 - 1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return (cv2.resize(mask, (width, height), interpolation=cv2.INTER_AREA).astype(_F32) / 255.0).astype(_F32)


def _scaled(layer: Layer, scale: float) -> Layer:
    """``layer`` at ``scale`` of its size, standing on the same base line, centred on the same axis."""
    if scale >= 1.0:
        return layer
    h, w = layer.alpha.shape
    box = Box(x=layer.x + round(w * (1 - scale) / 2), y=layer.y + round(h * (1 - scale)),
              w=max(1, round(w * scale)), h=max(1, round(h * scale)))
    return fit_in_box(layer.rgb, layer.alpha, box)


def _ease_out(progress: float) -> float:
    p = min(max(progress, 0.0), 1.0)
    return 1 - (1 - p) ** 3


def _backdrop(palette: Palette, layout: CardLayout) -> Frame:
    """The background: plain, or the palette's gradient with a soft light and a disc behind the product."""
    grid = layout.grid
    if palette.plain:
        return np.full((grid.height, grid.width, 3), palette.top, np.uint8)
    product = layout.product
    cx, cy = product.x + product.w / 2, product.y + product.h * 0.5
    small_w, small_h = max(2, grid.width // 4), max(2, grid.height // 4)
    rows = (np.arange(small_h, dtype=_F32) + 0.5) / small_h
    t = rows * rows * (3 - 2 * rows)  # smoothstep
    top, bottom, glow, disc = (np.asarray(c, _F32) for c in (palette.top, palette.bottom, palette.glow, palette.disc))
    image = np.repeat((top + (bottom - top) * t[:, None])[:, None, :], small_w, axis=1)
    sigma = 0.6 * max(product.w, product.h) / 4
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(_F32)
    light = np.exp(-((xx - cx / 4) ** 2 + (yy - cy / 4) ** 2) / (2 * sigma * sigma))[..., None] * 0.9
    image = image * (1 - light) + glow * light
    full = cv2.resize(image, (grid.width, grid.height), interpolation=cv2.INTER_LINEAR)
    clear = min(_distance(cx, cy, box) for box in layout.words) - grid.gap_px
    radius = min(_DISC * max(product.w, product.h) / 2, clear, grid.safe.w / 2)
    if radius >= _MIN_DISC * max(product.w, product.h) / 2:  # a smaller disc would look like a stray blob
        shape = np.zeros((grid.height, grid.width), np.uint8)
        cv2.circle(shape, (round(cx * 16), round(cy * 16)), round(radius * 16), 255, -1, cv2.LINE_AA, 4)
        cover = (shape.astype(_F32) / 255.0)[..., None]
        full = full * (1 - cover) + disc * cover
    noise = np.random.default_rng(0).random((grid.height, grid.width, 1), dtype=_F32) - 0.5
    return np.clip(np.rint(full + noise * 1.5), 0, 255).astype(np.uint8)


def _distance(x: float, y: float, box: Box) -> float:
    """From a point to the nearest pixel of ``box``."""
    dx = max(box.x - x, 0.0, x - (box.x + box.w))
    dy = max(box.y - y, 0.0, y - (box.y + box.h))
    return float(np.hypot(dx, dy))


def _logo_art(rgba: np.ndarray, palette: Palette) -> np.ndarray:
    """The logo as it will be drawn, ``uint8 (h, w, 4)``: cropped to what shows, on a rounded
    chip of contrasting colour when its own pixels would not stand out from the background,
    with rounded corners when it is an opaque rectangle."""
    seen = rgba[..., 3] > 2
    if seen.any():  # drop transparent margins, so the logo's size and chip fit what shows
        rows, cols = np.flatnonzero(seen.any(axis=1)), np.flatnonzero(seen.any(axis=0))
        rgba = rgba[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    alpha = rgba[..., 3].astype(_F32) / 255.0
    if alpha.min() > 0.99:
        alpha = alpha * _rounded_corners(alpha.shape, radius_px=0.12 * min(alpha.shape))
        return np.dstack([rgba[..., :3], np.rint(alpha * 255).astype(np.uint8)])
    ink = rgba[..., :3][alpha > 0.5]
    if ink.size == 0:
        return rgba
    ink_luma = float((ink.astype(_F32) @ np.array([0.2126, 0.7152, 0.0722], _F32)).mean())
    back_luma = float(np.asarray(palette.top, _F32) @ np.array([0.2126, 0.7152, 0.0722], _F32))
    if abs(ink_luma - back_luma) >= 70:
        return rgba
    pad_y = max(2, round(0.3 * min(rgba.shape[:2])))
    pad_x = round(1.4 * pad_y)
    chip_h, chip_w = rgba.shape[0] + 2 * pad_y, rgba.shape[1] + 2 * pad_x
    chip_alpha = _rounded_corners((chip_h, chip_w), radius_px=0.3 * min(chip_h, chip_w))
    chip_rgb = np.full((chip_h, chip_w, 3), (20, 20, 22) if ink_luma > 128 else (255, 255, 255), np.uint8)
    placed = Layer(rgba[..., :3].copy(), alpha, pad_x, pad_y)
    rgb = draw_layer(chip_rgb, placed)
    return np.dstack([rgb, np.rint(chip_alpha * 255).astype(np.uint8)])


def _fitted_logo(logo: np.ndarray, box: Box) -> Layer:
    layer = fit_in_box(np.ascontiguousarray(logo[..., :3]), logo[..., 3].astype(_F32) / 255.0, box)
    return replace(layer, y=box.y + (box.h - layer.alpha.shape[0]) // 2)
