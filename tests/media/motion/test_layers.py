from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopreel.media.motion import Effect, MotionPlan, Move, SubjectMasks, animate, fill_background

from .measure import disc_scene, shift

W, H, FPS = 160, 288, 12


def clip(image: np.ndarray, masks: SubjectMasks, moves: tuple[Move, ...], effects: set[Effect],
         *, seconds: float = 2.0, **kw) -> list[np.ndarray]:
    plan = MotionPlan(duration_s=seconds, moves=moves, effects=frozenset(effects), **kw)
    return list(animate(image, plan, width=W, height=H, fps=FPS, masks=masks))


def test_foreground_moves_further_than_background() -> None:
    image, mask = disc_scene(H, W)
    frames = clip(image, SubjectMasks(foreground=mask), (Move.PAN_LEFT,), {Effect.PARALLAX})
    first, last = frames[0], frames[-1]

    def disc_x(frame: np.ndarray) -> float:
        bright = cv2.GaussianBlur(frame, (0, 0), 3).mean(axis=2) > 150  # the disc's texture is the bright one
        return float(np.nonzero(bright)[1].mean())

    band = slice(0, 90)  # above the disc: background only
    fg_dx = disc_x(last) - disc_x(first)
    bg_dx = shift(first[band], last[band])[0]
    assert bg_dx > 5  # pan left: content slides right
    assert fg_dx > 1.2 * bg_dx, (fg_dx, bg_dx)


def test_uncovered_background_is_filled_without_black_or_seams() -> None:
    image, mask = disc_scene(H, W)
    frames = clip(image, SubjectMasks(foreground=mask), (Move.PAN_LEFT,), {Effect.PARALLAX}, intensity=2.0)
    last = frames[-1]
    # where the disc now is, measured: its bright texture (>= 150) against the background's (<= 150)
    bright = cv2.GaussianBlur(last, (0, 0), 3).mean(axis=2) > 150
    ys, xs = np.nonzero(bright)
    disc_now = np.zeros((H, W), np.uint8)
    cv2.circle(disc_now, (int(xs.mean()), int(ys.mean())), 44, 1, -1)
    disc_then = np.zeros((H, W), np.uint8)
    cv2.circle(disc_then, (int(xs.mean() - (xs.mean() - W / 2)), H // 2), 40, 1, -1)
    uncovered = (disc_then > 0) & (disc_now == 0)
    assert uncovered.sum() > 100  # the layers moved apart enough to uncover a crescent
    values = last[uncovered].astype(int)
    assert values.min() > 30  # no black, no holes
    ring = (cv2.dilate(disc_then, np.ones((21, 21), np.uint8)) > 0) & (disc_then == 0) & (disc_now == 0)
    assert abs(values.mean() - last[ring].mean()) < 20  # close to the surrounding background
    assert values.mean() < 160  # and not the disc's bright texture smeared in
    grad = np.abs(cv2.Sobel(cv2.cvtColor(last, cv2.COLOR_RGB2GRAY).astype(np.float32), cv2.CV_32F, 1, 0))
    edge = cv2.dilate(uncovered.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    assert grad[edge & ~(disc_now > 0)].mean() < 2.5 * grad[ring].mean()  # no seam around the fill


def test_fill_background_leaves_the_rest_alone_and_fills_the_hole() -> None:
    image, mask = disc_scene(H, W)
    before = image.copy()
    filled = fill_background(image, mask, margin_px=3)
    assert np.array_equal(image, before)
    far = cv2.dilate((mask > 0).astype(np.uint8), np.ones((11, 11), np.uint8)) == 0
    assert np.array_equal(filled[far], image[far])
    hole = mask > 0.5
    assert filled[hole].mean() < 150 < image[hole].mean()  # the bright disc is gone
    assert filled[hole].min() > 30


def static_product(size: tuple[int, int] = (W, H)) -> tuple[np.ndarray, np.ndarray]:
    image, mask = disc_scene(size[1], size[0])
    return image, mask


@pytest.mark.parametrize(("effect", "spill_px"), [(Effect.LIGHT_SWEEP, 0), (Effect.SPARKLE, 8)])
def test_product_effects_change_pixels_only_on_the_product(effect: Effect, spill_px: int) -> None:
    image, mask = static_product()
    masks = SubjectMasks(product=mask)
    plain = clip(image, masks, (), set())
    lit = clip(image, masks, (), {effect})
    assert all(np.array_equal(f, image) for f in plain)  # a still camera shows the picture as it is
    # the sweep stays inside the mask; a glint's rays (radius 4.5% of 160 px) may reach past its edge
    outside = cv2.dilate((mask > 0).astype(np.uint8), np.ones((2 * spill_px + 1,) * 2, np.uint8)) == 0
    changed_inside = 0
    for a, b in zip(plain, lit):
        diff = np.abs(b.astype(int) - a).max(axis=2)
        assert diff[outside].max() == 0
        assert (b.astype(int) >= a).all()  # light only adds
        changed_inside = max(changed_inside, int((diff[~outside] > 8).sum()))
    assert changed_inside > 10


def test_light_sweep_travels_across_the_product() -> None:
    image, mask = static_product()
    frames = clip(image, SubjectMasks(product=mask), (), {Effect.LIGHT_SWEEP}, seconds=2.0)
    centres = []
    for f in frames:
        gain = (f.astype(int) - image).max(axis=2)
        if gain.max() > 20:
            ys, xs = np.nonzero(gain > gain.max() / 2)
            centres.append(xs.mean() + ys.mean())
    assert len(centres) > 4 and (np.diff(centres) > 0).all()  # one diagonal pass, one way


def test_float_bobs_the_product_and_casts_a_shadow() -> None:
    image, mask = static_product()
    frames = clip(image, SubjectMasks(product=mask), (), {Effect.FLOAT}, seconds=2.5)
    top = []
    for f in frames:
        bright = cv2.GaussianBlur(f, (0, 0), 2).mean(axis=2) > 150
        top.append(np.nonzero(bright.any(axis=1))[0].min())
    rise = top[0] - np.array(top)
    assert rise.max() > 4 and rise[0] == 0 and abs(rise[-1]) <= 1  # up and back down, ends at rest
    assert np.argmax(rise) in range(len(rise) // 3, 2 * len(rise) // 3 + 1)
    below = (slice(H // 2 + 38, H // 2 + 48), slice(W // 2 - 20, W // 2 + 20))
    assert frames[len(frames) // 2][below].mean() < image[below].mean() - 3  # a shadow under it
