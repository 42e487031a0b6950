"""Moving rasterised parts: warps land where the matrix says, to a fraction of a pixel."""

import math

import numpy as np
import pytest
import skia

from shopreel.media.avatar.sprites import Canvas, blit, moved, pixel_surface, union
from shopreel.media.types import Box


def _square(size=10):
    pixels = np.zeros((size, size, 4), np.uint8)
    pixels[...] = 255  # opaque white, premultiplied
    return pixels


def _centre(patch, x, y):
    alpha = patch[..., 3].astype(float)
    ys, xs = np.mgrid[0 : patch.shape[0], 0 : patch.shape[1]]
    # pixel (i, j) covers [i, i + 1): its centre is i + 0.5
    return (x + ((xs + 0.5) * alpha).sum() / alpha.sum(), y + ((ys + 0.5) * alpha).sum() / alpha.sum())


def test_a_whole_pixel_shift_returns_the_pixels_themselves():
    pixels = _square()
    patch, x, y = moved(pixels, 20, 30, np.array([[1.0, 0, 3], [0, 1.0, -2], [0, 0, 1]]))
    assert patch is pixels and (x, y) == (23, 28)


@pytest.mark.parametrize("dx, dy", [(0.5, 0.0), (0.25, -0.75), (3.3, 1.6)])
def test_sub_pixel_shifts_move_the_centre_exactly(dx, dy):
    patch, x, y = moved(_square(), 20, 30, np.array([[1.0, 0, dx], [0, 1.0, dy], [0, 0, 1]]))
    cx, cy = _centre(patch, x, y)
    assert cx == pytest.approx(25 + dx, abs=0.02) and cy == pytest.approx(35 + dy, abs=0.02)
    assert patch[..., 3].astype(float).sum() == pytest.approx(255 * 100, rel=0.01)  # nothing lost


def test_a_rotation_turns_about_the_given_point():
    angle = math.radians(90)
    c, s = math.cos(angle), math.sin(angle)
    pivot = np.array([[1.0, 0, 50], [0, 1.0, 50], [0, 0, 1]])
    turn = pivot @ np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) @ np.linalg.inv(pivot)
    patch, x, y = moved(_square(), 60, 45, turn)  # centre (65, 50): 15 right of the pivot
    cx, cy = _centre(patch, x, y)
    assert cx == pytest.approx(50, abs=0.05) and cy == pytest.approx(65, abs=0.05)  # now 15 below


def test_canvas_crops_to_what_was_drawn_even_past_the_frame():
    board = Canvas(100, 80, margin=20)

    def paint(canvas):
        canvas.drawRect(skia.Rect.MakeXYWH(-10, 5, 30, 12), skia.Paint(Color=skia.ColorRED))

    sprite = board.sprite(paint)
    assert sprite is not None and sprite.box == Box(-10, 5, 30, 12)
    assert board.sprite(lambda canvas: None) is None
    assert union(Box(0, 0, 10, 10), None, Box(5, -5, 10, 10)) == Box(0, -5, 15, 15) and union(None) is None


def test_blit_composites_premultiplied_pixels_at_whole_pixels():
    pixels, surface = pixel_surface(40, 30)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorBLACK)
    half = np.zeros((4, 4, 4), np.uint8)
    half[...] = 128  # white at half opacity, premultiplied
    blit(canvas, half, 10, 12)
    assert (pixels[12:16, 10:14, :3] == 128).all() and (pixels[:12, :, :3] == 0).all()
