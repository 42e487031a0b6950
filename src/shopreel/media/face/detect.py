"""Find faces in a photo: boxes, scores and six keypoints (MediaPipe Face Detection)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.face._geometry import box_around, clip_box
from shopreel.media.face._graphs import run
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Box, Frame

__all__ = ["FaceBox", "detect_faces", "face_exists"]

_GRAPH_MIN_SCORE = 0.05


@dataclass(frozen=True, eq=False)
class FaceBox:
    """A detected face.

    ``box`` is clipped to the image. ``keypoints`` is ``float32 (6, 2)`` ``(x, y)`` pixels in
    MediaPipe's order: right eye, left eye, nose tip, mouth centre, right ear tragion, left
    ear tragion, where right and left are the person's own (their right eye is on the image's
    left in an unmirrored photo). Keypoints may lie outside ``box`` and outside the image.
    """

    box: Box
    score: float
    keypoints: npt.NDArray[np.float32]

    @property
    def right_eye(self) -> npt.NDArray[np.float32]:
        return self.keypoints[0]

    @property
    def left_eye(self) -> npt.NDArray[np.float32]:
        return self.keypoints[1]

    @property
    def nose_tip(self) -> npt.NDArray[np.float32]:
        return self.keypoints[2]

    @property
    def mouth(self) -> npt.NDArray[np.float32]:
        return self.keypoints[3]


def detect_faces(image: Frame, *, min_score: float = 0.5) -> tuple[FaceBox, ...]:
    """Find every face in ``image``, most confident first.

    Parameters
    ----------
    image : Frame
        ``uint8 (H, W, 3)`` RGB.
    min_score : float
        Detections scoring below this (0 to 1) are dropped.

    Returns
    -------
    tuple of FaceBox
        In pixel coordinates of ``image``; empty when there is no face.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or ``min_score`` is outside [0, 1].

    Notes
    -----
    MediaPipe Face Detection (BlazeFace) with the full-range model (``model_selection=1``),
    made for faces up to about 5 m from the camera. The image is squeezed to 192x192 for
    the model, so faces smaller than about a tenth of the image's shorter side, faces turned
    past profile and strongly occluded faces are missed. Boxes are tight around eyes, nose
    and mouth: forehead, hair and chin are mostly outside them. MediaPipe expects RGB, which
    is what a ``Frame`` holds.
    """
    check_frame(image, "image")
    if not 0.0 <= min_score <= 1.0:
        raise InvalidInput(f"min_score must be in [0, 1], got {min_score}")

    def read(result: Any, height: int, width: int) -> tuple[FaceBox, ...]:
        faces = []
        for detection in result.detections or ():
            score = float(detection.score[0])
            if score < min_score:
                continue
            location = detection.location_data
            rel = location.relative_bounding_box
            corners = [(rel.xmin, rel.ymin), (rel.xmin + rel.width, rel.ymin + rel.height)]
            box = clip_box(box_around(np.multiply(corners, (width, height))), height=height, width=width)
            if box is None:
                continue
            keypoints = np.array([(k.x * width, k.y * height) for k in location.relative_keypoints], dtype=np.float32)
            keypoints.setflags(write=False)
            faces.append(FaceBox(box=box, score=score, keypoints=keypoints))
        return tuple(sorted(faces, key=lambda face: -face.score))

    # One shared graph that keeps every candidate; ``min_score`` filters here, so callers
    # asking for different thresholds do not each create a graph.
    return run("face_detection", image, read, model_selection=1, min_detection_confidence=_GRAPH_MIN_SCORE)


def face_exists(image: Frame, *, min_score: float = 0.5) -> bool:
    """Whether ``image`` shows at least one face scoring ``min_score`` or more (TopView's ``faceExistence``).

    See ``detect_faces`` for the model and its limits.
    """
    return bool(detect_faces(image, min_score=min_score))
