"""Compositing a cut-out product into a scene: fitting, perspective, shadow, reflection, relight.

Every function is pure: arrays in, new arrays out, inputs untouched. Resampling works on
premultiplied colour (colour times alpha) so a product's edge never drags in the black or
white of its old background; blending is the "over" operator on that same footing.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_alpha, check_frame, check_quad
from shopreel.media.types import Alpha, Box, Frame, Layer

__all__ = [
    "fit_in_box",
    "layer_alpha",
    "draw_layer",
    "apply_shadow",
    "place_product",
    "warp_to_quad",
    "contact_shadow",
    "reflection",
    "match_colour",
    "inpaint_region",
]

_F32 = np.float32
_SOLID = 0.05  # alpha above which a pixel counts as part of the object for its extent


def fit_in_box(product_rgb: Frame, product_alpha: Alpha, box: Box, *, feather_px: float = 0.0) -> Layer:
    """Scale the product to fit inside ``box``, keeping its aspect, standing bottom-centred.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
    product_alpha : float32 (h, w)
    box : Box
        Where the product may go, in scene pixels; it may extend past the scene.
    feather_px : float
        Softens the matte's edge over about this many pixels, inward, so no halo appears.

    Returns
    -------
    Layer
        The resized product and its alpha at its place in scene coordinates.

    Notes
    -----
    Downscaling uses ``INTER_AREA`` (box averaging, no aliasing), upscaling Lanczos; both run
    on premultiplied colour and the result is divided back by alpha.
    """
    _check_product(product_rgb, product_alpha)
    if feather_px < 0:
        raise InvalidInput(f"feather_px must be >= 0, got {feather_px}")
    height, width = product_alpha.shape
    scale = min(box.w / width, box.h / height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    rgb, alpha = _resize_premultiplied(product_rgb, product_alpha, size)
    if feather_px > 0:
        alpha = _feather(alpha, feather_px)
    x = box.x + (box.w - size[0]) // 2
    y = box.y + box.h - size[1]
    return Layer(rgb=rgb, alpha=alpha, x=x, y=y)


def draw_layer(scene: Frame, layer: Layer) -> Frame:
    """``layer`` over ``scene`` (alpha blending), clipped at the scene's edges; a new frame."""
    check_frame(scene, "scene")
    check_frame(layer.rgb, "layer.rgb")
    check_alpha(layer.alpha, "layer.alpha", shape=layer.rgb.shape[:2], against="layer.rgb")
    out = scene.copy()
    clip = _clip(layer, scene.shape)
    if clip is None:
        return out
    (top, bottom, left, right), (ly, lx) = clip
    alpha = np.clip(layer.alpha[ly : ly + bottom - top, lx : lx + right - left], 0, 1)[:, :, None]
    front = layer.rgb[ly : ly + bottom - top, lx : lx + right - left].astype(_F32)
    back = out[top:bottom, left:right].astype(_F32)
    out[top:bottom, left:right] = np.rint(front * alpha + back * (1 - alpha)).astype(np.uint8)
    return out


def apply_shadow(scene: Frame, shadow: Alpha) -> Frame:
    """Darken ``scene`` by ``shadow`` (0: untouched, 1: black), a multiply like light blocked."""
    check_frame(scene, "scene")
    check_alpha(shadow, "shadow", shape=scene.shape[:2], against="scene")
    rows = np.flatnonzero(shadow.max(axis=1) > 1e-4)
    out = scene.copy()
    if rows.size == 0:
        return out
    top, bottom = rows[0], rows[-1] + 1
    keep = 1 - np.clip(shadow[top:bottom], 0, 1)[:, :, None]
    out[top:bottom] = np.rint(scene[top:bottom].astype(_F32) * keep).astype(np.uint8)
    return out


