"""How active a shot is (static, gentle, fast): optical flow between neighbouring frame thumbnails."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput

__all__ = ["Activity", "activity_of", "frame_speed"]

# Speeds in frame sizes per second (the mean flow over the thumbnail's long side).
_STATIC_BELOW = 0.02
_GENTLE_BELOW = 0.25


class Activity(StrEnum):
    """How much a shot moves: under 2% of the frame per second is static, under 25% gentle."""

    STATIC = "static"
    GENTLE = "gentle"
    FAST = "fast"


def frame_speed(previous: npt.NDArray[np.float32], current: npt.NDArray[np.float32], *, fps: float) -> float:
    """Mean optical-flow speed between two grey thumbnails of the same size, in frame sizes per second.

    Farneback dense flow (3-level pyramid) on the thumbnails (see
    :data:`~shopreel.media.footage.shots.SIGNATURE_LONG_SIDE_PX`); the mean flow magnitude in
    pixels is divided by the thumbnail's long side and multiplied by ``fps``.
    """
    if previous.shape != current.shape:
        raise InvalidInput(f"thumbnails differ in size: {previous.shape} and {current.shape}")
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps}")
    flow = cv2.calcOpticalFlowFarneback(
        previous.astype(np.uint8), current.astype(np.uint8), None, 0.5, 3, 9, 3, 5, 1.1, 0
    )
    magnitude = float(np.linalg.norm(flow, axis=2).mean())
    return magnitude / max(previous.shape) * fps


def activity_of(speeds: Sequence[float]) -> Activity:
    """Classify a shot by the median of its per-frame speeds (see :func:`frame_speed`); none is static."""
    if len(speeds) == 0:
        return Activity.STATIC
    speed = float(np.median(speeds))
    if speed < _STATIC_BELOW:
        return Activity.STATIC
    return Activity.GENTLE if speed < _GENTLE_BELOW else Activity.FAST
