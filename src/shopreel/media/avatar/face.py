"""The face: head shape, ears, nose, brows, eyes with lids and gaze, age lines, facial hair, glasses.

Drawn in head space: origin at the head's centre, y down, in design units, so a head tilt
is one canvas rotation. Proportions follow the classic illustration grid: eyes on the
middle line, nose a third of the way to the chin, mouth halfway between nose and chin.
"""

from __future__ import annotations

from dataclasses import dataclass

import skia

from shopreel.media.avatar.paint import Point, ellipse, fill, linear, mix, radial, shade, smooth, stroke
from shopreel.media.avatar.spec import RGB, PresenterSpec

__all__ = ["HeadGeometry", "head_geometry", "face_outline", "draw_ears", "draw_face", "draw_eye",
           "draw_brows", "draw_glasses", "draw_earrings", "eye_extent", "EYE_OPENING"]

EYE_OPENING = {"open": 1.0, "half": 0.42, "closed": 0.0}


@dataclass(frozen=True)
class HeadGeometry:
    """Sizes of one presenter's head in design units (``hw``, ``hh``: half width and height)."""

    hw: float
    hh: float
    jaw: float
    chin: float
    eye_y: float
    eye_dx: float
    eye_w: float
    eye_h: float
    iris_r: float
    brow_y: float
    nose_y: float
    mouth_y: float
    mouth_scale: float


def head_geometry(spec: PresenterSpec) -> HeadGeometry:
    female = spec.gender == "female"
    hw = 114.0 if female else 122.0
    hh = 150.0 if female else 156.0
    return HeadGeometry(
        hw=hw, hh=hh,
        jaw=0.64 if female else 0.76,
        chin=0.26 if female else 0.36,
        eye_y=0.06 * hh,
        eye_dx=0.40 * hw,
        eye_w=0.24 * hw * (1.04 if female else 1.0),
        eye_h=0.17 * hw * (1.08 if female else 0.94),
        iris_r=0.135 * hw,
        brow_y=-0.15 * hh,
        nose_y=0.38 * hh,
        mouth_y=0.615 * hh,
        mouth_scale=hw * (0.96 if female else 1.0),
    )


def face_outline(g: HeadGeometry) -> skia.Path:
    hw, hh = g.hw, g.hh
    right = [(0.62 * hw, -0.93 * hh), (0.93 * hw, -0.55 * hh), (1.0 * hw, -0.1 * hh), (0.97 * hw, 0.22 * hh),
             (g.jaw * 1.12 * hw, 0.58 * hh), (g.chin * 1.5 * hw, 0.88 * hh), (g.chin * 0.6 * hw, 0.995 * hh)]
    left = [(-x, y) for x, y in reversed(right)]
    return smooth([(0.0, -hh)] + right + [(0.0, hh * 1.005)] + left)


def draw_ears(canvas: skia.Canvas, g: HeadGeometry, skin: RGB) -> None:
    for side in (-1, 1):
        x = side * g.hw * 0.95
        ear = smooth([(x, -0.12 * g.hh), (x + side * 0.2 * g.hw, -0.1 * g.hh), (x + side * 0.22 * g.hw, 0.1 * g.hh),
                      (x + side * 0.1 * g.hw, 0.3 * g.hh), (x - side * 0.02 * g.hw, 0.28 * g.hh)])
        fill(canvas, ear, skin, shader=linear((x, 0), (x + side * 0.22 * g.hw, 0), [shade(skin, 0.12), skin]))
        inner = smooth([(x + side * 0.05 * g.hw, -0.05 * g.hh), (x + side * 0.14 * g.hw, -0.04 * g.hh),
                        (x + side * 0.13 * g.hw, 0.12 * g.hh), (x + side * 0.06 * g.hw, 0.2 * g.hh)], closed=False)
        stroke(canvas, inner, shade(skin, 0.3), width=0.035 * g.hw, alpha=0.6)