def place_product(
    scene: Frame,
    product_rgb: Frame,
    product_alpha: Alpha,
    box: Box,
    *,
    feather_px: float = 3.0,
    shadow: bool = True,
    shadow_opacity: float = 0.35,
    relight: float = 0.0,
) -> Frame:
    """Put the product into ``box`` of ``scene``: fitted, relit, shadowed and blended.

    Parameters
    ----------
    scene : uint8 (H, W, 3)
    product_rgb : uint8 (h, w, 3)
    product_alpha : float32 (h, w)
        The product's matte, e.g. from :func:`~shopreel.media.image.matting.cutout`.
    box : Box
        The product fits inside, aspect kept, standing on the box's bottom edge, centred.
    feather_px : float
        Edge softening of the matte, in pixels.
    shadow : bool
        Draw a contact shadow under the product.
    shadow_opacity : float
        Darkness of that shadow's core, 0 to 1.
    relight : float
        0 to 1: how far the product's lightness and colour cast move toward the scene's
        around the box (:func:`match_colour`).

    Returns
    -------
    uint8 (H, W, 3)
        A new frame; ``scene`` is not modified.
    """
    check_frame(scene, "scene")
    _check_fraction(shadow_opacity, "shadow_opacity")
    _check_fraction(relight, "relight")
    layer = fit_in_box(product_rgb, product_alpha, box, feather_px=feather_px)
    if relight > 0:
        region = _region_around(scene, box)
        layer = Layer(match_colour(layer.rgb, layer.alpha, region, strength=relight), layer.alpha, layer.x, layer.y)
    if shadow and shadow_opacity > 0:
        on_scene = layer_alpha(layer, scene.shape)
        blur = max(1.0, 0.04 * layer.alpha.shape[0])
        scene = apply_shadow(scene, contact_shadow(on_scene, opacity=shadow_opacity, blur_px=blur))
    return draw_layer(scene, layer)


def warp_to_quad(
    product_rgb: Frame,
    product_alpha: Alpha,
    quad: np.ndarray,
    scene_shape: tuple[int, ...],
    *,
    keep_aspect: bool = True,
) -> tuple[Frame, Alpha]:
    """Warp the product in perspective onto a four-cornered area of the scene.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
    product_alpha : float32 (h, w)
    quad : float32 (4, 2)
        Corners ``(x, y)`` in scene pixels: top-left, top-right, bottom-right, bottom-left
        (TopView's ``location``).
    scene_shape : tuple
        ``(H, W)`` or ``(H, W, 3)`` of the scene.
    keep_aspect : bool
        Fit the product inside the quad with its own aspect (bottom-centred, in the quad's
        own perspective) instead of stretching it to all four corners.

    Returns
    -------
    (uint8 (H, W, 3), float32 (H, W))
        The product's colour and alpha in scene coordinates; alpha is 0 outside the quad.

    Notes
    -----
    A homography maps the product's rectangle onto the quad (``cv2.getPerspectiveTransform``).
    A product much larger than its place is first reduced with ``INTER_AREA`` so the warp's
    bilinear sampling does not alias. The alpha is finally clipped by the quad's anti-aliased
    polygon, so not a pixel lands outside it.
    """
    _check_product(product_rgb, product_alpha)
    corners = check_quad(quad, "quad")
    if len(scene_shape) < 2 or scene_shape[0] < 1 or scene_shape[1] < 1:
        raise InvalidInput(f"scene_shape must be (H, W[, 3]) with positive sizes, got {scene_shape}")
    height, width = int(scene_shape[0]), int(scene_shape[1])
    quad_w = (np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])) / 2
    quad_h = (np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])) / 2
    target = corners
    if keep_aspect and quad_w > 0 and quad_h > 0:
        aspect = product_alpha.shape[1] / product_alpha.shape[0]
        u_span = min(1.0, aspect * quad_h / quad_w)
        v_span = min(1.0, quad_w / (aspect * quad_h))
        unit = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
        square = unit.copy()
        square[:, 0] = 0.5 + (unit[:, 0] - 0.5) * u_span
        square[:, 1] = 1 - (1 - unit[:, 1]) * v_span
        homography = cv2.getPerspectiveTransform(unit, corners)
        target = cv2.perspectiveTransform(square[None], homography)[0].astype(np.float32)
    reduce = min(1.0, 1.5 * max(quad_w / product_alpha.shape[1], quad_h / product_alpha.shape[0]))
    rgb, alpha = product_rgb, product_alpha
    if reduce < 1.0:
        size = (max(1, round(rgb.shape[1] * reduce)), max(1, round(rgb.shape[0] * reduce)))
        rgb, alpha = _resize_premultiplied(rgb, alpha, size)
    source_h, source_w = alpha.shape
    source = np.array([[0, 0], [source_w, 0], [source_w, source_h], [0, source_h]], np.float32) - 0.5
    matrix = cv2.getPerspectiveTransform(source, target - 0.5)
    premultiplied = rgb.astype(_F32) * alpha[:, :, None]
    flags = cv2.INTER_LINEAR
    warped = cv2.warpPerspective(premultiplied, matrix, (width, height), flags=flags, borderValue=(0, 0, 0))
    warped_alpha = cv2.warpPerspective(alpha.astype(_F32), matrix, (width, height), flags=flags, borderValue=0)
    inside = np.zeros((height, width), np.uint8)
    cv2.fillPoly(inside, [np.rint(corners * 16).astype(np.int32)], 255, lineType=cv2.LINE_AA, shift=4)
    warped_alpha = np.clip(warped_alpha, 0, 1) * (inside.astype(_F32) / 255)
    return _unpremultiply(warped, warped_alpha), warped_alpha.astype(_F32)


