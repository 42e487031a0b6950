from __future__ import annotations

import itertools

import numpy as np
import pytest

from shopreel.errors import MediaError
from shopreel.media.footage import Shot, detect_shots
from shopreel.media.footage.shots import find_cuts, signature
from tests.media.footage.conftest import FPS, H, W, drifting, photos


def cut_frames(shots: list[Shot]) -> list[float]:
    return [shot.start_s * FPS for shot in shots[1:]]


def test_three_photos_give_three_shots_cut_within_a_frame(write_video):
    astronaut, coffee, chelsea = photos()
    frames = itertools.chain(drifting(astronaut, 20), drifting(coffee, 25), drifting(chelsea, 15))
    shots = detect_shots(write_video(frames))
    assert len(shots) == 3
    assert cut_frames(shots) == pytest.approx([20, 45], abs=1)
    assert shots[0].start_s == 0.0 and shots[-1].end_s == pytest.approx(6.0, abs=0.11)
    assert all(a.end_s == b.start_s for a, b in itertools.pairwise(shots))


def test_one_moving_take_is_one_shot(write_video):
    shots = detect_shots(write_video(drifting(photos()[2], 40, step_px=2.0)))
    assert len(shots) == 1
    assert shots[0].duration_s == pytest.approx(4.0, abs=0.11)


def test_fade_through_black_is_one_cut_not_many(write_video):
    astronaut, coffee, _ = photos()
    a, b = list(drifting(astronaut, 30)), list(drifting(coffee, 30))
    out = [(a[15 + k] * (1 - k / 9)).astype(np.uint8) for k in range(10)]
    into = [(b[k] * (k / 9)).astype(np.uint8) for k in range(10)]
    shots = detect_shots(write_video(a[:15] + out + into + b[10:]))
    assert len(shots) == 2
    assert 21 <= cut_frames(shots)[0] <= 29  # in the dark middle of the fade


def test_dissolve_is_one_cut_inside_it(write_video):
    astronaut, coffee, _ = photos()
    a, b = list(drifting(astronaut, 30)), list(drifting(coffee, 30))
    blend = [(a[10 + k] * (1 - k / 14) + b[k] * (k / 14)).astype(np.uint8) for k in range(15)]
    shots = detect_shots(write_video(a[:10] + blend + b[15:]))
    assert len(shots) == 2
    assert 10 <= cut_frames(shots)[0] <= 25


def test_fade_in_from_black_stays_one_shot(write_video):
    frames = [(frame * min(1.0, k / 15)).astype(np.uint8) for k, frame in enumerate(drifting(photos()[0], 30))]
    assert len(detect_shots(write_video(frames))) == 1


def test_a_flash_is_not_a_cut(write_video):
    frames = list(drifting(photos()[1], 30))
    frames[12] = np.full((H, W, 3), 255, np.uint8)
    assert len(detect_shots(write_video(frames))) == 1


def test_min_shot_drops_short_shots(write_video):
    astronaut, coffee, chelsea = photos()
    frames = itertools.chain(drifting(astronaut, 20), drifting(coffee, 3), drifting(chelsea, 20))
    path = write_video(frames)
    assert len(detect_shots(path, min_shot_s=0.5)) == 2
    assert len(detect_shots(path, min_shot_s=0.2)) == 3


def test_find_cuts_on_signatures_directly():
    astronaut, coffee, _ = photos()
    signatures = [signature(f) for f in itertools.chain(drifting(astronaut, 8), drifting(coffee, 8))]
    assert find_cuts(signatures, fps=FPS, min_shot_s=0.2) == [8]
    assert find_cuts(signatures[:1], fps=FPS) == []


@pytest.mark.parametrize(
    ("knobs", "culprit"),
    [({"fps": 0.0}, "fps"), ({"fps": 10.0, "threshold": 1.5}, "threshold"), ({"fps": 10.0, "min_shot_s": -1.0}, "min_shot_s")],
)
def test_find_cuts_names_a_bad_knob(knobs, culprit):
    with pytest.raises(ValueError, match=culprit):
        find_cuts([], **knobs)


def test_signature_names_a_bad_frame():
    with pytest.raises(ValueError, match="frame"):
        signature(np.zeros((10, 10), np.uint8))


def test_missing_file_is_a_media_error(tmp_path):
    with pytest.raises(MediaError):
        detect_shots(tmp_path / "nope.mp4")
