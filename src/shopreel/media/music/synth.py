"""Instruments made of numpy: a detuned pad, a plucked string, a bell and a small drum kit.

Every function renders one note or hit as ``float64 (N,)`` samples peaking near 1 (mixing
levels are the arrangement's business) and is deterministic: noise comes from the ``rng``
passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["midi_hz", "lowpass", "highpass", "pad", "pluck", "bell", "kick", "snare", "hat"]

Samples = npt.NDArray[np.float64]

_DETUNE_CENTS = (-7.0, 0.0, 7.0)
_TABLE_SIZE = 4096


def midi_hz(note: float) -> float:
    """Frequency of a MIDI note number in equal temperament (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((note - 69.0) / 12.0)


def lowpass(signal: Samples, *, cutoff_hz: float, sample_rate: int, slope: float = 2.0) -> Samples:
    """Zero-phase low-pass in the frequency domain: gain ``1 / (1 + (f / cutoff) ** (2 * slope))``."""
    size = _fast_length(len(signal))
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate)
    gain = 1.0 / (1.0 + (freqs / cutoff_hz) ** (2 * slope))
    return np.fft.irfft(np.fft.rfft(signal, n=size) * gain, n=size)[: len(signal)]


def highpass(signal: Samples, *, cutoff_hz: float, sample_rate: int, slope: float = 2.0) -> Samples:
    """Zero-phase high-pass, the complement of :func:`lowpass`'s curve."""
    size = _fast_length(len(signal))
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate)
    ratio = (freqs / cutoff_hz) ** (2 * slope)
    return np.fft.irfft(np.fft.rfft(signal, n=size) * ratio / (1.0 + ratio), n=size)[: len(signal)]


def pad(notes: Sequence[float], *, length: int, sample_rate: int, cutoff_hz: float, attack_s: float, release_s: float) -> Samples:
    """A soft chord: per note three sawtooths detuned by ±7 cents plus a sine, low-passed, with a slow swell.

    ``length`` samples; the envelope rises over ``attack_s`` and falls to zero over the last
    ``release_s``, so consecutive chords overlap smoothly when their tails are added. The
    sawtooths are band-limited wavetables whose harmonics already carry the low-pass gain,
    so nothing aliases and no filter runs over the samples.
    """
    t = np.arange(length) / sample_rate
    voices = np.zeros(length)
    for note in notes:
        base = midi_hz(note)
        for cents in _DETUNE_CENTS:
            freq = base * 2.0 ** (cents / 1200.0)
            table = _saw_table(freq, cutoff_hz=cutoff_hz, sample_rate=sample_rate)
            phase = (freq * t + 0.37 * cents) % 1.0 * _TABLE_SIZE
            voices += np.interp(phase, np.arange(_TABLE_SIZE + 1), np.append(table, table[0]))
        voices += 0.8 * np.sin(2 * np.pi * base * t)
    envelope = np.minimum(1.0, t / attack_s) * np.clip((length / sample_rate - t) / release_s, 0.0, 1.0)
    return _normalised(voices * envelope)


