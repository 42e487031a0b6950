"""The user's footage (videos and photos) analysed for avatar marketing videos: shots, scene
descriptions and covers. A *scene* here is TopView's word for one analysed shot or picture.

- :func:`detect_shots` splits a video at its cuts (hard cuts and gradual transitions);
- :func:`describe_image` and :func:`describe_shot` say what a picture or shot shows, in a
  short sentence (TopView's ``sceneAnalyseDesc``) with the measured facts behind it;
- :func:`analyse_video` does both for a whole video in one decoding pass, with a cover per shot;
- :func:`locate_subjects` says where the heads and a product shot's product are.

Everything is classical computer vision and MediaPipe face detection: deterministic, offline.
"""

from shopreel.media.footage.activity import Activity
from shopreel.media.footage.analyse import VideoScene, analyse_video
from shopreel.media.footage.colours import COLOUR_NAMES, colour_name, dominant_colours
from shopreel.media.footage.describe import SceneInfo, describe_image, describe_shot
from shopreel.media.footage.shots import Shot, detect_shots
from shopreel.media.footage.subjects import Subjects, locate_subjects

__all__ = [
    "Activity",
    "COLOUR_NAMES",
    "SceneInfo",
    "Shot",
    "Subjects",
    "VideoScene",
    "analyse_video",
    "colour_name",
    "describe_image",
    "describe_shot",
    "detect_shots",
    "dominant_colours",
    "locate_subjects",
]
