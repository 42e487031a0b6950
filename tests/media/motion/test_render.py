from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from skimage import data

from shopreel.media.motion import MODES, MotionPlan, Move, SubjectMasks, animate, output_size, render_image_to_video
from shopreel.media.video import RenderCancelled, VideoWriter, probe, read_frames

from .measure import shift


@pytest.fixture(scope="module")
def small_photo() -> np.ndarray:
    return np.ascontiguousarray(data.astronaut()[::2, ::2][:, 40:200])  # 160 x 256 portrait


def test_render_writes_an_exact_5_s_clip_in_the_mode_size(tmp_path: Path, small_photo: np.ndarray) -> None:
    path = tmp_path / "clip.mp4"
    seen: list[float] = []
    size = render_image_to_video(small_photo, prompt="pan left", negative_prompt=None, duration_s=5, mode="lite",
                                 variant=0, path=path, progress=seen.append)
    assert size == (540, 960, 5000)
    info = probe(path)
    assert (info.width, info.height, info.frame_count, info.duration_ms) == (540, 960, 120, 5000)
    assert info.fps == 24 and info.video_codec == "h264" and not info.has_audio
    assert seen[-1] == 1.0 and seen == sorted(seen)
    decoded = list(read_frames(path, size=(135, 240)))
    assert len(decoded) == 120 and all(f.std() > 10 for f in decoded)
    assert shift(decoded[0], decoded[-1])[0] > 3  # pan left: content moved right


def test_10_s_clip_has_exactly_its_frames_after_the_round_trip(tmp_path: Path, small_photo: np.ndarray) -> None:
    path = tmp_path / "ten.mp4"
    plan = MotionPlan(duration_s=10, moves=(Move.PUSH_IN,))
    with VideoWriter(path, width=96, height=160, fps=8) as writer:
        for frame in animate(small_photo, plan, width=96, height=160, fps=8, masks=SubjectMasks()):
            writer.write(frame)
    info = probe(path)
    assert (info.frame_count, info.duration_ms) == (80, 10000)
    assert len(list(read_frames(path))) == 80


def test_cancel_stops_and_removes_the_file(tmp_path: Path, small_photo: np.ndarray) -> None:
    path = tmp_path / "cancelled.mp4"
    polls = iter(range(100))
    with pytest.raises(RenderCancelled):
        render_image_to_video(small_photo, prompt=None, negative_prompt=None, duration_s=5, mode="lite", variant=1,
                              path=path, cancelled=lambda: next(polls) >= 3)
    assert not path.exists()


@pytest.mark.parametrize(
    ("image", "kwargs", "culprit"),
    [
        (None, {"duration_s": 7}, "duration_s"),
        (None, {"mode": "ultra"}, "mode"),
        (None, {"variant": -1}, "variant"),
        (np.zeros((64, 48), np.uint8), {}, "image"),
        (np.zeros((64, 48, 4), np.uint8), {}, "image"),
    ],
)
def test_bad_inputs_name_the_parameter(
    tmp_path: Path, small_photo: np.ndarray, image: np.ndarray | None, kwargs: dict, culprit: str
) -> None:
    args = {"prompt": None, "negative_prompt": None, "duration_s": 5, "mode": "lite", "variant": 0,
            "path": tmp_path / "x.mp4"} | kwargs
    with pytest.raises(ValueError, match=culprit):
        render_image_to_video(small_photo if image is None else image, **args)
    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize(
    ("size", "mode", "expected"),
    [((1080, 1920), "lite", (540, 960)), ((900, 1200), "pro", (720, 1280)), ((1920, 1080), "plus", (1920, 1080)),
     ((800, 800), "best", (1920, 1920)), ((4000, 1000), "lite", (960, 480))],
)
def test_output_size_per_mode(size: tuple[int, int], mode: str, expected: tuple[int, int]) -> None:
    assert output_size(*size, mode=mode) == expected
    assert MODES[mode].fps in (24, 30)