def _saw_table(freq: float, *, cutoff_hz: float, sample_rate: int) -> Samples:
    """One period of a sawtooth at ``freq`` with only the harmonics below Nyquist, each weighted by the low-pass curve."""
    harmonics = np.arange(1, max(2, int(0.5 * sample_rate / freq)) + 1)
    weights = (1.0 / harmonics) / (1.0 + (harmonics * freq / cutoff_hz) ** 4)
    spectrum = np.zeros(_TABLE_SIZE // 2 + 1, complex)
    count = min(len(harmonics), _TABLE_SIZE // 2)
    spectrum[1 : count + 1] = -1j * weights[:count]
    table = np.fft.irfft(spectrum, n=_TABLE_SIZE)
    return table / np.abs(table).max()


def pluck(note: float, *, length: int, sample_rate: int, rng: np.random.Generator, damping: float = 0.996, brightness_hz: float = 3000.0) -> Samples:
    """A plucked string by Karplus-Strong: a noise burst circulating in a delay line through an averaging filter.

    The delay line of ``P`` samples is treated as circular, so one trip round it is the
    circulant map ``y_k[j] = damping * (y_{k-1}[j - d] + y_{k-1}[j - 1 - d]) / 2`` with ``d``
    the fractional part of the period. The FFT diagonalises that map: trip ``k`` is the
    burst's spectrum times ``H ** k``, all trips computed at once instead of sample by sample.
    """
    # The averaging filter delays by half a sample; the rest of the period beyond whole samples
    # is a fractional delay, a phase ramp in the circulant's spectrum, so the string is in tune.
    loop = sample_rate / midi_hz(note) - 0.5
    period = max(2, int(loop))
    burst = lowpass(rng.uniform(-1.0, 1.0, period), cutoff_hz=brightness_hz, sample_rate=sample_rate)
    burst -= burst.mean()  # a DC offset would not decay like the string and thumps at every note
    trips = np.arange(-(-length // period))[:, None]
    omega = 2 * np.pi * np.fft.rfftfreq(period)
    response = damping * 0.5 * (1.0 + np.exp(-1j * omega)) * np.exp(-1j * omega * (loop - period))
    samples = np.fft.irfft(np.fft.rfft(burst)[None, :] * response[None, :] ** trips, n=period, axis=1).ravel()[:length]
    fade = min(length, round(0.01 * sample_rate))
    samples[length - fade :] *= np.linspace(1.0, 0.0, fade)
    return _normalised(samples)


def bell(note: float, *, length: int, sample_rate: int, decay_s: float = 0.6) -> Samples:
    """A soft electric-piano bell: two-operator FM (ratio 1:2) with decaying brightness."""
    t = np.arange(length) / sample_rate
    freq = midi_hz(note)
    envelope = np.exp(-t / decay_s) * np.minimum(1.0, t / 0.004)
    modulator = 1.2 * np.exp(-t / (0.4 * decay_s)) * np.sin(2 * np.pi * 2 * freq * t)
    return _normalised(envelope * np.sin(2 * np.pi * freq * t + modulator))


def kick(*, sample_rate: int, length_s: float = 0.35) -> Samples:
    """A kick drum: a sine sweeping from 150 Hz down to 48 Hz in about 40 ms, with a short click."""
    t = np.arange(round(length_s * sample_rate)) / sample_rate
    freq = 48.0 + 102.0 * np.exp(-t / 0.04)
    phase = 2 * np.pi * np.cumsum(freq) / sample_rate
    body = np.sin(phase) * np.exp(-t / 0.12)
    click = np.exp(-t / 0.002) * 0.3
    return _normalised(body + click)


def snare(*, sample_rate: int, rng: np.random.Generator, length_s: float = 0.25) -> Samples:
    """A snare: band-limited noise (the wires) over a 185 Hz body, both decaying fast."""
    n = round(length_s * sample_rate)
    t = np.arange(n) / sample_rate
    wires = highpass(rng.uniform(-1.0, 1.0, n), cutoff_hz=1500.0, sample_rate=sample_rate)
    wires = lowpass(wires, cutoff_hz=8000.0, sample_rate=sample_rate)
    body = np.sin(2 * np.pi * 185.0 * t) * np.exp(-t / 0.04)
    return _normalised(wires / np.abs(wires).max() * np.exp(-t / 0.055) + 0.6 * body)


def hat(*, sample_rate: int, rng: np.random.Generator, decay_s: float = 0.018) -> Samples:
    """A hi-hat: noise above 7 kHz with an exponential decay (``decay_s`` about 0.02 closed, 0.1 open)."""
    n = round(min(1.0, 8 * decay_s) * sample_rate)
    t = np.arange(n) / sample_rate
    metal = highpass(rng.uniform(-1.0, 1.0, n), cutoff_hz=7000.0, sample_rate=sample_rate)
    return _normalised(metal * np.exp(-t / decay_s))


def _fast_length(length: int) -> int:
    """The smallest ``2**a * 3**b`` at least ``length``: FFTs of such sizes are fast; the zero padding stops wrap-around."""
    best = 1 << max(0, (length - 1).bit_length())
    power3 = 1
    while power3 < best:
        size = power3 * (1 << max(0, (-(-length // power3) - 1).bit_length()))
        best = min(best, size)
        power3 *= 3
    return best


def _normalised(samples: Samples) -> Samples:
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    return samples / peak if peak > 0 else samples
