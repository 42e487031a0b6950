from __future__ import annotations

import numpy as np

from shopreel.media.types import Layer
from shopreel.media.video import OverlayPainter
from shopreel.media.video.yuv import rgb_to_yuv420, yuv420_to_rgb

W, H = 32, 24


def _layer(rgb: tuple[int, int, int], x: int, y: int, size: int = 8) -> Layer:
    return Layer(np.full((size, size, 3), rgb, np.uint8), np.ones((size, size), np.float32), x, y)


class _Counting:
    """Shows ``layers[i]`` from ``i`` seconds on; counts how often it is asked."""

    def __init__(self, *layers: Layer) -> None:
        self.layers = layers
        self.calls = 0

    def layer_at(self, t_s: float) -> Layer | None:
        self.calls += 1
        return self.layers[min(int(t_s), len(self.layers) - 1)] if t_s >= 0 else None


def test_overlays_are_drawn_in_order_where_they_say():
    red, blue = _Counting(_layer((255, 0, 0), 4, 4)), _Counting(_layer((0, 0, 255), 8, 8))
    black = rgb_to_yuv420(np.zeros((H, W, 3), np.uint8))
    out = yuv420_to_rgb(OverlayPainter([red, blue], width=W, height=H).draw(black, 0.0))
    assert out[5, 5, 0] > 235 and out[5, 5, 2] < 20  # red alone
    assert out[10, 10, 2] > 235 and out[10, 10, 0] < 20  # blue drawn over red
    assert out[20:, 20:].max() < 20  # nothing elsewhere
    assert (black.y == 16).all()  # the input frame is not changed


def test_nothing_visible_or_off_canvas_leaves_the_frame_as_it_is():
    class Hidden:
        def layer_at(self, t_s: float) -> Layer | None:
            return None

    grey = rgb_to_yuv420(np.full((H, W, 3), 90, np.uint8))
    painter = OverlayPainter([Hidden(), _Counting(_layer((255, 255, 255), W + 4, 0))], width=W, height=H)
    assert painter.draw(grey, 0.0) is grey


def test_a_layer_is_converted_once_and_again_only_when_another_comes():
    first, second = _layer((255, 0, 0), 0, 0), _layer((0, 255, 0), 0, 0)
    overlay = _Counting(first, second)
    painter = OverlayPainter([overlay], width=W, height=H)
    frame = rgb_to_yuv420(np.zeros((H, W, 3), np.uint8))
    shown = [yuv420_to_rgb(painter.draw(frame, 0.0))[2, 2]]
    first.rgb[...] = (0, 0, 255)  # the same object again: its first conversion is reused
    shown += [yuv420_to_rgb(painter.draw(frame, t))[2, 2] for t in (0.5, 1.0, 1.5)]
    assert overlay.calls == 4
    assert all(rgb[0] > 235 and rgb[2] < 20 for rgb in shown[:2])
    assert all(rgb[1] > 235 and rgb[0] < 20 for rgb in shown[2:])