def draw_face(canvas: skia.Canvas, g: HeadGeometry, spec: PresenterSpec) -> None:
    """Face shape with soft shading, cheeks, nose, age lines and facial hair (no eyes or mouth)."""
    skin = spec.skin_tone
    hw, hh = g.hw, g.hh
    outline = face_outline(g)
    fill(canvas, outline, skin, shader=radial((-0.3 * hw, -0.35 * hh), 1.55 * hh,
                                              [shade(skin, -0.1), skin, shade(skin, 0.16)], stops=[0, 0.55, 1]))
    canvas.save()
    canvas.clipPath(outline, doAntiAlias=True)
    # the jaw's shadow side and a soft cheekbone light
    fill(canvas, ellipse(0.95 * hw, 0.25 * hh, 0.35 * hw, 0.75 * hh), shade(skin, 0.35), alpha=0.18, blur=0.12 * hw)
    blush = mix(skin, (236, 110, 120), 0.55)
    for side in (-1, 1):
        fill(canvas, ellipse(side * 0.52 * hw, 0.34 * hh, 0.2 * hw, 0.12 * hw),
             blush, shader=radial((side * 0.52 * hw, 0.34 * hh), 0.22 * hw, [blush, blush],
                                  alphas=[0.45 if spec.gender == "female" else 0.22, 0.0]))
    canvas.restore()
    _draw_nose(canvas, g, skin)
    if spec.age == "Old":
        lines = shade(skin, 0.32)
        for side in (-1, 1):
            stroke(canvas, smooth([(side * 0.3 * hw, 0.42 * hh), (side * 0.42 * hw, 0.56 * hh),
                                   (side * 0.44 * hw, 0.7 * hh)], closed=False), lines, width=0.025 * hw, alpha=0.5)
            stroke(canvas, smooth([(side * 0.62 * hw, 0.02 * hh), (side * 0.72 * hw, 0.07 * hh)], closed=False),
                   lines, width=0.02 * hw, alpha=0.45)
        stroke(canvas, smooth([(-0.28 * hw, -0.42 * hh), (0, -0.45 * hh), (0.28 * hw, -0.42 * hh)], closed=False),
               lines, width=0.02 * hw, alpha=0.35)
    elif spec.age == "Middle Age":
        for side in (-1, 1):
            stroke(canvas, smooth([(side * 0.31 * hw, 0.44 * hh), (side * 0.4 * hw, 0.56 * hh)], closed=False),
                   shade(skin, 0.28), width=0.02 * hw, alpha=0.3)
    _draw_facial_hair(canvas, g, spec)


def _draw_nose(canvas: skia.Canvas, g: HeadGeometry, skin: RGB) -> None:
    hw, y = g.hw, g.nose_y
    fill(canvas, smooth([(0.02 * hw, y - 0.4 * hw), (0.11 * hw, y - 0.08 * hw), (0.12 * hw, y + 0.02 * hw),
                         (0.02 * hw, y + 0.04 * hw), (0.05 * hw, y - 0.12 * hw)]), shade(skin, 0.3), alpha=0.3,
         blur=0.02 * hw)
    stroke(canvas, smooth([(-0.1 * hw, y - 0.01 * hw), (-0.05 * hw, y + 0.04 * hw), (0.0, y + 0.05 * hw),
                           (0.05 * hw, y + 0.04 * hw), (0.1 * hw, y - 0.01 * hw)], closed=False),
           shade(skin, 0.38), width=0.03 * hw, alpha=0.75)
    fill(canvas, ellipse(-0.03 * hw, y - 0.12 * hw, 0.028 * hw, 0.09 * hw), (255, 255, 255), alpha=0.18,
         blur=0.01 * hw)


def _draw_facial_hair(canvas: skia.Canvas, g: HeadGeometry, spec: PresenterSpec) -> None:
    hw, hh = g.hw, g.hh
    hair = spec.hair_color
    if spec.facial_hair == "stubble":
        jaw = smooth([(-0.95 * hw, 0.2 * hh), (-0.3 * hw, 0.45 * hh), (0, 0.46 * hh), (0.3 * hw, 0.45 * hh),
                      (0.95 * hw, 0.2 * hh), (g.jaw * 1.1 * hw, 0.62 * hh), (0.3 * hw, 1.0 * hh),
                      (-0.3 * hw, 1.0 * hh), (-g.jaw * 1.1 * hw, 0.62 * hh)])
        canvas.save()
        canvas.clipPath(face_outline(g), doAntiAlias=True)
        fill(canvas, jaw, mix(spec.skin_tone, hair, 0.45), alpha=0.35, blur=0.04 * hw)
        canvas.restore()
    elif spec.facial_hair == "beard":
        beard = smooth([(-0.98 * hw, 0.05 * hh), (-0.8 * hw, 0.35 * hh), (-0.42 * hw, 0.48 * hh),
                        (0, 0.43 * hh), (0.42 * hw, 0.48 * hh), (0.8 * hw, 0.35 * hh), (0.98 * hw, 0.05 * hh),
                        (0.88 * hw, 0.62 * hh), (0.45 * hw, 1.02 * hh), (0, 1.12 * hh), (-0.45 * hw, 1.02 * hh),
                        (-0.88 * hw, 0.62 * hh)])
        fill(canvas, beard, hair, shader=linear((0, 0.3 * hh), (0, 1.1 * hh), [shade(hair, -0.08), shade(hair, 0.2)]))
        # a clean patch around the lips so the mouth reads
        fill(canvas, ellipse(0, g.mouth_y + 0.02 * hh, 0.36 * hw, 0.13 * hh), spec.skin_tone)
        fill(canvas, ellipse(0, g.mouth_y + 0.02 * hh, 0.36 * hw, 0.13 * hh), shade(spec.skin_tone, 0.15), alpha=0.5)
    if spec.facial_hair in ("beard", "mustache"):
        y = g.mouth_y - 0.09 * hw
        fill(canvas, smooth([(-0.36 * hw, y + 0.1 * hw), (-0.2 * hw, y - 0.06 * hw), (0, y - 0.04 * hw),
                             (0.2 * hw, y - 0.06 * hw), (0.36 * hw, y + 0.1 * hw), (0.18 * hw, y + 0.03 * hw),
                             (0, y + 0.04 * hw), (-0.18 * hw, y + 0.03 * hw)]), shade(hair, 0.1))


