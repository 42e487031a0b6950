from __future__ import annotations

import cv2
import numpy as np
import pytest


def bottle_mask(height: int = 240, width: int = 180) -> np.ndarray:
    """A bottle silhouette: body, rounded shoulders, neck."""
    mask = np.zeros((height, width), np.uint8)
    cx = width // 2
    cv2.rectangle(mask, (cx - 30, 90), (cx + 30, 210), 255, -1)
    cv2.ellipse(mask, (cx, 90), (30, 20), 0, 180, 360, 255, -1)
    cv2.rectangle(mask, (cx - 10, 40), (cx + 10, 75), 255, -1)
    return mask > 0


def bottle_photo(background: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A textured blue bottle with a yellow label over ``background``; returns (photo, truth)."""
    truth = bottle_mask(*background.shape[:2])
    rng = np.random.default_rng(0)
    product = np.empty(background.shape, np.int16)
    product[:] = (40, 120, 200)
    product += rng.integers(-25, 25, product.shape, dtype=np.int16)
    product[130:170] = (230, 200, 40)
    photo = background.copy()
    photo[truth] = np.clip(product, 0, 255).astype(np.uint8)[truth]
    return photo, truth


@pytest.fixture
def white_bottle() -> tuple[np.ndarray, np.ndarray]:
    return bottle_photo(np.full((240, 180, 3), 248, np.uint8))


@pytest.fixture
def busy_bottle() -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:240, 0:180].astype(np.float32)
    rng = np.random.default_rng(1)
    background = np.stack([120 + 60 * xs / 180, 150 + 40 * ys / 240, 90 + 50 * np.sin(xs / 20)], -1)
    background += rng.normal(0, 12, background.shape)
    return bottle_photo(np.clip(background, 0, 255).astype(np.uint8))


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


def solid(height: int, width: int, rgb: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    image = np.empty((height, width, 3), np.uint8)
    image[:] = rgb
    return image, np.ones((height, width), np.float32)
