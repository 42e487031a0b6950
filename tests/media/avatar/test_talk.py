"""Talking rigs and the encoder: the drawn mouth follows the curve, eyes blink, video keeps time."""

import av
import numpy as np
import pytest

from shopreel.catalog.presenters import PRESENTERS
from shopreel.media.avatar.lipsync import MouthState, mouth_curve
from shopreel.media.avatar.idle import idle_frames
from shopreel.media.avatar.talk import (
    frame_count, render_talking_video, rig_pose, talking_rig_boxes, talking_rig_frames,
)
from shopreel.media.types import Layer
from shopreel.media.video import RenderCancelled, probe

W, H, FPS = 270, 480, 12
SPEC = PRESENTERS[0].spec
TRACK = [(0, 300, "rest"), (300, 700, "AA"), (700, 1000, "MBP"), (1000, 1400, "O"), (1400, 2000, "rest")]


@pytest.fixture(scope="module")
def rendered():
    n = 24
    curve = mouth_curve(TRACK, fps=FPS, n_frames=n)
    frames = list(talking_rig_frames(SPEC, width=W, height=H, fps=FPS, n_frames=n, mouth_curve=curve, seed=3))
    return curve, idle_frames(n, fps=FPS, seed=3), frames


def _dark(frame, box, level=110):
    patch = frame[box.y : box.y + box.h, box.x : box.x + box.w].astype(int)
    return int((patch.sum(axis=2) < 3 * level).sum())


def test_rig_mouth_follows_the_curve(rendered):
    curve, idle, frames = rendered
    dark = [_dark(f, r.mouth_box, level=90) for f, r in frames]
    closed = [i for i, m in enumerate(curve) if m.viseme in ("rest", "MBP") and m.mouth_open == 0]
    wide = [i for i, m in enumerate(curve) if m.viseme == "AA" and m.mouth_open > 0.9]
    assert closed and wide
    assert max(dark[i] for i in closed) < 0.3 * min(dark[i] for i in wide)
    for m, s in zip(curve, idle):
        pose = rig_pose(m, s)
        assert pose.mouth == m.viseme and (pose.mouth_open > 0) == (m.viseme != "rest" and m.weight > 0)


def test_rig_blinks_at_the_scheduled_frames(rendered):
    _, idle, frames = rendered
    shut = [i for i, s in enumerate(idle) if s.blink > 0.7]
    opened = [i for i, s in enumerate(idle) if s.blink < 0.05]
    assert shut, "a 2 s clip at seed 3 has a blink"
    eye_dark = [sum(_dark(f, b, level=80) for b in r.eye_boxes) for f, r in frames]
    assert max(eye_dark[i] for i in shut) < 0.6 * min(eye_dark[i] for i in opened)


def test_rig_head_moves_smoothly(rendered):
    _, _, frames = rendered
    tops = np.array([r.face_box.y + r.face_box.h / 2 for _, r in frames])
    lefts = np.array([r.face_box.x + r.face_box.w / 2 for _, r in frames])
    for series in (tops, lefts):
        assert np.abs(np.diff(series)).max() <= 2.0  # pixels per frame at 480 px tall


def test_rig_boxes_are_where_the_frames_draw_the_face_and_the_product():
    n, nods = 24, (0.5, 1.2)
    curve = mouth_curve(TRACK, fps=FPS, n_frames=n)
    product = np.zeros((60, 30, 3), np.uint8)
    product[...] = (220, 20, 160)
    held = (product, np.ones((60, 30), np.float32))
    drawn = [r for _, r in talking_rig_frames(SPEC, width=W, height=H, fps=FPS, n_frames=n, mouth_curve=curve,
                                              held=held, held_scale=1.2, seed=3, nod_times_s=nods)]
    boxes = talking_rig_boxes(SPEC, width=W, height=H, fps=FPS, n_frames=n, held=held, held_scale=1.2, seed=3,
                              nod_times_s=nods)
    assert [(b.face_box, b.held_box) for b in boxes] == [(r.face_box, r.held_box) for r in drawn]
    assert len({b.face_box for b in boxes}) > 1  # the head moves, and the boxes with it


def test_rig_frames_check_the_curve_length():
    with pytest.raises(ValueError, match="mouth_curve"):
        talking_rig_frames(SPEC, width=W, height=H, fps=FPS, n_frames=5, mouth_curve=[MouthState("rest", 0, 0, 1)])


class _Box:
    """A red square overlay shown from 0.5 s on."""

    def __init__(self):
        self.layer = Layer(np.full((20, 20, 3), (255, 0, 0), np.uint8), np.ones((20, 20), np.float32), 10, 10)

    def layer_at(self, t_s):
        return self.layer if t_s >= 0.5 else None


def test_render_talking_video_keeps_audio_and_video_in_step(tmp_path, rendered):
    curve, _, frames = rendered
    rate = 16000
    audio = (0.2 * np.sin(2 * np.pi * 220 * np.arange(int(1.9 * rate)) / rate)).astype(np.float32)
    n = frame_count(len(audio), sample_rate=rate, fps=FPS)
    assert n == 23
    path = tmp_path / "talk.mp4"
    seen = []
    written = render_talking_video((f for f, _ in frames), width=W, height=H, fps=FPS, audio=audio,
                                   sample_rate=rate, path=path, overlays=[_Box()], progress=seen.append)
    assert written == n and seen[-1] == 1.0
    info = probe(path)
    assert info.has_audio and info.frame_count == n and (info.width, info.height) == (W, H)
    assert abs(info.audio_duration_ms - info.duration_ms) <= 1000 / FPS
    assert abs(info.duration_ms - 1900) <= 1000 / FPS
    with av.open(str(path)) as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert decoded[0][15:25, 15:25, 1].mean() > 150  # no box before 0.5 s
    red = decoded[-1][15:25, 15:25].astype(int)
    assert red[..., 0].mean() > 200 and red[..., 1].mean() < 60


def test_render_talking_video_refuses_short_frames_and_cancels(tmp_path, rendered):
    _, _, frames = rendered
    audio = np.zeros(16000 * 3, np.float32)
    with pytest.raises(ValueError, match="frames ran out"):
        render_talking_video((f for f, _ in frames), width=W, height=H, fps=FPS, audio=audio, sample_rate=16000,
                             path=tmp_path / "short.mp4")
    assert not (tmp_path / "short.mp4").exists()
    with pytest.raises(RenderCancelled):
        render_talking_video((f for f, _ in frames), width=W, height=H, fps=FPS, audio=audio[:16000],
                             sample_rate=16000, path=tmp_path / "c.mp4", cancelled=lambda: True)
