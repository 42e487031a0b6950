"""Global motion between frames, measured from the pixels, and small test pictures."""

from __future__ import annotations

import cv2
import numpy as np


def gray(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY).astype(np.float32)


def shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """How far the content moved from frame ``a`` to frame ``b``, (dx, dy) pixels.

    Phase correlation finds the shift to about a pixel (its sub-pixel peak is biased towards
    whole pixels); ECC (enhanced correlation coefficient, a Gauss-Newton fit on the image
    gradients) then refines it to a few hundredths of a pixel.
    """
    ga, gb = gray(a), gray(b)
    (dx, dy), _ = cv2.phaseCorrelate(ga, gb)
    warp = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 100, 1e-5)
    try:
        _, warp = cv2.findTransformECC(ga, gb, warp, cv2.MOTION_TRANSLATION, criteria, None, 3)
    except cv2.error:
        return dx, dy
    if np.hypot(warp[0, 2] - dx, warp[1, 2] - dy) > 1.5:  # ECC wandered off: keep the coarse answer
        return dx, dy
    return float(warp[0, 2]), float(warp[1, 2])


def scale(a: np.ndarray, b: np.ndarray) -> float:
    """Magnification from frame ``a`` to frame ``b`` (ORB matches, RANSAC similarity fit)."""
    orb = cv2.ORB_create(nfeatures=1500, fastThreshold=5)
    ka, da = orb.detectAndCompute(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY), None)
    kb, db = orb.detectAndCompute(cv2.cvtColor(b, cv2.COLOR_RGB2GRAY), None)
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(da, db)
    src = np.float32([ka[m.queryIdx].pt for m in matches])
    dst = np.float32([kb[m.trainIdx].pt for m in matches])
    model, inliers = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=1.5)
    assert model is not None and inliers.sum() >= 20, "too few feature matches to measure scale"
    return float(np.hypot(model[0, 0], model[1, 0]))


def texture(height: int, width: int, *, seed: int, low: int = 60, high: int = 200) -> np.ndarray:
    """Band-limited colour noise in [low, high]: trackable at any shift, never black."""
    rng = np.random.default_rng(seed)
    noise = rng.random((height // 4 + 2, width // 4 + 2, 3)).astype(np.float32)
    smooth = cv2.resize(noise, (width, height), interpolation=cv2.INTER_CUBIC)
    smooth = cv2.GaussianBlur(smooth, (0, 0), 1.2)
    smooth = (smooth - smooth.min()) / (smooth.max() - smooth.min())
    return (low + (high - low) * smooth).astype(np.uint8)


def disc_scene(height: int = 288, width: int = 160, *, radius: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """A textured disc (its own pattern, brighter) on a textured background, and the disc's float mask."""
    background = texture(height, width, seed=1, low=60, high=150)
    foreground = texture(height, width, seed=2, low=150, high=240)
    mask = np.zeros((height, width), np.float32)
    cv2.circle(mask, (width // 2, height // 2), radius, 1.0, -1, cv2.LINE_AA)
    image = (background * (1 - mask[..., None]) + foreground * mask[..., None]).round().astype(np.uint8)
    return image, mask
