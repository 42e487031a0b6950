"""Idle life is deterministic, smooth and blinks."""

import numpy as np
import pytest

from shopreel.media.avatar.idle import idle_frames


def test_idle_frames_are_deterministic_smooth_and_blink():
    fps, n = 30, 300
    a = idle_frames(n, fps=fps, seed=7, nod_times_s=(4.0,))
    assert a == idle_frames(n, fps=fps, seed=7, nod_times_s=(4.0,))
    assert a != idle_frames(n, fps=fps, seed=8)
    blinks = np.array([f.blink for f in a])
    starts = np.flatnonzero((blinks[1:] >= 0.99) & (blinks[:-1] < 0.99)) + 1
    gaps = np.diff(starts) / fps
    assert len(starts) >= 1 and (len(gaps) == 0 or (gaps.min() >= 1.9 and gaps.max() <= 6.1))
    assert (blinks > 0.05).sum() <= len(starts) * 0.2 * fps  # each blink is short
    for series in ([f.head_offset[0] for f in a], [f.head_tilt_deg for f in a], [f.breathe for f in a],
                   [f.hand_offset[1] for f in a]):
        step = np.diff(series)
        span = np.ptp(series)
        assert span > 0 and np.abs(step).max() < 0.1 * span  # smooth: small steps
        flips = np.sum(np.sign(step[1:]) * np.sign(step[:-1]) < 0)
        assert flips < 12  # no frame-to-frame sign jitter over 10 s
    with pytest.raises(ValueError, match="fps"):
        idle_frames(3, fps=-1, seed=0)