def contact_shadow(
    alpha_on_scene: Alpha,
    *,
    opacity: float = 0.35,
    blur_px: float = 6.0,
    offset_px: float = 0.0,
    squash: float = 0.2,
) -> Alpha:
    """The shadow an object standing on a surface throws: a dark contact patch and a faint cast.

    Parameters
    ----------
    alpha_on_scene : float32 (H, W)
        The object's alpha at its place in the scene.
    opacity : float
        Darkness of the contact patch, 0 to 1; the cast shadow gets about half.
    blur_px : float
        Softness of the cast shadow (Gaussian sigma, px); the contact patch uses 40% of it.
    offset_px : float
        Sideways lean of the cast shadow's far end, px (positive: to the right).
    squash : float
        Length of the cast shadow as a share of the object's height: positive falls behind
        the object (up the image, light from the front), negative toward the camera
        (down the image, back light), 0 for none.

    Returns
    -------
    float32 (H, W)
        Shadow strength to pass to :func:`apply_shadow`.

    Notes
    -----
    The contact patch is an ellipse as wide as the object's base, hugging its bottom edge:
    it grounds the object. The cast shadow is the silhouette scaled by ``squash`` about the
    base line and sheared by ``offset_px``, fading with distance from the base, the classic
    planar-projection shadow of a single key light.
    """
    check_alpha(alpha_on_scene, "alpha_on_scene")
    _check_fraction(opacity, "opacity")
    if blur_px < 0:
        raise InvalidInput(f"blur_px must be >= 0, got {blur_px}")
    height, width = alpha_on_scene.shape
    shadow = np.zeros((height, width), _F32)
    solid = alpha_on_scene > _SOLID
    rows, cols = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    if rows.size == 0 or opacity == 0:
        return shadow
    top, base = int(rows[0]), int(rows[-1])
    object_h = base - top + 1
    margin = int(abs(offset_px) + abs(squash) * object_h + 3 * blur_px + 0.3 * (cols[-1] - cols[0]) + 4)
    y0, y1 = max(0, top - margin), min(height, base + margin + 1)
    x0, x1 = max(0, int(cols[0]) - margin), min(width, int(cols[-1]) + margin + 1)
    alpha = np.clip(alpha_on_scene[y0:y1, x0:x1], 0, 1).astype(_F32)
    local_base = base - y0

    band = solid[max(top, base - max(2, round(0.06 * object_h))) : base + 1, x0:x1]
    feet = np.flatnonzero(band.any(axis=0))
    left, right = feet[0], feet[-1]
    patch = np.zeros_like(alpha)
    centre = ((left + right) / 2, local_base - 0.2 * max(1.0, 0.06 * (right - left + 1)))
    axes = (0.55 * (right - left + 1), max(1.0, 0.06 * (right - left + 1)))
    _ellipse(patch, centre, axes)
    patch = _blur(patch, 0.4 * blur_px + 0.5)

    cast = np.zeros_like(alpha)
    if squash != 0:
        lean = offset_px / object_h
        matrix = np.array([[1, -lean, lean * local_base], [0, squash, local_base * (1 - squash)]], np.float32)
        cast = cv2.warpAffine(alpha, matrix, (alpha.shape[1], alpha.shape[0]), flags=cv2.INTER_LINEAR)
        reach = max(1.0, abs(squash) * object_h)
        distance = np.abs(np.arange(alpha.shape[0], dtype=_F32) - local_base) / reach
        cast = _blur(cast * np.clip(1 - 0.7 * distance, 0.2, 1)[:, None], blur_px)
    local = 1 - (1 - opacity * np.clip(patch, 0, 1)) * (1 - 0.5 * opacity * np.clip(cast, 0, 1))
    shadow[y0:y1, x0:x1] = local
    return shadow


