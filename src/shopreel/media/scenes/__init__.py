"""Material analysis for avatar marketing videos: shots, scene descriptions and covers.

- :func:`detect_shots` splits a video at its cuts (hard cuts and gradual transitions);
- :func:`describe_image` and :func:`describe_shot` say what a picture or shot shows, in a
  short sentence (TopView's ``sceneAnalyseDesc``) with the measured facts behind it;
- :func:`analyse_video` does both for a whole video in one decoding pass, with a cover per shot.

Everything is classical computer vision and MediaPipe face detection: deterministic, offline.
"""

from shopreel.media.scenes.analyse import VideoScene, analyse_video
from shopreel.media.scenes.colours import COLOUR_NAMES, colour_name, dominant_colours
from shopreel.media.scenes.describe import SceneInfo, describe_image, describe_shot
from shopreel.media.scenes.motion import Motion
from shopreel.media.scenes.shots import Shot, detect_shots

__all__ = [
    "COLOUR_NAMES",
    "Motion",
    "SceneInfo",
    "Shot",
    "VideoScene",
    "analyse_video",
    "colour_name",
    "describe_image",
    "describe_shot",
    "detect_shots",
    "dominant_colours",
]
