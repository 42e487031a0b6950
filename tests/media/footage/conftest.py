"""Tiny portrait videos made of the scikit-image photos, with known cuts, fades and motion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from skimage import data

from shopreel.media.types import Frame
from shopreel.media.video import encode_video

W, H = 160, 288
FPS = 10.0


def plate(image: Frame, *, zoom: float = 1.3) -> Frame:
    """``image`` scaled to cover the frame ``zoom`` times, leaving room to pan."""
    height, width = image.shape[:2]
    scale = max(W * zoom / width, H * zoom / height)
    return cv2.resize(image, (round(width * scale) + 1, round(height * scale) + 1), interpolation=cv2.INTER_AREA)


def drifting(image: Frame, count: int, *, step_px: float = 1.0) -> Iterator[Frame]:
    """``count`` frames slowly panning over ``image`` (``step_px`` right and half that down per frame)."""
    big = plate(image)
    for k in range(count):
        x, y = round(k * step_px), round(k * step_px / 2)
        yield np.ascontiguousarray(big[y : y + H, x : x + W])


def sliding(image: Frame, count: int, *, step_px: int) -> Iterator[Frame]:
    """``count`` frames of ``image`` scrolling sideways ``step_px`` per frame (wrapping around)."""
    still = plate(image, zoom=1.0)[:H, :W]
    for k in range(count):
        yield np.ascontiguousarray(np.roll(still, step_px * k, axis=1))


def photos() -> tuple[Frame, Frame, Frame]:
    return data.astronaut(), data.coffee(), data.chelsea()


@pytest.fixture
def write_video(tmp_path: Path) -> Callable[..., Path]:
    """Encode frames at 10 fps into ``tmp_path`` and return the file."""

    def write(frames: Iterable[Frame], *, name: str = "clip.mp4", fps: float = FPS) -> Path:
        path = tmp_path / name
        encode_video(frames, fps=fps, path=path, preset="ultrafast", crf=18)
        return path

    return write
