"""Default objects a presenter holds when the caller gives none: drawn by code as RGBA cut-outs.

Each prop is drawn on a unit-width canvas with its own aspect ratio and returned as an
``(rgb, alpha)`` pair at the requested pixel size, exactly like a product cut-out a caller
would pass, so the held-object path treats both the same.
"""

from __future__ import annotations

import numpy as np
import skia

from shopreel.errors import InvalidInput
from shopreel.media.avatar.paint import ellipse, fill, linear, mix, shade, stroke
from shopreel.media.avatar.spec import PROPS, RGB
from shopreel.media.types import Alpha, Frame

__all__ = ["PROP_ASPECT", "draw_prop"]

# width / height of each prop
PROP_ASPECT = {"serum": 0.42, "phone": 0.5, "box": 0.68, "bottle": 0.36, "jar": 0.8, "pouch": 0.7,
               "perfume": 0.62, "mug": 0.86}


def _rrect(l: float, t: float, r: float, b: float, rad: float) -> skia.Path:
    return skia.Path.RRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(l, t, r, b), rad, rad))


def _body(canvas: skia.Canvas, path: skia.Path, c: RGB) -> None:
    b = path.getBounds()
    fill(canvas, path, c, shader=linear((b.left(), 0), (b.right(), 0),
                                        [shade(c, 0.05), shade(c, -0.3), c, shade(c, 0.25)], stops=[0, 0.25, 0.6, 1]))


def _label(canvas: skia.Canvas, l: float, t: float, r: float, b: float, c: RGB, accent: RGB) -> None:
    fill(canvas, _rrect(l, t, r, b, 0.03), c)
    w = r - l
    fill(canvas, _rrect(l + 0.15 * w, t + 0.18 * (b - t), r - 0.15 * w, t + 0.3 * (b - t), 0.02), accent)
    for k in range(2):
        y = t + (0.45 + 0.12 * k) * (b - t)
        fill(canvas, _rrect(l + 0.22 * w, y, r - (0.22 + 0.15 * k) * w, y + 0.05 * (b - t), 0.01),
             shade(c, 0.4))


