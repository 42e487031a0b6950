from __future__ import annotations

import cv2
import mediapipe as mp
import numpy as np
import pytest

from shopreel.media.face import (
    FACE_OVAL,
    LEFT_EYE,
    LEFT_IRIS,
    LIPS_INNER,
    LIPS_OUTER,
    RIGHT_EYE,
    RIGHT_IRIS,
    FaceLandmarks,
    detect_faces,
    eye_open_ratio,
    face_landmarks,
    face_mask,
    mouth_open_ratio,
    track_face_landmarks,
)
from tests.media.face.conftest import flat


@pytest.fixture(scope="module")
def mesh(astronaut) -> FaceLandmarks:
    (face,) = face_landmarks(astronaut)
    return face


def _inside(polygon: np.ndarray, point: np.ndarray) -> bool:
    return cv2.pointPolygonTest(polygon.astype(np.float32), tuple(map(float, point)), False) > 0


def test_the_mesh_lies_on_the_detected_face(astronaut, mesh):
    box = detect_faces(astronaut)[0].box

    assert mesh.points.shape == (478, 2) and mesh.points.dtype == np.float32
    assert mesh.z.shape == (478,) and mesh.z.dtype == np.float32
    inner = mesh.contour(LEFT_EYE + RIGHT_EYE + LIPS_OUTER)
    assert (inner[:, 0] >= box.x).all() and (inner[:, 0] < box.x + box.w).all()
    assert (inner[:, 1] >= box.y).all() and (inner[:, 1] < box.y + box.h).all()
    # The whole oval (forehead to chin) is at most about half a box beyond the tight detection box.
    oval = mesh.box
    assert box.x - box.w / 2 < oval.x and oval.x + oval.w < box.x + 1.5 * box.w
    assert box.y - box.h / 2 < oval.y and oval.y + oval.h < box.y + 1.5 * box.h


def test_irises_sit_in_their_eyes_and_lips_in_order(mesh):
    assert _inside(mesh.contour(RIGHT_EYE), mesh.points[468])
    assert _inside(mesh.contour(LEFT_EYE), mesh.points[473])
    assert all(_inside(mesh.contour(RIGHT_EYE), p) for p in mesh.contour(RIGHT_IRIS)[:1])
    assert mesh.points[468, 0] < mesh.points[473, 0]  # her right eye is on the image's left
    assert _inside(mesh.contour(LIPS_OUTER), mesh.points[13])
    assert mesh.points[13, 1] < mesh.points[14, 1]  # upper inner lip above the lower one
    assert len(LEFT_IRIS) == len(RIGHT_IRIS) == 4


def test_index_groups_walk_mediapipe_s_own_contours():
    connections = mp.solutions.face_mesh_connections

    def edges(loop):
        return {frozenset(pair) for pair in zip(loop, loop[1:] + loop[:1], strict=True)}

    def reference(pairs):
        return {frozenset(pair) for pair in pairs}

    assert edges(LIPS_OUTER) | edges(LIPS_INNER) == reference(connections.FACEMESH_LIPS)
    assert edges(LEFT_EYE) == reference(connections.FACEMESH_LEFT_EYE)
    assert edges(RIGHT_EYE) == reference(connections.FACEMESH_RIGHT_EYE)
    assert edges(FACE_OVAL) == reference(connections.FACEMESH_FACE_OVAL)
    assert edges(LEFT_IRIS) == reference(connections.FACEMESH_LEFT_IRIS)
    assert edges(RIGHT_IRIS) == reference(connections.FACEMESH_RIGHT_IRIS)


def test_a_smile_showing_teeth_is_a_little_open_with_open_eyes(mesh):
    assert 0.05 < mouth_open_ratio(mesh) < 0.3
    assert 0.2 < eye_open_ratio(mesh) < 0.5


def _synthetic(*, lip_gap: float, lid_gap: float) -> FaceLandmarks:
    points = np.zeros((478, 2), np.float32)
    points[61], points[291] = (100, 200), (160, 200)  # mouth 60 px wide
    points[13], points[14] = (130, 200 - lip_gap / 2), (130, 200 + lip_gap / 2)
    for upper, lower, a, b, x in ((159, 145, 33, 133, 100), (386, 374, 362, 263, 160)):
        points[a], points[b] = (x - 15, 100), (x + 15, 100)  # eyes 30 px wide
        points[upper], points[lower] = (x, 100 - lid_gap / 2), (x, 100 + lid_gap / 2)
    return FaceLandmarks(points=points, z=np.zeros(478, np.float32))


