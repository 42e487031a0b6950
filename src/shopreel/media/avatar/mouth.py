"""The mouth: viseme shapes as a few numbers, blended and drawn with lips, teeth and tongue.

A :class:`MouthShape` is a point in a small parameter space (half-width, corner lift, lip
thicknesses, opening, teeth, tongue, lower-lip tuck), all in units of the face's half-width.
The lip and opening contours are Catmull-Rom splines whose control points are linear in
those numbers, so blending two shapes (:func:`blend`) interpolates the control points: that
is how a lip-sync driver co-articulates from one viseme into the next.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import skia

from shopreel.media.avatar.paint import Point, fill, linear, shade, smooth, stroke
from shopreel.media.avatar.spec import RGB, VISEMES

__all__ = ["MouthShape", "MOUTHS", "blend", "mouth_for", "draw_mouth", "mouth_extent"]


@dataclass(frozen=True)
class MouthShape:
    """Mouth parameters in units of the face's half-width (y grows downward)."""

    width: float = 0.29
    corner_lift: float = -0.025
    upper: float = 0.065
    lower: float = 0.085
    open: float = 0.0
    teeth_upper: float = 0.0
    teeth_lower: float = 0.0
    tongue: float = 0.0
    tongue_high: float = 0.0
    tuck: float = 0.0
    round: float = 0.0


MOUTHS: dict[str, MouthShape] = {
    "rest": MouthShape(),
    "MBP": MouthShape(width=0.28, corner_lift=-0.01, upper=0.045, lower=0.06),
    "AA": MouthShape(width=0.27, corner_lift=0.0, upper=0.055, lower=0.075, open=0.30, teeth_upper=0.8,
                     tongue=0.55),
    "E": MouthShape(width=0.33, corner_lift=-0.03, upper=0.05, lower=0.07, open=0.13, teeth_upper=1.0,
                    teeth_lower=0.5),
    "I": MouthShape(width=0.31, corner_lift=-0.05, upper=0.05, lower=0.07, open=0.08, teeth_upper=1.0,
                    teeth_lower=0.6),
    "O": MouthShape(width=0.18, corner_lift=0.01, upper=0.075, lower=0.09, open=0.20, teeth_upper=0.3,
                    tongue=0.3, round=1.0),
    "U": MouthShape(width=0.14, corner_lift=0.01, upper=0.08, lower=0.09, open=0.09, round=1.0),
    "FV": MouthShape(width=0.28, corner_lift=-0.015, upper=0.06, lower=0.06, open=0.02, teeth_upper=1.0,
                     tuck=1.0),
    "L": MouthShape(width=0.26, corner_lift=-0.01, upper=0.055, lower=0.075, open=0.16, teeth_upper=0.8,
                    tongue=0.8, tongue_high=1.0),
    "TH": MouthShape(width=0.27, corner_lift=-0.01, upper=0.055, lower=0.07, open=0.09, teeth_upper=0.6,
                     tongue=1.0, tongue_high=0.6),
    "WQ": MouthShape(width=0.13, corner_lift=0.0, upper=0.08, lower=0.09, open=0.04, round=1.0),
    "CH": MouthShape(width=0.24, corner_lift=-0.005, upper=0.065, lower=0.08, open=0.09, teeth_upper=1.0,
                     teeth_lower=1.0, round=0.4),
    "SS": MouthShape(width=0.30, corner_lift=-0.03, upper=0.05, lower=0.07, open=0.07, teeth_upper=1.0,
                     teeth_lower=1.0),
    "KK": MouthShape(width=0.28, corner_lift=-0.015, upper=0.055, lower=0.075, open=0.12, teeth_upper=0.9,
                     teeth_lower=0.5, tongue=0.4),
}
assert tuple(MOUTHS) == VISEMES


def blend(a: MouthShape, b: MouthShape, t: float) -> MouthShape:
    """``a`` moved toward ``b`` by ``t`` in [0, 1], parameter by parameter."""
    return MouthShape(**{f.name: getattr(a, f.name) + (getattr(b, f.name) - getattr(a, f.name)) * t
                         for f in fields(MouthShape)})


def mouth_for(viseme: str, amount: float) -> MouthShape:
    """The shape ``amount`` of the way from rest to ``viseme``."""
    return blend(MOUTHS["rest"], MOUTHS[viseme], amount)


_TOOTH = 0.075  # visible height of a row of teeth