def reflection(
    layer: Layer,
    *,
    opacity: float = 0.3,
    fade_px: float | None = None,
    blur_px: float = 1.5,
    gap_px: int = 0,
) -> Layer:
    """A glossy surface's mirror image of ``layer``: flipped below its base, faded and blurred.

    Parameters
    ----------
    layer : Layer
        The placed object; its lowest solid row is the base it stands on.
    opacity : float
        Strength of the reflection right at the base, 0 to 1.
    fade_px : float, optional
        Distance below the base over which it fades to nothing; a third of the object's
        height by default.
    blur_px : float
        Gaussian sigma in px: glossy but not a mirror.
    gap_px : int
        Rows between the base and the reflection's start.

    Returns
    -------
    Layer
        To draw under the object (before it), over the surface.
    """
    check_frame(layer.rgb, "layer.rgb")
    check_alpha(layer.alpha, "layer.alpha", shape=layer.rgb.shape[:2], against="layer.rgb")
    _check_fraction(opacity, "opacity")
    rows = np.flatnonzero((layer.alpha > _SOLID).any(axis=1))
    if rows.size == 0:
        return Layer(rgb=np.zeros((1, 1, 3), np.uint8), alpha=np.zeros((1, 1), _F32), x=layer.x, y=layer.y)
    top, base = int(rows[0]), int(rows[-1])
    fade = float(fade_px) if fade_px is not None else max(1.0, (base - top + 1) / 3)
    depth = min(base - top + 1, math.ceil(fade))
    rgb = layer.rgb[base - depth + 1 : base + 1][::-1]
    alpha = layer.alpha[base - depth + 1 : base + 1][::-1].astype(_F32)
    ramp = opacity * np.clip(1 - np.arange(depth, dtype=_F32) / fade, 0, 1)
    alpha = alpha * ramp[:, None]
    if blur_px > 0:
        pad = int(math.ceil(2 * blur_px))
        premultiplied = np.pad(rgb.astype(_F32) * alpha[:, :, None], ((0, pad), (pad, pad), (0, 0)))
        alpha = _blur(np.pad(alpha, ((0, pad), (pad, pad))), blur_px)
        rgb = _unpremultiply(_blur(premultiplied, blur_px), alpha)
        return Layer(rgb=rgb, alpha=alpha, x=layer.x - pad, y=layer.y + base + 1 + gap_px)
    return Layer(rgb=np.ascontiguousarray(rgb), alpha=alpha, x=layer.x, y=layer.y + base + 1 + gap_px)


