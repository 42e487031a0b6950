"""Light and shade over the frame: key light, spotlight, sun through a window, leaf shadows, vignette."""

from __future__ import annotations

import math

import cv2
import numpy as np

from shopreel.media.image.backdrops.design import RGB, Geometry, Paint
from shopreel.media.image.backdrops.draw import gaussian_blur, rgb

__all__ = ["key_light", "spotlight", "window_light", "leaf_shadows", "vignette"]

_F32 = np.float32


def key_light(*, x: float = -0.4, y: float = 0.2, radius: float = 0.9, strength: float = 0.18, colour: RGB = (255, 248, 235)) -> Paint:
    """A soft pool of light centred at (``x``, ``y``) (-1..1 of the frame), screen-blended."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys, xs = np.mgrid[0 : g.height, 0 : g.width].astype(_F32)
        dx = (xs - (0.5 + x / 2) * g.width) / (radius * g.unit)
        dy = (ys - (0.5 + y / 2) * g.height) / (radius * g.unit)
        pool = np.exp(-(dx * dx + dy * dy) * 1.6) * strength
        canvas += pool[:, :, None] * rgb(colour) * (1 - canvas * 0.6)

    return paint


def spotlight(*, strength: float = 0.55, colour: RGB = (255, 240, 220)) -> Paint:
    """A narrow pool of light on the stage and backdrop behind it, for dark scenes."""

    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys, xs = np.mgrid[0 : g.height, 0 : g.width].astype(_F32)
        dx = (xs - g.width / 2) / (0.55 * g.prop_radius + 0.25 * g.unit)
        dy = (ys - (g.prop_top_y - 0.35 * g.height)) / (0.55 * g.height)
        beam = np.exp(-(dx * dx + dy * dy) * 1.2)
        canvas += strength * beam[:, :, None] * rgb(colour) * (1 - canvas)

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
        light = gaussian_blur(light, 0.012 * u)
        light[int(g.horizon_y) :] *= 0.0
        canvas += strength * light[:, :, None] * rgb(warm)

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
        shade = gaussian_blur(shade, 0.01 * u)
        if not on_floor:
            shade[int(g.horizon_y) :] = 0
        canvas *= (1 - strength * np.clip(shade, 0, 1))[:, :, None]

    return paint


def vignette(strength: float = 0.22) -> Paint:
    def paint(canvas: np.ndarray, g: Geometry, rng: np.random.Generator) -> None:
        ys = (np.arange(g.height, dtype=_F32) + 0.5) / g.height * 2 - 1
        xs = (np.arange(g.width, dtype=_F32) + 0.5) / g.width * 2 - 1
        falloff = 1 - strength * np.clip(xs[None, :] ** 2 * 0.8 + ys[:, None] ** 2 * 0.6, 0, 1) ** 1.5
        canvas *= falloff[:, :, None]

    return paint
