"""Faces, hands, body and person masks in photos and videos, and face swap.

Analysis runs MediaPipe 0.10.21's legacy solutions, whose models ship in the wheel:
``detect_faces``/``face_exists`` (Face Detection), ``face_landmarks`` (Face Mesh with
irises), ``detect_hands`` (Hands), ``detect_pose`` (Pose) and ``person_mask`` (Selfie
Segmentation). Photo functions share one graph per configuration, made on first use and
locked per call, so they are safe from any thread; the ``track_*`` functions open a graph
per video for frame-to-frame tracking. Everything is in pixels of the input image.
``swap_face`` is classical: a mesh-aligned warp, LAB colour match and Poisson blend.
"""

from shopreel.media.face.detect import FaceBox, detect_faces, face_exists
from shopreel.media.face.hands import Hand, detect_hands, finger_mask, grip_region, palm_box, track_hands
from shopreel.media.face.mesh import (
    FACE_OVAL,
    LEFT_EYE,
    LEFT_IRIS,
    LIPS_INNER,
    LIPS_OUTER,
    RIGHT_EYE,
    RIGHT_IRIS,
    FaceLandmarks,
    eye_open_ratio,
    face_landmarks,
    face_mask,
    mouth_open_ratio,
    track_face_landmarks,
)
from shopreel.media.face.pose import Pose, detect_pose, track_pose
from shopreel.media.face.segment import person_mask
from shopreel.media.face.skin import skin_tone
from shopreel.media.face.swap import NoFaceFound, swap_face

__all__ = [
    "FACE_OVAL",
    "LEFT_EYE",
    "LEFT_IRIS",
    "LIPS_INNER",
    "LIPS_OUTER",
    "RIGHT_EYE",
    "RIGHT_IRIS",
    "FaceBox",
    "FaceLandmarks",
    "Hand",
    "NoFaceFound",
    "Pose",
    "detect_faces",
    "detect_hands",
    "detect_pose",
    "eye_open_ratio",
    "face_exists",
    "face_landmarks",
    "face_mask",
    "finger_mask",
    "grip_region",
    "mouth_open_ratio",
    "palm_box",
    "person_mask",
    "skin_tone",
    "swap_face",
    "track_face_landmarks",
    "track_hands",
    "track_pose",
]
