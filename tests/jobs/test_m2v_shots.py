"""Where an M2V ad cuts, and what each shot shows."""

from __future__ import annotations

import random

import numpy as np
import pytest

from shopreel.catalog.presenters import cast_presenter, find_presenter, product_categories
from shopreel.catalog.templates import SCENE_TEMPLATES
from shopreel.jobs.m2v_shots import MAX_SHOT_S, Cut, View, clips_for, cut_voice, pick_templates, product_views
from shopreel.media.speech import WordTiming
from shopreel.media.video.timeline import ImageClip


def _words(*spans: tuple[str, float, float]) -> list[WordTiming]:
    return [WordTiming(text, round(start * 1000), round(end * 1000)) for text, start, end in spans]


def _sentence(n: int, *, word_s: float = 0.4, gap_s: float = 0.02, comma_every: int = 4) -> list[WordTiming]:
    words, t = [], 0.0
    for i in range(n):
        text = f"word{i}" + ("," if (i + 1) % comma_every == 0 else "")
        words.append((text, t, t + word_s))
        t += word_s + gap_s
    return _words(*words)


def test_a_long_line_is_cut_on_its_phrase_boundaries_into_shots_of_at_most_five_seconds():
    words = _sentence(30)  # 12.6 s, a comma every 4 words
    end = words[-1].end_ms / 1000
    cuts = cut_voice([(0.0, end, words, False)])
    assert len(cuts) == 4  # three cuts on commas rather than two between words
    assert all(c.length_s <= MAX_SHOT_S for c in cuts)
    assert cuts[0].start_s == 0.0 and cuts[-1].end_s == end
    boundaries = [(w.end_ms + n.start_ms) / 2000 for w, n in zip(words, words[1:]) if w.text.endswith(",")]
    for cut in cuts[1:]:
        assert min(abs(cut.start_s - b) for b in boundaries) < 1e-6  # on a comma


def test_short_lines_are_one_shot_each_and_a_pause_is_a_boundary():
    words = _words(("one", 0.0, 0.5), ("two", 0.55, 1.0), ("three", 1.6, 2.0), ("four", 2.05, 2.5))
    lines = [(0.0, 2.5, words, False), (2.5, 5.0, words, False), (5.0, 11.0, _sentence(14, comma_every=100), False)]
    cuts = cut_voice(lines)
    assert [c.line for c in cuts] == [0, 1, 2, 2]
    assert all(c.length_s <= MAX_SHOT_S for c in cuts)


def test_the_presenter_opens_and_closes_and_never_holds_the_screen_longer_than_five_seconds():
    line = _sentence(8)  # 3.36 s
    span = line[-1].end_ms / 1000 + 0.25
    lines = [(i * span, (i + 1) * span, line, talks) for i, talks in enumerate([True, True, False, True, True])]
    cuts = cut_voice(lines)
    assert cuts[0].presenter and cuts[-1].presenter
    run = 0.0
    for cut in cuts:
        run = run + cut.length_s if cut.presenter else 0.0
        assert run <= MAX_SHOT_S
    # Two presenter lines in a row: the second goes to the product (else one 6.9 s shot).
    assert [c.presenter for c in cuts] == [True, False, False, False, True]


def test_a_long_closing_line_keeps_the_presenter_for_its_last_piece():
    words = _sentence(25)
    end = words[-1].end_ms / 1000
    cuts = cut_voice([(0.0, 3.0, _sentence(6), True), (3.0, 3.0 + end, words, True)])
    closing = [c for c in cuts if c.line == 1]
    assert len(closing) >= 2 and closing[-1].presenter and not any(c.presenter for c in closing[:-1])


def _views(n: int) -> list[View]:
    return [View(f"v{i}", lambda seconds, rng, i=i: ImageClip(np.full((16, 9, 3), i * 20, np.uint8), seconds))
            for i in range(n)]


