"""AnyShoot scene backdrops painted by code, at any size: walls, surfaces, podiums and light.

A scene is a :class:`SceneDesign`: a wall, a surface seen in perspective, an optional prop
the product stands on (podium, steps, plinth, shelf), its light, and the *stage*, the region
where a product goes. Everything is laid out in fractions of the frame and of its short
side, so one design renders at 1080 x 1920, 1920 x 1080 or 333 x 333 alike. Textures (wood,
marble, tiles, sand...) are generated flat from seeded value noise and warped onto the
surface's perspective; the far part of a surface is softened like a lens's depth of field,
and a touch of film grain keeps large gradients from looking flat or banding.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Alpha, Frame

__all__ = ["Geometry", "SceneDesign", "render_scene", "scene_mask", "scene_geometry"]

_F32 = np.float32
RGB = tuple[int, int, int]
Paint = Callable[[np.ndarray, "Geometry", np.random.Generator], None]


@dataclass(frozen=True)
class Geometry:
    """Where things are in one frame, in pixels.

    ``horizon_y`` is where the surface meets the wall; ``floor_y`` where a prop stands;
    ``prop_radius`` the half-width of the prop; ``prop_top_y`` the centre of its top face; the
    stage (``stage_*``) is the box a product fills, standing on ``stage_base_y``; ``light_x``
    the key light's side, -1 (left) to 1 (right).
    """

    width: int
    height: int
    horizon_y: float
    floor_y: float
    prop_radius: float
    prop_top_y: float
    stage_cx: float
    stage_base_y: float
    stage_w: float
    stage_h: float
    light_x: float

    @property
    def unit(self) -> float:
        return float(min(self.width, self.height))


@dataclass(frozen=True)
class SceneDesign:
    """A backdrop recipe: paint steps over a geometry, and the light a product should get.

    ``glossiness`` (0 matte to 1 mirror) sizes reflections; ``light_azimuth_deg`` is where
    the key light comes from seen from the camera (0 front, -90 left, 90 right, 180 behind);
    ``light_kelvin`` its colour temperature.
    """

    slug: str
    steps: tuple[Paint, ...]
    horizon: float = 0.56
    prop: str = "none"  # none | podium | steps | plinth | shelf
    prop_height: float = 0.8
    glossiness: float = 0.0
    light_azimuth_deg: float = -35.0
    light_kelvin: float = 5600.0
    grain: float = 0.018
    seed: int = field(default=0)


def scene_geometry(design: SceneDesign, width: int, height: int) -> Geometry:
    """Lay ``design`` out on a ``width`` x ``height`` frame."""
    _check_size(width, height)
    unit = min(width, height)
    horizon_y = height * design.horizon
    floor_y = horizon_y + 0.42 * (height - horizon_y)
    radius = min(0.33 * width, 0.24 * height)
    if design.prop in ("podium", "steps", "plinth"):
        top_y = floor_y - design.prop_height * radius
        base_y = top_y + 0.04 * radius
        stage_w = 1.35 * radius
    elif design.prop == "shelf":
        top_y = 0.64 * height
        base_y = top_y
        stage_w = min(0.62 * width, 1.2 * unit)
    else:
        top_y = floor_y
        base_y = horizon_y + 0.48 * (height - horizon_y)
        stage_w = min(0.62 * width, 1.1 * unit)
    stage_h = max(4.0, min(base_y - 0.06 * height, 2.1 * stage_w, 0.62 * height))
    return Geometry(
        width=width,
        height=height,
        horizon_y=horizon_y,
        floor_y=floor_y,
        prop_radius=radius,
        prop_top_y=top_y,
        stage_cx=width / 2,
        stage_base_y=base_y,
        stage_w=max(4.0, stage_w),
        stage_h=stage_h,
        light_x=math.sin(math.radians(design.light_azimuth_deg)),
    )


def render_scene(design: SceneDesign, width: int = 1080, height: int = 1920) -> Frame:
    """Paint ``design`` at ``width`` x ``height``.

    Returns
    -------
    uint8 (height, width, 3)
        Read-only: renders are cached per design and size, so copy before drawing on it.

    Raises
    ------
    InvalidInput
        ``width`` or ``height`` below 8 or above 8192.
    """
    _check_size(width, height)
    return _render(design, width, height)


def scene_mask(design: SceneDesign, width: int = 1080, height: int = 1920) -> Alpha:
    """Where a product goes in ``design`` at this size: a soft-cornered box standing on the surface.

    Returns
    -------
    float32 (height, width)
        1 inside the stage, 0 outside, anti-aliased at its edge. Read-only (cached).
    """
    _check_size(width, height)
    return _mask(design, width, height)


@lru_cache(maxsize=64)
def _render(design: SceneDesign, width: int, height: int) -> Frame:
    geometry = scene_geometry(design, width, height)
    rng = np.random.default_rng(design.seed)
    canvas = np.zeros((height, width, 3), _F32)
    for step in design.steps:
        step(canvas, geometry, rng)
    grain = rng.normal(0, design.grain, (height, width, 1)).astype(_F32)
    frame = np.clip((canvas + grain) * 255 + 0.5, 0, 255).astype(np.uint8)
    frame.flags.writeable = False
    return frame


@lru_cache(maxsize=64)
def _mask(design: SceneDesign, width: int, height: int) -> Alpha:
    g = scene_geometry(design, width, height)
    top = max(0.0, g.stage_base_y - g.stage_h)
    left, right = g.stage_cx - g.stage_w / 2, g.stage_cx + g.stage_w / 2
    bottom = min(height - 1.0, g.stage_base_y + 0.01 * g.unit)
    mask = _rounded_rect((height, width), left, top, right, bottom, radius=0.12 * g.stage_w)
    mask.flags.writeable = False
    return mask


def _check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or not 8 <= value <= 8192:
            raise InvalidInput(f"{name} must be an int in [8, 8192], got {value!r}")


# --- drawing primitives -------------------------------------------------------------------


def _rgb(colour: RGB) -> np.ndarray:
    return np.asarray(colour, _F32) / 255


def _mix(canvas: np.ndarray, colour: np.ndarray, coverage: np.ndarray) -> None:
    """``canvas`` <- colour over canvas with ``coverage`` (H, W) in [0, 1], in place."""
    cover = coverage[:, :, None] if coverage.ndim == 2 else coverage
    canvas += (colour - canvas) * cover


def _rounded_rect(shape: tuple[int, int], left: float, top: float, right: float, bottom: float, *, radius: float) -> np.ndarray:
    """Anti-aliased coverage of a rounded rectangle, from its signed distance."""
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32) + 0.5
    cx, cy = (left + right) / 2, (top + bottom) / 2
    half_w, half_h = (right - left) / 2, (bottom - top) / 2
    radius = min(radius, half_w, half_h)
    dx = np.maximum(np.abs(xs - cx) - (half_w - radius), 0)
    dy = np.maximum(np.abs(ys - cy) - (half_h - radius), 0)
    inner = np.minimum(np.maximum(np.abs(xs - cx) - half_w, np.abs(ys - cy) - half_h), 0)
    distance = np.hypot(dx, dy) - radius + inner
    return np.clip(0.5 - distance, 0, 1).astype(_F32)


def _ellipse_cover(shape: tuple[int, int], cx: float, cy: float, rx: float, ry: float, *, soft_px: float = 1.0) -> np.ndarray:
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32) + 0.5
    norm = np.hypot((xs - cx) / rx, (ys - cy) / ry)
    distance = (norm - 1) * min(rx, ry)
    return np.clip(0.5 - distance / soft_px, 0, 1).astype(_F32)


def _noise(shape: tuple[int, int], cell_px: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth value noise in about [-1, 1] with features ``cell_px`` across."""
    cells = (max(2, int(shape[0] / cell_px) + 3), max(2, int(shape[1] / cell_px) + 3))
    coarse = rng.normal(0, 1, cells).astype(_F32)
    fine = cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return np.clip(fine / 1.5, -1.5, 1.5)


