"""The surface from the horizon down, and the textures laid on it: generated flat, seen in perspective."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from shopreel.media.image.backdrops.design import RGB, Geometry, Paint
from shopreel.media.image.backdrops.draw import gaussian_blur, rgb
from shopreel.media.image.backdrops.noise import fbm, value_noise

__all__ = [
    "Texture", "surface", "wood", "marble", "grain_texture", "sand", "gingham", "floor_tiles", "water", "glossy", "cloth",
    "flat",
]

_F32 = np.float32
Texture = Callable[[tuple[int, int], np.random.Generator], np.ndarray]
"""Makes a texture: ``(height, width)`` and a generator in, a flat float32 ``(height, width, 3)`` out."""


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
        soft = gaussian_blur(warped, focus * 0.01 * g.unit)
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
        figure = 0.5 + 0.5 * np.sin((ys + 40 * value_noise(shape, 260, rng) + 0.03 * xs) * 0.045)
        rings = figure**3
        plank_h = shape[0] / planks
        plank = np.floor(ys / plank_h)
        tone = rng.normal(0, 0.06, planks + 1).astype(_F32)[plank.astype(int)]
        t = np.clip(0.35 * rings + 0.45 * streaks + tone, 0, 1)
        colour = rgb(light) + (rgb(dark) - rgb(light)) * t[:, :, None]
        seam = np.clip(1 - np.abs(ys - np.rint(ys / plank_h) * plank_h) / 1.5, 0, 1)
        return (colour * (1 - 0.35 * seam[:, :, None])).astype(_F32)

    return make


def marble(base: RGB, vein: RGB, *, veins: float = 1.0) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        turbulence = fbm(shape, 220, rng, octaves=5)
        wave = np.sin((xs * 0.6 + ys * 0.8) / 90 + 5 * turbulence)
        lines = gaussian_blur(np.exp(-((wave / 0.09) ** 2)), 1.5) * veins
        fine = np.exp(-((np.sin((xs - ys) / 40 + 8 * fbm(shape, 120, rng)) / 0.04) ** 2)) * 0.4 * veins
        cloud = 0.04 * fbm(shape, 300, rng)
        colour = rgb(base) * (1 + cloud[:, :, None])
        amount = np.clip(lines + fine, 0, 1)[:, :, None] * 0.45
        return (colour + (rgb(vein) - colour) * amount).astype(_F32)

    return make


def grain_texture(colour: RGB, *, contrast: float = 0.08, cell: float = 60, pores: float = 0.0) -> Texture:
    """Concrete, stone, paper, linen: mottled noise, optional dark pores."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        mottled = 1 + contrast * fbm(shape, cell, rng, octaves=5)
        if pores:
            specks = np.clip(rng.normal(0, 1, shape).astype(_F32) - 2.6, 0, 1) * pores
            mottled = mottled - gaussian_blur(specks, 0.8)
        return (rgb(colour) * mottled[:, :, None]).astype(_F32)

    return make


def sand(colour: RGB) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        ripples = np.sin(ys / 14 + 2.5 * value_noise(shape, 120, rng)) * 0.05
        speckle = rng.normal(0, 0.05, shape).astype(_F32)
        mottled = 1 + 0.06 * fbm(shape, 90, rng) + ripples + speckle
        return (rgb(colour) * mottled[:, :, None]).astype(_F32)

    return make


def gingham(colour: RGB, base: RGB = (246, 242, 234), *, check_px: int = 64) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        stripe_x = ((xs // check_px) % 2 == 0).astype(_F32)
        stripe_y = ((ys // check_px) % 2 == 0).astype(_F32)
        amount = 0.5 * (stripe_x + stripe_y)
        weave = 1 + 0.05 * np.sin(xs * 1.4) * np.sin(ys * 1.4) + 0.04 * fbm(shape, 140, rng)
        colour_img = rgb(base) + (rgb(colour) - rgb(base)) * amount[:, :, None]
        return (colour_img * weave[:, :, None]).astype(_F32)

    return make


def floor_tiles(colour: RGB, grout: RGB, *, tile_px: int = 170) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        fy, fx = ys % tile_px, xs % tile_px
        edge = np.minimum(np.minimum(fy, tile_px - fy), np.minimum(fx, tile_px - fx))
        gap = np.clip(2.5 - edge, 0, 1)
        tone = 1 + rng.normal(0, 0.03, (shape[0] // tile_px + 1, shape[1] // tile_px + 1)).astype(_F32)
        body = rgb(colour) * tone[(ys // tile_px).astype(int), (xs // tile_px).astype(int)][:, :, None]
        body = body * (1 + 0.03 * fbm(shape, 50, rng))[:, :, None]
        return (body + (rgb(grout) - body) * gap[:, :, None]).astype(_F32)

    return make


def water(colour: RGB) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        radius = np.hypot(xs - shape[1] / 2, (ys - shape[0] * 0.5) * 1.0)
        rings = np.sin(radius / 11 - 1.5) * np.exp(-radius / 420) * 0.22
        swell = 0.1 * fbm(shape, 160, rng)
        caustic = np.clip(np.abs(value_noise(shape, 40, rng)) < 0.08, 0, 1).astype(_F32)
        light = 1 + rings + swell + 0.18 * gaussian_blur(caustic, 2)
        return (rgb(colour) * light[:, :, None]).astype(_F32)

    return make


def glossy(colour: RGB) -> Texture:
    """A smooth lacquered or acrylic floor: a clean gradient with soft sheen."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        rows = np.linspace(0.92, 1.06, shape[0], dtype=_F32)[:, None]
        sheen = 1 + 0.05 * value_noise(shape, 300, rng)
        return (rgb(colour) * (rows * sheen)[:, :, None]).astype(_F32)

    return make


def cloth(colour: RGB, *, folds: float = 0.1) -> Texture:
    """Linen or cotton: fine weave and soft, large folds."""

    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(_F32)
        weave = 0.03 * np.sin(xs * 1.9) * np.sin(ys * 1.9)
        fold_field = fbm(shape, 260, rng, octaves=3)
        ridges = np.sin(fold_field * 9) * folds
        light = 1 + weave + ridges + 0.02 * rng.normal(0, 1, shape).astype(_F32)
        return (rgb(colour) * light[:, :, None]).astype(_F32)

    return make


def flat(colour: RGB, *, mottle: float = 0.02) -> Texture:
    def make(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
        return (rgb(colour) * (1 + mottle * fbm(shape, 200, rng))[:, :, None]).astype(_F32)

    return make
