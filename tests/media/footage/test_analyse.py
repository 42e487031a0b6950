from __future__ import annotations

import itertools

import numpy as np
import pytest
from skimage import data

from shopreel.errors import MediaError
from shopreel.media.footage import VideoScene, analyse_video
from tests.media.footage.conftest import H, W, drifting, photos, sliding


def test_each_shot_gets_its_own_cover_and_description(write_video):
    astronaut, coffee, chelsea = photos()
    segments = [list(drifting(astronaut, 20)), list(drifting(coffee, 25)), list(sliding(chelsea, 15, step_px=12))]
    scenes = analyse_video(write_video(itertools.chain(*segments)))
    assert [type(s) for s in scenes] == [VideoScene] * 3
    assert [round(s.start_s, 1) for s in scenes] == [0.0, 2.0, 4.5]
    means = [np.mean(segment, axis=(0, 1, 2)) for segment in segments]
    for index, scene in enumerate(scenes):
        assert scene.cover.shape == (H, W, 3) and scene.cover.dtype == np.uint8
        # the cover is a frame of its own shot: closest in mean colour to that segment
        distances = [np.linalg.norm(scene.cover.mean(axis=(0, 1)) - mean) for mean in means]
        assert int(np.argmin(distances)) == index
    assert scenes[0].info.has_face and not scenes[1].info.has_face
    assert scenes[0].info.activity == "gentle" and scenes[2].info.activity == "fast"
    assert all(scene.info.desc.endswith(".") for scene in scenes)


def test_covers_are_scaled_to_their_limit(write_video):
    scenes = analyse_video(write_video(drifting(data.coffee(), 12)), cover_long_side_px=144)
    assert len(scenes) == 1 and max(scenes[0].cover.shape[:2]) == 144


def test_bad_path_and_knob(tmp_path):
    with pytest.raises(MediaError):
        analyse_video(tmp_path / "missing.mp4")
    with pytest.raises(ValueError, match="cover_long_side_px"):
        analyse_video(tmp_path / "missing.mp4", cover_long_side_px=4)
