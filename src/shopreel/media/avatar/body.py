"""The body: neck, torso in its outfit, the resting arm, the holding arm and the gripping hand.

Everything is in design units (a 1000 x 1778 portrait frame) for a presenter who holds with
the right hand, which appears on the viewer's left; a left-handed hold is the same drawing
seen through a mirrored canvas. The hand grips the held object's near edge at the *grip
point*: palm and thumb behind the object, four fingers wrapped across its front.
"""

from __future__ import annotations

from dataclasses import dataclass

import skia

from shopreel.media.avatar.paint import (
    Point,
    capsule,
    ellipse,
    fill,
    linear,
    lit,
    mix,
    polygon,
    shade,
    smooth,
    stroke,
)
from shopreel.media.avatar.spec import RGB, PresenterSpec

__all__ = ["BodyGeometry", "body_geometry", "draw_torso", "draw_holding_arm", "draw_hand_back", "draw_fingers",
           "finger_spans", "SHORT_SLEEVES"]

SHORT_SLEEVES = ("tee", "apron")


@dataclass(frozen=True)
class BodyGeometry:
    """Where the body's parts sit, in design units."""

    cx: float
    shoulder_hw: float
    neck_hw: float
    neck_top: float
    neckline_y: float
    holding_shoulder: Point
    elbow: Point


def body_geometry(spec: PresenterSpec, *, cx: float, head_cy: float) -> BodyGeometry:
    male = spec.gender == "male"
    sw = 312.0 if male else 272.0
    return BodyGeometry(
        cx=cx, shoulder_hw=sw, neck_hw=54.0 if male else 44.0, neck_top=head_cy + 40.0, neckline_y=795.0,
        holding_shoulder=(cx - sw + 48.0, 935.0), elbow=(cx - sw + 6.0, 1430.0),
    )


def _torso_outline(b: BodyGeometry) -> skia.Path:
    cx, sw, nb = b.cx, b.shoulder_hw, b.neck_hw + 14
    y = b.neckline_y
    right = [(cx + nb, y - 12), (cx + sw - 95, y + 18), (cx + sw - 28, y + 72), (cx + sw - 6, y + 160),
             (cx + sw - 50, y + 330), (cx + sw - 66, y + 600), (cx + sw - 60, 1950.0)]
    left = [(2 * cx - x, yy) for x, yy in reversed(right)]
    return smooth(left + right + [(cx, 1990.0)])


def _neck(canvas: skia.Canvas, b: BodyGeometry, skin: RGB) -> None:
    cx, nw, top, y = b.cx, b.neck_hw, b.neck_top, b.neckline_y
    neck = smooth([(cx - nw, top), (cx - nw * 0.98, y - 70), (cx - nw * 1.15, y + 10), (cx, y + 60),
                   (cx + nw * 1.15, y + 10), (cx + nw * 0.98, y - 70), (cx + nw, top)])
    fill(canvas, neck, skin, shader=linear((0, top + 80), (0, y + 20), [shade(skin, 0.34), shade(skin, 0.08)]))
    fill(canvas, neck, skin, shader=linear((cx - nw, 0), (cx + nw, 0), [skin, shade(skin, 0.3)], alphas=[0.0, 0.6]))


def _sleeve_arm(canvas: skia.Canvas, a: Point, c: Point, radius: float, colour: RGB) -> None:
    path = capsule(a, c, radius)
    lit(canvas, path, colour, depth=0.22)


def _hanging_arm(canvas: skia.Canvas, b: BodyGeometry, spec: PresenterSpec) -> None:
    """The arm at the far side, hanging behind the torso's edge."""
    main = spec.outfit_colors[0] if spec.outfit_style not in ("apron",) else spec.outfit_colors[1]
    shoulder = (b.cx + b.shoulder_hw - 56, b.neckline_y + 150)
    elbow = (b.cx + b.shoulder_hw - 18, 1420.0)
    wrist = (b.cx + b.shoulder_hw - 60, 1900.0)
    fill(canvas, capsule(shoulder, elbow, 64), (0, 0, 0), alpha=0.18, blur=14)
    short = spec.outfit_style in SHORT_SLEEVES
    if short:
        _sleeve_arm(canvas, (shoulder[0] + 2, shoulder[1] + 80), elbow, 50, spec.skin_tone)
        _sleeve_arm(canvas, elbow, wrist, 46, spec.skin_tone)
        _sleeve_arm(canvas, shoulder, (shoulder[0] + 8, shoulder[1] + 150), 62, main)
    else:
        _sleeve_arm(canvas, elbow, wrist, 54, shade(main, 0.05))
        _sleeve_arm(canvas, shoulder, elbow, 60, main)
    if spec.outfit_style == "sport":
        stroke(canvas, smooth([(shoulder[0] + 30, shoulder[1] - 40), (elbow[0] + 44, elbow[1]),
                               (wrist[0] + 44, wrist[1])], closed=False), spec.outfit_colors[1], width=16)


