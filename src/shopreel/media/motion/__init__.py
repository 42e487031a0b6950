"""Image-to-video: camera moves, 2.5D layer parallax and product effects on one picture.

``plan_motion`` turns a prompt into a :class:`MotionPlan` (vocabulary in
:mod:`shopreel.media.motion.plan`), ``animate`` streams the frames, and
``render_image_to_video`` does both and encodes an MP4 in one of the :data:`MODES`
(table in :mod:`shopreel.media.motion.modes`).
"""

from shopreel.media.motion.animate import animate, frame_count
from shopreel.media.motion.layers import SubjectMasks, fill_background, find_subject
from shopreel.media.motion.modes import MODES, Mode, output_size
from shopreel.media.motion.plan import Effect, MotionPlan, Move, plan_motion
from shopreel.media.motion.render import DURATIONS_S, render_image_to_video

__all__ = [
    "DURATIONS_S",
    "MODES",
    "Effect",
    "Mode",
    "MotionPlan",
    "Move",
    "SubjectMasks",
    "animate",
    "fill_background",
    "find_subject",
    "frame_count",
    "output_size",
    "plan_motion",
    "render_image_to_video",
]
