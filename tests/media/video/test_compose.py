from __future__ import annotations

import numpy as np
import pytest

from shopreel.media.types import Layer
from shopreel.media.video import (
    Easing,
    EndCard,
    Fit,
    ImageClip,
    KenBurns,
    LogoOverlay,
    RenderCancelled,
    Timeline,
    VideoClip,
    iter_frames,
    probe,
    read_frames,
    render,
)
from tests.media.video.conftest import H, W, level_of

RED, BLUE = (220, 20, 20), (20, 20, 220)


def _flat(rgb, size=(120, 200)) -> np.ndarray:
    return np.full((size[1], size[0], 3), rgb, np.uint8)


def _square_picture() -> np.ndarray:
    """A 192x320 picture (twice the canvas) with a white 48x48 square in the middle."""
    picture = np.zeros((320, 192, 3), np.uint8)
    picture[136:184, 72:120] = 255
    return picture


def _square_width(frame: np.ndarray) -> float:
    """Width of a centred bright square with sub-pixel precision: sqrt of its summed brightness."""
    return float(np.sqrt((frame[..., 1].astype(np.float64).clip(16, 235) - 16).sum() / 219))


def _centroid(frame: np.ndarray) -> tuple[float, float]:
    weight = frame[..., 1].astype(np.float64).clip(16, 235) - 16
    ys, xs = np.mgrid[0 : frame.shape[0], 0 : frame.shape[1]]
    return float((weight * xs).sum() / weight.sum()), float((weight * ys).sum() / weight.sum())


def _render(tmp_path, timeline: Timeline, name: str = "out.mp4", **kw) -> list[np.ndarray]:
    path = tmp_path / name
    render(timeline, path, crf=kw.pop("crf", 12), **kw)
    return list(read_frames(path))


def test_render_writes_the_timeline_with_its_soundtrack(tmp_path):
    sr = 24_000
    audio = np.full(sr * 3, 0.1, np.float32)
    timeline = Timeline(W, H, clips=(ImageClip(_flat(RED), 1.0), ImageClip(_flat(BLUE), 1.0)), fps=25,
                        audio=audio, sample_rate=sr)
    path = tmp_path / "out.mp4"
    assert render(timeline, path) == 50
    info = probe(path)
    assert (info.width, info.height, info.fps, info.frame_count, info.duration_ms) == (W, H, 25.0, 50, 2000)
    assert info.has_audio and abs(info.audio_duration_ms - 2000) <= 40


def test_ken_burns_zoom_grows_the_picture_smoothly(tmp_path):
    motion = KenBurns(zoom_from=1.0, zoom_to=1.5, easing=Easing.LINEAR)
    timeline = Timeline(W, H, clips=(ImageClip(_square_picture(), 1.5, motion=motion),), fps=30)
    frames = _render(tmp_path, timeline)
    widths = np.array([_square_width(f) for f in frames])
    expected = 24 * 1.5 ** (np.arange(45) / 45)  # geometric zoom from the 24 px square
    assert (np.diff(widths) > 0).all()  # monotonic: never shrinks back
    assert np.abs(widths - expected).max() < 0.12
    # No jitter: the square stays centred to a hundredth of a pixel in every frame. A window
    # rounded to whole source pixels wanders by up to 0.375 px here.
    centres = np.array([_centroid(f) for f in frames])
    assert np.abs(centres - ((W - 1) / 2, (H - 1) / 2)).max() < 0.05


def test_ken_burns_pan_moves_the_picture_steadily(tmp_path):
    motion = KenBurns(zoom_from=1.3, zoom_to=1.3, pan_from=(0.4, 0.5), pan_to=(0.6, 0.5), easing=Easing.LINEAR)
    picture = np.zeros((320, 192, 3), np.uint8)
    picture[:, 92:100] = 255  # a vertical bar at the centre
    timeline = Timeline(W, H, clips=(ImageClip(picture, 1.0, motion=motion),), fps=30)
    frames = _render(tmp_path, timeline)
    row = np.array([f[80, :, 1].astype(np.float64) for f in frames])
    centres = (row * np.arange(W)).sum(axis=1) / row.sum(axis=1)
    steps = np.diff(centres)
    assert (steps < 0).all()  # the view pans right, so the bar moves left
    assert np.abs(steps - steps.mean()).max() < 0.15


