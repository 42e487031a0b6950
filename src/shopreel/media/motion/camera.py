"""Camera paths: for every frame, where each layer of the picture is sampled from.

A frame's view is a 3x3 matrix mapping output pixel coordinates to picture coordinates
(``cv2.warpAffine``/``warpPerspective`` with ``WARP_INVERSE_MAP``), built from a pose:

- ``log_zoom``: zoom over the cover-fit of the picture (0 shows the whole fitted picture);
- ``shift``: where the camera looks, in fractions of the output's short side (a pan or tilt);
- ``yaw_deg``/``pitch_deg``: a small rotation of the picture plane seen through a pinhole
  camera, ``K R^T K^-1``, which gives orbit and dolly their perspective.

Every move's pose follows the clip's eased progress ``e = (1 - cos(pi p)) / 2`` (``p`` from 0
on the first frame to 1 on the last), so the motion starts and stops at rest and never
reverses. Zoom is geometric (equal ratios in equal times) and aimed at a point that stays
put on screen. A constant guard zoom, the smallest that keeps every corner of every
background frame inside the picture, is applied to the whole clip so no edge is ever
revealed and the motion stays smooth.

With parallax the foreground is nearer: its zoom and shift depart from the mid-clip pose
``1 + depth`` times as much as the background's; in an orbit, which pivots on the subject,
the foreground slides slightly against the background instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.motion.plan import Effect, Move, MotionPlan

__all__ = ["CameraPath", "camera_path", "eased_progress"]

_Matrices = npt.NDArray[np.float64]

_ZOOM = 0.20  # push-in / pull-out magnification at intensity 1
_DOLLY_ZOOM = 0.14
_DOLLY_PITCH_DEG = 1.8
_PAN = 0.09  # view travel each side of centre, fraction of the output's short side
_ORBIT_YAW_DEG = 5.0
_ORBIT_SHIFT = 0.07
_ORBIT_FOREGROUND = -0.25  # how the foreground slides in an orbit, relative to the background
_DEPTH = 0.35  # parallax: the foreground moves 1 + depth times as much as the background
_FLOAT_AMPLITUDE = 0.03  # float bob height, fraction of the output's short side
_FLOAT_PERIOD_S = 2.5


@dataclass(frozen=True, eq=False)
class CameraPath:
    """Per-frame views of a clip, in source-picture coordinates.

    ``background`` and ``foreground`` are ``float64 (n, 3, 3)``: each maps output pixel
    centres (continuous coordinates, pixel ``i`` spans ``[i, i + 1)``) to the source
    picture's continuous coordinates. ``max_scale`` is the most output pixels per source
    pixel any frame shows; ``float_lift`` is how far up the foreground is lifted in each
    frame, in ``[0, 1]`` of the float bob (all zero without float).
    """

    background: _Matrices
    foreground: _Matrices
    max_scale: float
    float_lift: npt.NDArray[np.float64]
    perspective: bool


def eased_progress(count: int) -> npt.NDArray[np.float64]:
    """Ease-in-out progress of ``count`` frames: 0 on the first, 1 on the last, cosine in between."""
    if count < 1:
        raise InvalidInput(f"count must be >= 1, got {count}")
    p = np.linspace(0.0, 1.0, count) if count > 1 else np.zeros(1)
    return 0.5 - 0.5 * np.cos(np.pi * p)


def camera_path(
    plan: MotionPlan,
    *,
    frame_count: int,
    fps: float,
    source_size: tuple[int, int],
    output_size: tuple[int, int],
    aim_px: tuple[float, float],
    layered: bool,
) -> CameraPath:
    """Views of every frame of ``plan`` over a ``source_size`` picture shown at ``output_size``.

    Parameters
    ----------
    plan : MotionPlan
    frame_count : int
        Frames in the clip.
    fps : float
        Frame rate (the float bob is timed in seconds).
    source_size, output_size : (width, height)
        Picture and frame sizes in pixels.
    aim_px : (x, y)
        Source point zooms aim at (it stays where it is on screen while the zoom grows).
    layered : bool
        Whether the picture is split into a foreground and background layer (parallax or
        float); without layers both paths are the same.
    """
    src_w, src_h = source_size
    out_w, out_h = output_size
    e = eased_progress(frame_count)
    amplitude = plan.intensity * min(max(math.sqrt(plan.duration_s / 5.0), 0.7), 1.5)
    depth = _DEPTH * min(plan.intensity, 1.5) if layered and Effect.PARALLAX in plan.effects else 0.0
    background = _poses(plan.moves, e, amplitude, depth=0.0)
    foreground = _poses(plan.moves, e, amplitude, depth=depth)

    cover = max(out_w / src_w, out_h / src_h)
    short = min(out_w, out_h)
    focal = float(max(out_w, out_h))
    centre = np.array([src_w / 2, src_h / 2])
    aim = np.clip(np.asarray(aim_px, float), centre * 0.6, centre * 1.4)
    bg = np.stack([_view(p, cover, short, focal, centre, aim, (out_w, out_h)) for p in background])
    guard = 1.0
    for _ in range(8):  # the guard is exact for flat views, within a hair for tilted ones: iterate
        extra = _guard_zoom(_about(bg, guard, (out_w, out_h)), (src_w, src_h), (out_w, out_h))
        if extra <= 1.0:
            break
        guard *= extra
    bg = _about(bg, guard, (out_w, out_h))
    fg = _about(
        np.stack([_view(p, cover, short, focal, centre, aim, (out_w, out_h)) for p in foreground]),
        guard, (out_w, out_h),
    )

    lift = np.zeros(frame_count)
    if layered and Effect.FLOAT in plan.effects:
        cycles = max(1, round(plan.duration_s / _FLOAT_PERIOD_S))
        t = np.arange(frame_count) / fps
        lift = 0.5 - 0.5 * np.cos(2 * np.pi * cycles * t / plan.duration_s)
        rise = _FLOAT_AMPLITUDE * short * math.sqrt(plan.intensity)
        for k in range(frame_count):
            fg[k] = fg[k] @ _translate(0.0, rise * lift[k])
    zooms = np.exp([p[0] for p in background + foreground])
    perspective = any(abs(p[3]) + abs(p[4]) > 1e-9 for p in background + foreground)
    return CameraPath(
        background=bg,
        foreground=fg,
        max_scale=float(cover * guard * zooms.max()),
        float_lift=lift,
        perspective=perspective,
    )


_Pose = tuple[float, float, float, float, float]  # log_zoom, shift_x, shift_y, yaw_deg, pitch_deg


def _poses(moves: tuple[Move, ...], e: npt.NDArray[np.float64], amplitude: float, *, depth: float) -> list[_Pose]:
    """Each frame's pose: the moves' contributions added up, nearer layers departing more from mid-clip."""
    total = np.zeros((len(e), 5))
    for move in moves:
        total += _contribution(move, e, amplitude, depth=depth)
    return [tuple(row) for row in total.tolist()]  # type: ignore[misc]


def _contribution(move: Move, e: npt.NDArray[np.float64], a: float, *, depth: float) -> npt.NDArray[np.float64]:
    out = np.zeros((len(e), 5))
    ramp = 2 * e - 1  # -1 .. 1
    near = 1 + depth
    if move in (Move.PUSH_IN, Move.PULL_OUT):
        zoom = math.log1p(_ZOOM * a) * (e if move is Move.PUSH_IN else 1 - e)
        out[:, 0] = zoom.mean() + near * (zoom - zoom.mean()) if depth else zoom
    elif move in (Move.DOLLY_IN, Move.DOLLY_OUT):
        sign = 1 if move is Move.DOLLY_IN else -1
        zoom = math.log1p(_DOLLY_ZOOM * a) * (e if sign > 0 else 1 - e)
        out[:, 0] = zoom.mean() + near * (zoom - zoom.mean()) if depth else zoom
        out[:, 4] = -sign * _DOLLY_PITCH_DEG * a * ramp
    elif move in (Move.PAN_LEFT, Move.PAN_RIGHT):
        out[:, 1] = (-1 if move is Move.PAN_LEFT else 1) * _PAN * a * ramp * near
    elif move in (Move.TILT_UP, Move.TILT_DOWN):
        out[:, 2] = (-1 if move is Move.TILT_UP else 1) * _PAN * a * ramp * near
    else:
        sign = 1 if move is Move.ORBIT_LEFT else -1
        slide = _ORBIT_FOREGROUND if depth else 1.0
        out[:, 1] = sign * _ORBIT_SHIFT * a * ramp * slide
        out[:, 3] = sign * _ORBIT_YAW_DEG * a * ramp
    return out


def _view(
    pose: _Pose,
    cover: float,
    short: float,
    focal: float,
    centre: npt.NDArray[np.float64],
    aim: npt.NDArray[np.float64],
    out_size: tuple[int, int],
) -> _Matrices:
    """Output -> source matrix of one pose (before the guard zoom)."""
    log_zoom, shift_x, shift_y, yaw_deg, pitch_deg = pose
    zoom = math.exp(log_zoom)
    look = centre + (aim - centre) * (1 - 1 / zoom) + np.array([shift_x, shift_y]) * short / cover
    ox, oy = out_size[0] / 2, out_size[1] / 2
    k = np.array([[focal, 0, ox], [0, focal, oy], [0, 0, 1.0]])
    persp = k @ _rotation(yaw_deg, pitch_deg).T @ np.linalg.inv(k)
    scale = 1.0 / (cover * zoom)
    to_source = np.array([[scale, 0, look[0] - scale * ox], [0, scale, look[1] - scale * oy], [0, 0, 1.0]])
    m = to_source @ persp
    return m / m[2, 2]


def _rotation(yaw_deg: float, pitch_deg: float) -> _Matrices:
    y, p = math.radians(yaw_deg), math.radians(pitch_deg)
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    return ry @ rx


def _corners(size: tuple[int, int]) -> npt.NDArray[np.float64]:
    w, h = size
    return np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], float).T


def _guard_zoom(views: _Matrices, source_size: tuple[int, int], out_size: tuple[int, int]) -> float:
    """Smallest extra zoom about the frame centre keeping every frame's corners inside the source.

    Exact for affine views; for tilted (projective) ones the caller iterates. 1.0 when every
    corner is already inside (a view that shows exactly the whole picture stays untouched);
    otherwise 0.1% more than needed.
    """
    src_w, src_h = source_size
    centre = np.array([out_size[0] / 2, out_size[1] / 2, 1.0])
    mapped = views @ _corners(out_size)  # (n, 3, 4)
    points = mapped[:, :2] / mapped[:, 2:]
    c = views @ centre
    c = (c[:, :2] / c[:, 2:])[:, :, None]  # (n, 2, 1)
    offset = points - c
    room = np.where(offset < 0, c, np.array([[src_w], [src_h]]) - c)
    if (room <= 1e-6).any():
        raise InvalidInput("the camera path looks outside the picture; lower the plan's intensity")
    need = float((np.abs(offset) / room).max())
    return need * 1.001 if need > 1.0 + 1e-9 else 1.0


def _about(views: _Matrices, guard: float, out_size: tuple[int, int]) -> _Matrices:
    """``views`` zoomed in ``guard`` times about the frame centre (on the output side)."""
    ox, oy = out_size[0] / 2, out_size[1] / 2
    shrink = np.diag([1.0 / guard, 1.0 / guard, 1.0])
    return views @ (_translate(ox, oy) @ shrink @ _translate(-ox, -oy))


def _translate(dx: float, dy: float) -> _Matrices:
    """Output -> output matrix sampling ``(x + dx, y + dy)``: the picture appears moved by ``(-dx, -dy)``."""
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1.0]])
