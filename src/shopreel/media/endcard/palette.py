"""The end card's colours, taken from the product: background, text, price and button.

A designed background is a soft tint of the product's own dominant hue, light behind a dark
or colourful product and dark behind a pale one, so the product always stands out from it;
the price and the button wear the product's colour, deepened or brightened until it reads
against that background. A plain white or black background keeps the same text colours
logic with no tint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.media.image.checks import check_alpha, check_frame
from shopreel.media.types import Alpha, Frame

__all__ = ["Backdrop", "Palette", "card_palette"]

RGB = tuple[int, int, int]

_SAMPLES = 6000
_CLUSTERS = 4
# A cluster is a colour (not a grey) from this CIELAB chroma, and counts from this share.
_COLOURFUL_CHROMA = 15.0
_MIN_SHARE = 0.06
# A second hue tints the gradient only when it covers this share and is this close (degrees):
# hues far apart turn grey where they meet.
_SECOND_SHARE = 0.25
_MAX_HUE_GAP = 90.0
# A product whose median lightness (CIELAB L) is above this gets a dark background.
_PALE_PRODUCT_L = 70.0
# Neutral products get a faintly warm tint (CIELAB hue angle, degrees).
_NEUTRAL_HUE = 70.0


class Backdrop(StrEnum):
    """What the card stands on: a background designed from the product, or plain white or black."""

    DESIGNED = "designed"
    WHITE = "white"
    BLACK = "black"


@dataclass(frozen=True)
class Palette:
    """Colours of one end card, sRGB.

    ``top`` and ``bottom`` are the background's vertical gradient, ``glow`` the soft light
    behind the product and ``disc`` the round shape behind it (all four equal on a plain
    background). ``text`` is for the product
    name, ``accent`` for the price and the button, ``on_accent`` for the button's label.
    """

    top: RGB
    bottom: RGB
    glow: RGB
    disc: RGB
    text: RGB
    accent: RGB
    on_accent: RGB
    dark: bool

    @property
    def plain(self) -> bool:
        return self.top == self.bottom == self.glow == self.disc


def card_palette(product_rgb: Frame, product_alpha: Alpha, *, backdrop: Backdrop = Backdrop.DESIGNED) -> Palette:
    """The end card's colours for a product.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
        The product's picture.
    product_alpha : float32 (h, w)
        Its matte; pixels above 0.5 are the product.
    backdrop : Backdrop
        ``designed``: a tint of the product's colours, light or dark to contrast with it;
        ``white`` or ``black``: that plain colour.

    Returns
    -------
    Palette

    Notes
    -----
    The product's pixels are clustered in CIELAB (k-means, four clusters); the dominant hue is
    the cluster with the most coverage weighted by chroma, so a magenta bottle with a small
    yellow label reads as magenta and a white box with a blue print as blue. A second
    colourful cluster covering a quarter of the product, 30 to 90 degrees of hue away, tints
    the bottom of the gradient, else a neighbouring hue (25 degrees on) does: neighbouring
    hues blend cleanly where opposite ones would turn grey in between. ``disc``, a deeper
    tint of the main hue, is the round shape set behind the product.
    """
    check_frame(product_rgb, "product_rgb")
    check_alpha(product_alpha, "product_alpha", shape=product_rgb.shape[:2], against="product_rgb")
    lab = _product_lab(product_rgb, product_alpha)
    lightness = float(np.median(lab[:, 0]))
    hues = _hues(lab)
    if backdrop is Backdrop.DESIGNED:
        dark = lightness > _PALE_PRODUCT_L
    else:
        dark = backdrop is Backdrop.BLACK
    main = hues[0] if hues else None
    if backdrop is Backdrop.DESIGNED:
        hue = main[0] if main else _NEUTRAL_HUE
        other = hues[1][0] if len(hues) > 1 else hue + 25.0
        tint = 1.0 if main else 0.45
        if dark:
            top, bottom, glow = _lch(22, 12 * tint, hue), _lch(10, 10 * tint, other), _lch(30, 14 * tint, hue)
            disc = _lch(34, 22 * tint, hue)
        else:
            top, bottom, glow = _lch(95, 9 * tint, hue), _lch(87, 14 * tint, other), _lch(99, 4 * tint, hue)
            disc = _lch(89, 18 * tint, hue)
    else:
        top = bottom = glow = disc = (0, 0, 0) if dark else (255, 255, 255)
    text = (246, 246, 246) if dark else _lch(16, 5 if main else 0, main[0] if main else 0)
    if main:
        _, chroma, hue = main[1]
        lightness_accent = max(main[1][0], 74.0) if dark else min(main[1][0], 46.0)
        accent = _lch(lightness_accent, max(chroma, 38.0), hue)
    else:
        accent = (240, 240, 240) if dark else (28, 28, 30)
    on_accent = (22, 22, 24) if _lightness(accent) > 62 else (255, 255, 255)
    return Palette(top=top, bottom=bottom, glow=glow, disc=disc, text=text, accent=accent, on_accent=on_accent, dark=dark)


def _product_lab(rgb: Frame, alpha: Alpha) -> npt.NDArray[np.float32]:
    """CIELAB of up to :data:`_SAMPLES` of the product's pixels (all of it if the matte is faint)."""
    solid = alpha > 0.5
    pixels = rgb[solid] if solid.any() else rgb.reshape(-1, 3)
    step = max(1, len(pixels) // _SAMPLES)
    pixels = pixels[::step].astype(np.float32) / 255.0
    return cv2.cvtColor(pixels.reshape(-1, 1, 3), cv2.COLOR_RGB2LAB).reshape(-1, 3)


def _hues(lab: npt.NDArray[np.float32]) -> list[tuple[float, tuple[float, float, float]]]:
    """The product's colourful clusters as ``(hue_deg, (L, chroma, hue_deg))``, the dominant
    one first, then the next most covering one whose hue differs by 30 degrees or more."""
    k = min(_CLUSTERS, len(lab))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(0)
    _, labels, centres = cv2.kmeans(lab, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    shares = np.bincount(labels.ravel(), minlength=k) / len(lab)
    clusters = []
    for share, (lightness, a, b) in zip(shares, centres):
        chroma = math.hypot(a, b)
        if chroma >= _COLOURFUL_CHROMA and share >= _MIN_SHARE:
            hue = math.degrees(math.atan2(b, a)) % 360
            clusters.append((share * min(chroma, 60.0), share, (float(lightness), chroma, hue)))
    if not clusters:
        return []
    clusters.sort(key=lambda c: -c[0])
    first = clusters[0][2]
    found = [(first[2], first)]
    far = [c for c in clusters[1:] if 30.0 <= _hue_gap(c[2][2], first[2]) <= _MAX_HUE_GAP and c[1] >= _SECOND_SHARE]
    if far:
        second = max(far, key=lambda c: c[1])[2]
        found.append((second[2], second))
    return found


def _hue_gap(a: float, b: float) -> float:
    gap = abs(a - b) % 360
    return min(gap, 360 - gap)


def _lch(lightness: float, chroma: float, hue_deg: float) -> RGB:
    """sRGB of a CIELCh colour (D65), brought into gamut by reducing chroma (hue and lightness kept)."""
    for scale in np.linspace(1.0, 0.0, 21):
        rgb = _lab_to_srgb(lightness, chroma * scale * math.cos(math.radians(hue_deg)),
                           chroma * scale * math.sin(math.radians(hue_deg)))
        if min(rgb) >= -0.002 and max(rgb) <= 1.002:
            break
    r, g, b = (int(round(min(max(c, 0.0), 1.0) * 255)) for c in rgb)
    return r, g, b


def _lab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    """CIELAB (D65) to gamma-encoded sRGB in [0, 1], unclipped (OpenCV's conversion clips)."""
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inverse(f: float) -> float:
        return f**3 if f > 6 / 29 else 3 * (6 / 29) ** 2 * (f - 4 / 29)

    x, y, z = 0.95047 * inverse(fx), inverse(fy), 1.08883 * inverse(fz)
    linear = (3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
              -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
              0.0556434 * x - 0.2040259 * y + 1.0572252 * z)
    return tuple(12.92 * c if c <= 0.0031308 else 1.055 * math.copysign(abs(c) ** (1 / 2.4), c) - 0.055
                 for c in linear)  # type: ignore[return-value]


def _lightness(rgb: RGB) -> float:
    pixel = np.array([[rgb]], np.float32) / 255.0
    return float(cv2.cvtColor(pixel, cv2.COLOR_RGB2LAB)[0, 0, 0])