def test_ease_in_out_starts_and_ends_slowly():
    assert Easing.EASE_IN_OUT(0.0) == 0.0 and Easing.EASE_IN_OUT(1.0) == pytest.approx(1.0)
    assert Easing.EASE_IN_OUT(0.05) < 0.05 / 2 and Easing.EASE_IN_OUT(0.5) == pytest.approx(0.5)
    window = KenBurns(zoom_from=1.0, zoom_to=2.0).window(1.0, width=100, height=200)
    assert window == pytest.approx((25, 50, 75, 150))


def test_crossfade_midpoint_is_a_blend(tmp_path):
    timeline = Timeline(W, H, clips=(ImageClip(_flat(RED), 1.0), ImageClip(_flat(BLUE), 1.0)), fps=30,
                        crossfade_s=0.4)
    frames = _render(tmp_path, timeline)
    assert len(frames) == 48  # 1 + 1 - 0.4 seconds
    middle = frames[24][80, 48].astype(int)  # 0.8 s: halfway through the fade that starts at 0.6 s
    assert np.abs(middle - (120, 20, 120)).max() <= 6
    assert np.abs(frames[10][80, 48].astype(int) - RED).max() <= 6
    assert np.abs(frames[40][80, 48].astype(int) - BLUE).max() <= 6


def test_crossfade_longer_than_a_clip_allows_is_refused():
    timeline = Timeline(W, H, clips=(ImageClip(_flat(RED), 1.0), ImageClip(_flat(BLUE), 0.5),
                                     ImageClip(_flat(RED), 1.0)), crossfade_s=0.3)
    with pytest.raises(ValueError, match="clip 1 lasts 0.500 s, too short for 2 cross-fade"):
        timeline.duration_s()


def test_video_clip_is_trimmed_to_its_stretch(tmp_path, counting_video):
    source = counting_video(30)
    timeline = Timeline(W, H, clips=(VideoClip(source, start_s=0.2, end_s=0.6),), fps=30)
    frames = _render(tmp_path, timeline)
    assert len(frames) == 12
    assert [int(np.median(f)) for f in frames] == pytest.approx([level_of(6 + k) for k in range(12)], abs=3)


def test_video_clip_loops_to_the_asked_duration(tmp_path, counting_video):
    source = counting_video(30)
    clip = VideoClip(source, start_s=0.2, end_s=0.6, duration_s=1.0)
    path = tmp_path / "loop.mp4"
    render(Timeline(W, H, clips=(clip,), fps=30), path, crf=12)
    assert probe(path).duration_ms == 1000
    levels = [int(np.median(f)) for f in read_frames(path)]
    assert levels == pytest.approx([level_of(6 + k % 12) for k in range(30)], abs=3)


def test_video_clip_without_loop_holds_its_last_frame(tmp_path, counting_video):
    source = counting_video(10)
    frames = _render(tmp_path, Timeline(W, H, clips=(VideoClip(source, duration_s=0.6, loop=False),), fps=30))
    assert len(frames) == 18
    assert [int(np.median(f)) for f in frames[10:]] == pytest.approx([level_of(9)] * 8, abs=3)


def test_video_clip_is_fitted_to_another_shape(tmp_path, counting_video):
    wide = counting_video(5, size=(160, 96), name="wide.mp4")
    cover = _render(tmp_path, Timeline(W, H, clips=(VideoClip(wide, fit=Fit.COVER),), fps=30), name="c.mp4")
    assert np.abs(cover[2].astype(int) - level_of(2)).max() <= 4  # filled edge to edge
    contain = _render(tmp_path, Timeline(W, H, clips=(VideoClip(wide, fit=Fit.CONTAIN),), fps=30), name="d.mp4")
    middle, top = contain[2][80, 48].astype(int), contain[2][5, 48].astype(int)
    assert np.abs(middle - level_of(2)).max() <= 4
    assert 0 < top.mean() < level_of(2)  # blurred, dimmed backdrop rather than black bars


def test_still_picture_contained_over_its_blurred_backdrop(tmp_path):
    picture = np.zeros((100, 200, 3), np.uint8)
    picture[:, :100] = (250, 250, 250)
    frames = list(iter_frames(Timeline(W, H, clips=(ImageClip(picture, 0.1, fit=Fit.CONTAIN),), fps=30)))
    frame = frames[0].astype(int)
    assert frame[80, 10].min() > 230 and frame[80, 85].max() < 15  # the picture, whole, across the middle
    assert 30 < frame[10, 30].mean() < 230  # blur of the picture above it, not a black bar


