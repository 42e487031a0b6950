from __future__ import annotations

import numpy as np
import pytest
from skimage import data

from shopreel.media.motion import MotionPlan, Move, SubjectMasks, animate, frame_count, plan_motion

from .measure import scale, shift, texture

W, H, FPS = 160, 288, 12
NO_LAYERS = SubjectMasks()


def frames(image: np.ndarray, moves: tuple[Move, ...], *, size: tuple[int, int] = (W, H), seconds: float = 2.0,
           **kw) -> list[np.ndarray]:
    plan = MotionPlan(duration_s=seconds, moves=moves, **kw)
    return list(animate(image, plan, width=size[0], height=size[1], fps=FPS, masks=NO_LAYERS))


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return data.astronaut()


@pytest.mark.parametrize(("move", "grows"), [(Move.PUSH_IN, True), (Move.PULL_OUT, False)])
def test_zoom_changes_scale_monotonically(photo: np.ndarray, move: Move, grows: bool) -> None:
    clip = frames(photo, (move,), size=(270, 480))
    picked = clip[::4] + [clip[-1]]
    scales = [scale(clip[0], f) for f in picked[1:]]
    steps = np.diff([1.0, *scales])
    assert (steps > 0).all() if grows else (steps < 0).all(), scales
    total = scales[-1] if grows else 1 / scales[-1]
    assert 1.12 < total < 1.3  # about the documented 20% at intensity 1


@pytest.mark.parametrize(
    ("move", "axis", "sign"),
    [(Move.PAN_LEFT, 0, +1), (Move.PAN_RIGHT, 0, -1), (Move.TILT_UP, 1, +1), (Move.TILT_DOWN, 1, -1)],
)
def test_pans_and_tilts_move_content_the_documented_way_with_easing(
    photo: np.ndarray, move: Move, axis: int, sign: int
) -> None:
    clip = frames(photo, (move,))
    steps = np.array([shift(a, b) for a, b in zip(clip, clip[1:])])
    along, across = steps[:, axis] * sign, steps[:, 1 - axis]
    assert (along > 0).all(), along  # no sign flip anywhere: no jitter
    assert np.abs(across).max() < 0.05
    n = len(along)
    middle = along[n // 2 - 2 : n // 2 + 2].mean()
    assert along[0] < 0.25 * middle and along[-1] < 0.25 * middle  # eases in and out
    assert (np.diff(along[: n // 3]) > -0.05).all()  # speeds up smoothly towards mid-clip
    assert along.sum() > 10  # a pan that shows: pixels over the clip


def test_motion_is_sub_pixel_smooth_at_slow_speed(photo: np.ndarray) -> None:
    clip = frames(photo, (Move.PAN_RIGHT,), seconds=4.0, intensity=0.4)
    dx = np.array([shift(a, b)[0] for a, b in zip(clip, clip[1:])])
    assert np.abs(dx).max() < 1.0  # less than a pixel a frame, yet
    assert (dx[1:-1] < 0).all()  # every frame moves (the first and last steps are ~0 by easing)
    assert np.abs(np.diff(dx)).max() < 0.12  # and its speed changes gently


@pytest.mark.parametrize("move", [Move.ORBIT_LEFT, Move.DOLLY_IN, Move.PAN_LEFT])
@pytest.mark.parametrize("intensity", [1.0, 2.0])
def test_camera_never_looks_past_the_picture(move: Move, intensity: float) -> None:
    image = texture(300, 300, seed=5)
    image[:2], image[-2:], image[:, :2], image[:, -2:] = (255, 0, 0), (255, 0, 0), (255, 0, 0), (255, 0, 0)
    clip = frames(image, (move,), intensity=intensity)
    # the picture's own 2 px red frame may touch the frame's edge; a look past it would smear it inwards
    red = [int(((f[3:-3, 3:-3, 0] > 215) & (f[3:-3, 3:-3, 1] < 50)).sum()) for f in clip]
    assert max(red) == 0, red
    assert np.abs(clip[-1].astype(int) - clip[0]).mean() > 8


def test_frame_count_size_and_nothing_blank(photo: np.ndarray) -> None:
    clip = frames(photo, (Move.PUSH_IN,), seconds=1.5)
    assert len(clip) == frame_count(1.5, FPS) == 18
    assert all(f.shape == (H, W, 3) and f.dtype == np.uint8 and f.std() > 10 for f in clip)


def test_landscape_source_is_cover_fitted(photo: np.ndarray) -> None:
    wide = np.ascontiguousarray(photo[128:384])  # 512 x 256
    clip = frames(wide, (Move.PAN_RIGHT,))
    assert clip[0].std() > 20 and clip[0].shape == (H, W, 3)


def test_input_is_not_changed(photo: np.ndarray) -> None:
    before = photo.copy()
    frames(photo, (Move.PUSH_IN,), seconds=0.5)
    assert np.array_equal(before, photo)


def test_negative_prompt_removes_zoom(photo: np.ndarray) -> None:
    plan = plan_motion("zoom in", "zoom", duration_s=2, variant=0, has_person=False, has_product=False)
    clip = list(animate(photo, plan, width=270, height=480, fps=FPS, masks=NO_LAYERS))
    assert scale(clip[0], clip[-1]) == pytest.approx(1.0, abs=0.02)
    assert max(abs(v) for v in shift(clip[0], clip[-1])) > 5  # it still moves: a pan instead


def test_variants_differ(photo: np.ndarray) -> None:
    lasts = []
    for variant in range(4):
        plan = plan_motion(None, None, duration_s=1, variant=variant, has_person=False, has_product=False)
        lasts.append(list(animate(photo, plan, width=W, height=H, fps=FPS, masks=NO_LAYERS))[-1].astype(int))
    for i in range(4):
        for j in range(i + 1, 4):
            assert np.abs(lasts[i] - lasts[j]).mean() > 5, (i, j)


@pytest.mark.parametrize(
    ("image", "kwargs", "culprit"),
    [
        (np.zeros((64, 64), np.uint8), {}, "image"),
        (np.zeros((64, 64, 4), np.uint8), {}, "image"),
        (np.zeros((64, 64, 3), np.float32), {}, "image"),
        (np.zeros((64, 64, 3), np.uint8), {"width": 0}, "width"),
        (np.zeros((64, 64, 3), np.uint8), {"fps": -1}, "fps"),
        (np.zeros((64, 64, 3), np.uint8), {"masks": SubjectMasks(product=np.zeros((10, 10), np.float32))},
         "masks.product"),
    ],
)
def test_bad_inputs_name_the_culprit(image: np.ndarray, kwargs: dict, culprit: str) -> None:
    args = {"width": W, "height": H, "fps": FPS, "masks": NO_LAYERS} | kwargs
    with pytest.raises(ValueError, match=culprit):
        animate(image, MotionPlan(duration_s=1), **args)
