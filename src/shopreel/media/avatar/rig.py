"""Render an illustrated presenter, layer by layer, at any size, holding an object.

The presenter is drawn with Skia in *design units* (a 1000 x 1778 portrait frame) mapped
onto the output by one matrix: the figure is scaled to fit the frame's height or width,
centred and anchored at the bottom edge; a left-handed hold mirrors that matrix. Depth
order, back to front::

    backdrop | hair (back) | torso, neck, resting arm | hijab drape | head: ears, face, brows,
    eyes, mouth, hair (front), glasses | holding arm, hand back, thumb || HELD OBJECT || fingers

:class:`RigRenderer` draws the static layers (backdrop; torso with outfit) once per
(spec, size) and per frame only redraws the head, the holding arm and the hand, so a
1080 x 1920 frame costs about 20 ms; in animation mode (``sprites=True``) the head and hand
are rasterised once and moved, and a frame costs about 10 ms. Pixels outside ``hand_box`` and the held
object's box never depend on the held object, and each eye state or viseme changes pixels
only inside its ``eye_boxes`` or ``mouth_box``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import skia

from shopreel.errors import InvalidInput
from shopreel.media.avatar.body import (
    BodyGeometry,
    body_geometry,
    draw_fingers,
    draw_hand_back,
    draw_holding_arm,
    draw_torso,
    finger_spans,
    FINGER_R,
)
from shopreel.media.avatar.face import (
    EYE_OPENING,
    HeadGeometry,
    draw_brows,
    draw_ears,
    draw_earrings,
    draw_eye,
    draw_face,
    draw_glasses,
    eye_extent,
    face_outline,
    head_geometry,
)
from shopreel.media.avatar.hair import draw_hair
from shopreel.media.avatar.held import HeldImage, draw_held, fit_in_slot, held_image
from shopreel.media.avatar.mouth import MOUTHS, draw_mouth, mouth_extent, mouth_for
from shopreel.media.avatar.paint import capsule, mix, radial, shade
from shopreel.media.avatar.props import PROP_ASPECT, draw_prop
from shopreel.media.avatar.spec import Pose, PresenterSpec
from shopreel.media.avatar.sprites import Canvas, Sprite, as_array, blit, moved, pixel_surface, union
from shopreel.media.types import Alpha, Box, Frame

__all__ = ["RigRender", "RigLayers", "RigRenderer", "render_rig", "render_layers", "DESIGN_SIZE"]

DESIGN_SIZE = (1000.0, 1778.0)
_WINDOW = (25.0, 250.0, 900.0, 1600.0)  # x, y, w, h of the design area a frame shows (9:16)
_FIGURE_CX = 600.0
_HEAD_CY = 515.0
_SLOT = (178.0, 850.0, 280.0, 420.0)  # x, y, w, h of the held object's default box
_GRIP = (_SLOT[0], _SLOT[1] + 0.62 * _SLOT[3])
_WRIST = (-64.0, 100.0)  # in hand space
_RISE = 9.0  # how far a full breath lifts the shoulders and head
_HAND_REACH = (-125.0, -135.0, 130.0, 125.0)  # hand space: everything the hand draws

_PROP_COLOURS = {
    "serum": ((222, 160, 96), (214, 88, 120)), "phone": ((96, 120, 236), (255, 255, 255)),
    "box": ((244, 120, 96), (60, 72, 140)), "bottle": ((46, 176, 170), (250, 250, 250)),
    "jar": ((250, 236, 214), (120, 170, 90)), "pouch": ((250, 150, 60), (140, 70, 40)),
    "perfume": ((236, 150, 186), (120, 60, 110)), "mug": ((246, 244, 240), (230, 90, 80)),
}


@dataclass(frozen=True)
class RigRender:
    """Where things landed in one rendered frame, in output pixels.

    ``held_box`` bounds the held object as placed and ``held_quad`` gives its corners
    (top-left, top-right, bottom-right, bottom-left of the object's own image, ``float64
    (4, 2)`` x, y) for perspective placement; ``slot_box`` is the default box the object is
    fitted into. ``hand_box`` bounds everything the hand draws. ``eye_boxes`` are the
    viewer's left eye then right eye.
    """

    held_box: Box
    held_quad: np.ndarray
    slot_box: Box
    hand_box: Box
    face_box: Box
    mouth_box: Box
    eye_boxes: tuple[Box, Box]


@dataclass(frozen=True)
class RigLayers:
    """Everything behind the held object and everything in front of it, as RGBA layers.

    Composite ``back``, then the object on ``render.held_quad``, then ``front``. Colours
    are ``uint8 (H, W, 3)`` not premultiplied; alphas ``float32 (H, W)`` in [0, 1].
    """

    back: Frame
    back_alpha: Alpha
    front: Frame
    front_alpha: Alpha
    render: RigRender


@dataclass(frozen=True)
class _RestParts:
    """What the animation mode rasterises once per renderer (see ``RigRenderer(sprites=True)``).

    ``under`` and ``over`` are the head behind and in front of the eyes and mouth, both the
    size of ``head_box`` (frame pixels at rest), composed per frame on ``surface`` with
    ``face`` (head space to that surface) for the features; ``face_pixels`` is the
    surface's memory. The inverses take a frame point back to head or hand space at rest,
    so ``now @ inverse`` is how a part moved.
    """

    back_hair: Sprite | None
    head_box: Box
    under: skia.Image
    over: skia.Image
    face: skia.Matrix
    head_inverse: np.ndarray
    hand_inverse: np.ndarray
    face_pixels: np.ndarray
    surface: skia.Surface


def _image(pixels: np.ndarray) -> skia.Image:
    return skia.Image.fromarray(pixels, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)


def _check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, (int, np.integer)) or value < 8:
            raise InvalidInput(f"{name} must be an int of at least 8 pixels, got {value!r}")


def _box(points: np.ndarray, width: int, height: int, *, pad_px: float) -> Box:
    x0, y0 = np.floor(points.min(axis=0) - pad_px)
    x1, y1 = np.ceil(points.max(axis=0) + pad_px)
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(width, int(x1)), min(height, int(y1))
    return Box(x=min(x0, width - 1), y=min(y0, height - 1), w=max(1, x1 - x0), h=max(1, y1 - y0))


def _map(matrix: skia.Matrix, points: list[tuple[float, float]]) -> np.ndarray:
    return np.array([[p.x(), p.y()] for p in matrix.mapPoints([skia.Point(x, y) for x, y in points])],
                    dtype=np.float64)


def _rect(l: float, t: float, r: float, b: float) -> list[tuple[float, float]]:
    return [(l, t), (r, t), (r, b), (l, b)]


def _unpremultiply(rgba: np.ndarray) -> tuple[Frame, Alpha]:
    alpha = rgba[..., 3].astype(np.float32) / 255.0
    safe = np.where(alpha > 0, alpha, 1.0)[..., None]
    rgb = np.clip(np.rint(rgba[..., :3].astype(np.float32) / safe), 0, 255).astype(np.uint8)
    return rgb, alpha


class RigRenderer:
    """Draws one presenter at one size, frame after frame, reusing its static layers.

    Parameters
    ----------
    spec : PresenterSpec
        Who to draw.
    width, height : int
        Output size in pixels (at least 8 x 8; any aspect, odd sizes included).
    backdrop : bool
        Paint the soft gradient backdrop; without it the figure is drawn on transparency
        (see :meth:`layers`).
    sprites : bool
        Animation mode for :meth:`frame`: rasterise the head, back hair and hand (with the
        held object) once at the rest pose and move those pixels per frame (one bilinear
        warp each) instead of redrawing their vectors; only the eyes, mouth and forearm are
        drawn per frame. About twice as fast, and within a few levels of the vector drawing
        (the moved parts are resampled once more, so their edges are slightly softer).
        :meth:`layers` always draws vectors.

    Notes
    -----
    The backdrop and the torso (outfit, neck, resting arm) are rasterised once, the torso
    with a few spare rows so a breath can lift it. Per frame Skia redraws the head, the
    holding arm, the hand and the object from vectors over those images (in animation mode
    only the eyes, mouth and arm), into memory that is the frame's pixels. Skia's raster back end is deterministic: the same
    inputs give the same pixels, in both modes.
    """

    def __init__(self, spec: PresenterSpec, *, width: int, height: int, backdrop: bool = True,
                 sprites: bool = False) -> None:
        _check_size(width, height)
        self.spec = spec
        self.width, self.height = int(width), int(height)
        self.head: HeadGeometry = head_geometry(spec)
        self.body: BodyGeometry = body_geometry(spec, cx=_FIGURE_CX, head_cy=_HEAD_CY)
        wx, wy, ww, wh = _WINDOW
        self.scale = s = min(self.width / ww, self.height / wh)
        tx, ty = (self.width - ww * s) / 2.0 - wx * s, self.height - (wy + wh) * s
        self.mirrored = spec.holding == "left"
        self.figure = skia.Matrix()
        if self.mirrored:
            self.figure.setScaleTranslate(-s, s, self.width - tx, ty)
        else:
            self.figure.setScaleTranslate(s, s, tx, ty)
        self._pad_px = int(math.ceil(_RISE * s)) + 2
        self._pixels, self._surface = pixel_surface(self.width, self.height)
        self._backdrop = self._draw_backdrop() if backdrop else None
        self._torso = self._draw_static_torso()
        self._props: dict[tuple[int, int], HeldImage] = {}
        self._mouth_local = self._mouth_bounds()
        self.sprites = bool(sprites)
        self._parts: _RestParts | None = None
        self._hand_part: tuple[HeldImage, float, Sprite | None] | None = None
        self._base: tuple[int, skia.Image] | None = None
        self._face: tuple[tuple, np.ndarray] | None = None

    # ----------------------------------------------------------------- static layers
    def _raster(self, height: int) -> tuple[skia.Surface, skia.Canvas]:
        surface = skia.Surface.MakeRaster(
            skia.ImageInfo.Make(self.width, height, skia.kRGBA_8888_ColorType, skia.kPremul_AlphaType))
        canvas = surface.getCanvas()
        canvas.clear(skia.ColorTRANSPARENT)
        return surface, canvas

    def _draw_backdrop(self) -> skia.Image:
        surface, canvas = self._raster(self.height)
        top, bottom = self.spec.backdrop
        paint = skia.Paint(AntiAlias=True)
        paint.setShader(skia.GradientShader.MakeLinear(
            [skia.Point(0, 0), skia.Point(0, self.height)],
            [skia.ColorSetRGB(*top), skia.ColorSetRGB(*bottom)]))
        canvas.drawPaint(paint)
        canvas.concat(self.figure)
        glow = skia.Paint(AntiAlias=True)
        glow.setShader(radial((_FIGURE_CX, _HEAD_CY + 120), 620, [(255, 255, 255), (255, 255, 255)],
                              alphas=[0.55, 0.0]))
        canvas.drawCircle(_FIGURE_CX, _HEAD_CY + 120, 620, glow)
        accent = skia.Paint(AntiAlias=True)
        accent.setShader(radial((120, 330), 260, [mix(bottom, (255, 255, 255), 0.2), bottom], alphas=[0.5, 0.0]))
        canvas.drawCircle(120, 330, 260, accent)
        return surface.makeImageSnapshot()

    def _draw_static_torso(self) -> skia.Image:
        surface, canvas = self._raster(self.height + self._pad_px)
        canvas.concat(self.figure)
        draw_torso(canvas, self.body, self.spec)
        return surface.makeImageSnapshot()

    def _mouth_bounds(self) -> tuple[float, float, float, float]:
        ext = np.array([mouth_extent(shape) for shape in MOUTHS.values()])
        margin = 0.07
        return ext[:, 0].min() - margin, ext[:, 1].min() - margin, ext[:, 2].max() + margin, ext[:, 3].max() + margin

    # ----------------------------------------------------------------- per-frame geometry
    def _head_matrix(self, pose: Pose) -> skia.Matrix:
        sign = -1.0 if self.mirrored else 1.0
        ox, oy = pose.head_offset
        g = self.head
        m = skia.Matrix.Translate(_FIGURE_CX + sign * ox * 2 * g.hh, _HEAD_CY + oy * 2 * g.hh - _RISE * pose.breathe)
        m.preRotate(sign * pose.head_tilt_deg, 0.0, 0.85 * g.hh)
        return m

    def _hand_matrix(self, pose: Pose) -> skia.Matrix:
        sign = -1.0 if self.mirrored else 1.0
        ox, oy = pose.hand_offset
        hh2 = 2 * self.head.hh
        m = skia.Matrix.Translate(_GRIP[0] + sign * ox * hh2, _GRIP[1] + oy * hh2 - 0.5 * _RISE * pose.breathe)
        m.preRotate(sign * pose.hand_tilt_deg)
        return m

    def _held_rect(self, aspect: float, held_scale: float) -> tuple[float, float, float, float]:
        return fit_in_slot(aspect, _SLOT[2], _SLOT[3], held_scale)

    def placement(self, pose: Pose = Pose(), *, held_aspect: float | None = None,
                  held_scale: float = 1.0) -> RigRender:
        """Where the held object, hand, face, mouth and eyes land for ``pose``, without drawing.

        ``held_aspect`` is the held object's width / height (``None``: the default prop's).
        """
        if not held_scale > 0:
            raise InvalidInput(f"held_scale must be > 0, got {held_scale!r}")
        aspect = PROP_ASPECT[self.spec.prop] if held_aspect is None else float(held_aspect)
        if not aspect > 0:
            raise InvalidInput(f"held_aspect must be > 0, got {held_aspect!r}")
        w, h = self.width, self.height
        hand = skia.Matrix.Concat(self.figure, self._hand_matrix(pose))
        x, y, rw, rh = self._held_rect(aspect, held_scale)
        quad = _map(hand, _rect(x, y, x + rw, y + rh))
        if self.mirrored:  # the image itself is never mirrored
            quad = quad[[1, 0, 3, 2]]
        slot_x, slot_y = _SLOT[0] - _GRIP[0], _SLOT[1] - _GRIP[1]
        slot = _map(hand, _rect(slot_x, slot_y, slot_x + _SLOT[2], slot_y + _SLOT[3]))
        reach = _map(hand, _rect(*_HAND_REACH))
        head = skia.Matrix.Concat(self.figure, self._head_matrix(pose))
        g = self.head
        face_b = face_outline(g).getBounds()
        face = _map(head, _rect(face_b.left(), face_b.top(), face_b.right(), face_b.bottom()))
        l, t, r, b = self._mouth_local
        k = g.mouth_scale
        mouth = _map(head, _rect(l * k, g.mouth_y + t * k, r * k, g.mouth_y + b * k))
        el, et, er, eb = eye_extent(g)
        eyes = []
        for side in (-1, 1):
            cx = side * g.eye_dx
            eyes.append(_map(head, _rect(cx + el, g.eye_y + et, cx + er, g.eye_y + eb)))
        eye_boxes = sorted((_box(e, w, h, pad_px=2.0) for e in eyes), key=lambda bx: bx.x)
        return RigRender(
            held_box=_box(quad, w, h, pad_px=0.0),
            held_quad=quad,
            slot_box=_box(slot, w, h, pad_px=0.0),
            hand_box=_box(np.vstack([reach, quad]), w, h, pad_px=2.0),
            face_box=_box(face, w, h, pad_px=1.0),
            mouth_box=_box(mouth, w, h, pad_px=2.0),
            eye_boxes=(eye_boxes[0], eye_boxes[1]),
        )

    # ----------------------------------------------------------------- drawing
    def _draw_head(self, canvas: skia.Canvas, pose: Pose) -> None:
        canvas.save()
        canvas.concat(self.figure)
        canvas.concat(self._head_matrix(pose))
        self._draw_head_under(canvas)
        self._draw_features(canvas, pose)
        self._draw_head_over(canvas)
        canvas.restore()

    # The head in three depths, each in head space (the canvas already carries the head's matrix).
    def _draw_head_under(self, canvas: skia.Canvas) -> None:
        """Everything on the head behind the eyes and mouth: hair drape, ears, face, brows."""
        spec, g = self.spec, self.head
        draw_hair(canvas, g, spec.hair_style, spec.hair_color, depth="drape")
        if spec.hair_style != "hijab":
            draw_ears(canvas, g, spec.skin_tone)
            if "earrings" in spec.accessories or "hoops" in spec.accessories:
                draw_earrings(canvas, g, hoops="hoops" in spec.accessories)
        draw_face(canvas, g, spec)
        draw_brows(canvas, g, spec)

    def _draw_features(self, canvas: skia.Canvas, pose: Pose) -> None:
        """The eyes and the mouth: the only parts of the head that change shape."""
        spec, g = self.spec, self.head
        sign = -1.0 if self.mirrored else 1.0
        gaze = (sign * float(np.clip(pose.gaze[0], -1, 1)), float(np.clip(pose.gaze[1], -1, 1)))
        for side in (-1, 1):
            draw_eye(canvas, g, spec, center=(side * g.eye_dx, g.eye_y), side=side,
                     opening=EYE_OPENING[pose.eyes], gaze=gaze)
        canvas.save()
        canvas.translate(0.0, g.mouth_y)
        canvas.scale(g.mouth_scale, g.mouth_scale)
        lip = spec.lip_color or mix(shade(spec.skin_tone, 0.18), (196, 92, 98), 0.35)
        draw_mouth(canvas, mouth_for(pose.mouth, pose.mouth_open), lip=lip, skin=spec.skin_tone)
        canvas.restore()

    def _draw_head_over(self, canvas: skia.Canvas) -> None:
        """Everything in front of the eyes and mouth: front hair and glasses."""
        spec, g = self.spec, self.head
        draw_hair(canvas, g, spec.hair_style, spec.hair_color, depth="front")
        if "glasses" in spec.accessories or "round_glasses" in spec.accessories:
            draw_glasses(canvas, g, round_frames="round_glasses" in spec.accessories)

    def _clear(self, canvas: skia.Canvas) -> None:
        if self._backdrop is not None:
            canvas.drawImage(self._backdrop, 0, 0, skia.SamplingOptions(), skia.Paint(BlendMode=skia.BlendMode.kSrc))
        else:
            canvas.clear(skia.ColorTRANSPARENT)

    def _lift_px(self, pose: Pose) -> int:
        # whole pixels: a sub-pixel shift would resample the whole torso every frame
        return round(_RISE * pose.breathe * self.scale)

    def _draw_back_hair(self, canvas: skia.Canvas, pose: Pose) -> None:
        canvas.save()
        canvas.concat(self.figure)
        canvas.concat(self._head_matrix(pose))
        draw_hair(canvas, self.head, self.spec.hair_style, self.spec.hair_color, depth="back")
        canvas.restore()

    def _draw_arm(self, canvas: skia.Canvas, pose: Pose) -> None:
        wrist = self._hand_matrix(pose).mapXY(*_WRIST)
        canvas.save()
        canvas.concat(self.figure)
        draw_holding_arm(canvas, self.body, self.spec, wrist=(wrist.x(), wrist.y()))
        canvas.restore()

    def _draw_hand_back(self, canvas: skia.Canvas, pose: Pose) -> None:
        canvas.save()
        canvas.concat(self.figure)
        canvas.concat(self._hand_matrix(pose))
        draw_hand_back(canvas, self.spec.skin_tone)
        canvas.restore()

    def _draw_body(self, canvas: skia.Canvas, pose: Pose) -> None:
        """Everything behind the hand: backdrop, back hair, torso, head and forearm."""
        self._clear(canvas)
        self._draw_back_hair(canvas, pose)
        canvas.drawImage(self._torso, 0, -self._lift_px(pose))
        self._draw_head(canvas, pose)
        self._draw_arm(canvas, pose)

    def _draw_hand(self, canvas: skia.Canvas, pose: Pose, held: HeldImage, held_scale: float) -> None:
        """The hand's back, the held object (lit, with the fingers' shadow) and the fingers."""
        render = self.placement(pose, held_aspect=held.width / held.height, held_scale=held_scale)
        object_w = self._held_rect(held.width / held.height, held_scale)[2]
        self._draw_hand_back(canvas, pose)
        draw_held(canvas, held, render.held_quad, shadow=self._finger_shadow(pose, object_w),
                  shadow_blur_px=5.0 * self.scale)
        self._draw_fingers(canvas, pose, object_w)

    # ----------------------------------------------------------------- sprites (animation mode)
    @property
    def _sprite_margin(self) -> int:
        """How far past the frame's edges a part is kept: idle motion moves parts by a few
        pixels (a tilted object's far end by a few tens), never by a tenth of the frame."""
        return math.ceil(0.1 * max(self.width, self.height))

    def _rest_parts(self) -> _RestParts:
        """The head, its back hair and their matrices at the rest pose, rasterised once."""
        if self._parts is None:
            rest = Pose()
            head = skia.Matrix.Concat(self.figure, self._head_matrix(rest))

            def in_head(draw: Callable[[skia.Canvas], None]) -> Callable[[skia.Canvas], None]:
                def drawn(canvas: skia.Canvas) -> None:
                    canvas.concat(head)
                    draw(canvas)
                return drawn

            board = Canvas(self.width, self.height, margin=self._sprite_margin)
            hair = board.sprite(lambda c: self._draw_back_hair(c, rest))
            under = board.draw(in_head(self._draw_head_under))
            over = board.draw(in_head(self._draw_head_over))
            box = union(board.bounds(under), board.bounds(over))
            if box is None:
                raise InvalidInput(f"presenter {self.spec.name!r} draws no head")
            box = Box(box.x - 2, box.y - 2, box.w + 4, box.h + 4)  # room for the eyes and mouth to antialias
            face_pixels, face_surface = pixel_surface(box.w, box.h)
            to_face = skia.Matrix.Translate(-box.x, -box.y)
            to_face.preConcat(head)
            self._parts = _RestParts(
                back_hair=hair, head_box=box, under=_image(board.crop(under, box).pixels),
                over=_image(board.crop(over, box).pixels), face=to_face,
                head_inverse=np.linalg.inv(as_array(head)),
                hand_inverse=np.linalg.inv(as_array(skia.Matrix.Concat(self.figure, self._hand_matrix(rest)))),
                face_pixels=face_pixels, surface=face_surface)
        return self._parts

    def _hand_sprite(self, held: HeldImage, held_scale: float) -> Sprite | None:
        if self._hand_part is None or self._hand_part[0] is not held or self._hand_part[1] != held_scale:
            board = Canvas(self.width, self.height, margin=self._sprite_margin)
            sprite = board.sprite(lambda c: self._draw_hand(c, Pose(), held, held_scale))
            self._hand_part = (held, held_scale, sprite)
        return self._hand_part[2]

    def _base_image(self, lift: int) -> skia.Image:
        """The backdrop with the torso lifted ``lift`` pixels, kept for the latest lift."""
        if self._base is None or self._base[0] != lift:
            surface, canvas = self._raster(self.height)
            self._clear(canvas)
            canvas.drawImage(self._torso, 0, -lift)
            self._base = (lift, surface.makeImageSnapshot())
        return self._base[1]

    def _face_pixels(self, parts: _RestParts, pose: Pose) -> np.ndarray:
        """The head at rest with this pose's eyes and mouth, as premultiplied RGBA."""
        key = (pose.eyes, pose.gaze, pose.mouth, pose.mouth_open)
        if self._face is None or self._face[0] != key:
            canvas = parts.surface.getCanvas()
            canvas.drawImage(parts.under, 0, 0, skia.SamplingOptions(), skia.Paint(BlendMode=skia.BlendMode.kSrc))
            canvas.save()
            canvas.concat(parts.face)
            self._draw_features(canvas, pose)
            canvas.restore()
            canvas.drawImage(parts.over, 0, 0)
            self._face = (key, parts.face_pixels)
        return self._face[1]

    def _draw_moving(self, canvas: skia.Canvas, pose: Pose, held: HeldImage, held_scale: float) -> None:
        """One frame from the rest-pose sprites: the animation mode's :meth:`_draw_body` and :meth:`_draw_hand`."""
        parts = self._rest_parts()
        lift = self._lift_px(pose)
        canvas.drawImage(self._base_image(lift), 0, 0, skia.SamplingOptions(),
                         skia.Paint(BlendMode=skia.BlendMode.kSrc))
        head = as_array(skia.Matrix.Concat(self.figure, self._head_matrix(pose))) @ parts.head_inverse
        if parts.back_hair is not None:
            patch, x, y = moved(parts.back_hair.pixels, parts.back_hair.x, parts.back_hair.y, head)
            canvas.save()  # the hair goes behind the torso: redraw that region in depth order
            canvas.clipRect(skia.Rect.MakeXYWH(x, y, patch.shape[1], patch.shape[0]))
            self._clear(canvas)
            blit(canvas, patch, x, y)
            canvas.drawImage(self._torso, 0, -lift)
            canvas.restore()
        patch, x, y = moved(self._face_pixels(parts, pose), parts.head_box.x, parts.head_box.y, head)
        blit(canvas, patch, x, y)
        self._draw_arm(canvas, pose)
        hand = self._hand_sprite(held, held_scale)
        if hand is not None:
            motion = as_array(skia.Matrix.Concat(self.figure, self._hand_matrix(pose))) @ parts.hand_inverse
            patch, x, y = moved(hand.pixels, hand.x, hand.y, motion)
            blit(canvas, patch, x, y)

    def _draw_fingers(self, canvas: skia.Canvas, pose: Pose, object_w: float) -> None:
        canvas.save()
        canvas.concat(self.figure)
        canvas.concat(self._hand_matrix(pose))
        draw_fingers(canvas, self.spec.skin_tone, object_w=object_w)
        canvas.restore()

    def _finger_shadow(self, pose: Pose, object_w: float) -> skia.Path:
        """The fingers' silhouette nudged down and right, in pixels: their shadow on the object."""
        path = skia.Path()
        for (x0, y0), (x1, y1) in finger_spans(object_w):
            path.addPath(capsule((x0 + 4, y0 + 7), (x1 + 5, y1 + 7), FINGER_R))
        path.addPath(capsule((-20, -80), (-2, 80), 16))
        path.transform(skia.Matrix.Concat(self.figure, self._hand_matrix(pose)))
        return path

    def _default_held(self, render: RigRender) -> HeldImage:
        quad = render.held_quad
        w = int(round(np.linalg.norm(quad[1] - quad[0]))) or 1
        h = int(round(np.linalg.norm(quad[3] - quad[0]))) or 1
        key = (max(w, 1), max(h, 1))
        if key not in self._props:
            colour, accent = _PROP_COLOURS[self.spec.prop]
            self._props = {key: held_image(*draw_prop(self.spec.prop, width=key[0], height=key[1], color=colour,
                                                        accent=accent))}
        return self._props[key]

    def frame(self, pose: Pose = Pose(), *, held: HeldImage | tuple[Frame, Alpha] | None = None,
              held_scale: float = 1.0) -> tuple[Frame, RigRender]:
        """Render one frame.

        Parameters
        ----------
        pose : Pose
            Mouth, eyes, head, breath and hand for this frame.
        held : HeldImage or (rgb, alpha), optional
            The product cut-out to hold (``uint8 (h, w, 3)`` and ``float32 (h, w)``); pass a
            :class:`~shopreel.media.avatar.held.HeldImage` to skip converting it every frame.
            ``None`` holds the presenter's default prop.
        held_scale : float
            Size relative to the default box, scaled about the grip point.

        Returns
        -------
        frame : ndarray, uint8 (height, width, 3)
        render : RigRender
        """
        if isinstance(held, tuple):
            held = held_image(*held)
        aspect = None if held is None else held.width / held.height
        render = self.placement(pose, held_aspect=aspect, held_scale=held_scale)
        if held is None:
            held = self._default_held(render)
        canvas = self._surface.getCanvas()
        if self.sprites:
            self._draw_moving(canvas, pose, held, held_scale)
        else:
            self._draw_body(canvas, pose)
            self._draw_hand(canvas, pose, held, held_scale)
        rgba = self._pixels
        if self._backdrop is not None:
            return cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB), render
        rgb, _ = _unpremultiply(rgba)
        return rgb, render

    def layers(self, pose: Pose = Pose(), *, held_aspect: float | None = None,
               held_scale: float = 1.0) -> RigLayers:
        """The layers behind and in front of the held object, for a caller that places its own.

        ``held_aspect`` (width / height of the object the caller will place) sets where the
        object goes and how far the fingers reach across it; ``None`` uses the default prop.
        """
        render = self.placement(pose, held_aspect=held_aspect, held_scale=held_scale)
        aspect = PROP_ASPECT[self.spec.prop] if held_aspect is None else held_aspect
        object_w = self._held_rect(aspect, held_scale)[2]
        canvas = self._surface.getCanvas()
        self._draw_body(canvas, pose)
        self._draw_hand_back(canvas, pose)
        back = _unpremultiply(self._pixels)
        canvas.clear(skia.ColorTRANSPARENT)
        self._draw_fingers(canvas, pose, object_w)
        front = _unpremultiply(self._pixels)
        return RigLayers(back=back[0], back_alpha=back[1], front=front[0], front_alpha=front[1], render=render)


