"""Hand geometry on landmark arrays with known answers, and detection on a drawn hand.

No photo shipped with our dependencies shows a real hand, so detection is checked on a
flat cartoon hand (which MediaPipe finds, with a guessed thumb) and for false positives.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopreel.media.face import Hand, detect_hands, finger_mask, grip_region, palm_box, track_hands
from tests.media.face.conftest import flat

_OPEN = [  # fingers up, palm to the camera: wrist, thumb CMC-tip, index, middle, ring, pinky MCP-tip
    (100, 200), (80, 185), (65, 165), (55, 145), (48, 128),
    (85, 140), (83, 115), (82, 100), (81, 88),
    (100, 137), (100, 110), (100, 95), (100, 82),
    (115, 140), (116, 115), (117, 100), (118, 88),
    (128, 147), (130, 128), (131, 116), (132, 106),
]  # fmt: skip


def _grip() -> list[tuple[float, float]]:
    """A hand seen from the side, curled round a can to its right; the thumb closes from below."""
    points = [(50, 150), (62, 168), (80, 182), (102, 188), (122, 184)]
    for y0 in (100, 115, 130, 145):
        points += [(80, y0), (105, y0 - 3), (125, y0 + 5), (132, y0 + 18)]
    return points


def _hand(points, *, dx: float = 0.0, dy: float = 0.0) -> Hand:
    landmarks = np.array(points, np.float32) + np.array([dx, dy], np.float32)
    return Hand(landmarks=landmarks, z=np.zeros(21, np.float32), handedness="right", score=1.0)


def _contains(box, point) -> bool:
    return box.x <= point[0] <= box.x + box.w and box.y <= point[1] <= box.y + box.h


def test_palm_box_holds_wrist_and_knuckles_but_not_fingertips():
    hand = _hand(_OPEN)
    box = palm_box(hand)

    for index in (0, 1, 5, 9, 13, 17):
        assert _contains(box, hand.landmarks[index])
    for tip in (8, 12, 16, 20):
        assert not _contains(box, hand.landmarks[tip])


def test_grip_region_is_the_gap_the_hand_wraps_round():
    hand = _hand(_grip())
    box = grip_region(hand)

    assert _contains(box, (112, 150))  # the middle of the can
    assert not _contains(box, hand.landmarks[0])  # the wrist
    assert not _contains(box, (80, 120))  # the knuckles, on the far side of the palm
    assert (box.x, box.y, box.x + box.w, box.y + box.h) == (102, 97, 132, 188)


def test_finger_mask_covers_fingers_not_the_palm():
    hand = _hand(_OPEN)
    mask = finger_mask(hand, (240, 180), thickness_px=8, feather_px=1)

    assert mask.shape == (240, 180) and mask.dtype == np.float32
    assert 0.0 <= mask.min() and mask.max() <= 1.0
    for a, b in ((6, 7), (10, 11), (14, 15), (18, 19), (2, 3)):  # mid-segment of each digit
        x, y = np.round((hand.landmarks[a] + hand.landmarks[b]) / 2).astype(int)
        assert mask[y, x] > 0.9
    assert mask[170, 100] == 0.0  # palm centre
    assert mask[190:, :].max() == 0.0 and mask[:, 150:].max() == 0.0


def test_thicker_fingers_cover_more_and_a_default_thickness_is_a_finger_wide():
    hand = _hand(_OPEN)
    thin = finger_mask(hand, (240, 180), thickness_px=4).sum()
    thick = finger_mask(hand, (240, 180), thickness_px=12).sum()
    default = finger_mask(hand, (240, 180))  # knuckle span 43 px / 4: about 11 px

    assert thick > 2 * thin
    across = default[100, 90:110]  # a row through the middle finger at x=100
    assert 8 <= (across > 0.5).sum() <= 14


@pytest.mark.parametrize("shape", [(97, 131), (1, 1), (131, 97)])
def test_finger_mask_fits_any_shape_and_clips_the_hand(shape):
    mask = finger_mask(_hand(_OPEN), shape, thickness_px=6)
    assert mask.shape == shape

    off_image = finger_mask(_hand(_OPEN, dx=-5000, dy=-5000), shape, thickness_px=6)
    assert off_image.max() == 0.0


def test_finger_mask_checks_its_knobs():
    with pytest.raises(ValueError, match="thickness_px"):
        finger_mask(_hand(_OPEN), (10, 10), thickness_px=0)
    with pytest.raises(ValueError, match="feather_px"):
        finger_mask(_hand(_OPEN), (10, 10), feather_px=-1)
    with pytest.raises(ValueError, match="shape"):
        finger_mask(_hand(_OPEN), (0, 10))


def _drawn_hand() -> np.ndarray:
    """A flat cartoon of an open right hand, palm to the camera, on a light grey 677x480 card."""
    image = np.full((480, 480, 3), (235, 235, 240), np.uint8)
    skin, crease, nail = (224, 172, 140), (190, 140, 115), (240, 200, 190)
    palm = np.array([[180, 420], [300, 420], [320, 300], [300, 250], [170, 260], [160, 330]], np.int32)
    cv2.fillPoly(image, [palm], skin, cv2.LINE_AA)
    cv2.rectangle(image, (195, 420), (290, 480), skin, -1)
    for (x, y), length, angle, width in zip(
        [(175, 265), (212, 252), (248, 250), (283, 258)], [130, 150, 140, 110], [-100, -93, -86, -78], [30, 32, 30, 26],
        strict=True,
    ):
        direction = np.array([np.cos(np.deg2rad(angle)), np.sin(np.deg2rad(angle))])
        tip = tuple(np.round((x, y) + length * direction).astype(int))
        cv2.line(image, (x, y), tip, skin, width, cv2.LINE_AA)
        cv2.circle(image, tip, width // 2, skin, -1, cv2.LINE_AA)
        cv2.ellipse(image, (tip[0], tip[1] + 8), (8, 11), 0, 0, 360, nail, -1, cv2.LINE_AA)
        for along in (0.33, 0.66):
            cx, cy = np.round((x, y) + along * length * direction).astype(int)
            cv2.line(image, (cx - width // 3, cy), (cx + width // 3, cy), crease, 2, cv2.LINE_AA)
    cv2.line(image, (310, 360), (380, 290), skin, 34, cv2.LINE_AA)
    cv2.line(image, (380, 290), (410, 230), skin, 30, cv2.LINE_AA)
    cv2.circle(image, (410, 230), 15, skin, -1, cv2.LINE_AA)
    image = cv2.GaussianBlur(image, (0, 0), 1.2)
    return cv2.copyMakeBorder(image, 0, 0, 160, 37, cv2.BORDER_CONSTANT, value=(235, 235, 240))


def test_a_drawn_hand_is_found_where_it_was_drawn():
    image = _drawn_hand()  # the hand spans x 320-590, y 80-480 of this 677x480 card

    (hand,) = detect_hands(image)

    assert hand.landmarks.shape == (21, 2) and hand.landmarks.dtype == np.float32
    assert hand.score > 0.5 and hand.handedness in ("left", "right")
    x, y = hand.landmarks[:, 0], hand.landmarks[:, 1]
    assert (x > 300).all() and (x < 600).all() and (y > 70).all() and (y < 480).all()
    assert hand.landmarks[0, 1] > 380  # the wrist at the bottom
    tips, knuckles = hand.landmarks[[8, 12, 16]], hand.landmarks[[5, 9, 13]]
    assert (tips[:, 1] < knuckles[:, 1] - 60).all()  # fingers point up
    assert _contains(palm_box(hand), (390, 330))  # the middle of the drawn palm


def test_mirrored_swaps_which_hand_it_is():
    image = _drawn_hand()
    (plain,) = detect_hands(image)
    (mirrored,) = detect_hands(image, mirrored=True)

    assert {plain.handedness, mirrored.handedness} == {"left", "right"}
    assert np.array_equal(plain.landmarks, mirrored.landmarks)


def test_tracking_keeps_the_hand_through_frames():
    image = _drawn_hand()
    tracked = list(track_hands([image, np.roll(image, 6, axis=1), np.roll(image, 12, axis=1)], max_hands=1))

    assert [len(hands) for hands in tracked] == [1, 1, 1]
    wrists = [hands[0].landmarks[0, 0] for hands in tracked]
    assert wrists[0] < wrists[2]


@pytest.mark.parametrize("shape", [(400, 600), (97, 131), (1, 1)])
def test_no_hands_on_things_without_hands(astronaut, coffee, shape):
    assert detect_hands(coffee) == ()
    assert detect_hands(astronaut) == ()  # only a gloved wrist shows, at the bottom edge
    assert detect_hands(flat(*shape, rgb=(224, 172, 140))) == ()  # skin colour alone is no hand


def test_max_hands_must_be_positive(coffee):
    with pytest.raises(ValueError, match="max_hands"):
        detect_hands(coffee, max_hands=0)
