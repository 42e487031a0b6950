from __future__ import annotations

import numpy as np
import pytest

from shopreel.media.video import Corner, LogoOverlay


def _logo(w: int = 20, h: int = 10) -> np.ndarray:
    rgba = np.zeros((h, w, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[..., 3] = 128
    return rgba


@pytest.mark.parametrize(
    ("corner", "xy"),
    [(Corner.TOP_LEFT, (8, 8)), (Corner.TOP_RIGHT, (72, 8)), (Corner.BOTTOM_LEFT, (8, 142)),
     (Corner.BOTTOM_RIGHT, (72, 142))],
)
def test_logo_sits_in_its_corner(corner, xy):
    layer = LogoOverlay(_logo(), 100, 160, corner=corner, margin_px=8).layer_at(0.0)
    assert (layer.x, layer.y) == xy
    assert layer.rgb.shape == (10, 20, 3) and layer.alpha[0, 0] == pytest.approx(128 / 255)


def test_logo_scales_fades_and_keeps_its_time_range():
    overlay = LogoOverlay(_logo(), 100, 160, logo_width_px=40, opacity=0.5, start_s=1.0, end_s=2.0)
    assert overlay.layer_at(0.5) is None and overlay.layer_at(2.0) is None
    layer = overlay.layer_at(1.5)
    assert layer is overlay.layer_at(1.9)  # the same object while it shows: converted once
    assert layer.rgb.shape == (20, 40, 3) and layer.alpha.max() == pytest.approx(0.5 * 128 / 255, abs=0.01)


def test_logo_needs_rgba():
    with pytest.raises(ValueError, match=r"image_rgba must be uint8 \(h, w, 4\)"):
        LogoOverlay(np.zeros((4, 4, 3), np.uint8), 100, 160)
