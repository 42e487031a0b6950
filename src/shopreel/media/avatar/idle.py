"""Idle life for a presenter: blinks, breathing, head sway and nods, hand drift and gaze shifts.

Everything is a smooth function of time drawn from a seeded generator, so the same seed
gives the same motion and no value jitters from frame to frame: sway and drift are sums of
slow sines, nods and blinks raised-cosine bumps, gaze shifts eased steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from shopreel.errors import InvalidInput

__all__ = ["IdleFrame", "idle_frames"]

_BLINK_MS = 150.0
_NOD_MS = 420.0
_GAZE_EASE_MS = 140.0


@dataclass(frozen=True)
class IdleFrame:
    """Pose deltas for one frame, in the units of :class:`~shopreel.media.avatar.spec.Pose`.

    ``blink`` is how closed the eyelids are (0 open, 1 shut); ``breathe`` in [0, 1];
    ``head_offset`` and ``hand_offset`` are fractions of the head's height (x right, y down);
    ``gaze`` in [-1, 1] of the irises' travel.
    """

    blink: float
    breathe: float
    head_offset: tuple[float, float]
    head_tilt_deg: float
    gaze: tuple[float, float]
    hand_offset: tuple[float, float]
    hand_tilt_deg: float


def _sway(rng: np.random.Generator, t: np.ndarray, *, amplitude: float, low_hz: float, high_hz: float) -> np.ndarray:
    """A sum of three slow sines with random frequencies and phases, peaking near ``amplitude``."""
    out = np.zeros_like(t)
    for weight in (0.6, 0.3, 0.15):
        hz = rng.uniform(low_hz, high_hz)
        out += weight * np.sin(2 * np.pi * hz * t + rng.uniform(0, 2 * np.pi))
    return amplitude * out / 1.05


def _bump(t_ms: np.ndarray, centre_ms: float, length_ms: float) -> np.ndarray:
    """A raised-cosine bump of ``length_ms`` centred on ``centre_ms``, 1 at its peak."""
    x = (t_ms - centre_ms) / (length_ms / 2.0)
    return np.where(np.abs(x) < 1.0, 0.5 * (1.0 + np.cos(np.pi * np.clip(x, -1, 1))), 0.0)


def idle_frames(
    n_frames: int,
    *,
    fps: float,
    seed: int,
    nod_times_s: Sequence[float] = (),
    blink_every_s: tuple[float, float] = (2.0, 6.0),
    breaths_per_min: float = 14.0,
) -> list[IdleFrame]:
    """Small, smooth, deterministic motion that keeps a presenter alive between words.

    Parameters
    ----------
    n_frames : int
        Frames to produce.
    fps : float
        Frame rate.
    seed : int
        Seeds every random choice; the same seed gives the same motion.
    nod_times_s : sequence of float
        Times of stressed words: the head dips a little and comes back (a 420 ms nod).
    blink_every_s : (float, float)
        Range of the gaps between blinks; each blink lasts 150 ms and its middle falls on a
        frame, so even at 12 fps one frame shows the eyes shut.
    breaths_per_min : float
        Breathing rate.

    Returns
    -------
    list of IdleFrame
        One per frame.

    Raises
    ------
    InvalidInput
        A non-positive ``fps``, a negative ``n_frames`` or a bad blink range.
    """
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps!r}")
    if not isinstance(n_frames, (int, np.integer)) or n_frames < 0:
        raise InvalidInput(f"n_frames must be an int >= 0, got {n_frames!r}")
    low, high = blink_every_s
    if not 0 < low <= high:
        raise InvalidInput(f"blink_every_s must be (low, high) with 0 < low <= high, got {blink_every_s!r}")
    if not breaths_per_min > 0:
        raise InvalidInput(f"breaths_per_min must be positive, got {breaths_per_min!r}")
    rng = np.random.default_rng(seed)
    t = np.arange(n_frames) / fps
    t_ms = t * 1000.0
    # blinks: centres snapped to frames, at least one frame's width long
    blink = np.zeros(n_frames)
    length = max(_BLINK_MS, 2000.0 / fps)
    at = rng.uniform(0.6, min(2.5, high))
    while at < n_frames / fps:
        centre = round(at * fps) * 1000.0 / fps
        blink = np.maximum(blink, _bump(t_ms, centre, length))
        at += rng.uniform(low, high)
    breathe = 0.5 - 0.5 * np.cos(2 * np.pi * breaths_per_min / 60.0 * t + rng.uniform(0, 2 * np.pi))
    head_x = _sway(rng, t, amplitude=0.012, low_hz=0.07, high_hz=0.23)
    head_y = _sway(rng, t, amplitude=0.006, low_hz=0.09, high_hz=0.25)
    tilt = _sway(rng, t, amplitude=1.6, low_hz=0.06, high_hz=0.2)
    for when in nod_times_s:
        nod = _bump(t_ms, when * 1000.0 + _NOD_MS / 2.0, _NOD_MS)
        head_y = head_y + 0.012 * nod
        tilt = tilt + 0.6 * nod
    hand_x = _sway(rng, t, amplitude=0.02, low_hz=0.05, high_hz=0.15)
    hand_y = _sway(rng, t, amplitude=0.015, low_hz=0.05, high_hz=0.15)
    hand_tilt = _sway(rng, t, amplitude=2.0, low_hz=0.05, high_hz=0.15)
    gaze_x, gaze_y = np.zeros(n_frames), np.zeros(n_frames)
    at, target, previous = rng.uniform(1.5, 3.5), (0.0, 0.0), (0.0, 0.0)
    while at < n_frames / fps:
        previous, target = target, (float(rng.uniform(-0.35, 0.35)), float(rng.uniform(-0.15, 0.2)))
        ease = np.clip((t_ms - at * 1000.0) / _GAZE_EASE_MS, 0.0, 1.0)
        ease = ease * ease * (3 - 2 * ease)
        gaze_x = np.where(t_ms >= at * 1000.0, previous[0] + (target[0] - previous[0]) * ease, gaze_x)
        gaze_y = np.where(t_ms >= at * 1000.0, previous[1] + (target[1] - previous[1]) * ease, gaze_y)
        at += rng.uniform(1.5, 4.0) if math.hypot(*target) > 0.1 else rng.uniform(2.0, 5.0)
    return [
        IdleFrame(
            blink=float(blink[i]),
            breathe=float(breathe[i]),
            head_offset=(float(head_x[i]), float(head_y[i])),
            head_tilt_deg=float(np.clip(tilt[i], -30, 30)),
            gaze=(float(gaze_x[i]), float(gaze_y[i])),
            hand_offset=(float(hand_x[i]), float(hand_y[i])),
            hand_tilt_deg=float(np.clip(hand_tilt[i], -45, 45)),
        )
        for i in range(n_frames)
    ]
