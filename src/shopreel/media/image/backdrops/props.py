"""Things in the set: the stand a product goes on (podium, steps, plinth, shelf), a plant, fallen leaves."""

from __future__ import annotations

import math

import cv2
import numpy as np

from shopreel.media.image.backdrops.design import RGB, Geometry, Paint
from shopreel.media.image.backdrops.draw import ellipse_cover, gaussian_blur, mix, rgb, rounded_rect
from shopreel.media.image.backdrops.noise import fbm, value_noise

__all__ = ["podium", "steps", "plinth", "shelf", "plant", "autumn_leaves"]

_F32 = np.float32


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
    base = rgb(colour)
    side = base[None, None, :] * (lambert[:, :, None] * 0.9)
    ambient_occlusion = np.clip((ys - (bottom_y + curve - 0.06 * radius)) / (0.06 * radius), 0, 1)
    side = side * (1 - 0.25 * ambient_occlusion[:, :, None])
    if rim:
        side += rim * np.clip(np.abs(across) - 0.85, 0, 1)[:, :, None] * 6
    mix(canvas, side, side_cover)
    top = ellipse_cover((height, width), cx, top_y, radius, ry)
    top_colour = np.clip(base * 1.08 + 0.04, 0, 1) * (1 + 0.05 * across * light_x)[:, :, None]
    mix(canvas, top_colour, top)
    lip = np.clip(top - ellipse_cover((height, width), cx, top_y + 0.004 * g.unit, radius * 0.995, ry * 0.98), 0, 1)
    canvas += 0.08 * lip[:, :, None]


def _ground_shadow(canvas: np.ndarray, g: Geometry, cx: float, y: float, rx: float, *, strength: float, light_x: float) -> None:
    cover = ellipse_cover(canvas.shape[:2], cx - 0.15 * light_x * rx, y + 0.02 * rx, rx * 1.12, rx * 0.3, soft_px=1.0)
    shadow = gaussian_blur(cover, 0.06 * rx)
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
        face = rounded_rect(shape, cx - r, front_top, cx + r, g.floor_y, radius=0.01 * r)
        xs = np.linspace(0, 1, g.width, dtype=_F32)
        gradient = (0.86 + 0.08 * (1 - xs))[None, :, None]
        ys = np.arange(g.height, dtype=_F32)[:, None, None]
        occlusion = 1 - 0.15 * np.clip((ys - (g.floor_y - 0.08 * r)) / (0.08 * r), 0, 1)
        texture = 1 + 0.05 * fbm(shape, 0.05 * g.unit, rng)[:, :, None]
        mix(canvas, rgb(colour) * gradient * occlusion * texture, face)
        top_face = np.zeros(shape, _F32)
        corners = np.array([[cx - r, front_top], [cx + r, front_top], [cx + r * 0.9, front_top - depth], [cx - r * 0.9, front_top - depth]])
        cv2.fillPoly(top_face, [np.rint(corners * 16).astype(np.int32)], 1.0, cv2.LINE_AA, 4)
        mix(canvas, np.clip(rgb(colour) * 1.06 * texture, 0, 1), top_face)

    return paint


def shelf(colour: RGB, *, shadow: float = 0.4) -> Paint:
    """A floating wall shelf spanning the frame's middle, with its shadow on the wall below."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        top, thick, depth = g.prop_top_y, 0.045 * u, 0.06 * u
        left, right = g.width / 2 - 0.46 * g.width, g.width / 2 + 0.46 * g.width
        shape = canvas.shape[:2]
        cast = rounded_rect(shape, left + 0.02 * u, top + thick, right + 0.02 * u, top + thick + 0.05 * u, radius=0.02 * u)
        canvas *= (1 - shadow * gaussian_blur(cast, 0.03 * u))[:, :, None]
        upper = rounded_rect(shape, left, top - depth, right, top, radius=0)
        front = rounded_rect(shape, left, top, right, top + thick, radius=0.003 * u)
        mix(canvas, np.clip(rgb(colour) * 1.05, 0, 1), upper)
        mix(canvas, rgb(colour) * 0.85, front)

    return paint


def plant(*, side: float = 1.0, colour: RGB = (58, 84, 52), pot: RGB = (196, 170, 140)) -> Paint:
    """A potted plant at the side of the surface, out of focus: pot and leaves."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        layer = np.zeros((g.height, g.width), _F32)
        cx = g.width / 2 + side * (0.5 * g.width - 0.2 * u)
        base = g.horizon_y + 0.12 * (g.height - g.horizon_y)
        pot_cover = rounded_rect((g.height, g.width), cx - 0.13 * u, base - 0.24 * u, cx + 0.13 * u, base, radius=0.02 * u)
        for _ in range(16):
            angle = rng.uniform(-math.pi * 0.95, -math.pi * 0.05)
            reach = rng.uniform(0.25, 0.55) * u
            tip = (cx + math.cos(angle) * reach, base - 0.24 * u + math.sin(angle) * reach)
            mid = ((cx + tip[0]) / 2, (base - 0.24 * u + tip[1]) / 2)
            axes = (int(reach / 2), max(2, int(rng.uniform(0.03, 0.05) * u)))
            cv2.ellipse(layer, (int(mid[0]), int(mid[1])), axes, math.degrees(angle), 0, 360, 1.0, -1, cv2.LINE_AA)
        leaves = gaussian_blur(np.clip(layer, 0, 1), 0.006 * u)
        tone = 1 + 0.25 * value_noise((g.height, g.width), 0.05 * u, rng)[:, :, None]
        mix(canvas, rgb(colour) * tone, leaves * 0.96)
        shading = np.linspace(1.1, 0.8, g.width, dtype=_F32)[None, :, None] if side < 0 else np.linspace(0.8, 1.1, g.width, dtype=_F32)[None, :, None]
        mix(canvas, np.clip(rgb(pot) * shading, 0, 1), pot_cover)

    return paint


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
            colour = rgb(colours[int(rng.integers(len(colours)))]).tolist()
            cv2.ellipse(cover, (int(x), int(y)), axes, angle, 0, 360, 1.0, -1, cv2.LINE_AA)
            cv2.ellipse(colours_drawn, (int(x), int(y)), axes, angle, 0, 360, colour, -1)
        offset = max(1, int(0.008 * u))
        shadow = gaussian_blur(np.roll(cover, (offset, offset), axis=(0, 1)), 0.006 * u)
        canvas *= (1 - 0.3 * np.clip(shadow, 0, 1))[:, :, None]
        tone = 1 + 0.15 * value_noise(cover.shape, 0.01 * u, rng)[:, :, None]
        mix(canvas, colours_drawn * tone, np.clip(cover, 0, 1))

    return paint
