from __future__ import annotations

import numpy as np
import pytest

from shopreel.media.image.backdrops import BACKDROP_DESIGNS, backdrop_geometry, render_backdrop, stage_mask

SIZES = [(96, 170), (128, 128), (192, 108), (101, 67), (33, 57)]


@pytest.mark.parametrize("slug", sorted(BACKDROP_DESIGNS))
def test_every_design_renders_at_any_aspect_with_a_stage_on_its_surface(slug):
    design = BACKDROP_DESIGNS[slug]
    for width, height in SIZES:
        frame = render_backdrop(design, width, height)
        mask = stage_mask(design, width, height)
        assert frame.shape == (height, width, 3) and frame.dtype == np.uint8
        assert mask.shape == (height, width) and mask.dtype == np.float32
        assert 0 <= mask.min() and mask.max() == 1.0
        inside = mask > 0.5
        assert inside.sum() > 0.04 * width * height
        assert not inside[0].any() and not inside[:, 0].any() and not inside[:, -1].any()
    assert frame.std() > 3  # not a flat fill


def test_renders_are_cached_and_read_only():
    design = BACKDROP_DESIGNS["studio-podium-white"]
    frame = render_backdrop(design, 90, 160)
    assert render_backdrop(design, 90, 160) is frame
    with pytest.raises(ValueError):
        frame[0, 0] = 0


def test_podium_stage_stands_on_the_podium_top():
    design = BACKDROP_DESIGNS["studio-podium-white"]
    geometry = backdrop_geometry(design, 540, 960)
    mask = stage_mask(design, 540, 960)
    bottom = np.flatnonzero((mask > 0.5).any(axis=1))[-1]
    assert abs(bottom - geometry.prop_top_y) < 0.05 * geometry.prop_radius + 0.01 * 540 + 2
    assert geometry.stage_w < 2 * geometry.prop_radius


def test_backdrops_have_texture_and_grain_not_banding():
    frame = render_backdrop(BACKDROP_DESIGNS["gradient-sweep-peach"], 200, 360).astype(np.float32)
    rows = frame[20:60, 80:120].mean(axis=2)
    assert rows.std() > 1.0  # grain


@pytest.mark.parametrize("size", [(7, 100), (100, 0), (100.5, 100)])
def test_bad_sizes_are_named(size):
    with pytest.raises(ValueError, match="width|height"):
        render_backdrop(BACKDROP_DESIGNS["marble-counter"], *size)
