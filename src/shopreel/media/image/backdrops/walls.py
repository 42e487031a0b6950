"""What stands behind the surface, down to the horizon: walls, tiles, an arch, sky and sea, a room far away."""

from __future__ import annotations

import math

import cv2
import numpy as np

from shopreel.media.image.backdrops.design import RGB, Geometry, Paint
from shopreel.media.image.backdrops.draw import ellipse_cover, gaussian_blur, mix, rgb, rounded_rect, vertical_gradient
from shopreel.media.image.backdrops.noise import fbm, value_noise

__all__ = ["wall", "sweep", "plaster", "tiles", "arch", "sky_and_sea", "blurred_room", "bokeh"]

_F32 = np.float32


def wall(top: RGB, bottom: RGB) -> Paint:
    """A wall (or backdrop) graded from ``top`` to ``bottom``, down to the horizon."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        canvas[:] = vertical_gradient(canvas.shape[:2], top, bottom, end=g.horizon_y)

    return paint


def sweep(top: RGB, bottom: RGB, floor: RGB) -> Paint:
    """A seamless studio sweep: the backdrop curves into the floor without an edge."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        upper = vertical_gradient(canvas.shape[:2], top, bottom, end=g.horizon_y)
        lower = vertical_gradient(canvas.shape[:2], bottom, floor, start=g.horizon_y - 0.08 * g.height, end=g.floor_y + 0.1 * g.height)
        ys = np.arange(g.height, dtype=_F32)
        t = np.clip((ys - (g.horizon_y - 0.1 * g.height)) / (0.2 * g.height), 0, 1)[:, None, None]
        canvas[:] = upper * (1 - t) + lower * t

    return paint


def plaster(strength: float = 0.03, cell: float = 0.08) -> Paint:
    """Soft mottling of a painted or plastered wall."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        band = int(g.horizon_y)
        if band > 0:
            canvas[:band] *= 1 + strength * fbm((band, g.width), cell * g.unit, rng)[:, :, None]

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
        mix(region, rgb(grout), gap)

    return paint


def arch(colour: RGB, *, depth: float = 0.12) -> Paint:
    """A rounded arch niche in the wall behind the stage, shaded inside."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        half = min(0.36 * g.width, 0.55 * g.prop_radius + 0.3 * g.unit)
        top = max(0.04 * g.height, g.horizon_y - 0.6 * g.height)
        shape = (g.height, g.width)
        body = rounded_rect(shape, g.width / 2 - half, top + half, g.width / 2 + half, g.horizon_y + 2, radius=0)
        cap = ellipse_cover(shape, g.width / 2, top + half, half, half)
        cover = np.maximum(body, cap)
        xs = (np.arange(g.width, dtype=_F32) - g.width / 2) / half
        inner = rgb(colour) * (1 - depth * np.clip(xs, -1, 1)[None, :, None] * 0.8 - depth * 0.4)
        mix(canvas, np.clip(inner, 0, 1), cover)
        rim = np.clip(gaussian_blur(cover, 0.006 * g.unit) - cover, 0, 1) * 0.0 + np.clip(cover - gaussian_blur(cover, 0.012 * g.unit), 0, 1)
        canvas *= (1 - 0.35 * rim)[:, :, None]

    return paint


def sky_and_sea(sky: tuple[RGB, RGB], sea: RGB) -> Paint:
    """A hazy sky over a sea horizon line, for beach scenes."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        sea_top = g.horizon_y - 0.07 * g.height
        canvas[:] = vertical_gradient(canvas.shape[:2], sky[0], sky[1], end=sea_top)
        band = slice(int(sea_top), int(math.ceil(g.horizon_y)))
        rows = canvas[band]
        rows[:] = vertical_gradient(rows.shape[:2], sea, tuple(min(255, c + 40) for c in sea))  # type: ignore[arg-type]
        sparkle = np.clip(value_noise(rows.shape[:2], 0.01 * g.unit, rng), 0, 1) ** 3
        rows += 0.25 * sparkle[:, :, None]
        canvas[:] = gaussian_blur(canvas, 0.004 * g.unit)

    return paint


def blurred_room(colours: tuple[RGB, ...], *, blocks: int = 9, blur: float = 0.05) -> Paint:
    """Soft colour masses of furniture far behind, deeply out of focus."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        masses = canvas.copy()
        for _ in range(blocks):
            w, h = rng.uniform(0.2, 0.6) * g.width, rng.uniform(0.08, 0.3) * g.height
            x, y = rng.uniform(-0.1, 0.9) * g.width, g.horizon_y - rng.uniform(0.05, 0.55) * g.height
            colour = rgb(colours[int(rng.integers(len(colours)))])
            cv2.rectangle(masses, (int(x), int(y)), (int(x + w), int(y + h)), colour.tolist(), -1)
        masses[int(g.horizon_y) :] = canvas[int(g.horizon_y) :]
        canvas[:] = gaussian_blur(masses, blur * u)

    return paint


def bokeh(colours: tuple[RGB, ...], *, count: int = 26, strength: float = 0.55, size: float = 0.07) -> Paint:
    """Out-of-focus light discs in the background (string lights, a cafe)."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        u = g.unit
        glow = np.zeros((g.height, g.width, 3), _F32)
        for _ in range(count):
            radius = rng.uniform(0.5, 1.0) * size * u
            x, y = rng.uniform(0, g.width), rng.uniform(0.02, 0.95) * g.horizon_y
            colour = rgb(colours[int(rng.integers(len(colours)))]) * rng.uniform(0.4, 1.0)
            r = max(1, int(radius))
            top, left = max(0, int(y) - r - 1), max(0, int(x) - r - 1)
            window = glow[top : int(y) + r + 2, left : int(x) + r + 2]
            disc = np.zeros_like(window)
            cv2.circle(disc, (int(x) - left, int(y) - top), r, colour.tolist(), -1, cv2.LINE_AA)
            window += disc
        glow = gaussian_blur(glow, 0.012 * u)
        glow[int(g.horizon_y) :] = 0
        canvas += strength * glow * (1 - canvas)

    return paint
