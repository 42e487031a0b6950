"""The one encode path: frames in, a decoded MP4 that shows them, their overlays and their sound."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest

from shopreel.errors import InvalidInput
from shopreel.media.types import Layer
from shopreel.media.video import RenderCancelled, encode_frames, probe, read_frames
from shopreel.media.video.yuv import rgb_to_yuv420
from tests.media.video.conftest import H, W, level_of

FPS, SR = 25, 24_000


def _grey(index: int) -> np.ndarray:
    return np.full((H, W, 3), level_of(index), np.uint8)


def _counting(closed: list[bool] | None = None) -> Iterator[np.ndarray]:
    """Endless frames whose level says their index; notes in ``closed`` when it is closed."""
    try:
        for index in itertools.count():
            yield _grey(index % 25)
    finally:
        if closed is not None:
            closed.append(True)


class _Square:
    """A white 16x16 square at (20, 40), shown from ``start_s`` on."""

    def __init__(self, start_s: float) -> None:
        self.start_s = start_s
        self.layer = Layer(np.full((16, 16, 3), 255, np.uint8), np.ones((16, 16), np.float32), x=20, y=40)

    def layer_at(self, t_s: float) -> Layer | None:
        return self.layer if t_s >= self.start_s else None


def test_takes_n_frames_in_order_with_the_soundtrack(tmp_path):
    closed: list[bool] = []
    path = tmp_path / "out.mp4"
    audio = np.full(SR * 3, 0.1, np.float32)  # longer than the video: cut to it
    written = encode_frames(_counting(closed), n_frames=20, width=W, height=H, fps=FPS, path=path,
                            audio=audio, sample_rate=SR, preset="ultrafast", crf=12)
    assert written == 20 and closed == [True]
    info = probe(path)
    assert (info.width, info.height, info.fps, info.frame_count, info.duration_ms) == (W, H, FPS, 20, 800)
    assert info.has_audio and abs(info.audio_duration_ms - 800) <= 1000 / FPS
    levels = [int(np.median(frame)) for frame in read_frames(path)]
    assert levels == pytest.approx([level_of(k) for k in range(20)], abs=3)


def test_rgb_and_yuv420_frames_encode_alike(tmp_path):
    frames = [_grey(k) if k % 2 else rgb_to_yuv420(_grey(k)) for k in range(6)]
    path = tmp_path / "mixed.mp4"
    assert encode_frames(frames, n_frames=6, width=W, height=H, fps=FPS, path=path, crf=12) == 6
    assert not probe(path).has_audio
    levels = [int(np.median(frame)) for frame in read_frames(path)]
    assert levels == pytest.approx([level_of(k) for k in range(6)], abs=3)


def test_overlays_show_in_their_region_from_their_time_on(tmp_path):
    path = tmp_path / "overlay.mp4"
    black = (np.zeros((H, W, 3), np.uint8) for _ in range(25))
    encode_frames(black, n_frames=25, width=W, height=H, fps=FPS, path=path, overlays=[_Square(0.4)], crf=12)
    frames = list(read_frames(path))
    assert len(frames) == 25
    for index, frame in enumerate(frames):
        inside, outside = frame[44:52, 24:32], np.delete(frame, np.s_[36:60], axis=0)
        assert outside.max() < 20, index
        if index >= 10:  # 0.4 s at 25 fps
            assert inside.min() > 235, index
        else:
            assert inside.max() < 20, index


def test_progress_grows_to_one(tmp_path):
    seen: list[float] = []
    encode_frames(_counting(), n_frames=30, width=W, height=H, fps=FPS, path=tmp_path / "p.mp4",
                  progress=seen.append, preset="ultrafast")
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) == 30


def test_cancel_stops_between_frames_and_removes_the_file(tmp_path):
    closed: list[bool] = []
    polls = itertools.count()
    path = tmp_path / "cancelled.mp4"
    with pytest.raises(RenderCancelled, match="after 4 of 50 frames"):
        encode_frames(_counting(closed), n_frames=50, width=W, height=H, fps=FPS, path=path,
                      cancelled=lambda: next(polls) >= 4)
    assert next(polls) == 5  # polled once per frame, not again after it said stop
    assert not path.exists() and closed == [True]


def test_running_out_of_frames_is_refused_and_leaves_no_file(tmp_path):
    path = tmp_path / "short.mp4"
    with pytest.raises(InvalidInput, match="frames ran out after 5 of 8"):
        encode_frames([_grey(k) for k in range(5)], n_frames=8, width=W, height=H, fps=FPS, path=path)
    assert not path.exists()


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (np.zeros((H, W + 2, 3), np.uint8), f"frame 1 is {W + 2}x{H}, expected {W}x{H}"),
        (rgb_to_yuv420(np.zeros((H + 2, W, 3), np.uint8)), f"frame 1 is {W}x{H + 2}, expected {W}x{H}"),
        (np.zeros((H, W, 3), np.float32), "frame 1 must be uint8"),
        (np.zeros((H, W), np.uint8), "frame 1 must be uint8"),
    ],
)
def test_a_bad_frame_is_named(tmp_path, frame, message):
    path = tmp_path / "bad.mp4"
    with pytest.raises(InvalidInput, match=message):
        encode_frames([_grey(0), frame, _grey(2)], n_frames=3, width=W, height=H, fps=FPS, path=path)
    assert not path.exists()


def test_an_error_while_drawing_reaches_the_caller(tmp_path):
    def failing() -> Iterator[np.ndarray]:
        yield _grey(0)
        raise RuntimeError("the drawing broke")

    with pytest.raises(RuntimeError, match="the drawing broke"):
        encode_frames(failing(), n_frames=3, width=W, height=H, fps=FPS, path=tmp_path / "e.mp4")
    assert not (tmp_path / "e.mp4").exists()


@pytest.mark.parametrize(("kwargs", "culprit"), [({"n_frames": 0}, "n_frames"), ({"width": 97}, "97x160"),
                                                 ({"fps": 0}, "fps"), ({"preset": "warp9"}, "preset")])
def test_bad_settings_are_named(tmp_path, kwargs, culprit):
    args = {"n_frames": 3, "width": W, "height": H, "fps": FPS, "path": tmp_path / "x.mp4"} | kwargs
    with pytest.raises(InvalidInput, match=culprit):
        encode_frames(_counting(), **args)
    assert not (tmp_path / "x.mp4").exists()
