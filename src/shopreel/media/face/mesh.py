"""Dense face landmarks (MediaPipe Face Mesh, 478 points with irises) and what they measure.

Index groups are closed contours, ordered around the shape, so they can be drawn or filled
as polygons. "Left" and "right" are the person's own: the right eye is on the image's
left in an unmirrored photo.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.face._geometry import box_around, check_shape, crop_around
from shopreel.media.face._graphs import landmark_arrays, run, track
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Alpha, Box, Frame

__all__ = [
    "LIPS_OUTER",
    "LIPS_INNER",
    "LEFT_EYE",
    "RIGHT_EYE",
    "LEFT_IRIS",
    "RIGHT_IRIS",
    "FACE_OVAL",
    "FaceLandmarks",
    "face_landmarks",
    "track_face_landmarks",
    "mouth_open_ratio",
    "eye_open_ratio",
    "face_mask",
]

LIPS_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146)
LIPS_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95)
RIGHT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
LEFT_EYE = (362, 398, 384, 385, 386, 387, 388, 466, 263, 249, 390, 373, 374, 380, 381, 382)
RIGHT_IRIS = (469, 470, 471, 472)
LEFT_IRIS = (474, 475, 476, 477)
FACE_OVAL = (
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
    152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
)  # fmt: skip

# Single points the ratios use: inner-lip midpoints, mouth corners, eyelid midpoints, eye corners.
_UPPER_INNER_LIP, _LOWER_INNER_LIP, _MOUTH_RIGHT, _MOUTH_LEFT = 13, 14, 61, 291
_EYES = ((159, 145, 33, 133), (386, 374, 362, 263))  # (upper lid, lower lid, corner, corner)

_MESH_POINTS = 478


@dataclass(frozen=True, eq=False)
class FaceLandmarks:
    """One face's mesh in pixels of the image it came from.

    ``points`` is ``float32 (478, 2)`` ``(x, y)``: the 468 mesh points of MediaPipe's
    canonical face, then two irises of five points each (centre first, 468 and 473).
    ``z`` is ``float32 (478,)``, depth relative to the face's centre in about the same
    pixel scale as ``x``; smaller is nearer the camera. Points may lie outside the image.
    """

    points: npt.NDArray[np.float32]
    z: npt.NDArray[np.float32]

    @property
    def box(self) -> Box:
        """The box around every mesh point (not clipped to the image)."""
        return box_around(self.points)

    def contour(self, indices: tuple[int, ...]) -> npt.NDArray[np.float32]:
        """The ``(x, y)`` points of an index group such as ``LIPS_OUTER``, in order."""
        return self.points[list(indices)]


def _read_faces(result: Any, height: int, width: int) -> tuple[FaceLandmarks, ...]:
    faces = []
    for landmarks in result.multi_face_landmarks or ():
        points, z = landmark_arrays(landmarks, width=width, height=height)
        if len(points) != _MESH_POINTS:
            continue
        points.setflags(write=False)
        z.setflags(write=False)
        faces.append(FaceLandmarks(points=points, z=z))
    return tuple(faces)


def _check_max_faces(max_faces: int) -> None:
    if not isinstance(max_faces, int) or max_faces < 1:
        raise InvalidInput(f"max_faces must be a positive int, got {max_faces!r}")


def face_landmarks(image: Frame, *, max_faces: int = 1) -> tuple[FaceLandmarks, ...]:
    """The face mesh of up to ``max_faces`` faces in a photo.

    Parameters
    ----------
    image : Frame
        ``uint8 (H, W, 3)`` RGB.
    max_faces : int
        At most this many faces are returned.

    Returns
    -------
    tuple of FaceLandmarks
        In pixel coordinates of ``image``; empty when no face is found.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or ``max_faces`` is not a positive int.

    Notes
    -----
    MediaPipe Face Mesh in photo mode (``static_image_mode=True``: the face detector runs on
    every call) with ``refine_landmarks=True``, which adds the irises and sharpens lips and
    eyelids. The mesh model sees a 192x192 crop around each detected face, so detail below
    that scale (a face over ~200 px wide gains nothing) is invented by the model, not
    measured. Faces need to be reasonably frontal (within about 60 degrees of yaw); heavy
    occlusion of the mouth (a hand, a product) bends the lip points toward a closed mouth.
    The shorter-range detector inside Face Mesh misses faces under about 1/8 of the image.
    For frame sequences, ``track_face_landmarks`` is faster and steadier.
    """
    check_frame(image, "image")
    _check_max_faces(max_faces)
    return run(
        "face_mesh",
        image,
        _read_faces,
        static_image_mode=True,
        max_num_faces=max_faces,
        refine_landmarks=True,
        min_detection_confidence=0.5,
    )


def track_face_landmarks(frames: Iterable[Frame], *, max_faces: int = 1) -> Iterator[tuple[FaceLandmarks, ...]]:
    """Face meshes frame by frame through a video, tracking each face between frames.

    Yields one tuple per frame, as ``face_landmarks`` would return. Tracking (MediaPipe's
    video mode) re-detects only when a face is lost, so it is faster than calling
    ``face_landmarks`` per frame and the points jitter less; the frames must be
    consecutive frames of one video. Each call has a graph of its own, released when the
    iterator ends or is closed.
    """
    _check_max_faces(max_faces)
    yield from track(
        "face_mesh", frames, _read_faces, static_image_mode=False, max_num_faces=max_faces, refine_landmarks=True
    )

def _distance(points: npt.NDArray[np.float32], a: int, b: int) -> float:
    return float(np.hypot(*(points[a] - points[b])))


def mouth_open_ratio(landmarks: FaceLandmarks) -> float:
    """How open the mouth is: the gap between the inner lips over the mouth's width.

    About 0 for closed lips, 0.05 to 0.15 for a smile showing teeth or relaxed speech, 0.3
    and more for a wide-open "ah". Invariant to the face's size in the image.
    """
    width = _distance(landmarks.points, _MOUTH_RIGHT, _MOUTH_LEFT)
    return _distance(landmarks.points, _UPPER_INNER_LIP, _LOWER_INNER_LIP) / max(width, 1e-6)


def eye_open_ratio(landmarks: FaceLandmarks) -> float:
    """How open the eyes are, averaged over both: eyelid gap over eye width.

    About 0.25 to 0.35 for open eyes and under 0.1 for closed ones (a blink).
    """
    ratios = [
        _distance(landmarks.points, upper, lower) / max(_distance(landmarks.points, a, b), 1e-6)
        for upper, lower, a, b in _EYES
    ]
    return float(np.mean(ratios))


def face_mask(
    landmarks: FaceLandmarks,
    shape: tuple[int, int],
    *,
    feather_px: float = 0.0,
    open_mouth: bool = True,
) -> Alpha:
    """The face oval as an ``Alpha`` of ``shape`` ``(H, W)``.

    Parameters
    ----------
    landmarks : FaceLandmarks
        The face, in pixels of an image of ``shape``.
    shape : (int, int)
        Height and width of the mask.
    feather_px : float
        Width of the soft edge. The edge fades *inside* the oval, so the mask is 0
        everywhere outside it.
    open_mouth : bool
        Leave the inner mouth (between the inner lips) out of the mask.

    Returns
    -------
    Alpha
        ``float32 (H, W)``, 1 on the face and 0 off it.
    """
    height, width = check_shape(shape)
    if feather_px < 0:
        raise InvalidInput(f"feather_px must be >= 0, got {feather_px}")
    mask = np.zeros((height, width), np.uint8)
    oval = landmarks.contour(FACE_OVAL)
    cv2.fillPoly(mask, [np.round(oval).astype(np.int32)], 255, cv2.LINE_8)
    if open_mouth:
        cv2.fillPoly(mask, [np.round(landmarks.contour(LIPS_INNER)).astype(np.int32)], 0, cv2.LINE_8)
    crop = crop_around(oval, margin_px=2, height=height, width=width)
    if feather_px > 0 and crop is not None:
        radius = max(1, round(feather_px))
        # Erode and blur over the same square: the blur spreads the eroded edge back by at
        # most r pixels along rows, columns and diagonals alike, to the oval and never past it.
        kernel = np.ones((2 * radius + 1, 2 * radius + 1), np.uint8)
        eroded = cv2.erode(mask[crop], kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)
        size = (2 * radius + 1, 2 * radius + 1)
        mask[crop] = cv2.GaussianBlur(eroded, size, radius / 2.0, borderType=cv2.BORDER_CONSTANT)
    return mask.astype(np.float32) / np.float32(255)

