"""Small media made on the fly: videos whose frames say which frame they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from shopreel.media.video import encode_video

W, H = 96, 160


def level_of(index: int) -> int:
    """The grey level of frame ``index`` of :func:`counting_video`: steps of 8, told apart after coding."""
    return 16 + 8 * index


@pytest.fixture
def counting_video(tmp_path: Path) -> Callable[..., Path]:
    """Write a video whose frame ``i`` is a flat grey of :func:`level_of` ``(i)``."""

    def make(frames: int = 30, *, fps: float = 30.0, size: tuple[int, int] = (W, H), name: str = "count.mp4") -> Path:
        path = tmp_path / name
        images = (np.full((size[1], size[0], 3), level_of(i), np.uint8) for i in range(frames))
        encode_video(images, fps=fps, path=path, preset="ultrafast", crf=1)
        return path

    return make
