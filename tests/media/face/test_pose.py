from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopreel.media.face import Pose, detect_faces, detect_pose, track_pose
from tests.media.face.conftest import flat


def test_astronaut_s_shoulders_sit_below_her_face_on_their_own_sides(astronaut):
    face = detect_faces(astronaut)[0].box
    pose = detect_pose(astronaut)

    assert isinstance(pose, Pose)
    assert pose.landmarks.shape == (33, 2) and pose.visibility.shape == (33,)
    nose = pose.landmarks[Pose.NOSE]
    assert face.x <= nose[0] <= face.x + face.w and face.y <= nose[1] <= face.y + face.h
    for shoulder in (pose.left_shoulder, pose.right_shoulder):
        assert shoulder[1] > face.y + face.h
    # Her left shoulder is on the image's right.
    assert pose.right_shoulder[0] < nose[0] < pose.left_shoulder[0]
    assert pose.visibility[[Pose.LEFT_SHOULDER, Pose.RIGHT_SHOULDER]].min() > 0.9
    shoulder_width = pose.left_shoulder[0] - pose.right_shoulder[0]
    assert 1.2 * face.w < shoulder_width < 3.5 * face.w
    assert 0.0 <= pose.visibility.min() and pose.visibility.max() <= 1.0


def test_elbows_and_wrists_are_named(astronaut):
    pose = detect_pose(astronaut)

    assert np.array_equal(pose.left_elbow, pose.landmarks[13]) and np.array_equal(pose.right_wrist, pose.landmarks[16])
    assert pose.left_elbow[1] > pose.left_shoulder[1] and pose.right_elbow[1] > pose.right_shoulder[1]
    assert pose.left_wrist[1] > pose.left_shoulder[1]


@pytest.mark.parametrize("width, height", [(131, 97), (255, 257)])
def test_pose_scales_with_the_image(astronaut, width, height):
    full = detect_pose(astronaut)
    small = detect_pose(cv2.resize(astronaut, (width, height), interpolation=cv2.INTER_AREA))

    scale = np.array([width / 512, height / 512], np.float32)
    shoulders = [Pose.LEFT_SHOULDER, Pose.RIGHT_SHOULDER, Pose.NOSE]
    assert np.abs(small.landmarks[shoulders] / scale - full.landmarks[shoulders]).max() < 25


def test_no_pose_without_a_person(coffee):
    assert detect_pose(coffee) is None
    assert detect_pose(flat(97, 131)) is None


def test_tracking_yields_one_pose_per_frame(astronaut, coffee):
    poses = list(track_pose([astronaut, astronaut]))
    assert len(poses) == 2 and all(isinstance(pose, Pose) for pose in poses)
    assert abs(poses[1].landmarks[Pose.NOSE] - poses[0].landmarks[Pose.NOSE]).max() < 5