def draw_torso(canvas: skia.Canvas, b: BodyGeometry, spec: PresenterSpec) -> None:
    """Neck, torso and outfit, the arm hanging at the far side and the holding arm down to the elbow."""
    skin = spec.skin_tone
    main, second = spec.outfit_colors
    style = spec.outfit_style
    _neck(canvas, b, skin)
    _hanging_arm(canvas, b, spec)
    _upper_arm(canvas, b, spec)
    torso = _torso_outline(b)
    fill(canvas, torso, (0, 0, 0), alpha=0.2, blur=18)
    cx, y, nb = b.cx, b.neckline_y, b.neck_hw + 14
    base = second if style == "apron" else main
    lit(canvas, torso, base, depth=0.2)
    canvas.save()
    canvas.clipPath(torso, doAntiAlias=True)
    # the chest's shadow under the chin and the fabric's soft folds
    fill(canvas, ellipse(cx, y + 40, nb * 1.6, 60), shade(base, 0.5), alpha=0.25, blur=20)
    for dx in (-0.45, 0.5):
        stroke(canvas, smooth([(cx + dx * b.shoulder_hw, y + 260), (cx + dx * b.shoulder_hw * 0.8, y + 520),
                               (cx + dx * b.shoulder_hw * 0.9, y + 800)], closed=False), shade(base, 0.25), width=10,
               alpha=0.35, blur=6)
    _outfit(canvas, b, spec, main, second)
    canvas.restore()