def match_colour(product_rgb: Frame, product_alpha: Alpha, scene_region: Frame, *, strength: float = 0.5) -> Frame:
    """Relight the product toward the scene around it, gently.

    Parameters
    ----------
    product_rgb : uint8 (h, w, 3)
    product_alpha : float32 (h, w)
        Only pixels under the matte count and change.
    scene_region : uint8 (H', W', 3)
        The scene around where the product goes: its light.
    strength : float
        0 leaves the product as is; 1 is the full (still gentle) shift.

    Returns
    -------
    uint8 (h, w, 3)

    Notes
    -----
    In CIELAB the product's mean lightness moves a third of the way to the region's, at
    most 12 L units, and the region's colour cast (its mean a, b: warm, cool, green) is
    added at a quarter, at most 5 units each. Shifting every pixel alike keeps the product's
    contrast and, for coloured products, its hue: a red bottle stays that red bottle under
    warm light, only warmer.
    """
    _check_product(product_rgb, product_alpha)
    check_frame(scene_region, "scene_region")
    _check_fraction(strength, "strength")
    if strength == 0 or not (product_alpha > 0).any():
        return product_rgb.copy()
    lab = cv2.cvtColor(product_rgb.astype(_F32) / 255, cv2.COLOR_RGB2LAB)
    weights = np.clip(product_alpha, 0, 1)
    product_mean = (lab * weights[:, :, None]).sum(axis=(0, 1)) / max(float(weights.sum()), 1e-6)
    scene_mean = cv2.cvtColor(scene_region.astype(_F32) / 255, cv2.COLOR_RGB2LAB).reshape(-1, 3).mean(axis=0)
    shift = np.array(
        [
            np.clip(scene_mean[0] - product_mean[0], -36, 36) / 3,
            np.clip(scene_mean[1] / 4, -5, 5),
            np.clip(scene_mean[2] / 4, -5, 5),
        ],
        _F32,
    )
    relit = lab + strength * shift
    relit[:, :, 0] = np.clip(relit[:, :, 0], 0, 100)
    rgb = np.clip(cv2.cvtColor(relit, cv2.COLOR_LAB2RGB) * 255, 0, 255)
    return np.where((product_alpha > 0)[:, :, None], np.rint(rgb), product_rgb).astype(np.uint8)


def inpaint_region(image: Frame, mask: np.ndarray, *, radius_px: int = 5, seed: int = 0) -> Frame:
    """Fill the masked pixels from their surroundings, with grain in the middle of big holes.

    Parameters
    ----------
    image : uint8 (H, W, 3)
    mask : (H, W) bool, or float in [0, 1] (above 0.5 is filled)
    radius_px : int
        Neighbourhood each filled pixel draws from (Telea).
    seed : int
        Seed of the grain, so the same call gives the same image.

    Returns
    -------
    uint8 (H, W, 3)

    Notes
    -----
    ``cv2.inpaint`` with Telea's fast marching method fills smoothly, which reads as a
    smudge in the middle of a large hole on a textured background. Gaussian grain with the
    surrounding ring's high-frequency spread is added, ramped in with the distance from the
    hole's edge (none within ``3 * radius_px``), so small holes stay clean.
    """
    check_frame(image, "image")
    if not isinstance(mask, np.ndarray) or mask.shape != image.shape[:2]:
        got = mask.shape if isinstance(mask, np.ndarray) else type(mask).__name__
        raise InvalidInput(f"mask must be (H, W) = {image.shape[:2]} like image, got {got}")
    if radius_px < 1:
        raise InvalidInput(f"radius_px must be >= 1, got {radius_px}")
    hole = (mask > 0.5).astype(np.uint8)
    if not hole.any():
        return image.copy()
    filled = cv2.inpaint(np.ascontiguousarray(image), hole, radius_px, cv2.INPAINT_TELEA)
    depth = cv2.distanceTransform(hole, cv2.DIST_L2, 3)
    ramp = np.clip(depth / (3 * radius_px) - 1, 0, 1)
    if not (ramp > 0).any():
        return filled
    ring = cv2.dilate(hole, np.ones((9, 9), np.uint8)).astype(bool) & ~hole.astype(bool)
    detail = image.astype(_F32) - cv2.GaussianBlur(image, (0, 0), 2).astype(_F32)
    spread = detail[ring].std(axis=0) if ring.any() else np.zeros(3, _F32)
    grain = np.random.default_rng(seed).normal(0, 1, image.shape).astype(_F32) * spread
    grain = cv2.GaussianBlur(grain, (0, 0), 0.7)
    return np.clip(filled + grain * ramp[:, :, None], 0, 255).astype(np.uint8)


def _check_product(product_rgb: Frame, product_alpha: Alpha) -> None:
    check_frame(product_rgb, "product_rgb")
    check_alpha(product_alpha, "product_alpha", shape=product_rgb.shape[:2], against="product_rgb")


def _check_fraction(value: float, name: str) -> None:
    if not 0 <= value <= 1:
        raise InvalidInput(f"{name} must be in [0, 1], got {value}")


