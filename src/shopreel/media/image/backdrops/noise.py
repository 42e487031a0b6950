"""Seeded smooth noise, the raw material of every texture and mottle."""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["value_noise", "fbm"]

_F32 = np.float32


def value_noise(shape: tuple[int, int], cell_px: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth value noise in about [-1, 1] with features ``cell_px`` across."""
    cells = (max(2, int(shape[0] / cell_px) + 3), max(2, int(shape[1] / cell_px) + 3))
    coarse = rng.normal(0, 1, cells).astype(_F32)
    fine = cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return np.clip(fine / 1.5, -1.5, 1.5)


def fbm(shape: tuple[int, int], cell_px: float, rng: np.random.Generator, *, octaves: int = 4) -> np.ndarray:
    """Fractal noise: ``octaves`` layers of :func:`value_noise`, each with half the feature size and weight."""
    total = np.zeros(shape, _F32)
    weight = 1.0
    for octave in range(octaves):
        total += weight * value_noise(shape, max(1.0, cell_px / 2**octave), rng)
        weight *= 0.5
    return total / 1.9