def _fbm(shape: tuple[int, int], cell_px: float, rng: np.random.Generator, *, octaves: int = 4) -> np.ndarray:
    total = np.zeros(shape, _F32)
    weight = 1.0
    for octave in range(octaves):
        total += weight * _noise(shape, max(1.0, cell_px / 2**octave), rng)
        weight *= 0.5
    return total / 1.9


def _blur(values: np.ndarray, sigma_px: float) -> np.ndarray:
    """Gaussian blur; wide ones run on a reduced copy (same look, a fraction of the time)."""
    if sigma_px <= 0:
        return values
    factor = int(sigma_px // 6)
    if factor < 2:
        return cv2.GaussianBlur(values, (0, 0), max(0.3, sigma_px))
    height, width = values.shape[:2]
    small = cv2.resize(values, (max(1, width // factor), max(1, height // factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma_px / factor)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def _vertical(shape: tuple[int, int], top: RGB, bottom: RGB, *, start: float = 0.0, end: float | None = None) -> np.ndarray:
    height = shape[0]
    end = height if end is None else end
    t = np.clip((np.arange(height, dtype=_F32) + 0.5 - start) / max(1.0, end - start), 0, 1)
    t = t * t * (3 - 2 * t)
    column = _rgb(top) + (_rgb(bottom) - _rgb(top)) * t[:, None]
    return np.broadcast_to(column[:, None, :], (height, shape[1], 3))


# --- walls --------------------------------------------------------------------------------


def wall(top: RGB, bottom: RGB) -> Paint:
    """A wall (or backdrop) graded from ``top`` to ``bottom``, down to the horizon."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        canvas[:] = _vertical(canvas.shape[:2], top, bottom, end=g.horizon_y)

    return paint


def sweep(top: RGB, bottom: RGB, floor: RGB) -> Paint:
    """A seamless studio sweep: the backdrop curves into the floor without an edge."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        upper = _vertical(canvas.shape[:2], top, bottom, end=g.horizon_y)
        lower = _vertical(canvas.shape[:2], bottom, floor, start=g.horizon_y - 0.08 * g.height, end=g.floor_y + 0.1 * g.height)
        ys = np.arange(g.height, dtype=_F32)
        t = np.clip((ys - (g.horizon_y - 0.1 * g.height)) / (0.2 * g.height), 0, 1)[:, None, None]
        canvas[:] = upper * (1 - t) + lower * t

    return paint


def plaster(strength: float = 0.03, cell: float = 0.08) -> Paint:
    """Soft mottling of a painted or plastered wall."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        band = int(g.horizon_y)
        if band > 0:
            canvas[:band] *= 1 + strength * _fbm((band, g.width), cell * g.unit, rng)[:, :, None]

    return paint


def tiles(size: float, grout: RGB, *, aspect: float = 1.0, stagger: bool = False, gloss: float = 0.06) -> Paint:
    """Wall tiles ``size`` of the short side tall; ``aspect`` > 1 for subway tiles, staggered rows."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        band = int(math.ceil(g.horizon_y))
        tile_h = size * g.unit
        tile_w = tile_h * aspect
        ys, xs = np.mgrid[0:band, 0 : g.width].astype(_F32)
        row = np.floor(ys / tile_h)
        shifted = xs + (tile_w / 2) * (row % 2) * stagger
        col = np.floor(shifted / tile_w)
        line = max(1.0, 0.05 * tile_h)
        fy, fx = ys - row * tile_h, shifted - col * tile_w
        edge = np.minimum(np.minimum(fy, tile_h - fy), np.minimum(fx, tile_w - fx))
        gap = np.clip(1 - (edge - line / 2), 0, 1)
        tone = rng.normal(0, 0.025, (int(row.max()) + 2, int(col.max()) + 2)).astype(_F32)
        variation = tone[row.astype(int), col.astype(int)]
        bevel = np.clip(1 - (edge - line / 2) / (2.5 * line), 0, 1)
        region = canvas[:band]
        region *= (1 + variation - 0.06 * bevel)[:, :, None]
        region += gloss * np.clip(1 - np.abs(fy / tile_h - 0.3) * 4, 0, 1)[:, :, None] * (1 - gap[:, :, None])
        _mix(region, _rgb(grout), gap)

    return paint


def window_light(*, strength: float = 0.22, side: float = -1.0, warm: RGB = (255, 236, 200)) -> Paint:
    """Sunlight through a window falling on the wall: a skewed, softened pane pattern."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        light = np.zeros((g.height, g.width), _F32)
        u = g.unit
        x0 = g.width / 2 + side * 0.18 * g.width
        pane_w, pane_h = 0.2 * u, 0.3 * u
        shear = -side * 0.35
        top = g.horizon_y - 0.75 * g.height * (0.9 if g.height > g.width else 0.8)
        for i in range(2):
            for j in range(2):
                pl = x0 - pane_w + i * (pane_w + 0.03 * u)
                pt = top + j * (pane_h + 0.03 * u) + 0.2 * g.height
                corners = np.array(
                    [
                        [pl + shear * (pt - top), pt],
                        [pl + pane_w + shear * (pt - top), pt],
                        [pl + pane_w + shear * (pt + pane_h - top), pt + pane_h],
                        [pl + shear * (pt + pane_h - top), pt + pane_h],
                    ]
                )
                cv2.fillPoly(light, [np.rint(corners * 16).astype(np.int32)], 1.0, cv2.LINE_AA, 4)
        light = _blur(light, 0.012 * u)
        light[int(g.horizon_y) :] *= 0.0
        canvas += strength * light[:, :, None] * _rgb(warm)

    return paint


def leaf_shadows(*, strength: float = 0.22, side: float = -1.0, on_floor: bool = True) -> Paint:
    """Soft shadows of palm and leaf shapes thrown across the wall (and floor) by a low sun."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        shade = np.zeros((g.height, g.width), _F32)
        u = g.unit
        for _ in range(9):
            stem_x = g.width / 2 + side * rng.uniform(0.15, 0.7) * g.width
            stem_y = rng.uniform(-0.1, 0.55) * g.height
            angle = rng.uniform(-0.9, 0.9) + (0.6 if side < 0 else -0.6)
            length = rng.uniform(0.25, 0.5) * u
            for k in range(9):
                t = k / 8
                px = stem_x + math.cos(angle) * length * t * side * -1
                py = stem_y + math.sin(angle) * length * t
                for flip in (-1, 1):
                    leaf_angle = math.degrees(angle) + flip * 55
                    axes = (int(0.09 * u * (1 - 0.5 * t)), max(1, int(0.018 * u)))
                    cv2.ellipse(shade, (int(px), int(py)), axes, leaf_angle, 0, 360, 1.0, -1, cv2.LINE_AA)
        shade = _blur(shade, 0.01 * u)
        if not on_floor:
            shade[int(g.horizon_y) :] = 0
        canvas *= (1 - strength * np.clip(shade, 0, 1))[:, :, None]

    return paint


def plant(*, side: float = 1.0, colour: RGB = (58, 84, 52), pot: RGB = (196, 170, 140)) -> Paint:
    """A potted plant at the side of the surface, out of focus: pot and leaves."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        layer = np.zeros((g.height, g.width), _F32)
        cx = g.width / 2 + side * (0.5 * g.width - 0.2 * u)
        base = g.horizon_y + 0.12 * (g.height - g.horizon_y)
        pot_cover = _rounded_rect((g.height, g.width), cx - 0.13 * u, base - 0.24 * u, cx + 0.13 * u, base, radius=0.02 * u)
        for _ in range(16):
            angle = rng.uniform(-math.pi * 0.95, -math.pi * 0.05)
            reach = rng.uniform(0.25, 0.55) * u
            tip = (cx + math.cos(angle) * reach, base - 0.24 * u + math.sin(angle) * reach)
            mid = ((cx + tip[0]) / 2, (base - 0.24 * u + tip[1]) / 2)
            axes = (int(reach / 2), max(2, int(rng.uniform(0.03, 0.05) * u)))
            cv2.ellipse(layer, (int(mid[0]), int(mid[1])), axes, math.degrees(angle), 0, 360, 1.0, -1, cv2.LINE_AA)
        leaves = _blur(np.clip(layer, 0, 1), 0.006 * u)
        tone = 1 + 0.25 * _noise((g.height, g.width), 0.05 * u, rng)[:, :, None]
        _mix(canvas, _rgb(colour) * tone, leaves * 0.96)
        shading = np.linspace(1.1, 0.8, g.width, dtype=_F32)[None, :, None] if side < 0 else np.linspace(0.8, 1.1, g.width, dtype=_F32)[None, :, None]
        _mix(canvas, np.clip(_rgb(pot) * shading, 0, 1), pot_cover)

    return paint


def bokeh(colours: tuple[RGB, ...], *, count: int = 26, strength: float = 0.55, size: float = 0.07) -> Paint:
    """Out-of-focus light discs in the background (string lights, a cafe)."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        glow = np.zeros((g.height, g.width, 3), _F32)
        for _ in range(count):
            radius = rng.uniform(0.5, 1.0) * size * u
            x, y = rng.uniform(0, g.width), rng.uniform(0.02, 0.95) * g.horizon_y
            colour = _rgb(colours[int(rng.integers(len(colours)))]) * rng.uniform(0.4, 1.0)
            r = max(1, int(radius))
            top, left = max(0, int(y) - r - 1), max(0, int(x) - r - 1)
            window = glow[top : int(y) + r + 2, left : int(x) + r + 2]
            disc = np.zeros_like(window)
            cv2.circle(disc, (int(x) - left, int(y) - top), r, colour.tolist(), -1, cv2.LINE_AA)
            window += disc
        glow = _blur(glow, 0.012 * u)
        glow[int(g.horizon_y) :] = 0
        canvas += strength * glow * (1 - canvas)

    return paint


def blurred_room(colours: tuple[RGB, ...], *, blocks: int = 9, blur: float = 0.05) -> Paint:
    """Soft colour masses of furniture far behind, deeply out of focus."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        masses = canvas.copy()
        for _ in range(blocks):
            w, h = rng.uniform(0.2, 0.6) * g.width, rng.uniform(0.08, 0.3) * g.height
            x, y = rng.uniform(-0.1, 0.9) * g.width, g.horizon_y - rng.uniform(0.05, 0.55) * g.height
            colour = _rgb(colours[int(rng.integers(len(colours)))])
            cv2.rectangle(masses, (int(x), int(y)), (int(x + w), int(y + h)), colour.tolist(), -1)
        masses[int(g.horizon_y) :] = canvas[int(g.horizon_y) :]
        canvas[:] = _blur(masses, blur * u)

    return paint


def arch(colour: RGB, *, depth: float = 0.12) -> Paint:
    """A rounded arch niche in the wall behind the stage, shaded inside."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        half = min(0.36 * g.width, 0.55 * g.prop_radius + 0.3 * g.unit)
        top = max(0.04 * g.height, g.horizon_y - 0.6 * g.height)
        shape = (g.height, g.width)
        body = _rounded_rect(shape, g.width / 2 - half, top + half, g.width / 2 + half, g.horizon_y + 2, radius=0)
        cap = _ellipse_cover(shape, g.width / 2, top + half, half, half)
        cover = np.maximum(body, cap)
        xs = (np.arange(g.width, dtype=_F32) - g.width / 2) / half
        inner = _rgb(colour) * (1 - depth * np.clip(xs, -1, 1)[None, :, None] * 0.8 - depth * 0.4)
        _mix(canvas, np.clip(inner, 0, 1), cover)
        rim = np.clip(_blur(cover, 0.006 * g.unit) - cover, 0, 1) * 0.0 + np.clip(cover - _blur(cover, 0.012 * g.unit), 0, 1)
        canvas *= (1 - 0.35 * rim)[:, :, None]

    return paint


def sky_and_sea(sky: tuple[RGB, RGB], sea: RGB) -> Paint:
    """A hazy sky over a sea horizon line, for beach scenes."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        sea_top = g.horizon_y - 0.07 * g.height
        canvas[:] = _vertical(canvas.shape[:2], sky[0], sky[1], end=sea_top)
        band = slice(int(sea_top), int(math.ceil(g.horizon_y)))
        rows = canvas[band]
        rows[:] = _vertical(rows.shape[:2], sea, tuple(min(255, c + 40) for c in sea))  # type: ignore[arg-type]
        sparkle = np.clip(_noise(rows.shape[:2], 0.01 * g.unit, rng), 0, 1) ** 3
        rows += 0.25 * sparkle[:, :, None]
        canvas[:] = _blur(canvas, 0.004 * g.unit)

    return paint


# --- surfaces -----------------------------------------------------------------------------


Texture = Callable[[tuple[int, int], np.random.Generator], np.ndarray]


def surface(texture: Texture, *, edge: bool = True, top_fade: float = 0.0, focus: float = 0.5) -> Paint:
    """The surface from the horizon down, ``texture`` laid flat and seen in perspective.

    ``edge`` draws the back edge of a table against the wall; ``top_fade`` blends the far
    part into what is above (a seamless sweep); ``focus`` blurs the far part (depth of field).
    """

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        top = int(g.horizon_y)
        depth = g.height - top
        if depth <= 0:
            return
        side = 1024
        flat = texture((side, side), rng)
        spread = 1.35 + 0.2 * g.width / max(1, g.height)
        far_w, near_w = spread * g.width, 2.3 * spread * g.width
        cx = g.width / 2
        quad = np.array(
            [[cx - far_w / 2, 0], [cx + far_w / 2, 0], [cx + near_w / 2, depth], [cx - near_w / 2, depth]], np.float32
        )
        source = np.array([[0, 0], [side, 0], [side, side * 0.55], [0, side * 0.55]], np.float32)
        matrix = cv2.getPerspectiveTransform(source, quad)
        warped = cv2.warpPerspective(flat, matrix, (g.width, depth), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REFLECT)
        soft = _blur(warped, focus * 0.01 * g.unit)
        t = np.clip(1 - np.arange(depth, dtype=_F32) / (0.6 * depth), 0, 1)[:, None, None]
        layer = warped * (1 - t) + soft * t
        shade = (0.9 + 0.14 * np.linspace(0, 1, depth, dtype=_F32))[:, None, None]
        layer = layer * shade
        if top_fade > 0:
            fade = np.clip(np.arange(depth, dtype=_F32) / (top_fade * g.height), 0, 1)[:, None, None]
            layer = canvas[top:] * (1 - fade) + layer * fade
        canvas[top:] = layer
        if edge:
            line = max(1, int(0.004 * g.unit))
            canvas[top : top + line] *= 1.08
            shadow = np.exp(-np.arange(max(1, top), dtype=_F32)[::-1] / (0.02 * g.unit))[:, None, None]
            canvas[:top] *= 1 - 0.18 * shadow

    return paint


def wood(light: RGB, dark: RGB, *, planks: int = 5) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        coarse = rng.normal(0, 1, (shape[0] // 3, max(2, shape[1] // 90))).astype(_F32)
        streaks = np.clip(0.5 + 0.3 * cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC), 0, 1)
        figure = 0.5 + 0.5 * np.sin((ys + 40 * _noise(shape, 260, rng) + 0.03 * xs) * 0.045)
        rings = figure**3
        plank_h = shape[0] / planks
        plank = np.floor(ys / plank_h)
        tone = rng.normal(0, 0.06, planks + 1).astype(_F32)[plank.astype(int)]
        t = np.clip(0.35 * rings + 0.45 * streaks + tone, 0, 1)
        colour = _rgb(light) + (_rgb(dark) - _rgb(light)) * t[:, :, None]
        seam = np.clip(1 - np.abs(ys - np.rint(ys / plank_h) * plank_h) / 1.5, 0, 1)
        return (colour * (1 - 0.35 * seam[:, :, None])).astype(_F32)

    return make


def marble(base: RGB, vein: RGB, *, veins: float = 1.0) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        turbulence = _fbm(shape, 220, rng, octaves=5)
        wave = np.sin((xs * 0.6 + ys * 0.8) / 90 + 5 * turbulence)
        lines = _blur(np.exp(-((wave / 0.09) ** 2)), 1.5) * veins
        fine = np.exp(-((np.sin((xs - ys) / 40 + 8 * _fbm(shape, 120, rng)) / 0.04) ** 2)) * 0.4 * veins
        cloud = 0.04 * _fbm(shape, 300, rng)
        colour = _rgb(base) * (1 + cloud[:, :, None])
        amount = np.clip(lines + fine, 0, 1)[:, :, None] * 0.45
        return (colour + (_rgb(vein) - colour) * amount).astype(_F32)

    return make


def grain_texture(colour: RGB, *, contrast: float = 0.08, cell: float = 60, pores: float = 0.0) -> Texture:
    """Concrete, stone, paper, linen: mottled noise, optional dark pores."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        mottled = 1 + contrast * _fbm(shape, cell, rng, octaves=5)
        if pores:
            specks = np.clip(rng.normal(0, 1, shape).astype(_F32) - 2.6, 0, 1) * pores
            mottled = mottled - _blur(specks, 0.8)
        return (_rgb(colour) * mottled[:, :, None]).astype(_F32)

    return make


def sand(colour: RGB) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        ripples = np.sin(ys / 14 + 2.5 * _noise(shape, 120, rng)) * 0.05
        speckle = rng.normal(0, 0.05, shape).astype(_F32)
        mottled = 1 + 0.06 * _fbm(shape, 90, rng) + ripples + speckle
        return (_rgb(colour) * mottled[:, :, None]).astype(_F32)

    return make


def gingham(colour: RGB, base: RGB = (246, 242, 234), *, check_px: int = 64) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        stripe_x = ((xs // check_px) % 2 == 0).astype(_F32)
        stripe_y = ((ys // check_px) % 2 == 0).astype(_F32)
        amount = 0.5 * (stripe_x + stripe_y)
        weave = 1 + 0.05 * np.sin(xs * 1.4) * np.sin(ys * 1.4) + 0.04 * _fbm(shape, 140, rng)
        colour_img = _rgb(base) + (_rgb(colour) - _rgb(base)) * amount[:, :, None]
        return (colour_img * weave[:, :, None]).astype(_F32)

    return make


def floor_tiles(colour: RGB, grout: RGB, *, tile_px: int = 170) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        fy, fx = ys % tile_px, xs % tile_px
        edge = np.minimum(np.minimum(fy, tile_px - fy), np.minimum(fx, tile_px - fx))
        gap = np.clip(2.5 - edge, 0, 1)
        tone = 1 + rng.normal(0, 0.03, (shape[0] // tile_px + 1, shape[1] // tile_px + 1)).astype(_F32)
        body = _rgb(colour) * tone[(ys // tile_px).astype(int), (xs // tile_px).astype(int)][:, :, None]
        body = body * (1 + 0.03 * _fbm(shape, 50, rng))[:, :, None]
        return (body + (_rgb(grout) - body) * gap[:, :, None]).astype(_F32)

    return make


def water(colour: RGB) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        radius = np.hypot(xs - shape[1] / 2, (ys - shape[0] * 0.5) * 1.0)
        rings = np.sin(radius / 11 - 1.5) * np.exp(-radius / 420) * 0.22
        swell = 0.1 * _fbm(shape, 160, rng)
        caustic = np.clip(np.abs(_noise(shape, 40, rng)) < 0.08, 0, 1).astype(_F32)
        light = 1 + rings + swell + 0.18 * _blur(caustic, 2)
        return (_rgb(colour) * light[:, :, None]).astype(_F32)

    return make


def glossy(colour: RGB) -> Texture:
    """A smooth lacquered or acrylic floor: a clean gradient with soft sheen."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        rows = np.linspace(0.92, 1.06, shape[0], dtype=_F32)[:, None]
        sheen = 1 + 0.05 * _noise(shape, 300, rng)
        return (_rgb(colour) * (rows * sheen)[:, :, None]).astype(_F32)

    return make


def cloth(colour: RGB, *, folds: float = 0.1) -> Texture:
    """Linen or cotton: fine weave and soft, large folds."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        weave = 0.03 * np.sin(xs * 1.9) * np.sin(ys * 1.9)
        fold_field = _fbm(shape, 260, rng, octaves=3)
        ridges = np.sin(fold_field * 9) * folds
        light = 1 + weave + ridges + 0.02 * rng.normal(0, 1, shape).astype(_F32)
        return (_rgb(colour) * light[:, :, None]).astype(_F32)

    return make


def flat(colour: RGB, *, mottle: float = 0.02) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        return (_rgb(colour) * (1 + mottle * _fbm(shape, 200, rng))[:, :, None]).astype(_F32)

    return make


def autumn_leaves(colours: tuple[RGB, ...], *, count: int = 7) -> Paint:
    """A few fallen leaves scattered on the surface, away from the stage."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        cover = np.zeros((g.height, g.width), _F32)
        colours_drawn = np.zeros((g.height, g.width, 3), _F32)
        for _ in range(count):
            side = rng.choice([-1, 1])
            x = g.width / 2 + side * rng.uniform(0.3, 0.55) * g.width
            y = rng.uniform(g.horizon_y + 0.1 * (g.height - g.horizon_y), g.height * 0.97)
            size = (0.5 + (y - g.horizon_y) / max(1.0, g.height - g.horizon_y)) * 0.05 * u
            axes = (max(1, int(size)), max(1, int(size * 0.45)))
            angle = rng.uniform(0, 180)
            colour = _rgb(colours[int(rng.integers(len(colours)))]).tolist()
            cv2.ellipse(cover, (int(x), int(y)), axes, angle, 0, 360, 1.0, -1, cv2.LINE_AA)
            cv2.ellipse(colours_drawn, (int(x), int(y)), axes, angle, 0, 360, colour, -1)
        offset = max(1, int(0.008 * u))
        shadow = _blur(np.roll(cover, (offset, offset), axis=(0, 1)), 0.006 * u)
        canvas *= (1 - 0.3 * np.clip(shadow, 0, 1))[:, :, None]
        tone = 1 + 0.15 * _noise(cover.shape, 0.01 * u, rng)[:, :, None]
        _mix(canvas, colours_drawn * tone, np.clip(cover, 0, 1))

    return paint


# --- props --------------------------------------------------------------------------------


def _cylinder(canvas: np.ndarray, g: Geometry, cx: float, radius: float, top_y: float, bottom_y: float, colour: RGB, *, light_x: float, rim: float = 0.0) -> None:
    """A shaded upright cylinder seen from slightly above, with its top face lit."""
    ry = 0.2 * radius
    y0, x0 = max(0, int(top_y - ry) - 2), max(0, int(cx - radius) - 2)
    y1 = min(canvas.shape[0], int(bottom_y + ry) + 3)
    x1 = min(canvas.shape[1], int(cx + radius) + 3)
    if y1 <= y0 or x1 <= x0:
        return
    canvas = canvas[y0:y1, x0:x1]
    cx, top_y, bottom_y = cx - x0, top_y - y0, bottom_y - y0
    height, width = canvas.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(_F32) + 0.5
    across = np.clip((xs - cx) / radius, -1, 1)
    curve = ry * np.sqrt(np.clip(1 - across**2, 0, 1))
    side_cover = np.clip(radius - np.abs(xs - cx) + 0.5, 0, 1) * np.clip(ys - top_y + 0.5, 0, 1) * np.clip(bottom_y + curve - ys + 0.5, 0, 1)
    lambert = np.clip(0.62 + 0.38 * (np.sqrt(np.clip(1 - across**2, 0, 1)) * 0.6 + across * light_x * 0.55), 0.25, 1.15)
    base = _rgb(colour)
    side = base[None, None, :] * (lambert[:, :, None] * 0.9)
    ambient_occlusion = np.clip((ys - (bottom_y + curve - 0.06 * radius)) / (0.06 * radius), 0, 1)
    side = side * (1 - 0.25 * ambient_occlusion[:, :, None])
    if rim:
        side += rim * np.clip(np.abs(across) - 0.85, 0, 1)[:, :, None] * 6
    _mix(canvas, side, side_cover)
    top = _ellipse_cover((height, width), cx, top_y, radius, ry)
    top_colour = np.clip(base * 1.08 + 0.04, 0, 1) * (1 + 0.05 * across * light_x)[:, :, None]
    _mix(canvas, top_colour, top)
    lip = np.clip(top - _ellipse_cover((height, width), cx, top_y + 0.004 * g.unit, radius * 0.995, ry * 0.98), 0, 1)
    canvas += 0.08 * lip[:, :, None]


def _ground_shadow(canvas: np.ndarray, g: Geometry, cx: float, y: float, rx: float, *, strength: float, light_x: float) -> None:
    cover = _ellipse_cover(canvas.shape[:2], cx - 0.15 * light_x * rx, y + 0.02 * rx, rx * 1.12, rx * 0.3, soft_px=1.0)
    shadow = _blur(cover, 0.06 * rx)
    canvas *= (1 - strength * shadow)[:, :, None]


def podium(colour: RGB, *, shadow: float = 0.35, rim: float = 0.0) -> Paint:
    """A round podium standing on the floor, the stage on its top."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        light_x = g.light_x
        _ground_shadow(canvas, g, g.width / 2, g.floor_y, g.prop_radius, strength=shadow, light_x=light_x)
        _cylinder(canvas, g, g.width / 2, g.prop_radius, g.prop_top_y, g.floor_y, colour, light_x=light_x, rim=rim)

    return paint


def steps(front: RGB, back: RGB, *, shadow: float = 0.3) -> Paint:
    """Two podiums: a taller, narrower one behind and to the side, the stage on the front one."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        r = g.prop_radius
        back_cx = g.width / 2 + 0.75 * r
        back_floor = g.floor_y - 0.18 * r
        back_top = g.prop_top_y - 0.9 * r
        _ground_shadow(canvas, g, back_cx, back_floor, 0.62 * r, strength=shadow, light_x=g.light_x)
        _cylinder(canvas, g, back_cx, 0.62 * r, back_top, back_floor, back, light_x=g.light_x)
        _ground_shadow(canvas, g, g.width / 2, g.floor_y, r, strength=shadow, light_x=g.light_x)
        _cylinder(canvas, g, g.width / 2, r, g.prop_top_y, g.floor_y, front, light_x=g.light_x)

    return paint


def plinth(colour: RGB, *, shadow: float = 0.35) -> Paint:
    """A rectangular block seen slightly from above: front face, lit top face, soft ground shadow."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        r, cx = g.prop_radius, g.width / 2
        depth = 0.32 * r
        shape = canvas.shape[:2]
        _ground_shadow(canvas, g, cx, g.floor_y, r, strength=shadow, light_x=g.light_x)
        front_top = g.prop_top_y + depth / 2
        face = _rounded_rect(shape, cx - r, front_top, cx + r, g.floor_y, radius=0.01 * r)
        xs = np.linspace(0, 1, g.width, dtype=_F32)
        gradient = (0.86 + 0.08 * (1 - xs))[None, :, None]
        ys = np.arange(g.height, dtype=_F32)[:, None, None]
        occlusion = 1 - 0.15 * np.clip((ys - (g.floor_y - 0.08 * r)) / (0.08 * r), 0, 1)
        texture = 1 + 0.05 * _fbm(shape, 0.05 * g.unit, rng)[:, :, None]
        _mix(canvas, _rgb(colour) * gradient * occlusion * texture, face)
        top_face = np.zeros(shape, _F32)
        corners = np.array([[cx - r, front_top], [cx + r, front_top], [cx + r * 0.9, front_top - depth], [cx - r * 0.9, front_top - depth]])
        cv2.fillPoly(top_face, [np.rint(corners * 16).astype(np.int32)], 1.0, cv2.LINE_AA, 4)
        _mix(canvas, np.clip(_rgb(colour) * 1.06 * texture, 0, 1), top_face)

    return paint


def shelf(colour: RGB, *, shadow: float = 0.4) -> Paint:
    """A floating wall shelf spanning the frame's middle, with its shadow on the wall below."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        top, thick, depth = g.prop_top_y, 0.045 * u, 0.06 * u
        left, right = g.width / 2 - 0.46 * g.width, g.width / 2 + 0.46 * g.width
        shape = canvas.shape[:2]
        cast = _rounded_rect(shape, left + 0.02 * u, top + thick, right + 0.02 * u, top + thick + 0.05 * u, radius=0.02 * u)
        canvas *= (1 - shadow * _blur(cast, 0.03 * u))[:, :, None]
        upper = _rounded_rect(shape, left, top - depth, right, top, radius=0)
        front = _rounded_rect(shape, left, top, right, top + thick, radius=0.003 * u)
        _mix(canvas, np.clip(_rgb(colour) * 1.05, 0, 1), upper)
        _mix(canvas, _rgb(colour) * 0.85, front)

    return paint


# --- light --------------------------------------------------------------------------------


def key_light(*, x: float = -0.4, y: float = 0.2, radius: float = 0.9, strength: float = 0.18, colour: RGB = (255, 248, 235)) -> Paint:
    """A soft pool of light centred at (``x``, ``y``) (-1..1 of the frame), screen-blended."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys, xs = np.mgrid[0 : g.height, 0 : g.width].astype(_F32)
        dx = (xs - (0.5 + x / 2) * g.width) / (radius * g.unit)
        dy = (ys - (0.5 + y / 2) * g.height) / (radius * g.unit)
        pool = np.exp(-(dx * dx + dy * dy) * 1.6) * strength
        canvas += pool[:, :, None] * _rgb(colour) * (1 - canvas * 0.6)

    return paint


def spotlight(*, strength: float = 0.55, colour: RGB = (255, 240, 220)) -> Paint:
    """A narrow pool of light on the stage and backdrop behind it, for dark scenes."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys, xs = np.mgrid[0 : g.height, 0 : g.width].astype(_F32)
        dx = (xs - g.width / 2) / (0.55 * g.prop_radius + 0.25 * g.unit)
        dy = (ys - (g.prop_top_y - 0.35 * g.height)) / (0.55 * g.height)
        beam = np.exp(-(dx * dx + dy * dy) * 1.2)
        canvas += strength * beam[:, :, None] * _rgb(colour) * (1 - canvas)

    return paint


def vignette(strength: float = 0.22) -> Paint:
    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys = (np.arange(g.height, dtype=_F32) + 0.5) / g.height * 2 - 1
        xs = (np.arange(g.width, dtype=_F32) + 0.5) / g.width * 2 - 1
        falloff = 1 - strength * np.clip(xs[None, :] ** 2 * 0.8 + ys[:, None] ** 2 * 0.6, 0, 1) ** 1.5
        canvas *= falloff[:, :, None]

    return paint
