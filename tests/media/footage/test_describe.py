from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage import data

from shopreel.media.image import cutout
from shopreel.media.footage import Activity, SceneInfo, describe_image, describe_shot
from tests.media.footage.conftest import H, W, drifting, sliding


def bottle_on_white() -> np.ndarray:
    image = np.full((H, W, 3), 250, np.uint8)
    cv2.rectangle(image, (55, 110), (105, 240), (200, 30, 35), -1)
    cv2.rectangle(image, (70, 70), (90, 110), (200, 30, 35), -1)
    cv2.rectangle(image, (68, 58), (92, 72), (30, 30, 30), -1)
    return image


def coffee_on_white() -> np.ndarray:
    coffee = data.coffee()
    alpha = cutout(coffee)[..., None]
    return (coffee * alpha + 255 * (1 - alpha)).round().astype(np.uint8)


def text_card() -> np.ndarray:
    image = np.full((H, W, 3), 235, np.uint8)
    lines = ["SALE 50%", "New arrival", "Free ship", "Buy now!", "Limited", "Best price", "Order today", "Top rated", "Gift idea"]
    for k, line in enumerate(lines):
        cv2.putText(image, line, (6, 28 + 29 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (20, 20, 20), 1, cv2.LINE_AA)
    return image


def test_astronaut_is_a_person_not_a_product_close_up():
    info = describe_image(data.astronaut())
    assert info.has_face and info.face_count == 1
    assert not info.close_up and not info.text_heavy
    assert "one person" in info.desc and "Close-up" not in info.desc


@pytest.mark.parametrize("make", [bottle_on_white, coffee_on_white])
def test_product_on_white_is_a_close_up_without_people(make):
    info = describe_image(make())
    assert info.close_up and not info.has_face and info.face_count == 0
    assert info.colours[0] == "white" and "red" in info.colours
    assert info.desc.startswith("Close-up of the product on a white background;")
    assert "no people" in info.desc and info.desc.endswith("static.")


def test_the_bottle_reads_as_the_example_sentence():
    info = describe_image(bottle_on_white())
    assert info.desc == "Close-up of the product on a white background; dominant colours: white, red; no people; bright; static."


def test_lines_of_text_make_a_text_heavy_card_that_is_no_product():
    info = describe_image(text_card())
    assert info.text_heavy and "text on screen" in info.desc
    assert not info.close_up


@pytest.mark.parametrize("photo", [data.astronaut, data.coffee, data.chelsea])
def test_photos_are_not_text_heavy(photo):
    assert not describe_image(photo()).text_heavy


def test_brightness_is_measured_and_said():
    dark = (data.chelsea() * 0.15).astype(np.uint8)
    info = describe_image(dark)
    assert info.brightness < 0.1 and "dark" in info.desc
    assert describe_image(bottle_on_white()).brightness > 0.8


def test_activity_static_gentle_and_fast():
    chelsea = data.chelsea()
    still = [cv2.resize(chelsea, (W, H))] * 12
    gentle = list(drifting(chelsea, 12, step_px=1.0))
    fast = list(sliding(chelsea, 12, step_px=12))
    assert describe_shot(still, fps=10).activity == Activity.STATIC
    assert describe_shot(gentle, fps=10).activity == Activity.GENTLE
    fast_info = describe_shot(fast, fps=10)
    assert fast_info.activity == "fast" and fast_info.desc.endswith("fast motion.")


def test_given_activity_is_used_as_is():
    assert describe_shot([bottle_on_white()], activity=Activity.FAST).activity == "fast"


def test_same_picture_same_description_and_input_untouched():
    image = coffee_on_white()
    before = image.copy()
    first, second = describe_image(image), describe_image(image)
    assert isinstance(first, SceneInfo) and first == second
    assert np.array_equal(image, before)


def test_bad_inputs_name_the_culprit():
    with pytest.raises(ValueError, match="image"):
        describe_image(np.zeros((8, 8), np.uint8))
    with pytest.raises(ValueError, match="empty"):
        describe_shot([])
    with pytest.raises(ValueError, match=r"frames\[1\]"):
        describe_shot([bottle_on_white(), np.zeros((10, 10, 3), np.uint8)])
