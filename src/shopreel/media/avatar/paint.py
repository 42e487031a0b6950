"""Skia drawing primitives the presenter parts share: smooth paths, fills, gradients, colour maths.

Every part is drawn in *design units* (a 1000 x 1778 portrait frame) through the canvas
matrix, so these helpers never think about output pixels. Shading follows one key light
from the upper left (:data:`LIGHT`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import skia

from shopreel.media.avatar.spec import RGB

Point = tuple[float, float]

LIGHT = (-0.6, -0.8)  # direction the light travels *from*: upper left


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved toward ``b`` by ``t`` in [0, 1]."""
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def shade(c: RGB, amount: float) -> RGB:
    """Darker (``amount`` > 0) or lighter (< 0) by that fraction, keeping the hue warm."""
    if amount >= 0:
        return mix(c, (int(c[0] * 0.35), int(c[1] * 0.25), int(c[2] * 0.3)), amount)
    return mix(c, (255, 250, 245), -amount)


def color(c: RGB, alpha: float = 1.0) -> int:
    return skia.ColorSetARGB(int(round(alpha * 255)), *c)


def smooth(points: Sequence[Point], *, closed: bool = True, tension: float = 1.0) -> skia.Path:
    """A Catmull-Rom spline through ``points`` as cubic Béziers (closed unless told)."""
    pts = [tuple(map(float, p)) for p in points]
    n = len(pts)
    path = skia.Path()
    path.moveTo(*pts[0])
    last = n if closed else n - 1
    for i in range(last):
        p0 = pts[(i - 1) % n] if (closed or i > 0) else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if (closed or i + 2 < n) else pts[-1]
        k = tension / 6.0
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        path.cubicTo(*c1, *c2, *p2)
    if closed:
        path.close()
    return path


def polygon(points: Sequence[Point]) -> skia.Path:
    return skia.Path.Polygon([skia.Point(float(x), float(y)) for x, y in points], True)


def ellipse(cx: float, cy: float, rx: float, ry: float) -> skia.Path:
    return skia.Path.Oval(skia.Rect.MakeLTRB(cx - rx, cy - ry, cx + rx, cy + ry))


def linear(p0: Point, p1: Point, colors: Sequence[RGB], *, alphas: Sequence[float] | None = None,
           stops: Sequence[float] | None = None) -> skia.Shader:
    alphas = alphas or [1.0] * len(colors)
    return skia.GradientShader.MakeLinear(
        [skia.Point(*p0), skia.Point(*p1)], [color(c, a) for c, a in zip(colors, alphas, strict=True)],
        list(stops) if stops else None,
    )


def radial(center: Point, radius: float, colors: Sequence[RGB], *, alphas: Sequence[float] | None = None,
           stops: Sequence[float] | None = None) -> skia.Shader:
    alphas = alphas or [1.0] * len(colors)
    return skia.GradientShader.MakeRadial(
        skia.Point(*center), float(radius), [color(c, a) for c, a in zip(colors, alphas, strict=True)],
        list(stops) if stops else None,
    )


def fill(canvas: skia.Canvas, path: skia.Path, c: RGB = (0, 0, 0), *, alpha: float = 1.0,
         shader: skia.Shader | None = None, blur: float = 0.0,
         blend: skia.BlendMode = skia.BlendMode.kSrcOver) -> None:
    """Fill ``path``; ``blur`` (design units) softens its edge into a shadow or glow."""
    paint = skia.Paint(AntiAlias=True, Color=color(c, alpha), BlendMode=blend)
    if shader is not None:
        paint.setShader(shader)
        paint.setAlphaf(alpha)
    if blur > 0:
        paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, blur))
    canvas.drawPath(path, paint)


def stroke(canvas: skia.Canvas, path: skia.Path, c: RGB, *, width: float, alpha: float = 1.0,
           blur: float = 0.0, butt: bool = False) -> None:
    paint = skia.Paint(
        AntiAlias=True, Color=color(c, alpha), Style=skia.Paint.kStroke_Style, StrokeWidth=float(width),
        StrokeCap=skia.Paint.kButt_Cap if butt else skia.Paint.kRound_Cap, StrokeJoin=skia.Paint.kRound_Join,
    )
    if blur > 0:
        paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, blur))
    canvas.drawPath(path, paint)


def capsule(p0: Point, p1: Point, radius: float) -> skia.Path:
    """A rounded bar of ``radius`` from ``p0`` to ``p1`` (a finger, a limb)."""
    (x0, y0), (x1, y1) = p0, p1
    length = float(np.hypot(x1 - x0, y1 - y0)) or 1e-6
    nx, ny = -(y1 - y0) / length * radius, (x1 - x0) / length * radius
    path = skia.Path()
    path.moveTo(x0 + nx, y0 + ny)
    path.lineTo(x1 + nx, y1 + ny)
    path.arcTo(skia.Rect.MakeLTRB(x1 - radius, y1 - radius, x1 + radius, y1 + radius),
               float(np.degrees(np.arctan2(ny, nx))), -180.0, False)
    path.lineTo(x0 - nx, y0 - ny)
    path.arcTo(skia.Rect.MakeLTRB(x0 - radius, y0 - radius, x0 + radius, y0 + radius),
               float(np.degrees(np.arctan2(-ny, -nx))), -180.0, False)
    path.close()
    return path


def lit(canvas: skia.Canvas, path: skia.Path, base: RGB, *, depth: float = 0.18) -> None:
    """Fill ``path`` with ``base`` shaded by the key light: lighter upper left, darker lower right."""
    b = path.getBounds()
    shader = linear((b.left(), b.top()), (b.right(), b.bottom()),
                    [shade(base, -depth * 0.5), base, shade(base, depth)], stops=[0.0, 0.5, 1.0])
    fill(canvas, path, base, shader=shader)