def _resize_premultiplied(rgb: Frame, alpha: Alpha, size: tuple[int, int]) -> tuple[Frame, Alpha]:
    """Resize to ``size`` (w, h) on premultiplied colour: area when shrinking, Lanczos when growing."""
    if size == (alpha.shape[1], alpha.shape[0]):
        return rgb.copy(), np.clip(alpha, 0, 1).astype(_F32)
    shrinking = size[0] < alpha.shape[1] or size[1] < alpha.shape[0]
    method = cv2.INTER_AREA if shrinking else cv2.INTER_LANCZOS4
    alpha = np.clip(alpha, 0, 1).astype(_F32)
    premultiplied = cv2.resize(rgb.astype(_F32) * alpha[:, :, None], size, interpolation=method)
    resized = np.clip(cv2.resize(alpha, size, interpolation=method), 0, 1)
    if resized.ndim == 1:  # cv2 drops a dimension of size 1
        resized = resized.reshape(size[1], size[0])
    return _unpremultiply(premultiplied.reshape(size[1], size[0], 3), resized), resized.astype(_F32)


def _unpremultiply(premultiplied: np.ndarray, alpha: np.ndarray) -> Frame:
    safe = np.maximum(alpha, 1e-4)[:, :, None]
    rgb = np.where(alpha[:, :, None] > 1e-4, premultiplied / safe, 0)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def _feather(alpha: Alpha, feather_px: float) -> Alpha:
    erode = min(round(feather_px / 2), (min(alpha.shape) - 1) // 4)  # never erase a thin product
    if erode:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * erode + 1, 2 * erode + 1))
        alpha = cv2.erode(alpha, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return np.clip(_blur(alpha, feather_px / 2), 0, 1).astype(_F32)


def _blur(values: np.ndarray, sigma_px: float) -> np.ndarray:
    if sigma_px <= 0:
        return values
    return cv2.GaussianBlur(values, (0, 0), sigma_px, borderType=cv2.BORDER_CONSTANT)


def _ellipse(canvas: np.ndarray, centre: tuple[float, float], axes: tuple[float, float]) -> None:
    """Fill an anti-aliased ellipse of value 1 into ``canvas`` (a private scratch array)."""
    scale = 16
    cv2.ellipse(
        canvas,
        (round(centre[0] * scale), round(centre[1] * scale)),
        (max(1, round(axes[0] * scale)), max(1, round(axes[1] * scale))),
        0,
        0,
        360,
        1.0,
        -1,
        cv2.LINE_AA,
        4,
    )


def _clip(layer: Layer, shape: tuple[int, ...]) -> tuple[tuple[int, int, int, int], tuple[int, int]] | None:
    """The scene rect ``(top, bottom, left, right)`` the layer covers and its offset in the layer."""
    height, width = layer.alpha.shape
    top, left = max(0, layer.y), max(0, layer.x)
    bottom, right = min(shape[0], layer.y + height), min(shape[1], layer.x + width)
    if bottom <= top or right <= left:
        return None
    return (top, bottom, left, right), (top - layer.y, left - layer.x)


def layer_alpha(layer: Layer, shape: tuple[int, ...]) -> Alpha:
    """The layer's alpha laid onto a zero canvas of ``shape`` (H, W[, 3]), clipped at its edges."""
    canvas = np.zeros(shape[:2], _F32)
    clip = _clip(layer, shape)
    if clip is not None:
        (top, bottom, left, right), (ly, lx) = clip
        canvas[top:bottom, left:right] = layer.alpha[ly : ly + bottom - top, lx : lx + right - left]
    return canvas


def _region_around(scene: Frame, box: Box) -> Frame:
    """The scene around ``box``, half its size again on each side, clipped (never empty)."""
    height, width = scene.shape[:2]
    top = min(height - 1, max(0, box.y - box.h // 2))
    left = min(width - 1, max(0, box.x - box.w // 2))
    bottom = max(top + 1, min(height, box.y + box.h + box.h // 2))
    right = max(left + 1, min(width, box.x + box.w + box.w // 2))
    return scene[top:bottom, left:right]