def _outfit(canvas: skia.Canvas, b: BodyGeometry, spec: PresenterSpec, main: RGB, second: RGB) -> None:
    cx, y, nb = b.cx, b.neckline_y, b.neck_hw + 14
    skin = spec.skin_tone
    style = spec.outfit_style

    def opening(depth: float, width: float) -> skia.Path:
        return smooth([(cx - width, y - 20), (cx - width * 0.75, y + depth * 0.6), (cx, y + depth),
                       (cx + width * 0.75, y + depth * 0.6), (cx + width, y - 20), (cx, y - 60)])

    def vee(depth: float, width: float) -> skia.Path:
        return polygon([(cx - width, y - 20), (cx, y + depth), (cx + width, y - 20), (cx, y - 80)])

    def chest(path: skia.Path) -> None:
        fill(canvas, path, skin, shader=linear((0, y - 20), (0, y + 200), [shade(skin, 0.25), shade(skin, 0.05)]))

    if style in ("tee", "sweater", "apron"):
        shirt = second if style == "apron" else main
        chest(opening(52, nb + 4))
        band = smooth([(cx - nb - 8, y - 14), (cx - nb * 0.7, y + 36), (cx, y + 54), (cx + nb * 0.7, y + 36),
                       (cx + nb + 8, y - 14)], closed=False)
        stroke(canvas, band, shade(shirt, 0.18 if style == "tee" else 0.28), width=18 if style == "tee" else 30)
        if style == "sweater":
            for i in range(-8, 9):
                x = cx + i * 36
                stroke(canvas, smooth([(x, y + 60), (x, 1900.0)], closed=False), shade(main, 0.2), width=4,
                       alpha=0.25)
        if style == "apron":
            bib = skia.Path.RRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(cx - 160, y + 190, cx + 160, 2000),
                                                        30, 30))
            fill(canvas, bib, (0, 0, 0), alpha=0.18, blur=10)
            lit(canvas, bib, main, depth=0.15)
            for side in (-1, 1):
                stroke(canvas, smooth([(cx + side * 150, y + 200), (cx + side * (nb + 30), y + 20),
                                       (cx + side * (nb + 26), y - 15)], closed=False), main, width=22)
            pocket = skia.Path.RRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(cx - 90, y + 420, cx + 90, y + 560),
                                                           16, 16))
            stroke(canvas, pocket, shade(main, 0.25), width=6, alpha=0.7)
    elif style == "shirt":
        chest(vee(110, nb - 4))
        for side in (-1, 1):
            collar = polygon([(cx + side * (nb + 2), y - 40), (cx + side * (nb + 40), y + 40),
                              (cx + side * 12, y + 95), (cx + side * 2, y + 30)])
            fill(canvas, collar, (0, 0, 0), alpha=0.25, blur=8)
            lit(canvas, collar, shade(main, -0.12), depth=0.1)
        stroke(canvas, smooth([(cx, y + 100), (cx, 1950.0)], closed=False), shade(main, 0.2), width=6)
        for k in range(4):
            fill(canvas, ellipse(cx + 14, y + 160 + k * 170, 9, 9), shade(main, -0.3))
    elif style in ("blazer", "blouse"):
        depth = 330 if style == "blazer" else 210
        inner = vee(depth, nb + (40 if style == "blazer" else 16))
        if style == "blazer":
            lit(canvas, inner, second, depth=0.1)
            chest(opening(40, nb))
            stroke(canvas, smooth([(cx - nb - 6, y - 10), (cx, y + 44), (cx + nb + 6, y - 10)], closed=False),
                   shade(second, 0.18), width=14)
            for side in (-1, 1):
                lapel = polygon([(cx + side * (nb + 40), y - 20), (cx + side * 8, y + depth),
                                 (cx + side * (nb + 110), y + 200), (cx + side * (nb + 70), y + 130),
                                 (cx + side * (nb + 115), y + 95)])
                fill(canvas, lapel, (0, 0, 0), alpha=0.25, blur=10)
                lit(canvas, lapel, shade(main, -0.1), depth=0.12)
            fill(canvas, ellipse(cx + 22, y + depth + 60, 11, 11), shade(main, 0.4))
        else:
            chest(inner)
            stroke(canvas, smooth([(cx - nb - 18, y - 20), (cx, y + depth), (cx + nb + 18, y - 20)], closed=False),
                   shade(main, 0.15), width=12)
    elif style == "hoodie":
        chest(opening(40, nb))
        hood = smooth([(cx - nb - 70, y - 10), (cx - nb - 20, y - 40), (cx, y + 20), (cx + nb + 20, y - 40),
                       (cx + nb + 70, y - 10), (cx + nb + 40, y + 70), (cx, y + 110), (cx - nb - 40, y + 70)])
        fill(canvas, hood, (0, 0, 0), alpha=0.25, blur=10)
        lit(canvas, hood, shade(main, 0.06), depth=0.25)
        for side in (-1, 1):
            stroke(canvas, smooth([(cx + side * 30, y + 90), (cx + side * 36, y + 260)], closed=False),
                   second, width=9)
            fill(canvas, capsule((cx + side * 36, y + 255), (cx + side * 37, y + 290), 7), shade(second, 0.3))
    elif style == "sport":
        collar = polygon([(cx - nb - 14, y - 30), (cx + nb + 14, y - 30), (cx + nb + 20, y + 40),
                          (cx, y + 60), (cx - nb - 20, y + 40)])
        chest(opening(30, nb))
        fill(canvas, collar, (0, 0, 0), alpha=0.2, blur=8)
        lit(canvas, collar, shade(main, 0.08), depth=0.2)
        stroke(canvas, smooth([(cx, y + 30), (cx, 1950.0)], closed=False), shade(main, 0.4), width=7)
        fill(canvas, skia.Path.RRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(cx - 8, y + 60, cx + 8, y + 110),
                                                           4, 4)), (200, 200, 205))
        for side in (-1, 1):
            stroke(canvas, smooth([(cx + side * (nb + 30), y - 5), (cx + side * (b.shoulder_hw - 40), y + 60),
                                   (cx + side * (b.shoulder_hw - 4), y + 200)], closed=False), second, width=18)
    if "necklace" in spec.accessories and style in ("blouse", "tee", "sweater"):
        stroke(canvas, smooth([(cx - nb - 4, y - 10), (cx, y + 95), (cx + nb + 4, y - 10)], closed=False),
               (226, 184, 90), width=4)
        fill(canvas, ellipse(cx, y + 102, 10, 12), (226, 184, 90))


def _sleeve_colour(spec: PresenterSpec) -> RGB:
    return spec.outfit_colors[1] if spec.outfit_style == "apron" else spec.outfit_colors[0]


def _upper_arm(canvas: skia.Canvas, b: BodyGeometry, spec: PresenterSpec) -> None:
    """The holding arm from shoulder to elbow, behind the torso's edge like the hanging arm."""
    main = _sleeve_colour(spec)
    shoulder, elbow = b.holding_shoulder, b.elbow
    if spec.outfit_style in SHORT_SLEEVES:
        _sleeve_arm(canvas, shoulder, elbow, 54, spec.skin_tone)
        _sleeve_arm(canvas, shoulder, (shoulder[0] + 4, shoulder[1] + 150), 62, main)
    else:
        _sleeve_arm(canvas, shoulder, elbow, 60, main)