def render_rig(spec: PresenterSpec, *, width: int, height: int, pose: Pose = Pose(),
               held: tuple[Frame, Alpha] | None = None, held_scale: float = 1.0) -> tuple[Frame, RigRender]:
    """Render ``spec`` once at ``width`` x ``height``; see :class:`RigRenderer` to animate.

    Parameters
    ----------
    spec : PresenterSpec
    width, height : int
        Output size in pixels.
    pose : Pose
    held : (rgb, alpha), optional
        Product cut-out: ``uint8 (h, w, 3)`` colours and ``float32 (h, w)`` alpha in [0, 1],
        fitted inside the slot keeping its aspect ratio. ``None`` holds the default prop.
    held_scale : float
        Size relative to the default box, scaled about the grip point.

    Returns
    -------
    frame : ndarray, uint8 (height, width, 3)
    render : RigRender
        Boxes of the held object, hand, face, mouth and eyes in pixels.

    Raises
    ------
    InvalidInput
        A size below 8 pixels, a bad held cut-out or a non-positive ``held_scale``.
    """
    return RigRenderer(spec, width=width, height=height).frame(pose, held=held, held_scale=held_scale)


def render_layers(spec: PresenterSpec, *, width: int, height: int, pose: Pose = Pose(),
                  held_aspect: float | None = None, held_scale: float = 1.0, backdrop: bool = True) -> RigLayers:
    """The back (everything behind the held object) and front (fingers) RGBA layers of one frame."""
    renderer = RigRenderer(spec, width=width, height=height, backdrop=backdrop)
    return renderer.layers(pose, held_aspect=held_aspect, held_scale=held_scale)
