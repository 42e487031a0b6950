from __future__ import annotations

import cv2
import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image

from shopreel.errors import MediaError
from shopreel.media.face import NoFaceFound, face_landmarks, face_mask, swap_face
from tests.media.face.conftest import flat

# The target is astronaut() turned 6 degrees about her face, shrunk and moved, with a colour
# cast; the source is astronaut() with a dark mole painted on her right cheek. A swap has to
# carry the mole to the matching spot of the turned face and keep the target's colour.
_TURN = cv2.getRotationMatrix2D((226.0, 120.0), 6.0, 0.92) + np.array([[0, 0, 14], [0, 0, 10]])
_MOLE, _MOLE_RADIUS = (198, 134), 6


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64).ravel() - a.mean()
    b = b.astype(np.float64).ravel() - b.mean()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))


def _gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


@pytest.fixture(scope="module")
def source(astronaut) -> np.ndarray:
    image = astronaut.copy()
    cv2.circle(image, _MOLE, _MOLE_RADIUS, (60, 35, 30), -1, cv2.LINE_AA)
    return image


def _turned(image: np.ndarray) -> np.ndarray:
    return cv2.warpAffine(image, _TURN, (512, 512), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)


@pytest.fixture(scope="module")
def target(astronaut) -> np.ndarray:
    cast = _turned(astronaut).astype(np.float32) * (1.12, 0.97, 0.85) + (8, 0, -6)
    return np.clip(np.round(cast), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("blend", ["seamless", "feather"])
def test_the_source_face_lands_on_the_target_face_and_nowhere_else(source, target, blend):
    kept_source, kept_target = source.copy(), target.copy()

    out = swap_face(target, source, blend=blend)

    assert out.shape == target.shape and out.dtype == np.uint8
    assert np.array_equal(source, kept_source) and np.array_equal(target, kept_target)
    oval = face_mask(face_landmarks(target)[0], target.shape[:2], open_mouth=False)
    assert np.array_equal(out[oval == 0], target[oval == 0])
    assert (out != target).any(axis=2).sum() > 0.5 * (oval > 0).sum()

    # The mole, carried to where the turn puts her cheek: the output looks like the source there.
    mx, my = np.round(_TURN @ (*_MOLE, 1)).astype(int)
    window = (slice(my - 12, my + 13), slice(mx - 12, mx + 13))
    expected = _gray(_turned(source))
    assert _ncc(_gray(out)[window], expected[window]) > 0.7  # 1 px of mesh jitter costs ~0.1
    assert _ncc(_gray(target)[window], expected[window]) < 0.6
    assert int(_gray(out)[my, mx]) < int(_gray(target)[my, mx]) - 40
    box = face_landmarks(target)[0].box
    face = (slice(box.y, box.y + box.h), slice(box.x, box.x + box.w))
    assert _ncc(_gray(out)[face], expected[face]) > _ncc(_gray(target)[face], expected[face])


@pytest.mark.parametrize("blend", ["seamless", "feather"])
def test_the_new_face_takes_the_target_s_colour(source, target, blend):
    out = swap_face(target, source, blend=blend)

    inside = face_mask(face_landmarks(target)[0], target.shape[:2], feather_px=12) == 1.0
    uncast = _turned(source)  # the source's own colours in the target's place
    out_mean, target_mean = out[inside].mean(axis=0), target[inside].mean(axis=0)
    assert np.abs(out_mean - target_mean).max() < 6
    assert np.abs(uncast[inside].mean(axis=0) - target_mean).max() > 15


def test_another_person_s_face_keeps_the_target_s_mouth_and_surroundings(astronaut):
    hopper = np.asarray(Image.open(cbook.get_sample_data("grace_hopper.jpg")).convert("RGB"))
    target_mesh = face_landmarks(astronaut)[0]

    out = swap_face(astronaut, hopper)

    oval = face_mask(target_mesh, astronaut.shape[:2], open_mouth=False)
    face = face_mask(target_mesh, astronaut.shape[:2])
    mouth = (oval == 1) & (face == 0)
    assert mouth.sum() > 50  # she smiles with her teeth showing
    assert np.array_equal(out[mouth], astronaut[mouth])
    assert np.array_equal(out[oval == 0], astronaut[oval == 0])
    changed = np.abs(out.astype(int) - astronaut.astype(int)).max(axis=2) > 20
    assert changed[face == 1].mean() > 0.3
    assert len(face_landmarks(out)) == 1  # still reads as a face


@pytest.mark.parametrize("source_size, target_size", [((97, 131), (512, 512)), ((512, 512), (301, 512))])
def test_faces_of_any_size_swap(source, astronaut, source_size, target_size):
    small_source = cv2.resize(source, source_size, interpolation=cv2.INTER_AREA)
    target = cv2.resize(np.ascontiguousarray(astronaut[:, ::-1]), target_size, interpolation=cv2.INTER_AREA)

    out = swap_face(target, small_source)

    assert out.shape == target.shape
    oval = face_mask(face_landmarks(target)[0], target.shape[:2], open_mouth=False)
    assert np.array_equal(out[oval == 0], target[oval == 0])
    assert (out != target).any()


def test_a_missing_face_names_the_image(astronaut, coffee):
    with pytest.raises(NoFaceFound, match="^source image \\(600x400\\) shows no face"):
        swap_face(astronaut, coffee)
    with pytest.raises(NoFaceFound, match="^target image \\(131x97\\) shows no face"):
        swap_face(flat(97, 131), astronaut)
    with pytest.raises(ValueError) as caught:
        swap_face(astronaut, flat(8, 8))
    assert isinstance(caught.value, MediaError) and caught.value.code == "4000"


def test_bad_arguments_are_named(astronaut):
    with pytest.raises(ValueError, match="blend"):
        swap_face(astronaut, astronaut, blend="poisson")
    with pytest.raises(ValueError, match="^source must be uint8"):
        swap_face(astronaut, astronaut.astype(np.float32))
    with pytest.raises(ValueError, match="^target must be uint8"):
        swap_face(astronaut[..., 0], astronaut)