def draw_holding_arm(canvas: skia.Canvas, b: BodyGeometry, spec: PresenterSpec, *, wrist: Point) -> None:
    """The forearm from the elbow, in front of the torso, up to ``wrist``."""
    main = _sleeve_colour(spec)
    elbow = b.elbow
    forearm = smooth([(elbow[0] - 50, elbow[1] + 10), (wrist[0] - 30, wrist[1] + 8), (wrist[0] + 6, wrist[1] - 30),
                      (elbow[0] + 50, elbow[1] - 24), (elbow[0] + 44, elbow[1] + 40), (elbow[0], elbow[1] + 54)])
    short = spec.outfit_style in SHORT_SLEEVES
    fill(canvas, forearm, (0, 0, 0), alpha=0.16, blur=5)
    lit(canvas, forearm, spec.skin_tone if short else shade(main, 0.06), depth=0.25)
    if not short:
        cuff_col = spec.outfit_colors[1] if spec.outfit_style == "sport" else shade(main, 0.12)
        canvas.save()
        canvas.clipPath(forearm, doAntiAlias=True)
        fill(canvas, capsule((wrist[0] + 2, wrist[1] + 50), (wrist[0] + 60, wrist[1] + 20), 40), cuff_col)
        canvas.restore()


def draw_hand_back(canvas: skia.Canvas, skin: RGB) -> None:
    """Palm, back of the hand and thumb, around the grip point at the origin (behind the object)."""
    thumb = capsule((-34.0, -46.0), (14.0, -108.0), 18.0)
    fill(canvas, thumb, skin, shader=linear((-30, -100), (10, -40), [shade(skin, -0.05), shade(skin, 0.2)]))
    stroke(canvas, smooth([(-6.0, -95.0), (-12.0, -82.0)], closed=False), shade(skin, 0.35), width=3, alpha=0.6)
    hand = smooth([(-110.0, 92.0), (-92.0, 8.0), (-66.0, -44.0), (-28.0, -70.0), (4.0, -62.0), (12.0, -20.0),
                   (12.0, 36.0), (2.0, 76.0), (-40.0, 112.0)])
    fill(canvas, hand, skin, shader=linear((-100, -60), (10, 100), [shade(skin, -0.1), skin, shade(skin, 0.22)],
                                           stops=[0, 0.5, 1]))
    stroke(canvas, smooth([(-70.0, -30.0), (-52.0, 20.0), (-46.0, 70.0)], closed=False), shade(skin, 0.3), width=3,
           alpha=0.35)


_FINGERS = ((-44.0, 1.0), (-12.0, 1.07), (20.0, 1.0), (51.0, 0.8))  # centre y, relative length
FINGER_R = 16.5


def finger_spans(object_w: float) -> list[tuple[Point, Point]]:
    """Start and end of each finger (index first) across an object ``object_w`` wide."""
    reach = max(44.0, min(108.0, object_w * 0.55))
    return [((-6.0, y), (reach * k, y + 3.0)) for y, k in _FINGERS]


def draw_fingers(canvas: skia.Canvas, skin: RGB, *, object_w: float) -> None:
    """Four fingers from the grip point across the object's front, pinky first so the index is on top."""
    for (x0, y0), (x1, y1) in reversed(finger_spans(object_w)):
        finger = capsule((x0, y0), (x1, y1), FINGER_R)
        fill(canvas, finger, skin, shader=linear((0, y0 - FINGER_R), (0, y0 + FINGER_R),
                                                 [shade(skin, -0.08), skin, shade(skin, 0.2)], stops=[0, 0.45, 1]))
        stroke(canvas, finger, shade(skin, 0.35), width=2.2, alpha=0.55)
        kx = x0 + (x1 - x0) * 0.5
        stroke(canvas, smooth([(kx, y0 - 8), (kx + 3, y0 + 2)], closed=False), shade(skin, 0.3), width=2.5,
               alpha=0.5)
        nail = ellipse(x1 - 6, y1 - 3, 8.5, 7.5)
        fill(canvas, nail, mix(skin, (255, 214, 214), 0.45))
        stroke(canvas, nail, shade(skin, 0.2), width=1.5, alpha=0.5)
