from __future__ import annotations

import numpy as np
import pytest

from shopreel.errors import MediaError
from shopreel.media.video import extract_cover, probe, read_frames
from tests.media.video.conftest import level_of


def _level(frame: np.ndarray) -> int:
    return int(np.median(frame))


def test_probe_describes_a_silent_video(counting_video):
    info = probe(counting_video(24, fps=24))
    assert (info.width, info.height, info.fps, info.frame_count) == (96, 160, 24.0, 24)
    assert info.duration_ms == 1000 and info.video_codec == "h264"
    assert not info.has_audio and info.audio_duration_ms is None


def test_read_frames_decodes_every_frame_in_order(counting_video):
    frames = list(read_frames(counting_video(20)))
    assert [abs(_level(f) - level_of(i)) <= 2 for i, f in enumerate(frames)] == [True] * 20
    assert frames[0].shape == (160, 96, 3) and frames[0].dtype == np.uint8


def test_read_frames_resizes(counting_video):
    frames = list(read_frames(counting_video(3), size=(48, 80)))
    assert [f.shape for f in frames] == [(80, 48, 3)] * 3


def test_read_frames_converts_the_rate_by_repeating_or_dropping(counting_video):
    path = counting_video(30, fps=30)
    half = list(read_frames(path, fps=15))
    assert len(half) == 15
    assert [_level(f) for f in half[:3]] == pytest.approx([level_of(0), level_of(2), level_of(4)], abs=2)
    double = list(read_frames(path, fps=60))
    assert len(double) == 60
    assert [_level(f) for f in double[:4]] == pytest.approx([level_of(0)] * 2 + [level_of(1)] * 2, abs=2)


def test_extract_cover_takes_the_frame_shown_at_the_time(counting_video):
    path = counting_video(30, fps=30)
    assert abs(_level(extract_cover(path)) - level_of(0)) <= 2
    assert abs(_level(extract_cover(path, at_s=0.5)) - level_of(15)) <= 2
    assert abs(_level(extract_cover(path, at_s=0.52)) - level_of(15)) <= 2
    assert abs(_level(extract_cover(path, at_s=60)) - level_of(29)) <= 2  # past the end: last frame


@pytest.mark.parametrize("call", [probe, lambda p: list(read_frames(p)), extract_cover])
def test_unreadable_files_raise_media_error(tmp_path, call):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00not a video" * 100)
    with pytest.raises(MediaError, match="junk.mp4"):
        call(junk)
    with pytest.raises(MediaError):
        call(tmp_path / "missing.mp4")
