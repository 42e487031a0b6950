"""What a picture or a shot shows, in one short sentence and the measured facts behind it.

The sentence fills TopView's ``sceneAnalyseDesc``. It only says what was measured: faces
(MediaPipe), a plain backdrop and a centred subject on it, dominant colour names, lines of
text, brightness and motion; it never guesses objects or actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2

from shopreel.errors import InvalidInput
from shopreel.media.face import detect_faces
from shopreel.media.footage.activity import Activity, activity_of, frame_speed
from shopreel.media.footage.backdrop import plain_backdrop
from shopreel.media.footage.colours import dominant_colours
from shopreel.media.footage.shots import signature
from shopreel.media.footage.text import text_coverage
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["SceneInfo", "describe_image", "describe_shot"]

# Lines of text covering this share of the picture make it text-heavy.
_TEXT_HEAVY_SHARE = 0.05
# Mean luma (0 to 1) below which a picture is called dark, and above which bright.
_DARK_BELOW, _BRIGHT_ABOVE = 0.3, 0.7
# Faces are counted on at most this many frames of a shot (first, middle, last).
_FACE_SAMPLES = 3


@dataclass(frozen=True)
class SceneInfo:
    """A scene's description and the facts it was made from.

    ``desc`` is the sentence; ``face_count`` the most faces seen in one frame; ``close_up``
    a product shot (a centred subject on a plain backdrop, no face); ``colours`` names from
    :data:`~shopreel.media.footage.colours.COLOUR_NAMES`, most covered first; ``activity`` one
    of :class:`~shopreel.media.footage.activity.Activity`; ``brightness`` the mean luma in [0, 1].
    """

    desc: str
    has_face: bool
    face_count: int
    close_up: bool
    colours: tuple[str, ...]
    text_heavy: bool
    activity: str
    brightness: float


def describe_image(image: Frame) -> SceneInfo:
    """Describe a still picture (its activity is static).

    Returns
    -------
    SceneInfo
        Of ``image`` (``uint8 (H, W, 3)`` RGB), for example ``"Close-up of the product on a white background; dominant colours:
        white, red; no people; static."``

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``.
    """
    check_frame(image, "image")
    return _describe([image], Activity.STATIC)


def describe_shot(frames: Sequence[Frame], *, fps: float = 30.0, activity: Activity | None = None) -> SceneInfo:
    """Describe one shot from its frames.

    Parameters
    ----------
    frames : sequence of uint8 (H, W, 3)
        The shot's frames in order, all the same size. Content is read from the middle
        frame and faces are counted on the first, middle and last.
    fps : float
        Rate of ``frames``: motion is measured between neighbours, per second.
    activity : Activity or None
        Activity already measured (while decoding, say); ``None`` measures it from ``frames``.

    Returns
    -------
    SceneInfo

    Raises
    ------
    InvalidInput
        ``frames`` is empty or holds a frame that is not ``uint8 (H, W, 3)``, or sizes differ.
    """
    if len(frames) == 0:
        raise InvalidInput("frames is empty: a shot needs at least one frame")
    for index, frame in enumerate(frames):
        check_frame(frame, f"frames[{index}]")
        if frame.shape != frames[0].shape:
            raise InvalidInput(f"frames[{index}] is {frame.shape} but frames[0] is {frames[0].shape}")
    if activity is None:
        greys = [signature(frame).grey for frame in frames]
        activity = activity_of([frame_speed(a, b, fps=fps) for a, b in zip(greys, greys[1:])])
    return _describe(frames, Activity(activity))


def _describe(frames: Sequence[Frame], activity: Activity) -> SceneInfo:
    middle = frames[len(frames) // 2]
    picks = sorted({0, len(frames) // 2, len(frames) - 1})[:_FACE_SAMPLES]
    face_count = max(len(detect_faces(frames[i])) for i in picks)
    backdrop = plain_backdrop(middle)
    close_up = backdrop is not None and backdrop.centred_subject and face_count == 0
    colours = dominant_colours(middle)
    text_heavy = text_coverage(middle) >= _TEXT_HEAVY_SHARE
    brightness = float(cv2.cvtColor(middle, cv2.COLOR_RGB2GRAY).mean()) / 255.0
    if close_up:
        lead = f"Close-up of the product on a {backdrop.colour} background"
    elif backdrop is not None:
        lead = f"Scene on a plain {backdrop.colour} background"
    else:
        lead = "Lifestyle scene"
    parts = [lead, "dominant colours: " + ", ".join(colours), _people(face_count)]
    if text_heavy:
        parts.append("text on screen")
    if brightness < _DARK_BELOW:
        parts.append("dark")
    elif brightness > _BRIGHT_ABOVE:
        parts.append("bright")
    parts.append("static" if activity is Activity.STATIC else f"{activity} motion")
    return SceneInfo(
        desc="; ".join(parts) + ".",
        has_face=face_count > 0,
        face_count=face_count,
        close_up=close_up,
        colours=colours,
        text_heavy=text_heavy,
        activity=str(activity),
        brightness=round(brightness, 4),
    )


def _people(count: int) -> str:
    if count == 0:
        return "no people"
    return "one person" if count == 1 else f"{count} people"
