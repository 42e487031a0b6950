"""Hair styles, each in up to three depths: behind the torso, draped over it, over the face.

All in head space (origin at the head's centre, design units). ``back`` is drawn before the
torso (the mass of long hair, a bun, an afro), ``drape`` after the torso and before the face
(a hijab's fabric over neck and shoulders), ``front`` over the face (hairline, fringe, side
locks). A hijab uses the spec's ``hair_color`` as its fabric colour and hides the neck.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import skia

from shopreel.media.avatar.face import HeadGeometry
from shopreel.media.avatar.paint import Point, ellipse, fill, linear, radial, shade, smooth, stroke
from shopreel.media.avatar.spec import RGB

__all__ = ["draw_hair"]

Part = Callable[[skia.Canvas, HeadGeometry, RGB], None]


def _paint(canvas: skia.Canvas, path: skia.Path, colour: RGB, *, sheen: bool = True) -> None:
    b = path.getBounds()
    fill(canvas, path, colour, shader=linear((b.left(), b.top()), (b.right(), b.bottom()),
                                             [shade(colour, -0.12), colour, shade(colour, 0.3)], stops=[0, 0.45, 1]))
    if sheen:
        canvas.save()
        canvas.clipPath(path, doAntiAlias=True)
        cx, top = b.centerX(), b.top()
        arc = smooth([(cx - 0.34 * b.width(), top + 0.3 * b.height()), (cx - 0.18 * b.width(), top + 0.1 * b.height()),
                      (cx + 0.02 * b.width(), top + 0.06 * b.height())], closed=False)
        stroke(canvas, arc, shade(colour, -0.45), width=0.05 * b.width(), alpha=0.35, blur=0.01 * b.width())
        canvas.restore()


def _cap(g: HeadGeometry, *, hairline: float, puff: float, side_y: float, part: float = 0.0) -> list[Point]:
    """Skull-hugging hair from the left temple over the crown to the right, back along the hairline."""
    hw, hh = g.hw, g.hh
    return [(-1.05 * hw, side_y * hh), (-1.1 * hw, -0.38 * hh), (-0.86 * hw, -0.86 * hh - 0.5 * puff * hh),
            (-0.32 * hw, -1.04 * hh - puff * hh), (0.32 * hw, -1.04 * hh - puff * hh),
            (0.88 * hw, -0.84 * hh - 0.5 * puff * hh), (1.1 * hw, -0.38 * hh), (1.05 * hw, side_y * hh),
            (0.93 * hw, -0.22 * hh), (0.7 * hw, (hairline + 0.16) * hh), (0.3 * hw + part * hw, hairline * hh),
            (-0.2 * hw + part * hw, (hairline + 0.03) * hh), (-0.72 * hw, (hairline + 0.14) * hh),
            (-0.93 * hw, -0.22 * hh)]


def _bumpy(center: Point, rx: float, ry: float, *, bumps: int, depth: float, start: float = 0.0,
           end: float = 2 * math.pi) -> list[Point]:
    pts = []
    n = bumps * 2
    for i in range(n + (0 if end - start >= 2 * math.pi - 1e-6 else 1)):
        a = start + (end - start) * i / n
        k = 1.0 + (depth if i % 2 == 0 else -depth * 0.3)
        pts.append((center[0] + math.cos(a) * rx * k, center[1] + math.sin(a) * ry * k))
    return pts


def _short_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    for side in (-1, 1):  # short sides and sideburns
        fill(canvas, smooth([(side * 1.04 * hw, -0.5 * hh), (side * 1.06 * hw, -0.1 * hh),
                             (side * 0.97 * hw, 0.1 * hh), (side * 0.92 * hw, -0.2 * hh),
                             (side * 0.9 * hw, -0.45 * hh)]), shade(c, 0.05))
    top = smooth([(-1.04 * hw, -0.3 * hh), (-1.06 * hw, -0.7 * hh), (-0.7 * hw, -1.12 * hh), (0.0, -1.24 * hh),
                  (0.62 * hw, -1.18 * hh), (1.02 * hw, -0.86 * hh), (1.06 * hw, -0.4 * hh), (0.94 * hw, -0.42 * hh),
                  (0.8 * hw, -0.62 * hh), (0.45 * hw, -0.66 * hh), (0.05 * hw, -0.72 * hh),
                  (-0.35 * hw, -0.62 * hh), (-0.7 * hw, -0.58 * hh), (-0.92 * hw, -0.42 * hh)])
    _paint(canvas, top, c)
    for x0, x1 in ((-0.5, 0.2), (-0.15, 0.55), (0.2, 0.85)):
        stroke(canvas, smooth([(x0 * hw, -0.7 * hh), ((x0 + x1) / 2 * hw, -1.0 * hh), (x1 * hw, -1.02 * hh)],
                              closed=False), shade(c, 0.35), width=0.03 * hw, alpha=0.5)


def _buzz_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    fill(canvas, smooth(_cap(g, hairline=-0.6, puff=0.02, side_y=-0.02)), c, alpha=0.92)


def _bald_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    for side in (-1, 1):
        fill(canvas, smooth([(side * 1.07 * hw, -0.45 * hh), (side * 1.1 * hw, -0.1 * hh),
                             (side * 1.04 * hw, 0.08 * hh), (side * 0.94 * hw, -0.1 * hh),
                             (side * 0.96 * hw, -0.4 * hh)]), c)
    fill(canvas, ellipse(-0.35 * g.hw, -0.8 * g.hh, 0.3 * g.hw, 0.12 * g.hh), (255, 255, 255), alpha=0.14,
         blur=0.05 * g.hw)


def _long_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    mass = smooth([(0.0, -1.1 * hh), (0.95 * hw, -0.85 * hh), (1.3 * hw, -0.1 * hh), (1.36 * hw, 0.9 * hh),
                   (1.5 * hw, 1.9 * hh), (1.35 * hw, 2.45 * hh), (0.7 * hw, 2.3 * hh), (0.0, 1.6 * hh),
                   (-0.7 * hw, 2.3 * hh), (-1.35 * hw, 2.45 * hh), (-1.5 * hw, 1.9 * hh), (-1.36 * hw, 0.9 * hh),
                   (-1.3 * hw, -0.1 * hh), (-0.95 * hw, -0.85 * hh)])
    _paint(canvas, mass, shade(c, 0.12), sheen=False)


def _long_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    fringe = smooth([(-1.12 * hw, 0.0), (-1.14 * hw, -0.5 * hh), (-0.8 * hw, -0.94 * hh), (-0.1 * hw, -1.12 * hh),
                     (0.6 * hw, -1.0 * hh), (1.08 * hw, -0.6 * hh), (1.14 * hw, 0.1 * hh), (1.22 * hw, 0.9 * hh),
                     (1.45 * hw, 1.8 * hh), (1.5 * hw, 2.5 * hh), (1.25 * hw, 2.68 * hh), (1.0 * hw, 2.3 * hh),
                     (0.9 * hw, 1.2 * hh), (0.9 * hw, 0.5 * hh), (0.88 * hw, -0.3 * hh),
                     (0.55 * hw, -0.6 * hh), (0.0, -0.56 * hh), (-0.45 * hw, -0.38 * hh), (-0.86 * hw, -0.15 * hh),
                     (-0.9 * hw, 0.5 * hh), (-0.9 * hw, 1.2 * hh), (-1.0 * hw, 2.3 * hh), (-1.25 * hw, 2.68 * hh),
                     (-1.5 * hw, 2.5 * hh), (-1.45 * hw, 1.8 * hh), (-1.22 * hw, 0.9 * hh)])
    _paint(canvas, fringe, c)
    stroke(canvas, smooth([(0.1 * hw, -1.08 * hh), (0.3 * hw, -0.8 * hh), (0.75 * hw, -0.5 * hh)], closed=False),
           shade(c, 0.3), width=0.03 * hw, alpha=0.5)


def _bob_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    _paint(canvas, smooth([(0.0, -1.1 * hh), (1.0 * hw, -0.85 * hh), (1.32 * hw, 0.0), (1.3 * hw, 0.85 * hh),
                           (1.05 * hw, 1.02 * hh), (0.0, 0.9 * hh), (-1.05 * hw, 1.02 * hh), (-1.3 * hw, 0.85 * hh),
                           (-1.32 * hw, 0.0), (-1.0 * hw, -0.85 * hh)]), shade(c, 0.12), sheen=False)


def _bob_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    _paint(canvas, smooth([(-1.2 * hw, 0.2 * hh), (-1.16 * hw, -0.55 * hh), (-0.7 * hw, -1.0 * hh),
                           (0.1 * hw, -1.12 * hh), (0.8 * hw, -0.95 * hh), (1.16 * hw, -0.5 * hh),
                           (1.22 * hw, 0.3 * hh), (1.22 * hw, 0.95 * hh), (0.95 * hw, 0.9 * hh), (0.9 * hw, 0.0),
                           (0.75 * hw, -0.42 * hh), (0.3 * hw, -0.5 * hh), (-0.3 * hw, -0.4 * hh),
                           (-0.85 * hw, -0.35 * hh), (-0.92 * hw, 0.3 * hh), (-0.98 * hw, 0.9 * hh),
                           (-1.22 * hw, 0.95 * hh)]), c)


def _curly_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    pts = _bumpy((0.0, 0.1 * hh), 1.5 * hw, 1.55 * hh, bumps=11, depth=0.06, start=math.pi * 0.95,
                 end=math.pi * 2.05)
    pts += [(1.35 * hw, 1.5 * hh), (0.9 * hw, 1.75 * hh), (0.0, 1.2 * hh), (-0.9 * hw, 1.75 * hh),
            (-1.35 * hw, 1.5 * hh)]
    _paint(canvas, smooth(pts), shade(c, 0.12), sheen=False)


def _curly_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    top = _bumpy((0.0, -0.25 * hh), 1.2 * hw, 0.85 * hh, bumps=8, depth=0.07, start=math.pi * 0.98,
                 end=math.pi * 2.02)
    edge = [(0.95 * hw, -0.05 * hh), (0.8 * hw, -0.45 * hh), (0.45 * hw, -0.5 * hh), (0.15 * hw, -0.62 * hh),
            (-0.2 * hw, -0.5 * hh), (-0.55 * hw, -0.56 * hh), (-0.85 * hw, -0.4 * hh), (-0.95 * hw, -0.05 * hh)]
    _paint(canvas, smooth(top + edge), c)
    for x, y in ((-0.5, -0.75), (0.1, -0.85), (0.6, -0.72), (-0.85, -0.5), (0.9, -0.45)):
        stroke(canvas, ellipse(x * hw, y * hh, 0.12 * hw, 0.1 * hw), shade(c, 0.3), width=0.025 * hw, alpha=0.5)


def _afro_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    pts = _bumpy((0.0, -0.3 * g.hh), 1.62 * g.hw, 1.0 * g.hh * 1.22, bumps=14, depth=0.035)
    _paint(canvas, smooth(pts), shade(c, 0.1))


def _afro_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    fill(canvas, smooth(_cap(g, hairline=-0.56, puff=0.1, side_y=0.02)), c)
    for x, y in ((-0.9, -1.0), (-0.2, -1.25), (0.5, -1.18), (1.1, -0.8), (-1.3, -0.4), (1.35, -0.2)):
        stroke(canvas, ellipse(x * hw, y * hh, 0.14 * hw, 0.11 * hw), shade(c, -0.25), width=0.03 * hw, alpha=0.35)


def _bun_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    bun = ellipse(0.05 * hw, -1.18 * hh, 0.46 * hw, 0.4 * hw)
    _paint(canvas, bun, shade(c, 0.05))
    stroke(canvas, smooth([(-0.25 * hw, -1.2 * hh), (0.05 * hw, -1.32 * hh), (0.35 * hw, -1.18 * hh)], closed=False),
           shade(c, 0.35), width=0.035 * hw, alpha=0.6)


def _slick_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    _paint(canvas, smooth(_cap(g, hairline=-0.6, puff=0.05, side_y=0.05, part=-0.15)), c)
    for x in (-0.5, -0.1, 0.35):
        stroke(canvas, smooth([(x * hw, -0.62 * hh), ((x + 0.08) * hw, -0.85 * hh), ((x + 0.25) * hw, -1.02 * hh)],
                              closed=False), shade(c, 0.3), width=0.025 * hw, alpha=0.45)


def _ponytail_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    tail = smooth([(0.7 * hw, -0.75 * hh), (1.2 * hw, -0.4 * hh), (1.38 * hw, 0.5 * hh), (1.32 * hw, 1.5 * hh),
                   (1.1 * hw, 2.0 * hh), (1.02 * hw, 1.3 * hh), (0.95 * hw, 0.3 * hh)])
    _paint(canvas, tail, shade(c, 0.1))


def _hijab_near(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    drape = smooth([(0.0, -1.2 * hh), (0.98 * hw, -0.98 * hh), (1.3 * hw, -0.2 * hh), (1.32 * hw, 0.7 * hh),
                    (1.7 * hw, 1.6 * hh), (2.5 * hw, 2.3 * hh), (2.4 * hw, 3.3 * hh), (0.0, 3.45 * hh),
                    (-2.4 * hw, 3.3 * hh), (-2.5 * hw, 2.3 * hh), (-1.7 * hw, 1.6 * hh), (-1.32 * hw, 0.7 * hh),
                    (-1.3 * hw, -0.2 * hh), (-0.98 * hw, -0.98 * hh)])
    _paint(canvas, drape, c)
    fold = shade(c, 0.25)
    for side in (-1, 1):
        stroke(canvas, smooth([(side * 1.0 * hw, 1.1 * hh), (side * 0.6 * hw, 1.6 * hh), (side * 0.2 * hw, 1.8 * hh)],
                              closed=False), fold, width=0.05 * hw, alpha=0.35)
        stroke(canvas, smooth([(side * 1.5 * hw, 1.7 * hh), (side * 1.3 * hw, 2.4 * hh), (side * 1.2 * hw, 3.2 * hh)],
                              closed=False), fold, width=0.05 * hw, alpha=0.3)
    # the fabric's shadow around the face
    fill(canvas, ellipse(0, 0.12 * hh, 1.12 * hw, 1.16 * hh), c,
         shader=radial((0, 0.12 * hh), 1.16 * hh, [shade(c, 0.45), shade(c, 0.45)], alphas=[0.6, 0.0],
                       stops=[0.8, 1.0]))


def _hijab_front(canvas: skia.Canvas, g: HeadGeometry, c: RGB) -> None:
    hw, hh = g.hw, g.hh
    rim = smooth([(-1.12 * hw, 0.3 * hh), (-1.14 * hw, -0.5 * hh), (-0.7 * hw, -1.1 * hh), (0.0, -1.22 * hh),
                  (0.7 * hw, -1.1 * hh), (1.14 * hw, -0.5 * hh), (1.12 * hw, 0.3 * hh), (0.9 * hw, 0.1 * hh),
                  (0.85 * hw, -0.35 * hh), (0.5 * hw, -0.66 * hh), (0.0, -0.72 * hh), (-0.5 * hw, -0.66 * hh),
                  (-0.85 * hw, -0.35 * hh), (-0.9 * hw, 0.1 * hh)])
    _paint(canvas, rim, shade(c, -0.05))
    for side in (-1, 1):
        cheek = smooth([(side * 1.12 * hw, 0.1 * hh), (side * 0.92 * hw, 0.05 * hh), (side * 0.88 * hw, 0.6 * hh),
                        (side * 0.55 * hw, 1.05 * hh), (side * 0.7 * hw, 1.3 * hh), (side * 1.3 * hw, 0.9 * hh)])
        _paint(canvas, cheek, c, sheen=False)


_BACK: dict[str, Part] = {
    "long": _long_near, "wavy": _curly_near, "bob": _bob_near, "curly": _curly_near, "afro": _afro_near,
    "bun": _bun_near, "ponytail": _ponytail_near,
}
_DRAPE: dict[str, Part] = {"hijab": _hijab_near}
_FRONT: dict[str, Part] = {
    "short": _short_front, "buzz": _buzz_front, "bald": _bald_front, "long": _long_front, "wavy": _bob_front,
    "bob": _bob_front, "curly": _curly_front, "afro": _afro_front, "bun": _slick_front,
    "ponytail": _slick_front, "hijab": _hijab_front,
}


def draw_hair(canvas: skia.Canvas, g: HeadGeometry, style: str, colour: RGB, *, depth: str) -> None:
    """Draw the ``depth`` (``"back"``, ``"drape"`` or ``"front"``) part of ``style`` in head space."""
    part = {"back": _BACK, "drape": _DRAPE, "front": _FRONT}[depth].get(style)
    if part is not None:
        part(canvas, g, colour)