def eye_extent(g: HeadGeometry) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of one eye and its lids around the eye centre, head units."""
    return -g.eye_w * 1.35, -g.eye_h * 1.45, g.eye_w * 1.35, g.eye_h * 1.0


def draw_eye(canvas: skia.Canvas, g: HeadGeometry, spec: PresenterSpec, *, center: Point, side: int,
             opening: float, gaze: tuple[float, float]) -> None:
    """One eye at ``center``; ``side`` is -1 for the viewer's left eye; ``opening`` in [0, 1]."""
    cx, cy = center
    w, h = g.eye_w, g.eye_h
    skin = spec.skin_tone
    female = spec.gender == "female"
    line = (40, 28, 30)
    lid_top = -h * opening

    def upper(x: float, lift: float) -> float:
        u = x / w
        return cy + lift * (1 - u * u) + h * 0.06 * u

    lower_pts = [(cx - w, cy + 0.05 * h), (cx - 0.5 * w, cy + 0.42 * h), (cx + 0.1 * w, cy + 0.52 * h),
                 (cx + w * 0.6, cy + 0.36 * h), (cx + w, cy)]
    upper_pts = [(cx + w, cy), (cx + 0.5 * w, upper(0.5 * w, lid_top)), (cx - 0.1 * w, upper(-0.1 * w, lid_top)),
                 (cx - 0.6 * w, upper(-0.6 * w, lid_top)), (cx - w, cy + 0.05 * h)]
    if side > 0:
        lower_pts = [(2 * cx - x, y) for x, y in lower_pts]
        upper_pts = [(2 * cx - x, y) for x, y in upper_pts]
    # upper lid skin: a shaded fold above the eye
    fill(canvas, smooth([(cx - w * 1.05, cy + 0.05 * h), (cx, cy - h * 1.22), (cx + w * 1.05, cy + 0.05 * h),
                         (cx, cy - h * 0.4)]), shade(skin, 0.25), alpha=0.22, blur=0.12 * h)
    if opening > 0.02:
        sclera = smooth(lower_pts + upper_pts[1:-1])
        fill(canvas, sclera, (252, 250, 248))
        canvas.save()
        canvas.clipPath(sclera, doAntiAlias=True)
        ix = cx + gaze[0] * w * 0.42
        iy = cy + gaze[1] * h * 0.3 - 0.05 * h
        r = g.iris_r
        iris = spec.eye_color
        fill(canvas, ellipse(ix, iy, r, r), iris, shader=radial((ix, iy + 0.2 * r), r,
                                                                [mix(iris, (255, 255, 255), 0.25), iris,
                                                                 shade(iris, 0.5)], stops=[0, 0.6, 1]))
        fill(canvas, ellipse(ix, iy, r * 0.48, r * 0.48), (18, 12, 14))
        fill(canvas, ellipse(ix - 0.35 * r, iy - 0.38 * r, r * 0.24, r * 0.24), (255, 255, 255), alpha=0.95)
        fill(canvas, ellipse(ix + 0.35 * r, iy + 0.35 * r, r * 0.1, r * 0.1), (255, 255, 255), alpha=0.7)
        # shadow of the upper lid on the eyeball
        fill(canvas, smooth(upper_pts + [(cx, cy + lid_top - h)]), (60, 40, 40), alpha=0.22, blur=0.18 * h)
        canvas.restore()
        stroke(canvas, smooth(upper_pts, closed=False), line, width=h * (0.24 if female else 0.17))
        stroke(canvas, smooth(lower_pts[1:-1], closed=False), shade(skin, 0.35), width=h * 0.06, alpha=0.5)
        if opening > 0.6:
            crease = smooth([(cx - 0.8 * w, cy - 0.7 * h), (cx, cy - 1.25 * h), (cx + 0.8 * w, cy - 0.7 * h)],
                            closed=False)
            stroke(canvas, crease, shade(skin, 0.35), width=h * 0.07, alpha=0.55)
        if female:
            ox, oy = cx + side * w, cy + 0.05 * h
            stroke(canvas, smooth([(ox - side * 0.1 * w, oy - 0.15 * h), (ox + side * 0.22 * w, oy - 0.42 * h)],
                                  closed=False), line, width=h * 0.16)
    else:
        closed = smooth([(cx - w, cy + 0.05 * h), (cx - 0.4 * w, cy + 0.42 * h), (cx + 0.4 * w, cy + 0.42 * h),
                         (cx + w, cy + 0.05 * h)], closed=False)
        fill(canvas, smooth([(cx - w, cy + 0.05 * h), (cx, cy - 0.5 * h), (cx + w, cy + 0.05 * h),
                             (cx + 0.4 * w, cy + 0.42 * h), (cx - 0.4 * w, cy + 0.42 * h)]), shade(skin, 0.12),
             alpha=0.5)
        stroke(canvas, closed, line, width=h * (0.2 if female else 0.16))
        if female:
            for t in (-0.5, 0.0, 0.5):
                x0, y0 = cx + t * w, cy + 0.42 * h - abs(t) * 0.12 * h
                stroke(canvas, smooth([(x0, y0), (x0 + t * 0.12 * w, y0 + 0.28 * h)], closed=False), line,
                       width=h * 0.08)


