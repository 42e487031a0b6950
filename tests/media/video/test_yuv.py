from __future__ import annotations

import numpy as np
import pytest

from shopreel.media.types import Layer
from shopreel.media.video.yuv import Yuv420, blend, draw_layer, prepare_layer, rgb_to_yuv420, yuv420_to_rgb


@pytest.mark.parametrize("size", [(96, 160), (98, 162), (2, 2)])
def test_rgb_round_trip_keeps_flat_colours(size):
    rgb = np.full((size[1], size[0], 3), (200, 40, 90), np.uint8)
    frame = rgb_to_yuv420(rgb)
    assert (frame.width, frame.height) == size and frame.u.shape == (size[1] // 2, size[0] // 2)
    assert (frame.y[0, 0], frame.u[0, 0], frame.v[0, 0]) == (83, 134, 196)  # BT.709 limited range
    assert np.abs(yuv420_to_rgb(frame).astype(int) - (200, 40, 90)).max() <= 1


def test_resizing_conversion_and_odd_sizes():
    picture = np.zeros((50, 30, 3), np.uint8)
    assert rgb_to_yuv420(picture, size=(60, 100)).y.shape == (100, 60)
    with pytest.raises(ValueError, match="29x50"):
        rgb_to_yuv420(np.zeros((50, 30, 3), np.uint8)[:, :29])  # 29 wide
    with pytest.raises(ValueError, match="uint8 \\(H, W, 3\\)"):
        rgb_to_yuv420(np.zeros((4, 4), np.uint8))


def test_blend_weights_both_frames():
    black = rgb_to_yuv420(np.zeros((4, 6, 3), np.uint8))
    white = rgb_to_yuv420(np.full((4, 6, 3), 255, np.uint8))
    assert blend(black, white, weight=0.25).y[0, 0] == round(16 + 0.25 * 219)
    assert np.array_equal(blend(black, white, weight=0.0).data, black.data)
    with pytest.raises(ValueError, match="weight"):
        blend(black, white, weight=1.5)


def test_layer_is_composited_clipped_and_the_frame_kept():
    base = rgb_to_yuv420(np.zeros((20, 20, 3), np.uint8))
    rgb = np.full((10, 10, 3), (0, 255, 0), np.uint8)
    alpha = np.full((10, 10), 0.5, np.float32)
    prepared = prepare_layer(Layer(rgb, alpha, x=15, y=-3), width=20, height=20)
    assert (prepared.x, prepared.y, prepared.w, prepared.h) == (14, 0, 6, 8)  # clipped, widened to even
    out = yuv420_to_rgb(draw_layer(base, prepared)).astype(int)
    assert np.abs(out[3, 17] - (0, 127, 0)).max() <= 3
    assert not out[10:, :].any() and not out[:, :14].any()
    assert not yuv420_to_rgb(base).any()
    assert prepare_layer(Layer(rgb, alpha, x=30, y=0), width=20, height=20) is None


def test_yuv420_checks_its_layout():
    with pytest.raises(ValueError, match="even dimensions, got 3x2"):
        Yuv420(np.zeros(9, np.uint8), 3, 2)
    with pytest.raises(ValueError, match="flat uint8 of 6 bytes"):
        Yuv420(np.zeros(7, np.uint8), 2, 2)
