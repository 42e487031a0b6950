"""Hands in a photo (MediaPipe Hands, 21 landmarks each) and the regions a product edit needs.

Landmark order (MediaPipe's): 0 wrist; thumb 1 CMC, 2 MCP, 3 IP, 4 tip; then index, middle,
ring and pinky with MCP, PIP, DIP, tip each (5-8, 9-12, 13-16, 17-20).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.face._geometry import box_around, check_shape, crop_around
from shopreel.media.face._graphs import landmark_arrays, run, track
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Alpha, Box, Frame

__all__ = [
    "WRIST",
    "THUMB",
    "FINGERS",
    "Hand",
    "detect_hands",
    "track_hands",
    "palm_box",
    "grip_region",
    "finger_mask",
]

WRIST = 0
THUMB = (1, 2, 3, 4)
FINGERS = ((5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16), (17, 18, 19, 20))  # index to pinky, MCP to tip

_PALM = (WRIST, THUMB[0], *(finger[0] for finger in FINGERS))
# Where the thumb and the fingers touch a held object: thumb IP and tip, finger PIP to tip.
_GRIP = (THUMB[2], THUMB[3], *(joint for finger in FINGERS for joint in finger[1:]))
_HAND_POINTS = 21

Handedness = Literal["left", "right"]


@dataclass(frozen=True, eq=False)
class Hand:
    """One hand in pixels of the image it came from.

    ``landmarks`` is ``float32 (21, 2)`` ``(x, y)``, ``z`` is ``float32 (21,)`` depth relative
    to the wrist in about the pixel scale of ``x`` (smaller is nearer the camera).
    ``handedness`` is the person's own hand; ``score`` is the model's confidence in it.
    """

    landmarks: npt.NDArray[np.float32]
    z: npt.NDArray[np.float32]
    handedness: Handedness
    score: float


def _read_hands(result: Any, height: int, width: int, *, mirrored: bool) -> tuple[Hand, ...]:
    hands = []
    for landmarks, handedness in zip(result.multi_hand_landmarks or (), result.multi_handedness or (), strict=False):
        points, z = landmark_arrays(landmarks, width=width, height=height)
        if len(points) != _HAND_POINTS:
            continue
        label = handedness.classification[0]
        # MediaPipe labels hands as if the photo were a mirrored selfie.
        side = label.label.lower()
        if not mirrored:
            side = "left" if side == "right" else "right"
        points.setflags(write=False)
        z.setflags(write=False)
        hands.append(Hand(landmarks=points, z=z, handedness=side, score=float(label.score)))
    return tuple(hands)


def _check_max_hands(max_hands: int) -> None:
    if not isinstance(max_hands, int) or max_hands < 1:
        raise InvalidInput(f"max_hands must be a positive int, got {max_hands!r}")


def detect_hands(image: Frame, *, max_hands: int = 2, mirrored: bool = False) -> tuple[Hand, ...]:
    """Find up to ``max_hands`` hands in a photo.

    Parameters
    ----------
    image : Frame
        ``uint8 (H, W, 3)`` RGB.
    max_hands : int
        At most this many hands are returned.
    mirrored : bool
        The photo is mirrored (a front-camera selfie); decides which hand is "left".

    Returns
    -------
    tuple of Hand
        In pixel coordinates of ``image``; empty when no hand is found.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, or ``max_hands`` is not a positive int.

    Notes
    -----
    MediaPipe Hands (full model) in photo mode: a palm detector finds hands, then a landmark
    model reads 21 points from a 224x224 crop of each. The palm must be visible: a hand
    seen edge-on, wrapped round a large product, in a glove, or under about 1/10 of the
    image's shorter side is often missed, and fingers hidden behind an object are guessed
    from the hand's shape. Handedness is read from the hand's appearance and is the least
    reliable output when only the back of the hand shows.
    """
    check_frame(image, "image")
    _check_max_hands(max_hands)
    return run(
        "hands",
        image,
        partial(_read_hands, mirrored=mirrored),
        static_image_mode=True,
        max_num_hands=max_hands,
        model_complexity=1,
        min_detection_confidence=0.5,
    )


def track_hands(frames: Iterable[Frame], *, max_hands: int = 2, mirrored: bool = False) -> Iterator[tuple[Hand, ...]]:
    """Hands frame by frame through a video, tracked between frames.

    Yields one tuple per frame, as ``detect_hands`` would return; the frames must be
    consecutive frames of one video. Each call has a graph of its own, released when the
    iterator ends or is closed.
    """
    _check_max_hands(max_hands)
    read = partial(_read_hands, mirrored=mirrored)
    yield from track("hands", frames, read, static_image_mode=False, max_num_hands=max_hands, model_complexity=1)

def palm_box(hand: Hand) -> Box:
    """The box around the palm: wrist, thumb base and the four finger knuckles (MCP joints).

    Not clipped to the image.
    """
    return box_around(hand.landmarks[list(_PALM)])


def grip_region(hand: Hand) -> Box:
    """The box where a held object sits: between the thumb and the fingers' inner joints.

    It spans the thumb's last joint and tip and every finger from its middle joint (PIP) to
    its tip, the parts of a hand that wrap round a bottle, a jar or a phone; the palm and
    the wrist are left out. For a fist the box is the curled fingers, where a thin object
    passes through; for an open hand it is the fingers. Not clipped to the image.
    """
    return box_around(hand.landmarks[list(_GRIP)])


def _hand_width_px(hand: Hand) -> float:
    """Distance from the index knuckle to the pinky knuckle: about four finger widths."""
    return float(np.hypot(*(hand.landmarks[FINGERS[0][0]] - hand.landmarks[FINGERS[3][0]])))


def finger_mask(
    hand: Hand,
    shape: tuple[int, int],
    *,
    thickness_px: float | None = None,
    feather_px: float = 2.0,
) -> Alpha:
    """A soft mask of the thumb and fingers, knuckle to tip, for drawing them over a product.

    Parameters
    ----------
    hand : Hand
        The hand, in pixels of an image of ``shape``.
    shape : (int, int)
        Height and width of the mask.
    thickness_px : float, optional
        Finger width in pixels; by default a quarter of the knuckle span (index to pinky
        MCP), which is about one finger's width.
    feather_px : float
        Blur of the mask's edge (Gaussian sigma), 0 for a hard edge.

    Returns
    -------
    Alpha
        ``float32 (H, W)`` in [0, 1]: 1 on finger segments, 0 elsewhere.

    Raises
    ------
    InvalidInput
        ``shape`` is not a size, or ``thickness_px``/``feather_px`` are negative.

    Notes
    -----
    Each finger is drawn as round-capped segments between its joints, so bent fingers keep
    their joints; the palm is left out, since it is usually behind a held product.
    """
    height, width = check_shape(shape)
    if thickness_px is None:
        thickness_px = max(_hand_width_px(hand) / 4.0, 1.0)
    if thickness_px <= 0:
        raise InvalidInput(f"thickness_px must be > 0, got {thickness_px}")
    if feather_px < 0:
        raise InvalidInput(f"feather_px must be >= 0, got {feather_px}")
    mask = np.zeros((height, width), np.float32)
    line = max(1, round(thickness_px))
    # Draw, blur and clip only around the hand; the view reads the zeros beyond it and the
    # image's own edges, so the result matches working on the whole mask.
    crop = crop_around(hand.landmarks, margin_px=line / 2 + 4 * feather_px + 2, height=height, width=width)
    if crop is None:
        return mask
    shift = 4  # sub-pixel precision: coordinates in 1/16 px
    points = np.round(hand.landmarks.astype(np.float64) * (1 << shift)).astype(np.int64)
    points = np.clip(points, -(1 << 28), 1 << 28)  # cv2 takes int32; far-off points stay far off
    for chain in (THUMB[1:], *FINGERS):
        for a, b in pairwise(chain):
            cv2.line(mask, tuple(map(int, points[a])), tuple(map(int, points[b])), 1.0, line, cv2.LINE_AA, shift)
    if feather_px > 0:
        mask[crop] = cv2.GaussianBlur(mask[crop], (0, 0), feather_px)
    np.clip(mask[crop], 0.0, 1.0, out=mask[crop])
    return mask
