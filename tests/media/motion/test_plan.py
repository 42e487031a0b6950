from __future__ import annotations

import pytest

from shopreel.media.motion import Effect, MotionPlan, Move, plan_motion


def plan(prompt: str | None, negative: str | None = None, *, variant: int = 0, product: bool = True) -> MotionPlan:
    return plan_motion(prompt, negative, duration_s=5, variant=variant, has_person=False, has_product=product)


@pytest.mark.parametrize(
    ("prompt", "move"),
    [
        ("slowly zoom in on the bottle", Move.PUSH_IN),
        ("camera pushes in", Move.PUSH_IN),
        ("extreme close-up", Move.PUSH_IN),
        ("zoom out to reveal the room", Move.PULL_OUT),
        ("pull back", Move.PULL_OUT),
        ("pan left across the table", Move.PAN_LEFT),
        ("Pan to the right", Move.PAN_RIGHT),
        ("tilt up", Move.TILT_UP),
        ("tilting down", Move.TILT_DOWN),
        ("orbit left around the sneaker", Move.ORBIT_LEFT),
        ("dolly in", Move.DOLLY_IN),
        ("dolly out", Move.DOLLY_OUT),
        ("镜头推近", Move.PUSH_IN),
    ],
)
def test_camera_words_pick_their_move(prompt: str, move: Move) -> None:
    assert plan(prompt).moves == (move,)


def test_words_mix_and_the_first_of_two_opposites_wins() -> None:
    mixed = plan("zoom in while panning... pan right, then zoom out, with a light sweep and floating")
    assert mixed.moves == (Move.PUSH_IN, Move.PAN_RIGHT)
    assert mixed.effects == {Effect.LIGHT_SWEEP, Effect.FLOAT}


def test_orbit_without_a_direction_takes_it_from_the_variant() -> None:
    assert plan("rotate around the watch", variant=0).moves == (Move.ORBIT_LEFT,)
    assert plan("rotate around the watch", variant=1).moves == (Move.ORBIT_RIGHT,)


def test_effect_words() -> None:
    assert plan("parallax, shiny, sparkle, levitating").effects == set(Effect)


def test_speed_and_intensity_words_scale_the_plan() -> None:
    assert plan("slow zoom in").intensity < 1 < plan("fast dramatic zoom in").intensity <= 2
    assert plan("subtle zoom in").intensity == pytest.approx(0.6)


def test_negative_prompt_removes_what_it_names() -> None:
    assert not set(plan("zoom in", "zoom, camera shake").moves) & {Move.PUSH_IN, Move.PULL_OUT, Move.DOLLY_IN}
    for variant in range(4):
        moves = plan(None, "zoom, blurry", variant=variant).moves
        assert moves and not {Move.PUSH_IN, Move.PULL_OUT, Move.DOLLY_IN, Move.DOLLY_OUT} & set(moves)
    assert plan("pan left and zoom in", "pan").moves == (Move.PUSH_IN,)
    assert plan("zoom in, shine", "glow").effects == set()


def test_a_specific_negative_phrase_removes_only_its_move() -> None:
    assert plan("zoom in", "zoom out").moves == (Move.PUSH_IN,)


def test_no_in_the_prompt_negates() -> None:
    assert Move.PUSH_IN not in plan("pan left, no zoom").moves


def test_static_keeps_the_camera_still_but_effects_run() -> None:
    still = plan("static camera, sparkle")
    assert still.moves == () and still.effects == {Effect.SPARKLE}


def test_every_camera_move_negated_leaves_the_camera_still() -> None:
    assert plan("zoom in", "camera movement").moves == ()


def test_defaults_differ_per_variant() -> None:
    plans = [plan(None, variant=v) for v in range(4)]
    assert len({(p.moves, p.effects) for p in plans}) == 4
    assert plans[0].moves == (Move.PUSH_IN,) and Effect.PARALLAX in plans[0].effects
    assert plans[2].moves == (Move.PULL_OUT,)
    assert plan("", variant=4).moves == plans[0].moves  # variants cycle


def test_product_effects_need_a_product_and_parallax_a_subject() -> None:
    person = plan_motion("shine, float, parallax", None, duration_s=5, variant=0, has_person=True, has_product=False)
    assert person.effects == {Effect.PARALLAX}
    nothing = plan_motion("parallax", None, duration_s=5, variant=0, has_person=False, has_product=False)
    assert nothing.effects == set()


def test_with_words_the_variants_still_aim_differently() -> None:
    assert len({plan("zoom in", variant=v).aim for v in range(4)}) == 4


@pytest.mark.parametrize(
    ("kwargs", "culprit"),
    [({"duration_s": 0}, "duration_s"), ({"duration_s": 5, "intensity": 9}, "intensity"),
     ({"duration_s": 5, "moves": (Move.PAN_LEFT, Move.PAN_RIGHT)}, "opposite"),
     ({"duration_s": 5, "variant": -1}, "variant")],
)
def test_bad_plans_name_the_culprit(kwargs: dict, culprit: str) -> None:
    with pytest.raises(ValueError, match=culprit):
        MotionPlan(**kwargs)
