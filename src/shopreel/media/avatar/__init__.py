"""Presenters that talk: illustrated rigs drawn by code (visemes, blinks, a held object), and
lip sync for photos and videos of real people."""

from shopreel.media.avatar.held import HeldImage, held_image
from shopreel.media.avatar.idle import IdleFrame, idle_frames
from shopreel.media.avatar.lipsync import MouthState, energy_mouth_curve, loudness_track, mouth_curve
from shopreel.media.avatar.photo import talking_photo_frames, talking_video_frames
from shopreel.media.avatar.talk import frame_count, render_talking_video, talking_rig_boxes, talking_rig_frames
from shopreel.media.avatar.mouth import MOUTHS, MouthShape, blend, mouth_for
from shopreel.media.avatar.props import draw_prop
from shopreel.media.avatar.rig import RigLayers, RigRender, RigRenderer, render_layers, render_rig
from shopreel.media.avatar.spec import (
    ACCESSORIES,
    EYE_STATES,
    HAIR_STYLES,
    OUTFIT_STYLES,
    PROPS,
    VISEMES,
    Pose,
    PresenterSpec,
)

__all__ = [
    "ACCESSORIES", "EYE_STATES", "HAIR_STYLES", "OUTFIT_STYLES", "PROPS", "VISEMES",
    "HeldImage", "held_image", "MOUTHS", "MouthShape", "blend", "mouth_for", "draw_prop",
    "Pose", "PresenterSpec", "RigLayers", "RigRender", "RigRenderer", "render_layers", "render_rig",
    "MouthState", "energy_mouth_curve", "loudness_track", "mouth_curve", "IdleFrame", "idle_frames",
    "talking_photo_frames", "talking_video_frames", "frame_count", "render_talking_video", "talking_rig_frames",
    "talking_rig_boxes",
]