def _contours(m: MouthShape) -> tuple[list[Point], list[Point], list[Point]]:
    """Outer lip outline, upper inner line and lower inner line (left to right)."""
    w, c = m.width, m.corner_lift
    y_ui = -m.open * 0.28
    y_li = m.open * 0.72
    y_uo = y_ui - m.upper
    y_lo = y_li + m.lower
    r = m.round
    inner_w = w * (1 - 0.18 * r)
    mid = 0.55 - 0.1 * r
    upper_inner = [(-inner_w, c), (-mid * w, y_ui * (0.75 + 0.2 * r) + c * 0.35), (0.0, y_ui),
                   (mid * w, y_ui * (0.75 + 0.2 * r) + c * 0.35), (inner_w, c)]
    lower_inner = [(-inner_w, c), (-mid * w, y_li * (0.8 + 0.15 * r) + c * 0.3), (0.0, y_li),
                   (mid * w, y_li * (0.8 + 0.15 * r) + c * 0.3), (inner_w, c)]
    bow = m.upper * (0.28 - 0.25 * r)
    outer = [
        (-w - 0.015, c),
        (-0.62 * w, (y_uo + 0.25 * m.upper) * (0.8 + 0.2 * r) + c * 0.4),
        (-0.28 * w, y_uo - bow),
        (0.0, y_uo + bow * 0.8),
        (0.28 * w, y_uo - bow),
        (0.62 * w, (y_uo + 0.25 * m.upper) * (0.8 + 0.2 * r) + c * 0.4),
        (w + 0.015, c),
        (0.58 * w, y_lo * (0.86 + 0.1 * r) + c * 0.3),
        (0.0, y_lo),
        (-0.58 * w, y_lo * (0.86 + 0.1 * r) + c * 0.3),
    ]
    return outer, upper_inner, lower_inner


def mouth_extent(shape: MouthShape) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of everything :func:`draw_mouth` paints, in half-widths."""
    outer, _, _ = _contours(shape)
    b = smooth(outer).getBounds()
    return b.left(), b.top(), b.right(), b.bottom()


def draw_mouth(canvas: skia.Canvas, shape: MouthShape, *, lip: RGB, skin: RGB) -> None:
    """Draw ``shape`` centred on the canvas origin, one unit being the face's half-width."""
    outer, upper_inner, lower_inner = _contours(shape)
    outer_path = smooth(outer)
    b = outer_path.getBounds()
    # soft shadow under the lower lip, inside the mouth's own box
    fill(canvas, smooth([(p[0] * 0.7, p[1] + 0.018) for p in outer[6:]] + [(-0.7 * shape.width, shape.corner_lift)]),
         shade(skin, 0.35), alpha=0.25, blur=0.012)
    fill(canvas, outer_path, lip, shader=linear((0, b.top()), (0, b.bottom()),
                                                [shade(lip, 0.25), shade(lip, 0.05), shade(lip, -0.18)],
                                                stops=[0.0, 0.45, 1.0]))
    opening = smooth(upper_inner + lower_inner[::-1][1:-1])
    gap = shape.open
    if gap > 0.004:
        ob = opening.getBounds()
        dark = (72, 22, 30)
        fill(canvas, opening, dark, shader=linear((0, ob.top()), (0, ob.bottom()),
                                                  [(40, 10, 16), dark, (96, 34, 42)], stops=[0, 0.5, 1]))
        canvas.save()
        canvas.clipPath(opening, doAntiAlias=True)
        teeth = (250, 248, 242)
        if shape.tongue > 0:
            ty = ob.bottom() - (ob.height() * 0.35 * shape.tongue) - shape.tongue_high * ob.height() * 0.35
            tw = shape.width * 0.62
            fill(canvas, smooth([(-tw, ob.bottom() + 0.05), (-tw * 0.8, ty + 0.02), (0, ty), (tw * 0.8, ty + 0.02),
                                 (tw, ob.bottom() + 0.05)]), (208, 96, 108))
        if shape.teeth_upper > 0:
            h = _TOOTH * shape.teeth_upper
            upper_band = smooth([(x, y + h) for x, y in upper_inner[::-1]] + upper_inner[1:-1]
                                + [(upper_inner[-1][0], upper_inner[-1][1] + h)], closed=True)
            fill(canvas, upper_band, teeth, shader=linear((0, ob.top()), (0, ob.top() + h + 0.02),
                                                          [(226, 222, 218), teeth, (236, 232, 226)], stops=[0, 0.6, 1]))
        if shape.teeth_lower > 0:
            h = _TOOTH * 0.8 * shape.teeth_lower
            lower_band = smooth([(x, y - h) for x, y in lower_inner] + lower_inner[::-1][1:-1], closed=True)
            fill(canvas, lower_band, (236, 232, 226))
        canvas.restore()
    if shape.tuck > 0:
        h = _TOOTH * 0.7 * shape.tuck
        tuck = smooth([(x * 0.8, y - 0.005) for x, y in upper_inner[1:-1]]
                      + [(x * 0.8, y + h) for x, y in upper_inner[::-1][1:-1]], closed=True)
        fill(canvas, tuck, (248, 246, 240))
    # upper lip sits in shade under the nose; a seam line where the lips meet
    upper_lip = smooth(outer[:7] + upper_inner[::-1][1:-1])
    fill(canvas, upper_lip, shade(lip, 0.22), alpha=0.85)
    closed = max(0.0, 1.0 - gap / 0.02)
    stroke(canvas, smooth(upper_inner, closed=False), shade(lip, 0.6), width=0.016 + 0.006 * closed,
           alpha=0.55 + 0.4 * closed)
    hl = shape.lower * 0.35
    lower_mid = lower_inner[2][1] + shape.lower * 0.5
    fill(canvas, smooth([(-shape.width * 0.32, lower_mid), (0, lower_mid - hl * 0.6), (shape.width * 0.32, lower_mid),
                         (0, lower_mid + hl * 0.5)]), (255, 255, 255), alpha=0.22)
