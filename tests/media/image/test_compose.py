from __future__ import annotations

import colorsys

import cv2
import numpy as np
import pytest

from shopreel.media.image import (
    apply_shadow,
    contact_shadow,
    draw_layer,
    fit_in_box,
    inpaint_region,
    layer_alpha,
    match_colour,
    place_product,
    reflection,
    warp_to_quad,
)
from shopreel.media.types import Box, Layer
from tests.media.image.conftest import solid


def test_product_fills_its_box_and_nothing_else():
    scene = np.zeros((120, 160, 3), np.uint8)
    red, alpha = solid(height=20, width=30, rgb=(255, 0, 0))
    out = place_product(scene, red, alpha, Box(x=50, y=40, w=30, h=20), feather_px=0)
    assert (out[45:55, 60:75] == (255, 0, 0)).all()
    assert (out[40:60, 50:80] == (255, 0, 0)).all()
    assert not out[:40].any() and not out[60:].any() and not scene.any()


def test_product_keeps_its_aspect_bottom_centred_and_inputs_are_untouched():
    scene = np.full((100, 100, 3), 255, np.uint8)
    blue, alpha = solid(height=40, width=20, rgb=(0, 0, 255))
    before = scene.copy(), blue.copy(), alpha.copy()
    out = place_product(scene, blue, alpha, Box(x=10, y=10, w=60, h=80), feather_px=0, shadow=False)
    covered = (out == (0, 0, 255)).all(axis=2)
    rows, cols = np.flatnonzero(covered.any(axis=1)), np.flatnonzero(covered.any(axis=0))
    assert (rows[0], rows[-1], cols[0], cols[-1]) == (10, 89, 20, 59)
    for original, now in zip(before, (scene, blue, alpha)):
        assert np.array_equal(original, now)


def test_premultiplied_resize_leaves_no_dark_fringe():
    rgb = np.zeros((64, 64, 3), np.uint8)  # black where alpha is 0: the old background
    rgb[16:48, 16:48] = (250, 250, 250)
    alpha = np.zeros((64, 64), np.float32)
    alpha[16:48, 16:48] = 1
    layer = fit_in_box(rgb, alpha, Box(x=0, y=0, w=21, h=21))
    edge = (layer.alpha > 0.05) & (layer.alpha < 0.95)
    assert edge.any() and layer.rgb[edge].min() >= 245


def test_shadow_darkens_just_below_the_product_and_not_far_away():
    scene = np.full((200, 200, 3), 200, np.uint8)
    product, alpha = solid(40, 30, (20, 160, 60))
    out = place_product(scene, product, alpha, Box(x=85, y=100, w=30, h=40), feather_px=0, shadow_opacity=0.5)
    assert out[141:144, 90:110].mean() < 190
    assert (out[:50] == 200).all() and (out[190:] == 200).all()


def test_contact_shadow_hugs_the_base_and_leans_with_offset():
    alpha = np.zeros((200, 200), np.float32)
    alpha[80:140, 90:110] = 1
    shadow = contact_shadow(alpha, opacity=0.5, blur_px=3, offset_px=40, squash=0.4)
    assert shadow.dtype == np.float32 and shadow.max() <= 0.5 + 1e-6
    assert shadow[141:143, 95:105].min() > 0.1  # just below the base
    assert shadow[125:138, 115:140].mean() > shadow[125:138, 60:85].mean() + 0.02  # leans right
    assert shadow[:60].max() < 1e-3 and shadow[160:].max() < 1e-3
    back = contact_shadow(alpha, opacity=0.5, blur_px=3, offset_px=0, squash=-0.4)
    assert back[145:160, 95:105].mean() > shadow[145:160, 95:105].mean()  # back light: toward camera
    assert not contact_shadow(np.zeros((10, 10), np.float32)).any()


def test_apply_shadow_multiplies():
    scene = np.full((4, 4, 3), 200, np.uint8)
    shadow = np.zeros((4, 4), np.float32)
    shadow[1, 1] = 0.5
    out = apply_shadow(scene, shadow)
    assert (out[1, 1] == 100).all() and (out[0, 0] == 200).all() and (scene == 200).all()


