"""Body pose in a photo (MediaPipe Pose, 33 landmarks): where the arms, wrists and shoulders are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from shopreel.media.face._graphs import landmark_arrays, run, track
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["Pose", "detect_pose", "track_pose"]

_POSE_POINTS = 33


@dataclass(frozen=True, eq=False)
class Pose:
    """One person's body in pixels of the image it came from.

    ``landmarks`` is ``float32 (33, 2)`` ``(x, y)`` in MediaPipe's BlazePose order (0 nose,
    11/12 shoulders, 13/14 elbows, 15/16 wrists, 23/24 hips, ... left before right);
    ``z`` is ``float32 (33,)`` depth relative to the hips in about the pixel scale of ``x``;
    ``visibility`` is ``float32 (33,)`` in [0, 1], the chance the point is in view and not
    hidden. Points out of frame are extrapolated and may lie outside the image. "Left" is
    the person's own left.
    """

    landmarks: npt.NDArray[np.float32]
    z: npt.NDArray[np.float32]
    visibility: npt.NDArray[np.float32]

    NOSE = 0
    LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
    LEFT_ELBOW, RIGHT_ELBOW = 13, 14
    LEFT_WRIST, RIGHT_WRIST = 15, 16
    LEFT_HIP, RIGHT_HIP = 23, 24

    @property
    def left_shoulder(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.LEFT_SHOULDER]

    @property
    def right_shoulder(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.RIGHT_SHOULDER]

    @property
    def left_elbow(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.LEFT_ELBOW]

    @property
    def right_elbow(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.RIGHT_ELBOW]

    @property
    def left_wrist(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.LEFT_WRIST]

    @property
    def right_wrist(self) -> npt.NDArray[np.float32]:
        return self.landmarks[self.RIGHT_WRIST]


def _read_pose(result: Any, height: int, width: int) -> Pose | None:
    if result.pose_landmarks is None:
        return None
    points, z = landmark_arrays(result.pose_landmarks, width=width, height=height)
    if len(points) != _POSE_POINTS:
        return None
    visibility = np.array([p.visibility for p in result.pose_landmarks.landmark], dtype=np.float32)
    for array in (points, z, visibility):
        array.setflags(write=False)
    return Pose(landmarks=points, z=z, visibility=visibility)


def detect_pose(image: Frame) -> Pose | None:
    """The pose of the most prominent person in a photo, or ``None`` when nobody is found.

    Parameters
    ----------
    image : Frame
        ``uint8 (H, W, 3)`` RGB.

    Returns
    -------
    Pose or None
        In pixel coordinates of ``image``.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``.

    Notes
    -----
    MediaPipe Pose (BlazePose, ``model_complexity=1``) in photo mode: one person only, found
    from the face, so a person whose face is hidden or turned away is often missed. Points
    hidden behind the body or a product get a low ``visibility`` and a guessed position;
    check it before trusting a wrist or elbow. Works best with the person under about
    4 m from the camera and at least a third of the image tall.
    """
    check_frame(image, "image")
    return run(
        "pose",
        image,
        _read_pose,
        static_image_mode=True,
        model_complexity=1,
        min_detection_confidence=0.5,
    )


def track_pose(frames: Iterable[Frame]) -> Iterator[Pose | None]:
    """Pose frame by frame through a video, tracked and smoothed between frames.

    Yields what ``detect_pose`` would return for each frame; the frames must be consecutive
    frames of one video. Each call has a graph of its own, released when the iterator ends
    or is closed.
    """
    yield from track("pose", frames, _read_pose, static_image_mode=False, model_complexity=1, smooth_landmarks=True)