def test_overlay_is_drawn_where_and_when_it_says(tmp_path):
    logo = np.zeros((16, 20, 4), np.uint8)
    logo[..., 1] = 255
    logo[..., 3] = 255
    overlay = LogoOverlay(logo, W, H, corner="bottom_left", margin_px=6, start_s=0.5, end_s=1.0)
    timeline = Timeline(W, H, clips=(ImageClip(_flat((0, 0, 0)), 1.0),), fps=30, overlays=(overlay,))
    frames = _render(tmp_path, timeline)
    inside = (H - 6 - 8, 6 + 10)
    assert frames[20][inside][1] > 240 and frames[20][inside][0] < 15
    assert frames[5][inside].max() < 15 and frames[29][5, 80].max() < 15  # not before 0.5 s, not elsewhere


def test_overlay_layer_is_converted_once_per_distinct_layer(tmp_path):
    class Counting:
        def __init__(self) -> None:
            self.layer = Layer(rgb=np.full((8, 8, 3), 255, np.uint8), alpha=np.ones((8, 8), np.float32), x=3, y=3)
            self.calls = 0

        def layer_at(self, t_s: float) -> Layer | None:
            self.calls += 1
            return self.layer

    overlay = Counting()
    frames = list(iter_frames(Timeline(W, H, clips=(ImageClip(_flat((0, 0, 0)), 0.5),), fps=30,
                                       overlays=(overlay,))))
    assert overlay.calls == 15 and all(f[6, 6].min() > 240 for f in frames)


def test_end_card_follows_the_clips(tmp_path):
    card = EndCard(0.5, color=(250, 250, 250), image=_flat(RED, size=(40, 40)))
    frames = _render(tmp_path, Timeline(W, H, clips=(ImageClip(_flat(BLUE), 0.5),), fps=30, end_card=card))
    assert len(frames) == 30
    last = frames[-1].astype(int)
    assert np.abs(last[80, 48] - RED).max() <= 8 and last[10, 10].min() > 235


def test_progress_reaches_one_and_cancel_stops_with_a_clear_error(tmp_path):
    timeline = Timeline(W, H, clips=(ImageClip(_flat(RED), 1.0),), fps=30)
    seen: list[float] = []
    render(timeline, tmp_path / "ok.mp4", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)

    polls = iter(range(1000))
    path = tmp_path / "cancelled.mp4"
    with pytest.raises(RenderCancelled, match="after 5 of 30 frames"):
        render(timeline, path, cancelled=lambda: next(polls) >= 5)
    assert not path.exists()


def test_a_broken_video_clip_fails_the_render_and_leaves_no_file(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    path = tmp_path / "out.mp4"
    with pytest.raises(Exception, match="broken.mp4"):
        render(Timeline(W, H, clips=(VideoClip(broken, end_s=1.0),), fps=30), path)
    assert not path.exists()


@pytest.mark.parametrize("size", [(97, 160), (96, 0)])
def test_timeline_size_must_be_even(size):
    with pytest.raises(ValueError, match=f"{size[0]}x{size[1]}"):
        Timeline(*size, clips=(ImageClip(_flat(RED), 1.0),))


def test_a_designed_end_card_moves_then_holds_its_resting_frame():
    from shopreel.media.endcard import CardText, design_end_card

    product = _flat(RED, size=(30, 50))
    design = design_end_card(product, np.ones((50, 30), np.float32), CardText("Mug", "Shop now"), width=W, height=H,
                             duration_s=1.0)
    frames = list(iter_frames(Timeline(W, H, clips=(ImageClip(_flat(BLUE), 0.5),), fps=30,
                                       end_card=EndCard(1.0, design=design))))
    card = frames[15:]
    assert len(card) == 30
    assert np.abs(card[0].astype(int) - card[10]).max() > 40  # the words fade in, the product grows
    assert np.abs(card[-1].astype(int) - design.rest).mean() < 4 and np.array_equal(card[-1], card[-2])
    with pytest.raises(ValueError, match="designed for"):
        Timeline(W * 2, H, clips=(ImageClip(_flat(BLUE), 0.5),), end_card=EndCard(1.0, design=design))
    with pytest.raises(ValueError, match="image or a design"):
        EndCard(1.0, image=product, design=design)
