from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from shopreel.media.video import PRESETS, VideoWriter, encode_video, probe, read_frames
from shopreel.media.video.yuv import rgb_to_yuv420

SR = 48_000


def _tone(seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def _colour_frames(count: int, rgb: tuple[int, int, int], size=(96, 160)) -> list[np.ndarray]:
    return [np.full((size[1], size[0], 3), rgb, np.uint8) for _ in range(count)]


def test_round_trip_keeps_size_rate_duration_and_audio(tmp_path):
    path = tmp_path / "out.mp4"
    written = encode_video(_colour_frames(45, (30, 120, 200)), fps=30, path=path, audio=_tone(1.5), sample_rate=SR)
    info = probe(path)
    assert written == 45
    assert (info.width, info.height, info.fps, info.frame_count) == (96, 160, 30.0, 45)
    assert info.video_codec == "h264" and info.has_audio
    assert info.duration_ms == 1500
    assert abs(info.audio_duration_ms - info.duration_ms) <= 1000 / 30


def test_audio_is_cut_or_padded_to_the_video(tmp_path):
    for seconds in (0.4, 3.0):
        path = tmp_path / f"a{seconds}.mp4"
        encode_video(_colour_frames(30, (0, 0, 0)), fps=30, path=path, audio=_tone(seconds), sample_rate=SR)
        info = probe(path)
        assert abs(info.audio_duration_ms - 1000) <= 1000 / 30
    with av.open(str(tmp_path / "a0.4.mp4")) as container:
        samples = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    start = int(0.5 * SR)
    assert np.abs(samples[start : start + SR // 4]).max() < 0.01  # padding is silence
    assert np.abs(samples[SR // 10 : SR // 5]).max() > 0.3  # the tone itself survives


@pytest.mark.parametrize("rgb", [(255, 0, 0), (0, 200, 0), (20, 40, 230), (128, 128, 128), (250, 240, 20)])
def test_decoded_colours_match_the_input(tmp_path, rgb):
    path = tmp_path / "c.mp4"
    encode_video(_colour_frames(5, rgb), fps=30, path=path)
    frames = list(read_frames(path))
    assert len(frames) == 5
    assert np.abs(frames[2][60:100, 30:60].astype(int) - rgb).max() <= 6


def test_yuv_frames_encode_without_conversion(tmp_path):
    path = tmp_path / "y.mp4"
    frame = rgb_to_yuv420(np.full((160, 96, 3), (200, 60, 30), np.uint8))
    with VideoWriter(path, width=96, height=160, fps=25) as writer:
        for _ in range(10):
            writer.write(frame)
    assert writer.duration_s == pytest.approx(0.4)
    decoded = list(read_frames(path))
    assert len(decoded) == 10 and np.abs(decoded[5][80, 48].astype(int) - (200, 60, 30)).max() <= 6


@pytest.mark.parametrize("size", [(97, 160), (96, 161), (1, 1)])
def test_odd_dimensions_are_refused_naming_the_size(tmp_path, size):
    with pytest.raises(ValueError, match=f"{size[0]}x{size[1]}"):
        VideoWriter(tmp_path / "odd.mp4", width=size[0], height=size[1], fps=30)
    with pytest.raises(ValueError, match=f"{size[0]}x{size[1]}"):
        encode_video(_colour_frames(2, (0, 0, 0), size=size), fps=30, path=tmp_path / "odd2.mp4")


def test_a_frame_of_the_wrong_size_fails_and_leaves_no_file(tmp_path):
    path = tmp_path / "bad.mp4"
    frames = _colour_frames(3, (0, 0, 0)) + _colour_frames(1, (0, 0, 0), size=(64, 64))
    with pytest.raises(ValueError, match=r"\(160, 96, 3\)"):
        encode_video(frames, fps=30, path=path)
    assert not path.exists()


def test_ntsc_rate_is_exact(tmp_path):
    path = tmp_path / "ntsc.mp4"
    encode_video(_colour_frames(30, (9, 9, 9)), fps=29.97, path=path)
    with av.open(str(path)) as container:
        assert container.streams.video[0].average_rate == Fraction(30000, 1001)


def test_presets_and_crf_shape_the_file(tmp_path):
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 255, (160, 96, 3), np.uint8) for _ in range(10)]
    sizes = {}
    for crf in (10, 40):
        encode_video(frames, fps=30, path=tmp_path / f"{crf}.mp4", preset="ultrafast", crf=crf)
        sizes[crf] = (tmp_path / f"{crf}.mp4").stat().st_size
    assert sizes[10] > 3 * sizes[40]
    assert PRESETS["shopreel"].x264_preset == "superfast"
    with pytest.raises(ValueError, match="preset"):
        VideoWriter(tmp_path / "x.mp4", width=96, height=160, fps=30, preset="warp9")


def test_stream_is_tagged_bt709_with_faststart(tmp_path):
    path = tmp_path / "tags.mp4"
    encode_video(_colour_frames(3, (1, 2, 3)), fps=30, path=path)
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        assert int(frame.colorspace) == 1 and int(frame.color_range) == 1
    data = path.read_bytes()
    assert 0 <= data.find(b"moov") < data.find(b"mdat")  # index first: playable while downloading
