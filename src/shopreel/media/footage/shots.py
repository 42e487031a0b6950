"""Where one shot of a video ends and the next begins, found in one decoding pass.

Every frame is reduced to a :class:`Signature`: a 64-pixel thumbnail's grey levels and a
smoothed HSV colour histogram. :func:`find_cuts` then compares neighbouring signatures:

- a **hard cut** is a frame whose colours differ from the previous frame's *and* whose
  picture no longer correlates with it, standing well above the recent level of change
  (adaptive, so busy footage needs a bigger jump) and still there one frame later (a flash
  is not a cut);
- a **gradual transition** (dissolve, fade through black) changes the picture a little per
  frame, so it is found by comparing each frame with the one a second earlier; one cut is
  placed per transition, in its middle or on its blank frames. Fades keep the picture's
  structure (brightness scales, correlation stays high), so they never pass as hard cuts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.footage.thumbnail import shrink
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame
from shopreel.media.video.probe import probe, read_frames

__all__ = ["Shot", "Signature", "detect_shots", "find_cuts", "signature", "shots_from_cuts"]

SIGNATURE_LONG_SIDE_PX = 64
"""Long side of the thumbnail every frame is reduced to for cut detection and motion."""

_HUE_BINS, _SAT_BINS, _VAL_BINS = 16, 4, 4
# A frame whose thumbnail's grey levels spread less than this (standard deviation) is blank:
# black, white or one flat colour, as in the middle of a fade.
_BLANK_STD = 4.0
# A hard cut must stand this many times above the mean change of the last second.
_ADAPTIVE_RATIO = 4.0
# How far back (seconds) a frame is compared with to see a gradual transition.
_GRADUAL_WINDOW_S = 1.0
# Gradual transitions longer than this (seconds) are camera or subject motion, not a cut.
_GRADUAL_MAX_S = 4.0


@dataclass(frozen=True)
class Shot:
    """One continuous take, from ``start_s`` (inclusive) to ``end_s`` (exclusive), in seconds."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, eq=False)
class Signature:
    """A frame reduced for comparison.

    ``grey`` is ``float32 (h, w)`` in [0, 255] with a long side of 64 pixels; ``histogram``
    is ``float32 (256,)`` summing to 1 (16 hue x 4 saturation x 4 value bins, smoothed over
    neighbouring bins so a slow change of colour moves it smoothly); ``blank`` tells a
    frame without structure (grey spread under 4 levels).
    """

    grey: npt.NDArray[np.float32]
    histogram: npt.NDArray[np.float32]
    blank: bool


def signature(frame: Frame) -> Signature:
    """Reduce ``frame`` (``uint8 (H, W, 3)`` RGB) to its :class:`Signature`."""
    check_frame(frame, "frame")
    small = shrink(frame, long_side_px=SIGNATURE_LONG_SIDE_PX)
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY).astype(np.float32)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    counts = cv2.calcHist([hsv], [0, 1, 2], None, [_HUE_BINS, _SAT_BINS, _VAL_BINS], [0, 180, 0, 256, 0, 256])
    smooth = _smooth_bins(counts)
    return Signature(grey=grey, histogram=(smooth / smooth.sum()).ravel().astype(np.float32), blank=float(grey.std()) < _BLANK_STD)


def find_cuts(signatures: Sequence[Signature], *, fps: float, threshold: float = 0.25, min_shot_s: float = 0.5) -> list[int]:
    """Indices of the frames that start a new shot, in order (frame 0 is never one).

    Parameters
    ----------
    signatures : sequence of Signature
        One per frame, in display order (see :func:`signature`).
    fps : float
        Frame rate, to turn the time windows into frames.
    threshold : float
        Smallest change, from 0 (identical) to 1 (nothing in common), that can be a cut:
        for a hard cut the smaller of the colour-histogram distance and the loss of
        correlation between neighbouring frames; for a gradual one the histogram distance
        to the frame a second earlier. Lower finds subtler cuts and more false ones.
    min_shot_s : float
        Shots are at least this long: a cut closer than this to the previous cut, or to the
        end of the video, is dropped.

    Returns
    -------
    list of int
        Frame indices, increasing.
    """
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps}")
    if not 0.0 < threshold < 1.0:
        raise InvalidInput(f"threshold must be in (0, 1), got {threshold}")
    if min_shot_s < 0:
        raise InvalidInput(f"min_shot_s must be >= 0, got {min_shot_s}")
    count = len(signatures)
    if count < 2:
        return []
    hard = _hard_cuts(signatures, fps=fps, threshold=threshold)
    gradual = _gradual_cuts(signatures, hard, fps=fps, threshold=threshold)
    min_frames = max(1, round(min_shot_s * fps))
    cuts: list[int] = []
    for cut in sorted(set(hard) | set(gradual)):
        if cut - (cuts[-1] if cuts else 0) >= min_frames and count - cut >= min_frames:
            cuts.append(cut)
    return cuts


def shots_from_cuts(cuts: Sequence[int], *, frame_count: int, fps: float, duration_s: float | None = None) -> list[Shot]:
    """Shots between consecutive ``cuts`` (frame indices); the last ends at ``duration_s`` or the last frame's end."""
    if frame_count <= 0:
        return []
    end = duration_s if duration_s else frame_count / fps
    starts = [0.0, *(cut / fps for cut in cuts)]
    return [Shot(start_s=start, end_s=stop) for start, stop in zip(starts, [*starts[1:], end], strict=True)]


