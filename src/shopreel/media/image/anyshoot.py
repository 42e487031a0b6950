"""AnyShoot: a cut-out product shot into a scene, in several distinct variants.

Each variant stands the product somewhere else in the placement area, at another size and
under slightly different light, so ``generatingCount`` images are visibly different shots
of the same product in the same scene.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from typing import Any

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_alpha, check_frame
from shopreel.media.image.compose import (
    apply_shadow,
    contact_shadow,
    draw_layer,
    fit_in_box,
    layer_alpha,
    match_colour,
    reflection,
    warp_to_quad,
)
from shopreel.media.image.matting import trim_to_alpha
from shopreel.media.types import Alpha, Box, Frame, Layer

__all__ = ["Variant", "Shot", "shot_variant", "shoot", "compose_shot"]

_F32 = np.float32
_INSIDE_SHARE = 0.97  # share of the product's alpha that must land inside the placement mask


@dataclass(frozen=True)
class Variant:
    """How one shot differs: size (share of the placement's fit), horizontal position (0 left
    to 1 right of the free room), lift above the placement's base (share of its height),
    exposure gain, and the shadow's sideways swing (degrees added to the light azimuth)."""

    scale: float
    position: float
    lift: float
    exposure: float
    light_swing_deg: float


@dataclass(frozen=True, eq=False)
class Shot:
    """A finished shot, ``uint8 (H, W, 3)``, and where the product is in it: its alpha over
    the scene, ``float32 (H, W)`` (what an image editor must keep)."""

    image: Frame
    product: Alpha


_VARIANTS = (
    Variant(scale=0.9, position=0.5, lift=0.0, exposure=1.0, light_swing_deg=0.0),
    Variant(scale=0.74, position=0.2, lift=0.03, exposure=1.04, light_swing_deg=-15.0),
    Variant(scale=0.82, position=0.82, lift=0.015, exposure=0.96, light_swing_deg=15.0),
    Variant(scale=0.95, position=0.38, lift=0.0, exposure=1.02, light_swing_deg=-8.0),
)


def shot_variant(index: int) -> Variant:
    """The look of shot ``index``: four hand-picked ones, then seeded draws from the same ranges."""
    if index < 0:
        raise InvalidInput(f"variant must be >= 0, got {index}")
    if index < len(_VARIANTS):
        return _VARIANTS[index]
    rng = np.random.default_rng(index)
    return Variant(
        scale=float(rng.uniform(0.7, 0.95)),
        position=float(rng.uniform(0.1, 0.9)),
        lift=float(rng.uniform(0, 0.03)),
        exposure=float(rng.uniform(0.95, 1.05)),
        light_swing_deg=float(rng.uniform(-20, 20)),
    )


def shoot(*args: Any, **kwargs: Any) -> Frame:
    """:func:`compose_shot`'s picture alone (same arguments)."""
    return compose_shot(*args, **kwargs).image


def compose_shot(
    product_rgb: Frame,
    product_alpha: Alpha,
    scene: Frame,
    placement: np.ndarray,
    *,
    variant: int = 0,
    glossiness: float = 0.0,
    light_azimuth_deg: float = -35.0,
    light_kelvin: float = 5600.0,
    shadow_opacity: float = 0.45,
    relight: float = 0.6,
) -> Shot:
    """Shoot the product into ``scene``: placed, relit, shadowed and, on gloss, reflected.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
        The product photo (any background: only ``product_alpha`` counts).
    product_alpha : float32 (h, w)
        Its matte, e.g. from :func:`~shopreel.media.image.matting.cutout`.
    scene : uint8 (H, W, 3)
        The backdrop.
    placement : float32 (H, W) or float32 (4, 2)
        Where the product goes: a mask over the scene (the product fits inside it, standing
        on its lowest edge), or four corners TL, TR, BR, BL in scene pixels (TopView's
        ``location``), onto which it is warped in perspective.
    variant : int
        Which shot: 0 to 3 are four distinct placements and lights; more are drawn at random
        from the same ranges, seeded by the index.
    glossiness : float
        0 (matte) to 1 (mirror): strength of the reflection under the product.
    light_azimuth_deg : float
        Where the key light comes from, seen from the camera: 0 front, -90 left, 90 right,
        180 behind. Sets the shadow's direction and which side of the product is brighter.
    light_kelvin : float
        The scene light's colour temperature; the product is nudged toward it.
    shadow_opacity : float
        Darkness of the contact shadow, 0 to 1.
    relight : float
        0 to 1: how far the product's light moves toward the scene's.

    Returns
    -------
    Shot
        The picture, ``uint8 (H, W, 3)``, and the product's alpha over it.

    Raises
    ------
    InvalidInput
        Bad shapes, an empty matte or placement, or out-of-range knobs.

    Notes
    -----
    With a mask, the product is fitted into the mask's bounding box, scaled by the variant
    (70-95%), shifted sideways within the room left over, and stood on the mask's lowest
    pixel under its centre; if less than 97% of it then lies inside an irregular mask, it
    shrinks by 10% until it does. Lighting is deliberately gentle: a CIELAB shift toward the
    scene around the placement, a white-balance nudge toward ``light_kelvin`` and a 6%
    left-right brightness ramp from the light's side keep the product recognisably itself.
    """
    check_frame(product_rgb, "product_rgb")
    check_alpha(product_alpha, "product_alpha", shape=product_rgb.shape[:2], against="product_rgb")
    check_frame(scene, "scene")
    for name, value in (("glossiness", glossiness), ("shadow_opacity", shadow_opacity), ("relight", relight)):
        if not 0 <= value <= 1:
            raise InvalidInput(f"{name} must be in [0, 1], got {value}")
    if not 1000 <= light_kelvin <= 40000:
        raise InvalidInput(f"light_kelvin must be in [1000, 40000], got {light_kelvin}")
    look = shot_variant(variant)
    rgb, alpha, _ = trim_to_alpha(product_rgb, product_alpha)
    placement = np.asarray(placement)
    if placement.shape == (4, 2):
        warped_rgb, warped_alpha = warp_to_quad(rgb, alpha, placement.astype(_F32), scene.shape)
        layer = _trimmed(warped_rgb, warped_alpha)
    else:
        check_alpha(placement, "placement", shape=scene.shape[:2], against="scene")
        layer = _place_in_mask(rgb, alpha, placement, look)

    height = layer.alpha.shape[0]
    azimuth = light_azimuth_deg + look.light_swing_deg
    region = _surroundings(scene, layer)
    lit = match_colour(layer.rgb, layer.alpha, region, strength=relight)
    lit = _light(lit, layer.alpha, azimuth_deg=azimuth, kelvin=light_kelvin, exposure=look.exposure, amount=relight)
    layer = Layer(rgb=lit, alpha=layer.alpha, x=layer.x, y=layer.y)

    on_scene = layer_alpha(layer, scene.shape)
    lean = -math.sin(math.radians(azimuth)) * 0.45 * height
    squash = 0.3 * math.cos(math.radians(azimuth))
    shadow = contact_shadow(
        on_scene,
        opacity=shadow_opacity * (1 - 0.4 * glossiness),
        blur_px=max(1.0, 0.035 * height),
        offset_px=lean,
        squash=squash,
    )
    out = apply_shadow(scene, shadow)
    if glossiness > 0:
        mirror = reflection(layer, opacity=0.5 * glossiness, fade_px=0.3 * height, blur_px=0.5 + 3 * (1 - glossiness))
        out = draw_layer(out, mirror)
    return Shot(image=draw_layer(out, layer), product=on_scene)


