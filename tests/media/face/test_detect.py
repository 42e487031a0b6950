from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage import data

from shopreel.media.face import FaceBox, detect_faces, face_exists
from tests.media.face.conftest import HEAD, flat


def _contains(box, point) -> bool:
    x, y = point
    return box.x <= x < box.x + box.w and box.y <= y < box.y + box.h


def test_astronaut_has_one_face_on_her_head(astronaut):
    faces = detect_faces(astronaut)

    assert len(faces) == 1
    face = faces[0]
    assert isinstance(face, FaceBox) and face.score > 0.8
    x0, y0, x1, y1 = HEAD
    assert x0 <= face.box.x and face.box.x + face.box.w <= x1
    assert y0 <= face.box.y and face.box.y + face.box.h <= y1
    assert 80 <= face.box.w <= 130
    for point in (face.right_eye, face.left_eye, face.nose_tip, face.mouth):
        assert _contains(face.box, point)
    # Her right eye is on the image's left; the eyes are above the nose, the nose above the mouth.
    assert face.right_eye[0] < face.nose_tip[0] < face.left_eye[0]
    assert max(face.right_eye[1], face.left_eye[1]) < face.nose_tip[1] < face.mouth[1]
    assert face.keypoints.shape == (6, 2) and face.keypoints.dtype == np.float32


@pytest.mark.parametrize("width, height", [(97, 131), (131, 97), (255, 257), (301, 512)])
def test_the_face_is_found_at_awkward_sizes_in_that_image_s_pixels(astronaut, width, height):
    image = cv2.resize(astronaut, (width, height), interpolation=cv2.INTER_AREA)

    faces = detect_faces(image)

    assert len(faces) == 1
    box = faces[0].box
    assert 0 <= box.x and box.x + box.w <= width and 0 <= box.y and box.y + box.h <= height
    sx, sy = width / 512, height / 512
    centre = (box.x + box.w / 2, box.y + box.h / 2)
    assert abs(centre[0] - 226 * sx) < 15 * sx + 2
    assert abs(centre[1] - 120 * sy) < 15 * sy + 2
    assert _contains(box, faces[0].right_eye) and _contains(box, faces[0].left_eye)


def test_a_face_cut_by_the_image_edge_keeps_its_box_inside_the_image(astronaut):
    image = np.ascontiguousarray(astronaut[100:, 200:])  # the left half of her face is cut off

    for face in detect_faces(image, min_score=0.0):
        assert face.box.x >= 0 and face.box.y >= 0
        assert face.box.x + face.box.w <= image.shape[1] and face.box.y + face.box.h <= image.shape[0]


def test_face_exists_for_a_portrait_only(astronaut, coffee):
    assert face_exists(astronaut)
    assert not face_exists(coffee)
    assert not face_exists(data.chelsea())  # a cat is not a face here
    assert not face_exists(flat(64, 97))
    assert not face_exists(flat(1, 1))


def test_min_score_filters_detections(astronaut):
    assert detect_faces(astronaut, min_score=1.0) == ()
    assert len(detect_faces(astronaut, min_score=0.0)) >= 1


def test_the_input_is_not_changed(astronaut):
    image = astronaut.copy()
    detect_faces(image)
    assert np.array_equal(image, astronaut)


@pytest.mark.parametrize(
    "image, message",
    [
        (np.zeros((10, 10), np.uint8), "image must be uint8 (H, W, 3)"),
        (np.zeros((10, 10, 4), np.uint8), "image must be uint8 (H, W, 3)"),
        (np.zeros((10, 10, 3), np.float32), "image must be uint8 (H, W, 3)"),
        (np.zeros((0, 10, 3), np.uint8), "image is empty"),
    ],
)
def test_a_bad_image_is_named(image, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        detect_faces(image)


def test_a_bad_min_score_is_named(astronaut):
    with pytest.raises(ValueError, match="min_score"):
        detect_faces(astronaut, min_score=1.5)
