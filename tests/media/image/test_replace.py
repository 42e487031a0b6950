"""Replacing a held object with the product, checked on what the output shows.

No photo shipped with our dependencies shows a real hand holding something, so the
``location`` path runs on ``astronaut()`` with a green bottle pasted on her suit, and the
hand path on the face tests' cartoon hand (which MediaPipe finds, with landmarks a little
off) with a blue card drawn behind its fingers.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from skimage import data

from shopreel.errors import MediaError
from shopreel.media.image.compose import warp_to_quad
from shopreel.media.image.matting import cutout, trim_to_alpha
from shopreel.media.image.replace import NoHeldObject, replace_held_object
from tests.media.face.test_hands import _drawn_hand

BOTTLE = (60, 320, 70, 150)  # x, y, w, h on astronaut(): on her suit, below and left of the face
GREEN = (0, 200, 60)  # appears nowhere in astronaut()
FACE = (slice(40, 200), slice(150, 300))  # rows, columns of her head
CARD, BLUE = (60, 260, 330, 470), (30, 60, 200)  # y0, y1, x0, x1 behind the cartoon's fingers
SIMILAR = 0.97  # NCC of the output with the product warped onto the returned quad (measured: 0.9999 / 0.995)


@pytest.fixture(scope="module")
def product():
    """The coffee cup cut from coffee() by the matting engine: (rgb, alpha)."""
    photo = cv2.resize(data.coffee(), (240, 160), interpolation=cv2.INTER_AREA)
    photo.setflags(write=False)
    alpha = cutout(photo)
    alpha.setflags(write=False)
    return photo, alpha


@pytest.fixture(scope="module")
def bottled():
    """astronaut() holding a green bottle: (template, bottle mask, location quad a little loose)."""
    x, y, w, h = BOTTLE
    mask = np.zeros((512, 512), np.uint8)
    cv2.rectangle(mask, (x, y + 45), (x + w - 1, y + h - 1), 1, -1)
    cv2.ellipse(mask, (x + w // 2, y + 45), (w // 2, 18), 0, 180, 360, 1, -1)
    cv2.rectangle(mask, (x + w // 2 - 11, y), (x + w // 2 + 11, y + 30), 1, -1)
    template = data.astronaut()
    template[mask > 0] = GREEN
    template.setflags(write=False)
    location = np.array([[x - 8, y - 8], [x + w + 8, y - 8], [x + w + 8, y + h + 8], [x - 8, y + h + 8]], np.float32)
    return template, mask > 0, location


@pytest.fixture(scope="module")
def replaced(bottled, product):
    template, _, location = bottled
    return replace_held_object(template, *product, location=location)


@pytest.fixture(scope="module")
def held_card():
    """The cartoon hand with a blue card behind its fingers: (template, card mask)."""
    hand = _drawn_hand()
    y0, y1, x0, x1 = CARD
    behind = np.zeros(hand.shape[:2], np.bool_)
    behind[y0:y1, x0:x1] = np.abs(hand[y0:y1, x0:x1].astype(int) - (235, 235, 240)).sum(axis=2) < 12
    template = hand.copy()
    template[behind] = BLUE
    template = cv2.GaussianBlur(template, (0, 0), 0.8)
    template.setflags(write=False)
    return template, _near(template, BLUE)


def _near(image, rgb, within=60):
    return np.abs(image.astype(int) - rgb).max(axis=2) < within


def _ncc(a, b):
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


def _product_similarity(image, product, quad, where=None):
    """NCC (grey) between ``image`` and the trimmed product warped onto ``quad``, on its solid pixels."""
    rgb, alpha, _ = trim_to_alpha(*product)
    expected, covered = warp_to_quad(rgb, alpha, quad, image.shape)
    solid = covered > 0.95 if where is None else (covered > 0.95) & where
    grey = [cv2.cvtColor(x, cv2.COLOR_RGB2GRAY).astype(np.float64)[solid] for x in (expected, image)]
    return _ncc(*grey), int(solid.sum())


def test_the_old_object_is_gone_and_the_product_is_there(bottled, replaced, product):
    template, bottle, _ = bottled

    assert _near(template, GREEN).sum() == bottle.sum()
    assert not _near(replaced.image, GREEN).any()
    similarity, pixels = _product_similarity(replaced.image, product, replaced.product_quad)
    assert similarity >= SIMILAR and pixels > 3000
    assert _product_similarity(template, product, replaced.product_quad)[0] < 0.3  # it was not there before


def test_removed_is_the_object_a_few_pixels_wider(bottled, replaced):
    _, bottle, location = bottled
    removed = replaced.removed > 0.5

    assert replaced.removed.dtype == np.float32 and replaced.removed.shape == (512, 512)
    assert removed[bottle].all()
    x, y, w, h = BOTTLE
    assert not removed[: y - 8].any() and not removed[y + h + 8 :].any()
    assert not removed[:, : x - 8].any() and not removed[:, x + w + 8 :].any()
    assert removed.sum() < 1.35 * bottle.sum()  # the bottle, not the whole loose quad


def test_nothing_changes_outside_the_object_and_the_products_shadow(bottled, replaced, product):
    template, _, _ = bottled
    changed = (replaced.image != template).any(axis=2)
    _, covered = warp_to_quad(*trim_to_alpha(*product)[:2], replaced.product_quad, template.shape)
    reach = cv2.dilate(((replaced.removed > 0) | (covered > 0)).astype(np.uint8), np.ones((33, 33), np.uint8))

    assert changed.any()
    assert not (changed & (reach == 0)).any()
    assert np.array_equal(replaced.image[FACE], template[FACE])
    assert replaced.image.dtype == np.uint8 and replaced.image.shape == template.shape


def test_the_product_sits_centred_in_the_location_and_keeps_its_aspect(bottled, replaced, product):
    _, _, location = bottled
    quad, box = replaced.product_quad, replaced.product_box
    _, alpha, _ = trim_to_alpha(*product)

    assert quad.shape == (4, 2) and quad.dtype == np.float32
    assert np.allclose(quad.mean(axis=0), location.mean(axis=0), atol=1)
    width, height = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0])
    assert width / height == pytest.approx(alpha.shape[1] / alpha.shape[0], rel=0.02)
    assert width == pytest.approx(location[1, 0] - location[0, 0], abs=1)  # a wide cup fills the bottle's width
    assert box.x >= location[0, 0] - 1 and box.x + box.w <= location[1, 0] + 1


def test_scale_grows_the_product_about_its_centre(bottled, product, replaced):
    template, _, location = bottled
    bigger = replace_held_object(template, *product, location=location, scale=1.5)

    small, large = replaced.product_box, bigger.product_box
    assert large.w * large.h == pytest.approx(2.25 * small.w * small.h, rel=0.1)
    assert np.allclose(bigger.product_quad.mean(axis=0), replaced.product_quad.mean(axis=0), atol=0.5)
    assert not _near(bigger.image, GREEN).any()


def test_tilt_turns_the_product_clockwise(bottled, product, replaced):
    template, _, location = bottled
    tilted = replace_held_object(template, *product, location=location, tilt_deg=20)

    def top_edge_deg(quad):
        dx, dy = quad[1] - quad[0]
        return math.degrees(math.atan2(dy, dx))

    assert top_edge_deg(replaced.product_quad) == pytest.approx(0, abs=0.01)
    assert top_edge_deg(tilted.product_quad) == pytest.approx(20, abs=0.01)  # y grows downward: clockwise
    assert _product_similarity(tilted.image, product, tilted.product_quad)[0] >= SIMILAR


def test_a_tight_location_and_no_shadow_still_replace(bottled, product):
    template, bottle, _ = bottled
    x, y, w, h = BOTTLE
    tight = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)
    result = replace_held_object(template, *product, location=tight, shadow_opacity=0)

    assert not _near(result.image, GREEN).any()
    assert (result.removed > 0)[bottle].all()


def test_inputs_are_not_changed(bottled, product):
    template, _, location = bottled
    writable = template.copy(), product[0].copy(), product[1].copy(), location.copy()
    before = [array.copy() for array in writable]
    replace_held_object(writable[0], writable[1], writable[2], location=writable[3])
    for original, now in zip(before, writable, strict=True):
        assert np.array_equal(original, now)


def test_no_hand_and_no_location_asks_for_a_location(bottled, product):
    template, _, _ = bottled
    with pytest.raises(NoHeldObject, match="pass `location`") as caught:
        replace_held_object(template, *product)
    assert isinstance(caught.value, MediaError) and caught.value.code == "4000"
    assert "no hand holding an object was found" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "culprit"),
    [
        ({"template": np.zeros((64, 64, 3), np.float32)}, "template"),
        ({"template": np.zeros((64, 64), np.uint8)}, "template"),
        ({"product_rgb": np.zeros((20, 30, 3), np.float64)}, "product_rgb"),
        ({"product_alpha": np.zeros((20, 30), np.float32)}, "product_alpha is empty"),
        ({"product_alpha": np.ones((21, 30), np.float32)}, "product_alpha"),
        ({"location": np.array([[600, 10], [700, 10], [700, 90], [600, 90]])}, "inside the 512x512 template"),
        ({"location": np.array([[10, 10], [90, 10], [90, 90]])}, "location"),
        ({"location": np.array([[10, 10], [10, 10], [10, 10], [10, 10]])}, "location encloses no area"),
        ({"scale": 0.0}, "scale"),
        ({"tilt_deg": float("nan")}, "tilt_deg"),
        ({"hand": "middle"}, "hand"),
        ({"shadow_opacity": 1.5}, "shadow_opacity"),
    ],
)
def test_bad_inputs_name_the_culprit(bottled, change, culprit):
    template, _, location = bottled
    arguments = {
        "template": template,
        "product_rgb": np.full((20, 30, 3), 200, np.uint8),
        "product_alpha": np.ones((20, 30), np.float32),
        "location": location,
    }
    arguments.update(change)
    with pytest.raises(ValueError, match=culprit):
        replace_held_object(
            arguments.pop("template"), arguments.pop("product_rgb"), arguments.pop("product_alpha"), **arguments
        )


def test_the_object_in_a_hand_is_replaced_behind_the_fingers(held_card, product):
    template, card = held_card
    result = replace_held_object(template, *product)

    assert card.sum() > 9000
    assert _near(result.image, BLUE).sum() < 0.01 * card.sum()
    similarity, pixels = _product_similarity(result.image, product, result.product_quad, where=card)
    assert similarity >= SIMILAR and pixels > 2000
    # The middle finger crosses the product and stays in front of it, unchanged.
    base, direction = np.array([372.0, 252.0]), np.array([math.cos(math.radians(-93)), math.sin(math.radians(-93))])
    for along in range(30, 140, 15):
        x, y = np.round(base + along * direction).astype(int)
        assert np.array_equal(result.image[y, x], template[y, x])
    # The palm and wrist, below the card, are untouched.
    assert np.array_equal(result.image[300:], template[300:])


def test_the_product_follows_a_tilted_hold(held_card, product):
    template, _ = held_card
    turned = cv2.warpAffine(
        template, cv2.getRotationMatrix2D((400, 240), -20, 1.0), template.shape[1::-1], borderValue=(235, 235, 240)
    )
    result = replace_held_object(turned, *product)

    dx, dy = result.product_quad[1] - result.product_quad[0]
    assert math.degrees(math.atan2(dy, dx)) == pytest.approx(20, abs=3)
    assert _near(result.image, BLUE).sum() < 0.01 * _near(turned, BLUE).sum()


def test_a_hand_holding_nothing_asks_for_a_location(product):
    with pytest.raises(NoHeldObject, match="nothing held in them; pass `location`"):
        replace_held_object(_drawn_hand(), *product)
