"""The held object: a product cut-out prepared once, fitted to the hand, lit and shadowed.

The object is fitted inside the rig's slot keeping its aspect ratio, with its near edge at
the grip point and the grip 62 % of the way down (where a hand holds a bottle or a box),
then scaled about the grip. It is drawn between the hand's back and its fingers. Only its
own pixels are touched by the lighting: a gentle key-light gradient (lighter upper left,
darker lower right) and the fingers' soft contact shadow, both clipped to its alpha.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import skia

from shopreel.errors import InvalidInput
from shopreel.media.avatar.paint import color, linear
from shopreel.media.types import Alpha, Frame

__all__ = ["HeldImage", "held_image", "fit_in_slot", "draw_held", "GRIP_Y"]

GRIP_Y = 0.62  # the grip's height down the object, as a fraction of its height


@dataclass(frozen=True)
class HeldImage:
    """A product cut-out converted for drawing; make it once with :func:`held_image`, reuse per frame."""

    image: skia.Image
    width: int
    height: int


def held_image(rgb: Frame, alpha: Alpha) -> HeldImage:
    """Prepare an RGBA cut-out for :meth:`RigRenderer.frame`.

    Parameters
    ----------
    rgb : ndarray, uint8 (h, w, 3)
        The object's colours, not premultiplied.
    alpha : ndarray, float32 (h, w)
        Its coverage in [0, 1].

    Raises
    ------
    InvalidInput
        Wrong shape or dtype, mismatched sizes, alpha outside [0, 1] or fully transparent.
    """
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise InvalidInput(f"held rgb must be uint8 (h, w, 3), got {getattr(rgb, 'dtype', type(rgb))} "
                         f"{getattr(rgb, 'shape', '')}")
    if not isinstance(alpha, np.ndarray) or alpha.shape != rgb.shape[:2]:
        raise InvalidInput(f"held alpha must be (h, w) = {rgb.shape[:2]}, got {getattr(alpha, 'shape', type(alpha))}")
    if not np.issubdtype(alpha.dtype, np.floating):
        raise InvalidInput(f"held alpha must be float in [0, 1], got {alpha.dtype}")
    lo, hi = float(alpha.min()), float(alpha.max())
    if lo < 0.0 or hi > 1.0:
        raise InvalidInput(f"held alpha must be in [0, 1], got [{lo}, {hi}]")
    if hi == 0.0:
        raise InvalidInput("held alpha is fully transparent: there is no object to hold")
    a8 = np.clip(np.rint(alpha * 255.0), 0, 255).astype(np.uint8)
    rgba = np.concatenate([rgb, a8[..., None]], axis=2)
    image = skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    return HeldImage(image=image.withDefaultMipmaps(), width=rgb.shape[1], height=rgb.shape[0])


def fit_in_slot(aspect: float, slot_w: float, slot_h: float, scale: float) -> tuple[float, float, float, float]:
    """The object's rectangle ``(x, y, w, h)`` relative to the grip point, in design units."""
    if aspect > slot_w / slot_h:
        w, h = slot_w, slot_w / aspect
    else:
        w, h = slot_h * aspect, slot_h
    w, h = w * scale, h * scale
    return 0.0, -GRIP_Y * h, w, h


def draw_held(canvas: skia.Canvas, held: HeldImage, quad: np.ndarray, *, shadow: skia.Path | None,
              shadow_blur_px: float, light_strength: float = 0.09) -> None:
    """Draw ``held`` onto ``quad`` (pixel corners TL, TR, BR, BL), lit and shadowed by ``shadow``."""
    src = [skia.Point(0, 0), skia.Point(held.width, 0), skia.Point(held.width, held.height),
           skia.Point(0, held.height)]
    dst = [skia.Point(float(x), float(y)) for x, y in quad]
    matrix = skia.Matrix()
    if not matrix.setPolyToPoly(src, dst):
        raise InvalidInput(f"held quad is degenerate: {quad.tolist()}")
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    bounds = skia.Rect.MakeLTRB(float(x0) - 2, float(y0) - 2, float(x1) + 2, float(y1) + 2)
    canvas.save()
    canvas.saveLayer(bounds)
    canvas.save()
    canvas.concat(matrix)
    canvas.drawImage(held.image, 0, 0, skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kLinear))
    canvas.restore()
    (tlx, tly), (brx, bry) = quad[0], quad[2]
    light = skia.Paint(AntiAlias=True, BlendMode=skia.BlendMode.kSrcATop)
    light.setShader(linear((float(tlx), float(tly)), (float(brx), float(bry)),
                           [(255, 255, 255), (128, 128, 128), (0, 0, 0)],
                           alphas=[light_strength, 0.0, light_strength * 1.3], stops=[0.0, 0.45, 1.0]))
    canvas.drawRect(bounds, light)
    if shadow is not None:
        paint = skia.Paint(AntiAlias=True, Color=color((20, 10, 10), 0.34), BlendMode=skia.BlendMode.kSrcATop)
        paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, max(shadow_blur_px, 0.5)))
        canvas.drawPath(shadow, paint)
    canvas.restore()
    canvas.restore()