def draw_brows(canvas: skia.Canvas, g: HeadGeometry, spec: PresenterSpec) -> None:
    colour = shade(spec.hair_color, 0.25) if spec.hair_style not in ("bald",) else shade(spec.hair_color, 0.1)
    if spec.age == "Old":
        colour = mix(colour, (200, 200, 200), 0.3)
    thick = 0.075 * g.hw if spec.gender == "male" else 0.055 * g.hw
    for side in (-1, 1):
        x0 = side * 0.2 * g.hw
        pts = [(x0, g.brow_y + 0.02 * g.hh), (side * 0.4 * g.hw, g.brow_y - 0.045 * g.hh),
               (side * 0.62 * g.hw, g.brow_y - 0.01 * g.hh)]
        top = [(x, y - thick * (0.6 if i < 2 else 0.25)) for i, (x, y) in enumerate(pts)]
        bottom = [(x, y + thick * (0.45 if i < 2 else 0.1)) for i, (x, y) in enumerate(pts)]
        fill(canvas, smooth(top + bottom[::-1]), colour)


def draw_glasses(canvas: skia.Canvas, g: HeadGeometry, *, round_frames: bool) -> None:
    frame = (38, 34, 40)
    w, h = g.eye_w * 1.45, g.eye_h * 1.9
    for side in (-1, 1):
        cx, cy = side * g.eye_dx, g.eye_y + 0.1 * g.eye_h
        lens = (ellipse(cx, cy, w * 0.92, w * 0.92) if round_frames else
                skia.Path.RRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(cx - w, cy - h * 0.95, cx + w, cy + h),
                                                      0.35 * h, 0.35 * h)))
        fill(canvas, lens, (200, 225, 255), alpha=0.12)
        stroke(canvas, lens, frame, width=0.045 * g.hw)
        b = lens.getBounds()
        stroke(canvas, smooth([(b.left() + 0.25 * b.width(), b.top() + 0.25 * b.height()),
                               (b.left() + 0.45 * b.width(), b.top() + 0.12 * b.height())], closed=False),
               (255, 255, 255), width=0.03 * g.hw, alpha=0.5)
        temple_x = side * (g.eye_dx + w)
        stroke(canvas, smooth([(temple_x, cy - 0.3 * h), (side * 0.99 * g.hw, cy - 0.45 * h)], closed=False), frame,
               width=0.04 * g.hw)
    bridge = smooth([(-g.eye_dx + w * 0.92, g.eye_y - 0.1 * g.eye_h), (0, g.eye_y - 0.35 * g.eye_h),
                     (g.eye_dx - w * 0.92, g.eye_y - 0.1 * g.eye_h)], closed=False)
    stroke(canvas, bridge, frame, width=0.04 * g.hw)


def draw_earrings(canvas: skia.Canvas, g: HeadGeometry, *, hoops: bool) -> None:
    gold = (226, 180, 80)
    for side in (-1, 1):
        x, y = side * 1.06 * g.hw, 0.3 * g.hh
        if hoops:
            stroke(canvas, ellipse(x, y + 0.1 * g.hw, 0.09 * g.hw, 0.11 * g.hw), gold, width=0.03 * g.hw)
        else:
            fill(canvas, ellipse(x, y, 0.045 * g.hw, 0.045 * g.hw), gold,
                 shader=radial((x - 0.015 * g.hw, y - 0.015 * g.hw), 0.05 * g.hw, [(255, 240, 190), gold]))