def _place_in_mask(rgb: Frame, alpha: Alpha, placement: Alpha, look: Variant) -> Layer:
    inside = placement > 0.5
    rows, cols = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
    if rows.size == 0:
        raise InvalidInput("placement mask is empty: no pixel above 0.5")
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    fit = min((bottom - top) / alpha.shape[0], (right - left) / alpha.shape[1])
    scale = look.scale * fit
    layer = None
    for _ in range(8):
        width = max(1, round(alpha.shape[1] * scale))
        height = max(1, round(alpha.shape[0] * scale))
        x = left + round((right - left - width) * look.position)
        centre = min(right - 1, x + width // 2)
        column = np.flatnonzero(inside[:, centre])
        base = int(column[-1]) + 1 if column.size else bottom
        y = base - height - round(look.lift * (bottom - top))
        y = max(top, y)
        layer = fit_in_box(rgb, alpha, Box(x=x, y=y, w=width, h=height), feather_px=min(2.0, 0.004 * height + 0.5))
        if _share_inside(layer, placement) >= _INSIDE_SHARE:
            return layer
        scale *= 0.9
    assert layer is not None
    return layer


def _share_inside(layer: Layer, placement: Alpha) -> float:
    on_mask = layer_alpha(layer, placement.shape)
    total = float(layer.alpha.sum())
    return float((on_mask * (placement > 0.5)).sum()) / total if total > 0 else 1.0


def _trimmed(rgb: Frame, alpha: Alpha) -> Layer:
    rows, cols = np.flatnonzero((alpha > 0).any(axis=1)), np.flatnonzero((alpha > 0).any(axis=0))
    if rows.size == 0:
        raise InvalidInput("placement quad leaves no visible product (is it outside the scene?)")
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    return Layer(rgb=rgb[top:bottom, left:right].copy(), alpha=alpha[top:bottom, left:right].copy(), x=int(left), y=int(top))


def _surroundings(scene: Frame, layer: Layer) -> Frame:
    height, width = layer.alpha.shape
    top = min(scene.shape[0] - 1, max(0, layer.y - height // 2))
    left = min(scene.shape[1] - 1, max(0, layer.x - width // 2))
    bottom = max(top + 1, min(scene.shape[0], layer.y + height + height // 2))
    right = max(left + 1, min(scene.shape[1], layer.x + width + width // 2))
    return scene[top:bottom, left:right]


def _light(rgb: Frame, alpha: Alpha, *, azimuth_deg: float, kelvin: float, exposure: float, amount: float) -> Frame:
    """White balance toward ``kelvin``, exposure, and a brighter side toward the key light."""
    balance = 1 + amount * 0.12 * (_kelvin_rgb(kelvin) / _kelvin_rgb(6500.0) - 1)
    across = np.linspace(-1, 1, rgb.shape[1], dtype=_F32)[None, :, None]
    ramp = 1 + amount * 0.06 * math.sin(math.radians(azimuth_deg)) * across
    lit = rgb.astype(_F32) * balance[None, None, :] * exposure * ramp
    return np.where((alpha > 0)[:, :, None], np.clip(np.rint(lit), 0, 255), rgb).astype(np.uint8)


def _kelvin_rgb(kelvin: float) -> np.ndarray:
    """Approximate RGB of a black body at ``kelvin`` (Tanner Helland's fit), in [0, 1]."""
    t = kelvin / 100
    red = 255.0 if t <= 66 else 329.699 * (t - 60) ** -0.1332
    green = 99.47 * math.log(t) - 161.12 if t <= 66 else 288.12 * (t - 60) ** -0.0755
    blue = 255.0 if t >= 66 else (0.0 if t <= 19 else 138.52 * math.log(t - 10) - 305.04)
    return np.clip(np.array([red, green, blue], _F32), 1, 255) / 255
