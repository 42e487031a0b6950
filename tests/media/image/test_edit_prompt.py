from __future__ import annotations

import pytest

from shopreel.media.image.edit_prompt import EditIntent, parse_edit_prompt

TOPVIEW_DEFAULT = (
    "Replace the item in the hand of the person in Picture 1 with the one in Picture 2. Keep the composition "
    "position and gesture of the person in Picture 1 unchanged, and ensure that the features, appearance and "
    "details of the item in Picture 2 remain exactly the same after the change."
)


@pytest.mark.parametrize(
    "text",
    [
        TOPVIEW_DEFAULT,
        "",
        "Put the product in the hand.",
        "Keep the same size and angle.",
        "The person holds it with both hands.",
        "A left-handed model holding the bottle.",
    ],
)
def test_prompts_without_known_edits_are_neutral(text):
    assert parse_edit_prompt(text) == EditIntent(hand=None, scale=1.0, tilt_deg=0.0)


@pytest.mark.parametrize(
    ("text", "hand"),
    [
        ("Replace the item in her left hand with the product.", "left"),
        ("in the right hand", "right"),
        ("Hold it in the Right-Hand please", "right"),
        (TOPVIEW_DEFAULT + " Use his left hand.", "left"),
        ("把左手的东西换成产品", "left"),
        ("右手拿着产品", "right"),
        ("swap what the left hand and the right hand hold", None),
    ],
)
def test_the_hand_is_read_only_from_left_or_right_hand(text, hand):
    assert parse_edit_prompt(text).hand == hand


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("Make the product bigger.", 1.2),
        ("a larger bottle", 1.2),
        ("enlarge it", 1.2),
        ("make it much bigger", 1.4),
        ("a lot larger", 1.4),
        ("slightly larger please", 1.1),
        ("smaller", 0.8),
        ("shrink the product", 0.8),
        ("much smaller", 0.6),
        ("make it a little smaller", 0.9),
        ("放大一点", 1.2),
        ("放大很多", 1.4),
        ("缩小", 0.8),
        ("do not make it bigger", 1.0),
        ("The product should not be larger than the hand.", 1.0),
        ("不要放大", 1.0),
    ],
)
def test_size_words_scale_the_product(text, scale):
    assert parse_edit_prompt(text).scale == pytest.approx(scale)


@pytest.mark.parametrize(
    ("text", "tilt_deg"),
    [
        ("tilt it to the left", -12.0),
        ("Rotate the bottle right.", 12.0),
        ("angle it slightly to the left", -6.0),
        ("rotate 20 degrees counterclockwise", -20.0),
        ("turn it clockwise", 12.0),
        ("tilt right by 90°", 45.0),
        ("向右倾斜", 12.0),
        ("稍微向左倾斜", -6.0),
        ("逆时针旋转30度", -30.0),
        ("don't tilt it left", 0.0),
        ("keep the angle of the right hand", 0.0),
    ],
)
def test_tilt_words_turn_the_product(text, tilt_deg):
    assert parse_edit_prompt(text).tilt_deg == pytest.approx(tilt_deg)


def test_edits_combine_and_left_hand_is_not_a_tilt():
    intent = parse_edit_prompt("In her left hand, rotate the bottle a little to the right and make it a bit smaller.")
    assert intent == EditIntent(hand="left", scale=0.9, tilt_deg=6.0)


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="text must be a str"):
        parse_edit_prompt(None)  # type: ignore[arg-type]