def _draw(canvas: skia.Canvas, kind: str, h: float, c: RGB, accent: RGB) -> None:
    """Draw ``kind`` in a 1 x ``h`` box (``h`` = 1 / aspect)."""
    if kind == "serum":
        _body(canvas, _rrect(0.06, 0.36 * h, 0.94, h, 0.16), mix(c, (255, 255, 255), 0.2))
        _body(canvas, _rrect(0.2, 0.22 * h, 0.8, 0.38 * h, 0.05), (40, 40, 46))
        _body(canvas, _rrect(0.3, 0.0, 0.7, 0.24 * h, 0.16), (50, 50, 56))
        _label(canvas, 0.14, 0.52 * h, 0.86, 0.86 * h, (250, 248, 244), accent)
    elif kind == "phone":
        _body(canvas, _rrect(0.0, 0.0, 1.0, h, 0.14), (34, 36, 42))
        screen = _rrect(0.06, 0.04 * h, 0.94, 0.96 * h, 0.1)
        fill(canvas, screen, c, shader=linear((0, 0), (1, h), [mix(c, (255, 255, 255), 0.3), c, shade(c, 0.35)]))
        fill(canvas, _rrect(0.38, 0.055 * h, 0.62, 0.075 * h, 0.02), (20, 20, 24))
        for k in range(3):
            fill(canvas, _rrect(0.14, (0.55 + 0.1 * k) * h, 0.86, (0.62 + 0.1 * k) * h, 0.04), (255, 255, 255),
                 alpha=0.75)
        fill(canvas, ellipse(0.5, 0.3 * h, 0.22, 0.22), (255, 255, 255), alpha=0.85)
    elif kind == "box":
        _body(canvas, _rrect(0.0, 0.0, 1.0, h, 0.04), c)
        fill(canvas, _rrect(0.0, 0.0, 1.0, 0.1 * h, 0.04), shade(c, 0.25))
        _label(canvas, 0.1, 0.22 * h, 0.9, 0.78 * h, (250, 248, 244), accent)
    elif kind == "bottle":
        _body(canvas, _rrect(0.0, 0.16 * h, 1.0, h, 0.3), c)
        _body(canvas, _rrect(0.12, 0.0, 0.88, 0.18 * h, 0.1), (44, 46, 52))
        fill(canvas, _rrect(0.0, 0.42 * h, 1.0, 0.74 * h, 0.0), accent)
        stroke(canvas, skia.Path.Line(skia.Point(0.2, 0.25 * h), skia.Point(0.2, 0.95 * h)), (255, 255, 255),
               width=0.06, alpha=0.35)
    elif kind == "jar":
        _body(canvas, _rrect(0.0, 0.2 * h, 1.0, h, 0.18), mix(c, (255, 255, 255), 0.3))
        _body(canvas, _rrect(0.04, 0.0, 0.96, 0.24 * h, 0.06), accent)
        _label(canvas, 0.1, 0.4 * h, 0.9, 0.86 * h, (250, 248, 244), c)
    elif kind == "pouch":
        pouch = skia.Path()
        pouch.moveTo(0.04, 0.0)
        pouch.lineTo(0.96, 0.0)
        pouch.lineTo(1.0, 0.92 * h)
        pouch.quadTo(0.5, 1.02 * h, 0.0, 0.92 * h)
        pouch.close()
        _body(canvas, pouch, c)
        fill(canvas, _rrect(0.04, 0.0, 0.96, 0.08 * h, 0.0), shade(c, 0.3))
        fill(canvas, ellipse(0.5, 0.5 * h, 0.3, 0.3), accent)
        fill(canvas, ellipse(0.5, 0.5 * h, 0.2, 0.2), (250, 248, 244))
    elif kind == "perfume":
        glass = _rrect(0.0, 0.34 * h, 1.0, h, 0.2)
        fill(canvas, glass, c, alpha=0.85, shader=linear((0, 0.34 * h), (1, h), [mix(c, (255, 255, 255), 0.5),
                                                                                 c, shade(c, 0.3)]))
        stroke(canvas, glass, shade(c, 0.3), width=0.03)
        _body(canvas, _rrect(0.3, 0.0, 0.7, 0.36 * h, 0.05), (214, 180, 96))
        fill(canvas, _rrect(0.22, 0.58 * h, 0.78, 0.78 * h, 0.03), (250, 248, 244), alpha=0.9)
    elif kind == "mug":
        handle = skia.Path()
        handle.addOval(skia.Rect.MakeLTRB(0.62, 0.28 * h, 1.0, 0.78 * h))
        stroke(canvas, handle, shade(c, 0.15), width=0.09)
        _body(canvas, _rrect(0.0, 0.12 * h, 0.8, h, 0.1), c)
        fill(canvas, ellipse(0.4, 0.14 * h, 0.4, 0.06 * h), shade(c, 0.4))
        fill(canvas, ellipse(0.4, 0.55 * h, 0.18, 0.18), accent)


def draw_prop(kind: str, *, width: int, height: int, color: RGB, accent: RGB) -> tuple[Frame, Alpha]:
    """Draw the prop ``kind`` filling ``width`` x ``height`` pixels (its own aspect is kept inside).

    Returns
    -------
    rgb, alpha
        ``uint8 (height, width, 3)`` colour, unpremultiplied, and ``float32 (height, width)``
        coverage in [0, 1].

    Raises
    ------
    InvalidInput
        ``kind`` is not one of :data:`~shopreel.media.avatar.spec.PROPS`, or a size is below 1.
    """
    if kind not in PROPS:
        raise InvalidInput(f"kind must be one of {PROPS}, got {kind!r}")
    if width < 1 or height < 1:
        raise InvalidInput(f"prop size must be at least 1 x 1, got {width} x {height}")
    info = skia.ImageInfo.Make(width, height, skia.kRGBA_8888_ColorType, skia.kPremul_AlphaType)
    surface = skia.Surface.MakeRaster(info)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    aspect = PROP_ASPECT[kind]
    scale = min(width, height * aspect)
    canvas.translate((width - scale) / 2, (height - scale / aspect) / 2)
    canvas.scale(scale, scale)
    _draw(canvas, kind, 1.0 / aspect, color, accent)
    rgba = surface.makeImageSnapshot().toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    return np.ascontiguousarray(rgba[..., :3]), rgba[..., 3].astype(np.float32) / 255.0