def test_warp_to_quad_lands_only_inside_the_quad():
    product, alpha = solid(50, 40, (255, 128, 0))
    quad = np.array([[60, 40], [140, 55], [150, 150], [50, 140]], np.float32)
    for keep in (True, False):
        rgb, warped = warp_to_quad(product, alpha, quad, (200, 220, 3), keep_aspect=keep)
        assert rgb.shape == (200, 220, 3) and warped.shape == (200, 220)
        inside = np.zeros((200, 220), np.uint8)
        cv2.fillPoly(inside, [quad.astype(np.int32)], 1)
        inside = cv2.dilate(inside, np.ones((3, 3), np.uint8)) > 0
        assert warped[~inside].max() == 0
        assert warped.sum() > 0.5 * alpha.sum() * (0.4 if keep else 1)
        assert (rgb[warped > 0.99] == (255, 128, 0)).all()
    stretched = warp_to_quad(product, alpha, quad, (200, 220), keep_aspect=False)[1]
    assert (stretched > 0.5).sum() > 0.9 * cv2.contourArea(quad)


def test_warp_to_quad_rejects_a_degenerate_quad():
    product, alpha = solid(5, 5, (1, 2, 3))
    with pytest.raises(ValueError, match="quad"):
        warp_to_quad(product, alpha, np.zeros((4, 2), np.float32), (10, 10))
    with pytest.raises(ValueError, match="quad"):
        warp_to_quad(product, alpha, np.zeros((3, 2), np.float32), (10, 10))


def test_reflection_lies_only_below_the_product_and_fades():
    rgb, alpha = solid(30, 20, (200, 40, 40))
    layer = Layer(rgb=rgb, alpha=alpha, x=50, y=20)
    mirror = reflection(layer, opacity=0.4, fade_px=20, blur_px=1)
    on = layer_alpha(mirror, (120, 120))
    assert on[:50].max() == 0  # nothing at or above the base row (49)
    assert on[51, 55:65].min() > 0.2 and on[66, 55:65].max() < on[52, 55:65].min() / 3
    assert on[74:].max() < 0.01
    assert on[51:70].max() <= 0.4 + 1e-6
    out = draw_layer(np.zeros((120, 120, 3), np.uint8), mirror)
    assert out[52, 60, 0] > out[52, 60, 1]  # it is the product's red


def test_relight_keeps_the_hue_and_moves_lightness_gently():
    product, alpha = solid(20, 20, (200, 40, 40))
    dark_warm = np.full((50, 50, 3), (70, 45, 20), np.uint8)
    relit = match_colour(product, alpha, dark_warm, strength=1.0)
    before = colorsys.rgb_to_hsv(*(product[0, 0] / 255))
    after = colorsys.rgb_to_hsv(*(relit[0, 0] / 255))
    hue_shift = min(abs(after[0] - before[0]), 1 - abs(after[0] - before[0])) * 360
    assert hue_shift < 10
    assert relit.mean() < product.mean()  # darker scene, darker product
    assert np.abs(relit.astype(int) - product.astype(int)).max() < 60
    assert np.array_equal(match_colour(product, alpha, dark_warm, strength=0.0), product)


def test_relight_changes_only_matted_pixels():
    product, alpha = solid(10, 10, (90, 90, 90))
    alpha[:, :5] = 0
    relit = match_colour(product, alpha, np.full((5, 5, 3), 250, np.uint8), strength=1.0)
    assert (relit[:, :5] == 90).all() and (relit[:, 5:] > 90).all()


def test_inpaint_fills_a_hole_from_its_surroundings_with_grain():
    rng = np.random.default_rng(0)
    image = np.clip(rng.normal(120, 10, (120, 120, 3)), 0, 255).astype(np.uint8)
    mask = np.zeros((120, 120), bool)
    mask[30:90, 30:90] = True
    holed = image.copy()
    holed[mask] = 0
    out = inpaint_region(holed, mask, radius_px=3)
    assert abs(float(out[mask].mean()) - 120) < 10
    assert out[55:65, 55:65].std() > 2  # not a flat smudge
    assert np.array_equal(out[~mask], holed[~mask]) and (holed[mask] == 0).all()
    assert np.array_equal(out, inpaint_region(holed, mask, radius_px=3))


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (64, 3)])
def test_awkward_sizes_place_cleanly(shape):
    product, alpha = solid(*shape, (10, 20, 30))
    out = place_product(np.full((50, 50, 3), 255, np.uint8), product, alpha, Box(x=5, y=5, w=40, h=40))
    assert out.shape == (50, 50, 3) and (out != 255).any()


def test_inputs_are_checked_by_name():
    product, alpha = solid(10, 10, (1, 2, 3))
    with pytest.raises(ValueError, match="product_alpha is 10x10 but product_rgb is 12x10"):
        place_product(np.zeros((20, 20, 3), np.uint8), np.zeros((10, 12, 3), np.uint8), alpha, Box(0, 0, 5, 5))
    with pytest.raises(ValueError, match="shadow_opacity"):
        place_product(np.zeros((20, 20, 3), np.uint8), product, alpha, Box(0, 0, 5, 5), shadow_opacity=2)