def test_ratios_are_gaps_over_widths():
    assert mouth_open_ratio(_synthetic(lip_gap=0, lid_gap=9)) == 0.0
    assert mouth_open_ratio(_synthetic(lip_gap=24, lid_gap=9)) == pytest.approx(0.4)
    assert eye_open_ratio(_synthetic(lip_gap=0, lid_gap=9)) == pytest.approx(0.3)
    assert eye_open_ratio(_synthetic(lip_gap=0, lid_gap=0)) == 0.0


@pytest.mark.parametrize("width, height", [(131, 97), (255, 257), (301, 512)])
def test_the_mesh_scales_with_the_image(astronaut, mesh, width, height):
    image = cv2.resize(astronaut, (width, height), interpolation=cv2.INTER_AREA)

    (small,) = face_landmarks(image)

    scale = np.array([width / 512, height / 512], np.float32)
    eyes = [468, 473, 13, 1]  # iris centres, upper lip, nose tip
    error = np.abs(small.points[eyes] / scale - mesh.points[eyes])
    assert error.max() < 8  # in pixels of the 512 px original


def test_no_mesh_without_a_face(coffee):
    assert face_landmarks(coffee) == ()
    assert face_landmarks(flat(97, 131)) == ()


def test_face_mask_is_the_oval_without_the_inner_mouth(astronaut, mesh):
    mask = face_mask(mesh, astronaut.shape[:2])

    assert mask.shape == (512, 512) and mask.dtype == np.float32
    for index in (1, 468, 473, 10, 152):  # nose tip, irises, forehead top, chin: on the face
        x, y = np.round(mesh.points[index] + (0, 3 if index == 10 else -3 if index == 152 else 0)).astype(int)
        assert mask[y, x] == 1.0
    mouth = np.round(mesh.points[[13, 14]].mean(axis=0)).astype(int)
    assert mask[mouth[1], mouth[0]] == 0.0
    assert mask[:40].max() == 0.0 and mask[250:].max() == 0.0  # above the hair, below the chin
    assert face_mask(mesh, astronaut.shape[:2], open_mouth=False)[mouth[1], mouth[0]] == 1.0


def test_a_feathered_face_mask_fades_inside_the_oval_only(astronaut, mesh):
    hard = face_mask(mesh, astronaut.shape[:2], open_mouth=False)
    soft = face_mask(mesh, astronaut.shape[:2], feather_px=6, open_mouth=False)

    assert soft[hard == 0].max() == 0.0
    assert ((soft > 0.05) & (soft < 0.95)).sum() > 200
    assert soft.sum() < hard.sum()
    nose = np.round(mesh.points[1]).astype(int)
    assert soft[nose[1], nose[0]] == pytest.approx(1.0)


def test_a_mask_for_an_odd_shape_clips_the_face(mesh):
    mask = face_mask(mesh, (97, 131))
    assert mask.shape == (97, 131)
    with pytest.raises(ValueError, match="shape"):
        face_mask(mesh, (0, 10))


def test_tracking_follows_a_moving_face(astronaut, mesh):
    def shifted(dx: int) -> np.ndarray:
        return np.ascontiguousarray(np.roll(astronaut, dx, axis=1))

    tracked = list(track_face_landmarks(shifted(dx) for dx in (0, 4, 8, 12)))

    assert [len(faces) for faces in tracked] == [1, 1, 1, 1]
    nose_x = [faces[0].points[1, 0] for faces in tracked]
    assert np.allclose(np.diff(nose_x), 4, atol=2.5)
    assert abs(nose_x[0] - mesh.points[1, 0]) < 3


def test_tracking_names_a_bad_frame(astronaut):
    frames = [astronaut, np.zeros((4, 4), np.uint8)]
    with pytest.raises(ValueError, match=r"frames\[1\]"):
        list(track_face_landmarks(frames))


def test_max_faces_must_be_positive(astronaut):
    with pytest.raises(ValueError, match="max_faces"):
        face_landmarks(astronaut, max_faces=0)