def test_clips_follow_the_cuts_on_the_voice_clock_and_cycle_the_views():
    cuts = [Cut(0, 2, 0, True), Cut(2, 4, 1, False), Cut(4, 7, 1, False), Cut(7, 9, 2, False), Cut(9, 11, 3, True)]
    said = []

    def presenter(cut: Cut, seconds: float) -> ImageClip:
        said.append(cut)
        return ImageClip(np.zeros((16, 9, 3), np.uint8), seconds)

    clips = clips_for(cuts, _views(2), presenter, crossfade_s=0.25, seed=1)
    assert [c.length_s for c in clips] == [2.25, 2.25, 3.25, 2.25, 2.0]  # each fades into the next
    assert said == [cuts[0], cuts[-1]]
    assert [int(c.image[0, 0, 0]) for c in clips[1:4]] == [0, 20, 0]


def test_templates_suit_the_product_and_stand_apart_from_its_colours():
    from shopreel.jobs.m2v_shots import _contrast

    white = np.full((60, 30, 3), 250, np.uint8)
    alpha = np.ones((60, 30), np.float32)
    chosen = pick_templates(white, alpha, ["beauty"], count=4, seed=0)
    assert len({t.slug for t in chosen}) == 4
    assert {t.style for t in chosen} == {"Pro", "UGC"}
    colour = np.array([250, 250, 250], np.float32)
    everything = [_contrast(colour, t) for t in SCENE_TEMPLATES]
    assert np.mean([_contrast(colour, t) for t in chosen]) > np.mean(everything)
    assert "studio-podium-white" not in {t.slug for t in chosen}  # a white product on a white podium
    assert any("Beauty" in {c.name for c in t.categories} for t in chosen)


def test_one_photo_gives_distinct_views():
    photo = np.full((720, 480, 3), 255, np.uint8)
    photo[300:500, 200:280] = (220, 20, 160)  # a small product: a close-up is worth showing
    matte = np.zeros((720, 480), np.float32)
    matte[300:500, 200:280] = 1.0
    templates = pick_templates(photo[300:500, 200:280], matte[300:500, 200:280], [], count=4, seed=0)
    views = product_views(photo, photo[300:500, 200:280], matte[300:500, 200:280], size=(108, 192),
                          templates=templates, photo_alpha=matte)
    assert len(views) == 6 and len({v.name for v in views}) == 6
    pictures = [v.clip(2.0, random.Random(0)).image for v in views]
    assert all(p.shape[2] == 3 for p in pictures)


@pytest.mark.parametrize(("kwargs", "expected"), [
    (dict(language="en", product="Glow Serum for dull skin", voice_gender="female"), dict(gender="female")),
    (dict(language="en", product="Glow Serum for dull skin", voice_gender="male"), dict(gender="male")),
    (dict(language="ja", product="wireless headphones", voice_gender="male"), dict(gender="male", local="east-asian")),
    (dict(language="de", product="dog leash", audience="busy moms", voice_gender="male"), dict(gender="female")),
    (dict(language="en", product="walking cane", audience="seniors", voice_gender="female"),
     dict(gender="female", age="Old")),
])
def test_a_cast_presenter_fits_the_audience_voice_and_language(kwargs, expected):
    from shopreel.catalog.presenters import ETHNICITIES

    presenter = cast_presenter(**kwargs)
    assert presenter.gender == expected["gender"]
    if "age" in expected:
        assert presenter.spec.age == expected["age"]
    if "local" in expected:
        names = {e.ethnicity_id: e.name for e in ETHNICITIES}
        assert names[presenter.spec.ethnicity_id] == "East Asian"
    assert cast_presenter(**kwargs) is presenter and find_presenter(presenter.presenter_id) is presenter


def test_product_categories_come_from_its_words():
    assert product_categories("Glow Serum: vitamin C for dull skin")[0] == "beauty"
    assert product_categories("Wireless Bluetooth headphones") == ("tech",)
    assert product_categories("Something else entirely") == ()