def detect_shots(path: str | os.PathLike[str], *, threshold: float = 0.25, min_shot_s: float = 0.5) -> list[Shot]:
    """Split a video into its shots, decoding it once.

    Parameters
    ----------
    path : str or Path
        Any video FFmpeg reads.
    threshold : float
        Smallest change between frames, 0 to 1, that can be a cut (see :func:`find_cuts`).
    min_shot_s : float
        Shortest shot kept, in seconds; a video without cuts is one shot.

    Returns
    -------
    list of Shot
        Contiguous, in order, covering the whole video; empty only for a video with no frame.

    Raises
    ------
    MediaError
        The file cannot be opened or decoded.

    Notes
    -----
    Frame times are frame index over the average frame rate, so variable-rate video gets
    cut times off by the rate's wobble. See :func:`find_cuts` for the method.
    """
    info = probe(path)
    fps = _usable_fps(info.fps, path)
    signatures = [signature(frame) for frame in read_frames(path)]
    cuts = find_cuts(signatures, fps=fps, threshold=threshold, min_shot_s=min_shot_s)
    return shots_from_cuts(cuts, frame_count=len(signatures), fps=fps, duration_s=info.duration_ms / 1000)


def _usable_fps(fps: float, path: str | os.PathLike[str]) -> float:
    if not fps > 0:
        raise MediaError(f"video has no frame rate: {path}")
    return fps


def _smooth_bins(counts: np.ndarray) -> np.ndarray:
    """Spread each bin a quarter into its neighbours (hue wraps around), so bin edges do not make jumps."""
    out = counts.astype(np.float32)
    for axis in range(3):
        wrap = axis == 0
        before = np.roll(out, 1, axis=axis)
        after = np.roll(out, -1, axis=axis)
        if not wrap:
            _edge(before, axis, 0)[...] = _edge(out, axis, 0)
            _edge(after, axis, -1)[...] = _edge(out, axis, -1)
        out = 0.5 * out + 0.25 * (before + after)
    return out


def _edge(values: np.ndarray, axis: int, index: int) -> np.ndarray:
    selection: list[slice | int] = [slice(None)] * values.ndim
    selection[axis] = index
    return values[tuple(selection)]


def _histogram_distance(a: Signature, b: Signature) -> float:
    return 0.5 * float(np.abs(a.histogram - b.histogram).sum())


def _decorrelation(a: Signature, b: Signature) -> float:
    """1 minus the correlation of the two thumbnails, in [0, 1]; 1 when either is blank or sizes differ."""
    if a.blank or b.blank or a.grey.shape != b.grey.shape:
        return 1.0
    x = a.grey - a.grey.mean()
    y = b.grey - b.grey.mean()
    rho = float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum()))
    return float(np.clip(1.0 - rho, 0.0, 1.0))


def _change(a: Signature, b: Signature) -> float:
    return min(_histogram_distance(a, b), _decorrelation(a, b))


def _hard_cuts(signatures: Sequence[Signature], *, fps: float, threshold: float) -> list[int]:
    change = np.array([0.0] + [_change(signatures[i - 1], signatures[i]) for i in range(1, len(signatures))])
    window = max(2, round(fps))
    cuts = []
    for i in range(1, len(signatures)):
        # Into or out of a blank frame is the end or start of a fade, left to the gradual pass.
        if signatures[i - 1].blank or signatures[i].blank:
            continue
        recent = change[max(1, i - window) : i]
        level = float(recent.mean()) if recent.size else 0.0
        if change[i] < threshold or change[i] < _ADAPTIVE_RATIO * level:
            continue
        # A flash changes one frame and goes back: the frame after it matches the one before.
        if i + 1 < len(signatures) and _change(signatures[i - 1], signatures[i + 1]) < 0.5 * threshold:
            continue
        cuts.append(i)
    return cuts


def _gradual_cuts(signatures: Sequence[Signature], hard: Iterable[int], *, fps: float, threshold: float) -> list[int]:
    lag = max(2, round(_GRADUAL_WINDOW_S * fps))
    count = len(signatures)
    hard_frames = np.zeros(count + lag, bool)
    hard_frames[list(hard)] = True
    changing = np.zeros(count, bool)
    for i in range(lag, count):
        near_hard = hard_frames[i - lag + 1 : i + 1].any()
        changing[i] = not near_hard and _histogram_distance(signatures[i - lag], signatures[i]) >= threshold
    cuts = []
    for start, stop in _runs(changing):
        # The window [i - lag, i] overlaps the transition for every i in the run: the
        # transition spans about [start - lag, stop), and its middle is half a lag back.
        # A real transition keeps the one-second comparison high while the window slides
        # over it; one odd frame (a flash) makes two short blips a second apart.
        first = max(0, start - lag)
        if stop - start < max(2, lag // 2) or (stop - first) / fps > _GRADUAL_MAX_S + _GRADUAL_WINDOW_S:
            continue
        blank = [i for i in range(first, stop) if signatures[i].blank]
        cuts.append(blank[len(blank) // 2] if blank else (start + stop) // 2 - lag // 2)
    return cuts


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` of every run of True in ``flags``."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
