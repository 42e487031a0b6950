"""Mouth over time: viseme tracks and loudness turned into one mouth state per video frame.

A :class:`MouthState` says which viseme the mouth is shaped like, how far toward it
(``weight``, what :class:`~shopreel.media.avatar.spec.Pose` calls ``mouth_open``), how far
the jaw is open (``mouth_open``, 0 closed to 1 a wide "ah") and how wide the lips are
(``width``, 1 at rest). Rigs use the first two, photo and video warps the last two.

:func:`mouth_curve` follows espeak-ng's visemes with co-articulation; :func:`energy_mouth_curve`
serves uploaded audio that comes without phonemes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.avatar.spec import VISEMES
from shopreel.media.types import Audio

__all__ = [
    "MouthState",
    "VISEME_OPEN",
    "VISEME_WIDTH",
    "mouth_curve",
    "energy_mouth_curve",
    "loudness_track",
]

VISEME_OPEN: dict[str, float] = {
    "rest": 0.0, "MBP": 0.0, "FV": 0.12, "WQ": 0.2, "SS": 0.25, "I": 0.35, "U": 0.35, "TH": 0.35,
    "CH": 0.35, "L": 0.45, "KK": 0.5, "E": 0.55, "O": 0.75, "AA": 1.0,
}
"""Jaw opening of each viseme in [0, 1]: AA > O > E > ... > MBP = rest = 0."""

VISEME_WIDTH: dict[str, float] = {
    "rest": 1.0, "MBP": 0.98, "FV": 1.0, "WQ": 0.7, "SS": 1.08, "I": 1.1, "U": 0.74, "TH": 1.0,
    "CH": 0.86, "L": 1.0, "KK": 1.0, "E": 1.1, "O": 0.8, "AA": 0.96,
}
"""Lip width of each viseme relative to the relaxed mouth: E and I spread, O, U and W round."""

_ENERGY_VISEMES = ("O", "AA", "E")  # by rising spectral centroid


@dataclass(frozen=True)
class MouthState:
    """The mouth in one frame.

    ``viseme`` is a name from :data:`~shopreel.media.avatar.spec.VISEMES`; ``weight`` in
    [0, 1] how far the shape has moved from rest toward it; ``mouth_open`` in [0, 1] the jaw
    opening (1 is the widest "ah"); ``width`` the lip width relative to rest.
    """

    viseme: str
    weight: float
    mouth_open: float
    width: float

    def __post_init__(self) -> None:
        if self.viseme not in VISEMES:
            raise InvalidInput(f"viseme must be one of {VISEMES}, got {self.viseme!r}")
        if not 0.0 <= self.weight <= 1.0 or not 0.0 <= self.mouth_open <= 1.0:
            raise InvalidInput(f"weight and mouth_open must be in [0, 1], got {self.weight!r}, {self.mouth_open!r}")
        if not 0.5 <= self.width <= 1.5:
            raise InvalidInput(f"width must be in [0.5, 1.5], got {self.width!r}")


_CLOSED = MouthState("rest", 0.0, 0.0, 1.0)


def _check_timing(fps: float, n_frames: int) -> None:
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps!r}")
    if not isinstance(n_frames, (int, np.integer)) or n_frames < 0:
        raise InvalidInput(f"n_frames must be an int >= 0, got {n_frames!r}")


def _bridge_short_rests(spans: list[tuple[int, int, str]], min_pause_ms: int) -> list[tuple[int, int, str]]:
    """Give a short rest between two shapes to its neighbours, split at its middle."""
    out = list(spans)
    for i in range(1, len(out) - 1):
        start, end, name = out[i]
        if name == "rest" and end - start < min_pause_ms:
            mid = (start + end) // 2
            out[i - 1] = (out[i - 1][0], mid, out[i - 1][2])
            out[i + 1] = (mid, out[i + 1][1], out[i + 1][2])
            out[i] = (mid, mid, "rest")
    return [s for s in out if s[1] > s[0]]


def mouth_curve(
    visemes: Sequence[tuple[int, int, str]],
    *,
    fps: float,
    n_frames: int,
    loudness: npt.ArrayLike | None = None,
    ramp_ms: float = 80.0,
    min_pause_ms: int = 120,
) -> list[MouthState]:
    """The mouth state at each frame of a viseme track, co-articulated and shaped by loudness.

    Parameters
    ----------
    visemes : sequence of (start_ms, end_ms, viseme)
        A gapless track such as :func:`~shopreel.media.speech.viseme_track` returns (its
        ``VisemeSpan`` tuples fit); viseme names as in ``VISEMES``.
    fps : float
        Frame rate; frame ``i`` shows time ``i / fps``.
    n_frames : int
        Frames to produce; times past the track's end are rest.
    loudness : array-like (n_frames,), optional
        The voice's loudness per frame in [0, 1] (see :func:`loudness_track`); scales the
        jaw opening between 35 % (whisper) and 100 % (loudest). ``None``: full openness.
    ramp_ms : float
        Length of the cross-fade between neighbouring shapes.
    min_pause_ms : int
        Silences shorter than this keep the mouth moving; longer ones close it.

    Returns
    -------
    list of MouthState
        One per frame.

    Raises
    ------
    InvalidInput
        A non-positive ``fps``, a negative ``n_frames``, an unknown viseme, spans out of
        order, or ``loudness`` of the wrong length or outside [0, 1].

    Notes
    -----
    Co-articulation: openness and width are the shapes' targets (at 1 ms steps) smoothed by a
    Hann window ``ramp_ms`` long, so around each boundary the mouth glides from one shape into
    the next and a shape shorter than the window is only partly reached, as in real speech.
    ``viseme`` names the shape being spoken and ``weight`` its share of the window, which is
    how a rig that draws one viseme at a time follows the blend.
    """
    _check_timing(fps, n_frames)
    if not ramp_ms > 0:
        raise InvalidInput(f"ramp_ms must be positive, got {ramp_ms!r}")
    spans = [(int(s), int(e), str(v)) for s, e, v in visemes]
    for i, (start, end, name) in enumerate(spans):
        if name not in VISEMES:
            raise InvalidInput(f"visemes[{i}] has unknown viseme {name!r}; expected one of {VISEMES}")
        if end < start or (i and start < spans[i - 1][1]):
            raise InvalidInput(f"visemes[{i}] = {spans[i]!r} is out of time order")
    loud = None
    if loudness is not None:
        loud = np.asarray(loudness, dtype=np.float64)
        if loud.shape != (n_frames,) or not np.all((loud >= 0) & (loud <= 1)):
            raise InvalidInput(f"loudness must be (n_frames,) = ({n_frames},) in [0, 1], got shape {loud.shape}")
    spans = _bridge_short_rests([s for s in spans if s[1] > s[0]], min_pause_ms)
    if not spans or n_frames == 0:
        return [_CLOSED] * n_frames
    # targets at 1 ms steps, padded with rest; smoothed by a Hann window of ramp_ms
    half = max(1, int(round(ramp_ms / 2)))
    end_ms = max(spans[-1][1], int(np.ceil((n_frames - 1) * 1000.0 / fps)) + 1)
    index = np.full(end_ms + 2 * half, -1, np.int64)
    for k, (start, end, _) in enumerate(spans):
        index[start + half : end + half] = k
    names = [s[2] for s in spans]
    opening_of = np.array([VISEME_OPEN[v] for v in names] + [0.0])
    width_of = np.array([VISEME_WIDTH[v] for v in names] + [1.0])
    kernel = np.hanning(2 * half + 3)[1:-1]
    kernel /= kernel.sum()
    opening = np.convolve(opening_of[index], kernel, mode="same")
    width = np.convolve(width_of[index], kernel, mode="same")
    out: list[MouthState] = []
    for i in range(n_frames):
        t = int(round(i * 1000.0 / fps)) + half
        window = index[t - half : t + half + 1]
        shares = {int(k): float(kernel @ (window == k)) for k in np.unique(window) if k >= 0 and names[k] != "rest"}
        value = opening[t] * (1.0 if loud is None else 0.35 + 0.65 * loud[i])
        k = max(shares, key=shares.__getitem__, default=-1)
        here = index[t]
        if k < 0 or (value < 0.02 and (here < 0 or names[here] == "rest") and VISEME_OPEN[names[k]] > 0):
            name, weight = "rest", 0.0
        else:
            name, weight = names[k], shares[k]
        out.append(MouthState(name, min(1.0, weight), float(np.clip(value, 0, 1)), float(width[t])))
    return out


def _frame_rms(audio: Audio, sample_rate: int, *, fps: float, n_frames: int, window_s: float) -> np.ndarray:
    """RMS of ``audio`` in a window centred on each frame time."""
    half = max(1, round(window_s * sample_rate / 2))
    centres = np.round(np.arange(n_frames) * sample_rate / fps).astype(np.int64)
    squared = np.concatenate(([0.0], np.cumsum(audio.astype(np.float64) ** 2)))
    lo = np.clip(centres - half, 0, len(audio))
    hi = np.clip(centres + half, 0, len(audio))
    count = np.maximum(hi - lo, 1)
    return np.sqrt(np.maximum(squared[hi] - squared[lo], 0.0) / count)


def _check_audio(audio: Audio, sample_rate: int) -> None:
    if not isinstance(audio, np.ndarray) or audio.dtype != np.float32 or audio.ndim != 1:
        got = f"{audio.dtype} {audio.shape}" if isinstance(audio, np.ndarray) else type(audio).__name__
        raise InvalidInput(f"audio must be float32 mono (N,), got {got}")
    if not isinstance(sample_rate, (int, np.integer)) or sample_rate <= 0:
        raise InvalidInput(f"sample_rate must be a positive int, got {sample_rate!r}")


def loudness_track(
    audio: Audio, sample_rate: int, *, fps: float, n_frames: int, window_s: float = 0.05, floor_db: float = -38.0
) -> npt.NDArray[np.float32]:
    """How loud the audio is at each frame, from 0 (at or below the noise floor) to 1.

    Parameters
    ----------
    audio : float32 (N,)
        Mono samples in [-1, 1].
    sample_rate : int
        Hz.
    fps, n_frames
        Frame ``i`` is centred on ``i / fps`` seconds.
    window_s : float
        RMS window around each frame time.
    floor_db : float
        Levels this far below the loud parts (95th percentile of the frame RMS) count as silence.

    Returns
    -------
    float32 (n_frames,)
        Loudness on a dB scale between the floor (0) and the loud parts (1), clipped.
    """
    _check_audio(audio, sample_rate)
    _check_timing(fps, n_frames)
    if not window_s > 0 or not floor_db < 0:
        raise InvalidInput(f"window_s must be > 0 and floor_db < 0, got {window_s!r}, {floor_db!r}")
    rms = _frame_rms(audio, sample_rate, fps=fps, n_frames=n_frames, window_s=window_s)
    if n_frames == 0:
        return np.zeros(0, np.float32)
    loud = float(np.percentile(rms, 95))
    if loud <= 1e-6:
        return np.zeros(n_frames, np.float32)
    db = 20.0 * np.log10(np.maximum(rms, 1e-9) / loud)
    return np.clip(1.0 - db / floor_db, 0.0, 1.0).astype(np.float32)


def energy_mouth_curve(
    audio: Audio,
    sample_rate: int,
    *,
    fps: float,
    n_frames: int,
    floor_db: float = -38.0,
    gate: float = 0.12,
) -> list[MouthState]:
    """Mouth states from an uploaded voice that has no phoneme timings: open as it is loud.

    Parameters
    ----------
    audio : float32 (N,)
        The voice, mono in [-1, 1].
    sample_rate : int
        Hz.
    fps, n_frames
        Frame ``i`` shows time ``i / fps``.
    floor_db : float
        Noise floor relative to the loud parts; quieter is silence (see :func:`loudness_track`).
    gate : float
        Loudness below this closes the mouth (breath noise, room tone).

    Returns
    -------
    list of MouthState
        One per frame: closed (rest) in silence; otherwise ``mouth_open`` grows with loudness
        and the shape cycles through O, AA and E by the frame's spectral centroid, so the
        mouth changes shape with the sound instead of flapping like a hinge.

    Notes
    -----
    The loudness (RMS in 50 ms around each frame, on a dB scale above the floor) is
    smoothed with a fast-attack, slower-release follower (30 ms / 70 ms), as a jaw moves.
    The centroid bands are split at the voiced frames' 33rd and 66th percentiles, so they
    adapt to the speaker's pitch and the recording.
    """
    _check_audio(audio, sample_rate)
    _check_timing(fps, n_frames)
    loud = loudness_track(audio, sample_rate, fps=fps, n_frames=n_frames, floor_db=floor_db).astype(np.float64)
    rise = 1.0 - np.exp(-1.0 / (0.03 * fps))
    fall = 1.0 - np.exp(-1.0 / (0.07 * fps))
    level, smooth = 0.0, np.empty(n_frames)
    for i, x in enumerate(loud):
        level += (x - level) * (rise if x > level else fall)
        smooth[i] = level
    centroid = _frame_centroids(audio, sample_rate, fps=fps, n_frames=n_frames)
    voiced = smooth >= gate
    edges = np.percentile(centroid[voiced], [33, 66]) if voiced.any() else np.zeros(2)
    out = []
    for i in range(n_frames):
        if not voiced[i]:
            out.append(_CLOSED)
            continue
        name = _ENERGY_VISEMES[int(np.searchsorted(edges, centroid[i]))]
        opening = float(np.clip((smooth[i] - gate) / (1 - gate), 0, 1))
        amount = min(1.0, opening / VISEME_OPEN[name])
        width = 1.0 + (VISEME_WIDTH[name] - 1.0) * amount
        out.append(MouthState(name, amount, opening, width))
    return out


def _frame_centroids(audio: Audio, sample_rate: int, *, fps: float, n_frames: int) -> np.ndarray:
    """Spectral centroid (Hz) of a Hann-windowed 32 ms slice at each frame time."""
    size = 1 << max(6, int(np.ceil(np.log2(0.032 * sample_rate))))
    padded = np.concatenate((np.zeros(size // 2, np.float32), audio, np.zeros(size, np.float32)))
    starts = np.round(np.arange(n_frames) * sample_rate / fps).astype(np.int64)
    starts = np.clip(starts, 0, len(padded) - size)
    windows = padded[starts[:, None] + np.arange(size)] * np.hanning(size).astype(np.float32)
    power = np.abs(np.fft.rfft(windows, axis=1)) ** 2
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate)
    return (power @ freqs) / np.maximum(power.sum(axis=1), 1e-12)
