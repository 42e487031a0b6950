"""Animate one picture into a stream of frames from a :class:`~shopreel.media.motion.plan.MotionPlan`.

Everything that does not change during the clip is made once: the picture is scaled once to
the "plate" (just large enough for the most zoomed frame, never enlarged), split into a
premultiplied foreground crop and an inpainted background when layers move apart, and the
effects' shapes are drawn. Each frame is then only warps and ``uint8`` blends: one
``cv2.warpAffine`` (``warpPerspective`` for orbit and dolly) of the whole background
through the frame's exact sub-pixel matrix, and warps of the foreground and effects over the
region they cover.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_frame
from shopreel.media.motion.camera import CameraPath, camera_path
from shopreel.media.motion.effects import (
    brighten_in_place,
    darken_in_place,
    glint_spots,
    shadow_ellipse,
    star_sprite,
    sweep_profile,
    sweep_weight,
    sweep_windows,
)
from shopreel.media.motion.layers import SubjectMasks, fill_background, find_subject
from shopreel.media.motion.plan import Effect, MotionPlan
from shopreel.media.types import Alpha, Frame

__all__ = ["animate", "frame_count"]

_U8 = npt.NDArray[np.uint8]
_M = npt.NDArray[np.float64]
_SUBJECT_EFFECTS = frozenset({Effect.PARALLAX, Effect.FLOAT, Effect.LIGHT_SWEEP, Effect.SPARKLE})
_EDGE_SOFTNESS = 0.0012  # foreground edge feather, fraction of the plate's long side
_HOLE_MARGIN = 0.012  # background hole grown past the foreground, fraction of the short side
_SWEEP_ANGLE_DEG = 35.0
_SWEEP_WIDTH = 0.12  # of the product's diagonal on screen
_SWEEP_STRENGTH = 0.6
_GLINT_RADIUS = 0.045  # of the frame's short side
_GLINT_LIFE_S = 0.8
_SHADOW_OPACITY = 0.35
_OVERSAMPLE = 1.25


def frame_count(duration_s: float, fps: float) -> int:
    """Frames in a clip of ``duration_s`` seconds at ``fps``: ``round(duration_s * fps)``, at least 1."""
    return max(1, round(duration_s * fps))


def animate(
    image: Frame,
    plan: MotionPlan,
    *,
    width: int,
    height: int,
    fps: float,
    masks: SubjectMasks | None = None,
    cubic: bool = False,
) -> Iterator[Frame]:
    """Frames of ``image`` moving as ``plan`` says, one at a time.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        The picture, RGB; cover-fitted to the frame (centred, overflow cropped).
    plan : MotionPlan
        Moves, effects and duration.
    width, height : int
        Frame size in pixels.
    fps : float
        Frame rate; the clip has ``round(plan.duration_s * fps)`` frames.
    masks : SubjectMasks or None
        The foreground and product masks at the picture's size. ``None`` finds them with
        :func:`~shopreel.media.motion.layers.find_subject` when the plan has a layer or
        product effect. Zooms aim at the foreground's centre when there is one.
    cubic : bool
        Bicubic instead of bilinear resampling (sharper, about 5 times slower per warp).

    Returns
    -------
    iterator of uint8 (height, width, 3)
        New arrays, one per frame; the layers are prepared before this returns.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, a size or ``fps`` is not positive, or a mask is
        not float ``(H, W)`` of the picture's size (each naming the parameter).
    """
    check_frame(image, "image")
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, (int, np.integer)) or value <= 0:
            raise InvalidInput(f"{name} must be a positive whole number of pixels, got {value!r}")
    if not (isinstance(fps, (int, float)) and math.isfinite(fps) and fps > 0):
        raise InvalidInput(f"fps must be a positive number, got {fps!r}")
    if masks is not None:
        masks.check(image.shape[:2])
    elif plan.effects & _SUBJECT_EFFECTS:
        masks = find_subject(image)
    animator = _Animator(image, plan, size=(int(width), int(height)), fps=float(fps),
                         masks=masks or SubjectMasks(), cubic=cubic)
    return (animator.frame(k) for k in range(animator.count))


class _Animator:
    """The precomputed layers of one clip and the per-frame drawing."""

    def __init__(
        self, image: Frame, plan: MotionPlan, *, size: tuple[int, int], fps: float, masks: SubjectMasks, cubic: bool
    ) -> None:
        self.size, self.fps, self.plan = size, fps, plan
        self.count = frame_count(plan.duration_s, fps)
        self.interpolation = cv2.INTER_CUBIC if cubic else cv2.INTER_LINEAR
        src_h, src_w = image.shape[:2]
        layer = masks.layer
        self.layered = layer is not None and bool(plan.effects & {Effect.PARALLAX, Effect.FLOAT})
        path = camera_path(
            plan, frame_count=self.count, fps=fps, source_size=(src_w, src_h), output_size=size,
            aim_px=_aim(layer, plan.aim, (src_w, src_h)), layered=self.layered,
        )
        self.perspective = path.perspective
        plate, (fx, fy) = _plate(image, path.max_scale)
        to_plate = _shift(-0.5) @ np.diag([fx, fy, 1.0])
        self.bg_m = to_plate @ path.background @ _shift(0.5)
        self.fg_m = to_plate @ path.foreground @ _shift(0.5)
        self.lift = path.float_lift
        plate_shape = plate.shape[:2]

        self.background = plate
        self.fg: tuple[_U8, tuple[int, int]] | None = None
        alpha = None
        if self.layered:
            assert layer is not None
            alpha = _soft_edge(_resize_alpha(layer, plate_shape))
            margin = round(_HOLE_MARGIN * min(plate_shape)) + 2
            self.background = fill_background(plate, alpha, margin_px=margin)
            self.fg = _premultiplied_crop(plate, alpha)
        self.shadow = None
        if self.layered and Effect.FLOAT in plan.effects and alpha is not None:
            self.shadow = shadow_ellipse(alpha)

        self.product: tuple[_U8, tuple[int, int]] | None = None
        self.product_is_layer = False
        product = masks.product if masks.product is not None else masks.foreground
        wants_product = plan.effects & {Effect.LIGHT_SWEEP, Effect.SPARKLE}
        if wants_product and product is not None:
            self.product_is_layer = self.layered and product is layer
            product_alpha = alpha if self.product_is_layer else _resize_alpha(product, plate_shape)
            assert product_alpha is not None
            self.product = _alpha_crop(product_alpha)
        self.product_m = self.fg_m if self.layered else self.bg_m
        self._setup_sweep(path, plan)
        self._setup_glints(plate, plan)

    # -- per frame -------------------------------------------------------------------------

    def frame(self, k: int) -> Frame:
        width, height = self.size
        out = self._warp(self.background, self.bg_m[k], (width, height), cv2.BORDER_REPLICATE)
        if self.shadow is not None:
            self._draw_shadow(out, k)
        layer_alpha = None
        if self.fg is not None:
            layer_alpha = self._draw_foreground(out, k)
        if self.sweeps and self.product is not None:
            self._draw_sweep(out, k, layer_alpha)
        if len(self.glints):
            self._draw_glints(out, k)
        return out

    def _warp(self, src: np.ndarray, m: _M, size: tuple[int, int], border: int) -> np.ndarray:
        flags = self.interpolation | cv2.WARP_INVERSE_MAP
        if self.perspective:
            return cv2.warpPerspective(src, m, size, flags=flags, borderMode=border)
        return cv2.warpAffine(src, m[:2], size, flags=flags, borderMode=border)

    def _region(self, m: _M, crop_shape: tuple[int, int], origin: tuple[int, int]) -> tuple[int, int, int, int] | None:
        """The frame region (x0, y0, x1, y1) a plate crop lands in under output->plate matrix ``m``."""
        x0, y0 = origin
        h, w = crop_shape
        corners = np.array([[x0 - 1, y0 - 1, 1], [x0 + w, y0 - 1, 1], [x0 + w, y0 + h, 1], [x0 - 1, y0 + h, 1]], float)
        mapped = np.linalg.inv(m) @ corners.T
        xs, ys = mapped[0] / mapped[2], mapped[1] / mapped[2]
        width, height = self.size
        left, top = max(0, math.floor(xs.min()) - 1), max(0, math.floor(ys.min()) - 1)
        right, bottom = min(width, math.ceil(xs.max()) + 2), min(height, math.ceil(ys.max()) + 2)
        if right <= left or bottom <= top:
            return None
        return left, top, right, bottom

    def _warp_crop(self, crop: np.ndarray, origin: tuple[int, int], m: _M) -> tuple[np.ndarray, tuple[int, int]] | None:
        """``crop`` (taken at plate ``origin``) warped into its frame region: the pixels and the region's top-left."""
        region = self._region(m, crop.shape[:2], origin)
        if region is None:
            return None
        left, top, right, bottom = region
        local = _shift_xy(-origin[0], -origin[1]) @ m @ _shift_xy(left, top)
        return self._warp(crop, local, (right - left, bottom - top), cv2.BORDER_CONSTANT), (left, top)

    def _draw_foreground(self, out: Frame, k: int) -> _U8 | None:
        assert self.fg is not None
        crop, origin = self.fg
        warped = self._warp_crop(crop, origin, self.fg_m[k])
        if warped is None:
            return None
        rgba, (left, top) = warped
        h, w = rgba.shape[:2]
        region = out[top : top + h, left : left + w]
        alpha = cv2.extractChannel(rgba, 3)
        darken_in_place(region, alpha)
        cv2.add(region, cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB), dst=region)
        self._layer_region = (left, top)
        return alpha

    def _draw_shadow(self, out: Frame, k: int) -> None:
        assert self.shadow is not None
        weight, origin = self.shadow
        lift = float(self.lift[k])
        centre = (origin[0] + weight.shape[1] / 2, origin[1] + weight.shape[0] / 2)
        spread = 1.0 / (1.0 - 0.2 * lift)  # the shadow narrows as the product rises
        about = _shift_xy(*centre) @ np.diag([spread, spread, 1.0]) @ _shift_xy(-centre[0], -centre[1])
        warped = self._warp_crop(weight, origin, about @ self.bg_m[k])
        if warped is None:
            return
        pixels, (left, top) = warped
        opacity = _SHADOW_OPACITY * (1.0 - 0.4 * lift)
        h, w = pixels.shape
        darken_in_place(out[top : top + h, left : left + w], cv2.multiply(pixels, opacity))

    def _setup_sweep(self, path: CameraPath, plan: MotionPlan) -> None:
        self.sweeps: tuple[tuple[float, float], ...] = ()
        if Effect.LIGHT_SWEEP not in plan.effects or self.product is None:
            return
        crop, origin = self.product
        middle = self.product_m[self.count // 2]
        region = self._region(middle, crop.shape[:2], origin)
        if region is None:
            return
        left, top, right, bottom = region
        a = math.radians(_SWEEP_ANGLE_DEG)
        along = [x * math.cos(a) + y * math.sin(a) for x in (left, right) for y in (top, bottom)]
        diagonal = math.hypot(right - left, bottom - top)
        width = max(2.0, _SWEEP_WIDTH * diagonal)
        self.sweep_span = (min(along) - 2 * width, max(along) + 2 * width)
        if plan.variant % 2:
            self.sweep_span = self.sweep_span[::-1]
        self.sweep_profile = sweep_profile(width_px=width, strength=min(0.85, _SWEEP_STRENGTH * plan.intensity**0.5))
        self.sweeps = sweep_windows(plan.duration_s)

    def _draw_sweep(self, out: Frame, k: int, layer_alpha: _U8 | None) -> None:
        t = k / self.fps
        active = [(t0, t1) for t0, t1 in self.sweeps if t0 <= t <= t1]
        if not active:
            return
        t0, t1 = active[0]
        s = (t - t0) / (t1 - t0)
        s = s * s * (3 - 2 * s)
        position = self.sweep_span[0] + s * (self.sweep_span[1] - self.sweep_span[0])
        if self.product_is_layer and layer_alpha is not None:
            alpha, (left, top) = layer_alpha, self._layer_region
        else:
            assert self.product is not None
            crop, origin = self.product
            warped = self._warp_crop(crop, origin, self.product_m[k])
            if warped is None:
                return
            alpha, (left, top) = warped
        h, w = alpha.shape
        band = sweep_weight((left, top), (h, w), angle_deg=_SWEEP_ANGLE_DEG, position_px=position,
                            profile=self.sweep_profile)
        brighten_in_place(out[top : top + h, left : left + w], cv2.multiply(band, alpha, scale=1 / 255))

    def _setup_glints(self, plate: Frame, plan: MotionPlan) -> None:
        self.glints = np.zeros((0, 2))
        if Effect.SPARKLE not in plan.effects or self.product is None:
            return
        crop, origin = self.product
        count = max(3, round(0.8 * plan.duration_s))
        mask = np.zeros(plate.shape[:2], np.float32)
        mask[origin[1] : origin[1] + crop.shape[0], origin[0] : origin[0] + crop.shape[1]] = crop / 255.0
        spots = glint_spots(plate, mask, count=count, min_gap_px=0.08 * max(crop.shape))
        if not len(spots):
            return
        rng = np.random.default_rng(plan.variant)
        self.glints = spots
        slots = np.linspace(0.12, 0.88, len(spots)) * plan.duration_s
        self.glint_times = rng.permutation(slots) + rng.uniform(-0.15, 0.15, len(spots))
        self.glint_sprite = star_sprite(round(_GLINT_RADIUS * min(self.size)))

    def _draw_glints(self, out: Frame, k: int) -> None:
        t = k / self.fps
        to_frame = np.linalg.inv(self.product_m[k])
        sprite = self.glint_sprite
        r = sprite.shape[0] // 2
        width, height = self.size
        for (x, y), t_mid in zip(self.glints, self.glint_times):
            phase = (t - t_mid) / _GLINT_LIFE_S + 0.5
            if not 0 < phase < 1:
                continue
            envelope = math.sin(math.pi * phase) ** 2
            p = to_frame @ np.array([x, y, 1.0])
            px, py = p[0] / p[2], p[1] / p[2]
            scale = 0.5 + 0.5 * envelope
            extent = math.ceil(r * scale) + 1
            left, top = max(0, math.floor(px) - extent), max(0, math.floor(py) - extent)
            right, bottom = min(width, math.floor(px) + extent + 2), min(height, math.floor(py) + extent + 2)
            if right <= left or bottom <= top:
                continue
            # frame pixel (left + i, top + j) samples the sprite at r + (frame - p) / scale
            m = np.array([[1 / scale, 0, r + (left - px) / scale], [0, 1 / scale, r + (top - py) / scale]])
            weight = cv2.warpAffine(sprite, m, (right - left, bottom - top), flags=cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_CONSTANT)
            weight_u8 = np.round(weight * (230 * envelope)).astype(np.uint8)
            brighten_in_place(out[top:bottom, left:right], weight_u8, (255, 255, 255))


def _plate(image: Frame, max_scale: float) -> tuple[Frame, tuple[float, float]]:
    """The picture scaled once (never enlarged) to 1.25 plate pixels per output pixel at the most zoomed frame.

    At exactly one pixel per pixel a bilinear pan alternates between sharp frames (samples on
    pixel centres) and soft ones (samples between them), a visible shimmer; sampling a
    slightly larger plate keeps every frame equally soft.
    """
    factor = max_scale * _OVERSAMPLE
    if factor >= 0.999:
        return image, (1.0, 1.0)
    h, w = image.shape[:2]
    size = (max(2, math.ceil(w * factor)), max(2, math.ceil(h * factor)))
    plate = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return plate, (size[0] / w, size[1] / h)


def _aim(layer: Alpha | None, offset: tuple[float, float], size: tuple[int, int]) -> tuple[float, float]:
    """Where zooms aim in source pixels: the layer's centre of mass (else the centre), plus the plan's offset."""
    width, height = size
    cx, cy = width / 2, height / 2
    if layer is not None:
        total = float(layer.sum())
        if total > 0:
            ys, xs = np.arange(height, dtype=np.float64), np.arange(width, dtype=np.float64)
            cx = float(layer.sum(axis=0) @ xs) / total + 0.5
            cy = float(layer.sum(axis=1) @ ys) / total + 0.5
    return cx + offset[0] * width, cy + offset[1] * height


def _resize_alpha(alpha: Alpha, shape: tuple[int, int]) -> Alpha:
    if alpha.shape == shape:
        return np.clip(alpha, 0, 1).astype(np.float32)
    resized = cv2.resize(alpha.astype(np.float32), (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    return np.clip(resized, 0, 1)


def _soft_edge(alpha: Alpha) -> Alpha:
    """Feather the layer's edge inward by about 0.1% of the plate's long side (at least a pixel)."""
    sigma = max(0.8, _EDGE_SOFTNESS * max(alpha.shape))
    radius = max(1, round(sigma))
    eroded = cv2.erode(alpha, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2))
    return cv2.GaussianBlur(eroded, (0, 0), sigma)


def _bounds(alpha: Alpha) -> tuple[int, int, int, int] | None:
    rows, cols = np.nonzero((alpha > 1 / 255).any(axis=1))[0], np.nonzero((alpha > 1 / 255).any(axis=0))[0]
    if len(rows) == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _premultiplied_crop(image: Frame, alpha: Alpha) -> tuple[_U8, tuple[int, int]] | None:
    """RGBA crop (colour premultiplied by alpha, ``uint8``) around the layer and its top-left in the plate."""
    box = _bounds(alpha)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    a = alpha[y0:y1, x0:x1, None]
    rgb = np.round(image[y0:y1, x0:x1] * a)
    rgba = np.concatenate((rgb, np.round(255 * a)), axis=2)
    return np.clip(rgba, 0, 255).astype(np.uint8), (x0, y0)


def _alpha_crop(alpha: Alpha) -> tuple[_U8, tuple[int, int]] | None:
    box = _bounds(alpha)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    return np.round(255 * alpha[y0:y1, x0:x1]).astype(np.uint8), (x0, y0)


def _shift(d: float) -> _M:
    return _shift_xy(d, d)


def _shift_xy(dx: float, dy: float) -> _M:
    """Matrix adding ``(dx, dy)`` to a point."""
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1.0]])
