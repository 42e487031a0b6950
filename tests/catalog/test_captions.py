import random
import re
from itertools import combinations

import numpy as np
import pytest

from shopreel.catalog.captions import CAPTION_STYLES, default_caption, find_caption, random_caption
from shopreel.media.captions import Animation, BackgroundKind, render_thumbnail
from shopreel.media.captions.thumbnail import backdrop


def test_at_least_twelve_presets_with_stable_unique_ids_and_names():
    assert len(CAPTION_STYLES) >= 12
    ids = [s.caption_id for s in CAPTION_STYLES]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert len({s.name for s in CAPTION_STYLES}) == len(ids)
    # Ids are what clients store: pin one so a change is never silent.
    assert default_caption().caption_id == "d065390e55f85846b9f2ba2901fa5389"


def test_the_presets_cover_what_marketers_ask_for():
    animations = {s.animation for s in CAPTION_STYLES}
    assert set(Animation) <= animations
    assert {s.background.kind for s in CAPTION_STYLES if s.background} == set(BackgroundKind)
    assert any(s.gradient_to for s in CAPTION_STYLES) and any(s.glow for s in CAPTION_STYLES)
    assert any(s.highlight_box for s in CAPTION_STYLES) and any(s.uppercase for s in CAPTION_STYLES)


def test_find_default_and_random():
    style = CAPTION_STYLES[3]
    assert find_caption(style.caption_id) is style
    assert find_caption("0" * 32) is None
    assert default_caption() in CAPTION_STYLES
    rng = random.Random(7)
    picks = {random_caption(rng).caption_id for _ in range(200)}
    assert len(picks) == len(CAPTION_STYLES)
    assert random_caption(random.Random(1)) is random_caption(random.Random(1))


@pytest.fixture(scope="module")
def thumbnails():
    return {s.name: render_thumbnail(s, size=(180, 320)) for s in CAPTION_STYLES}


def test_every_thumbnail_shows_its_caption_over_the_backdrop(thumbnails):
    plain = backdrop(180, 320).astype(int)
    for name, image in thumbnails.items():
        assert image.shape == (320, 180, 3) and image.dtype == np.uint8
        changed = np.abs(image.astype(int) - plain).max(axis=-1) > 40
        assert changed.sum() > 150, name
        rows = np.flatnonzero(changed.any(axis=1))
        assert rows.mean() > 320 / 3, name  # in the lower part of the frame


def test_thumbnails_look_different_from_each_other(thumbnails):
    for (a, image_a), (b, image_b) in combinations(thumbnails.items(), 2):
        differing = (np.abs(image_a.astype(int) - image_b.astype(int)).max(axis=-1) > 40).sum()
        assert differing > 150, (a, b)


def test_default_thumbnail_size_and_an_odd_one():
    assert render_thumbnail(default_caption()).shape == (640, 360, 3)
    assert render_thumbnail(default_caption(), size=(101, 203)).shape == (203, 101, 3)
