from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from shopreel.media.video.sampling import OVERSAMPLE, PlaneSampler


def _smooth_plane(width: int, height: int, seed: int = 0) -> np.ndarray:
    coarse = np.random.default_rng(seed).integers(0, 256, (height // 16, width // 16), np.uint8)
    return np.asarray(Image.fromarray(coarse).resize((width, height), Image.BICUBIC))


def _zoom_box(width: int, height: int, zoom: float) -> tuple[float, float, float, float]:
    w, h = width / zoom, height / zoom
    return (width - w) / 2, (height - h) / 2, (width + w) / 2, (height + h) / 2


def test_samples_match_an_exact_resampler():
    plane = _smooth_plane(240, 400)
    sampler = PlaneSampler([plane])
    reference = Image.fromarray(plane)
    for zoom in np.linspace(OVERSAMPLE, OVERSAMPLE * 1.3, 25):
        box = _zoom_box(240, 400, zoom)
        (got,) = sampler.sample(box, (96, 160))
        exact = np.asarray(reference.resize((96, 160), Image.BILINEAR, box=box))
        assert got.shape == (160, 96)
        assert np.abs(got.astype(int) - exact).max() <= 2


@pytest.mark.parametrize("start", [0.0, 0.27, 3.5, 5.91])
def test_sampling_positions_are_sub_pixel_exact(start):
    ramp = np.tile((np.arange(64) * 4).astype(np.uint8), (64, 1))  # value == 4 * x: 1/8 px resolution
    sampler = PlaneSampler([ramp])
    length = 40 * 1.37
    (out,) = sampler.sample((start, 10.0, start + length, 42.0), (40, 24))
    expected = start + (np.arange(40) + 0.5) * length / 40 - 0.5
    assert sampler.fallbacks == 0
    assert np.abs(out[12] / 4 - expected)[2:-2].max() <= 0.125 + 0.05  # uint8 rounding + tolerance


def test_planes_sharing_a_sampler_get_the_same_window():
    plane = _smooth_plane(120, 200)
    inverted = 255 - plane
    u, v = PlaneSampler([plane, inverted]).sample((10.3, 7.9, 110.1, 181.2), (48, 80))
    assert np.abs(u.astype(int) + v - 255).max() <= 1


def test_windows_near_unit_scale_fall_back_and_stay_exact():
    plane = _smooth_plane(96, 160)
    sampler = PlaneSampler([plane])
    box = (0.3, 0.2, 95.7, 159.9)
    (got,) = sampler.sample(box, (96, 160))
    exact = np.asarray(Image.fromarray(plane).resize((96, 160), Image.BILINEAR, box=box))
    assert sampler.fallbacks == 1
    assert np.abs(got.astype(int) - exact).max() <= 1


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="uint8"):
        PlaneSampler([np.zeros((4, 4), np.float32)])
    with pytest.raises(ValueError, match="empty window"):
        PlaneSampler([np.zeros((4, 4), np.uint8)]).sample((2.0, 0.0, 1.0, 4.0), (2, 2))
