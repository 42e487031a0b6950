"""Royalty-free music beds, composed and synthesised by code for the length of a video."""

from __future__ import annotations

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.music import synth
from shopreel.media.music.moods import CHORDS, MOODS, MUSIC_MOODS, Mood
from shopreel.media.types import Audio
from shopreel.media.video.audio import fade

__all__ = ["make_music_bed"]

_TARGET_RMS_DB = -18.0
_CEILING = 0.95
_KNEE = 0.7
_TAIL_S = 1.0  # notes ring this long past their bar, into the next one
_STEPS = 16


def make_music_bed(mood: str, *, duration_s: float, sample_rate: int = 44100, seed: int = 0) -> Audio:
    """A music bed in ``mood`` lasting exactly ``duration_s`` seconds.

    Parameters
    ----------
    mood : str
        One of :data:`~shopreel.media.music.moods.MUSIC_MOODS`: ``upbeat``, ``calm``,
        ``corporate``, ``energetic``, ``lofi``.
    duration_s : float
        Length of the result; any positive length (the progression loops in whole bars).
    sample_rate : int
        Output rate in Hz.
    seed : int
        Picks the noise of the drums and strings and small variations of loudness per hit;
        the same seed always gives the same samples.

    Returns
    -------
    float32 (round(duration_s * sample_rate),)
        Mono, as the video mixer (:func:`~shopreel.media.video.audio.mix_voice_and_music`)
        takes it; RMS near -18 dBFS, peaks at most 0.95, faded in and out.

    Raises
    ------
    InvalidInput
        Unknown ``mood``, or a non-positive ``duration_s`` or ``sample_rate``.

    Notes
    -----
    Each mood is a four-chord progression at its own tempo and key (:data:`MOODS`): a
    detuned-saw pad low-passed to the mood's brightness, a Karplus-Strong plucked bass on
    the chord's root, an arpeggio of plucks or FM bells on the chord's notes, and a drum kit
    of a pitch-dropping sine kick and filtered-noise snare and hats, with a snare fill
    closing every progression. Every bar is rendered once (with a one-second tail that rings
    into the next bar, wrapping around the loop) and the progression is mastered once:
    scaled to -18 dBFS RMS and soft-limited above 0.7 towards 0.95. It is then tiled to
    length, so any length loops seamlessly in whole progressions, and faded in (0.5 s) and
    out (2 s or a quarter of the length). A 60 s bed renders in about a third
    of a second.
    """
    if mood not in MOODS:
        raise InvalidInput(f"mood must be one of {', '.join(MUSIC_MOODS)}, got {mood!r}")
    if not duration_s > 0:
        raise InvalidInput(f"duration_s must be positive, got {duration_s}")
    if sample_rate <= 0:
        raise InvalidInput(f"sample_rate must be a positive rate in Hz, got {sample_rate}")
    spec = MOODS[mood]
    rng = np.random.default_rng(seed)
    n = round(duration_s * sample_rate)
    loop = _master(_render_loop(spec, sample_rate=sample_rate, rng=rng)).astype(np.float32)
    bed = np.tile(loop, -(-n // len(loop)))[:n]
    return fade(bed, sample_rate=sample_rate, in_s=min(0.5, duration_s / 4), out_s=min(2.0, duration_s / 4))


def _render_loop(spec: Mood, *, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """One pass through the progression, its last bar's tail wrapped onto its start."""
    bar = round(4 * 60.0 / spec.tempo_bpm * sample_rate)
    tail = round(_TAIL_S * sample_rate)
    loop = np.zeros(bar * len(spec.progression) + tail)
    drums = {
        "kick": synth.kick(sample_rate=sample_rate),
        "snare": synth.snare(sample_rate=sample_rate, rng=rng),
        "hat": synth.hat(sample_rate=sample_rate, rng=rng),
        "open_hat": synth.hat(sample_rate=sample_rate, rng=rng, decay_s=0.09),
    }
    rendered: dict[str, np.ndarray] = {}
    for index, chord in enumerate(spec.progression):
        if chord not in rendered:
            rendered[chord] = _harmony_bar(spec, CHORDS[chord], bar=bar, tail=tail, sample_rate=sample_rate, rng=rng)
        last = index == len(spec.progression) - 1
        start = index * bar
        loop[start : start + bar + tail] += rendered[chord]
        loop[start : start + bar + tail] += _drum_bar(spec, drums, bar=bar, tail=tail, fill=last, rng=rng)
    loop[:tail] += loop[-tail:]
    return loop[:-tail]


def _harmony_bar(spec: Mood, chord: tuple[int, ...], *, bar: int, tail: int, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(bar + tail)
    pad_notes = [spec.tonic_midi + (step if step < 10 else step - 12) for step in chord]
    out[: bar + tail // 2] += spec.pad_level * synth.pad(
        pad_notes,
        length=bar + tail // 2,
        sample_rate=sample_rate,
        cutoff_hz=spec.pad_cutoff_hz,
        attack_s=0.25 * bar / sample_rate,
        release_s=0.5 * tail / sample_rate,
    )
    root = 36 + (spec.tonic_midi + chord[0]) % 12
    for start, length, symbol in _hits(spec.bass, bar=bar, swing=spec.swing):
        note = root + (12 if symbol == "o" else 0)
        out[start : start + length] += spec.bass_level * _velocity(rng) * synth.pluck(
            note, length=length, sample_rate=sample_rate, rng=rng, damping=0.995, brightness_hz=1200.0
        )
    # Four notes a cycle (a triad gets its root's octave) so the figure repeats on the beat.
    arp_notes = [spec.tonic_midi + 12 + step for step in (*chord, chord[0] + 12)[:4]]
    for count, (start, length, _) in enumerate(_hits(spec.arp, bar=bar, swing=spec.swing)):
        note = arp_notes[count % len(arp_notes)]
        ring = min(length + tail // 2, bar + tail - start)
        if spec.arp_voice == "bell":
            voice = synth.bell(note, length=ring, sample_rate=sample_rate)
        else:
            voice = synth.pluck(note, length=ring, sample_rate=sample_rate, rng=rng, damping=0.99)
        out[start : start + ring] += spec.arp_level * _velocity(rng) * voice
    return out


def _drum_bar(spec: Mood, drums: dict[str, np.ndarray], *, bar: int, tail: int, fill: bool, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(bar + tail)
    parts = (("kick", spec.kick, 1.0), ("snare", spec.fill if fill else spec.snare, 0.7), ("hat", spec.hat, 0.25), ("open_hat", spec.open_hat, 0.2))
    for name, pattern, level in parts:
        hit = drums[name]
        for start, _, _ in _hits(pattern, bar=bar, swing=spec.swing):
            stop = min(start + len(hit), bar + tail)
            out[start:stop] += spec.drum_level * level * _velocity(rng) * hit[: stop - start]
    return out


def _hits(pattern: str, *, bar: int, swing: float) -> list[tuple[int, int, str]]:
    """``(start, length until the next hit or the bar's end, symbol)`` of every hit in a 16-step pattern."""
    if len(pattern) != _STEPS:
        raise InvalidInput(f"patterns have {_STEPS} steps, got {pattern!r}")
    step = bar / _STEPS
    starts = [(round((i + (swing if i % 2 else 0.0)) * step), symbol) for i, symbol in enumerate(pattern) if symbol != "."]
    ends = [start for start, _ in starts[1:]] + [bar]
    return [] if not starts else [(start, end - start, symbol) for (start, symbol), end in zip(starts, ends, strict=True)]


def _velocity(rng: np.random.Generator) -> float:
    return float(rng.uniform(0.85, 1.0))


def _master(bed: np.ndarray) -> np.ndarray:
    """Scale to the target RMS, then a soft knee: linear below 0.7, tanh-curved up to 0.95."""
    rms = float(np.sqrt(np.mean(bed**2)))
    if rms > 0:
        bed = bed * (10.0 ** (_TARGET_RMS_DB / 20.0) / rms)
    magnitude = np.abs(bed)
    over = magnitude > _KNEE
    room = _CEILING - _KNEE
    magnitude[over] = _KNEE + room * np.tanh((magnitude[over] - _KNEE) / room)
    return np.sign(bed) * magnitude
