"""Soundtracks: decode and resample audio, shape gain, and mix a voice over ducked music.

All functions take and return ``float32`` mono arrays (see :mod:`shopreel.media.types`) and
never change their inputs. Decoding and resampling go through libswresample (PyAV).
"""

from __future__ import annotations

import io
import os
from fractions import Fraction

import av
import numpy as np
from av.audio.frame import AudioFrame
from av.audio.resampler import AudioResampler

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.types import Audio

__all__ = [
    "load_audio",
    "encode_mp3",
    "resample",
    "apply_gain",
    "fade",
    "fit_length",
    "speech_envelope",
    "duck",
    "mix_voice_and_music",
]


def load_audio(path: str | os.PathLike[str], *, sample_rate: int) -> Audio:
    """Decode the first audio stream of a file to mono ``float32`` at ``sample_rate``.

    Parameters
    ----------
    path : str or Path
        Any file FFmpeg reads with an audio stream (WAV, MP3, AAC, MP4, ...).
    sample_rate : int
        Output rate in Hz; the source is resampled with libswresample. Channels are averaged.

    Returns
    -------
    float32 (N,)
        Samples in ``[-1, 1]``.

    Raises
    ------
    MediaError
        The file cannot be opened, has no audio stream or fails to decode.
    """
    _check_rate(sample_rate, "sample_rate")
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"cannot open audio file {path}: {exc}") from exc
    with container:
        if not container.streams.audio:
            raise MediaError(f"no audio stream in {path}")
        # Keep the channels through resampling and average them here: libswresample's
        # downmix sums stereo at -3 dB, which would make a mono-in-stereo file louder.
        resampler = AudioResampler(format="fltp", rate=sample_rate)
        chunks: list[np.ndarray] = []
        try:
            for frame in container.decode(container.streams.audio[0]):
                frame.pts = None
                chunks.extend(f.to_ndarray().mean(axis=0) for f in resampler.resample(frame))
            chunks.extend(f.to_ndarray().mean(axis=0) for f in resampler.resample(None))
        except av.FFmpegError as exc:
            raise MediaError(f"cannot decode audio {path}: {exc}") from exc
    if not chunks:
        return np.zeros(0, np.float32)
    return np.clip(np.concatenate(chunks), -1.0, 1.0).astype(np.float32)


def encode_mp3(audio: Audio, *, sample_rate: int, bitrate_kbps: int = 128) -> bytes:
    """Encode mono ``float32`` samples as an MP3 file (LAME, constant bit rate).

    Parameters
    ----------
    audio : float32 (N,)
        Samples in ``[-1, 1]``; louder ones are clipped.
    sample_rate : int
        In Hz; one of MP3's rates (8000 to 48000, e.g. 22050 for the speech engines).
    bitrate_kbps : int
        Constant bit rate.

    Returns
    -------
    bytes
        The MP3 file. Its header carries LAME's encoder delay and padding, so decoders that
        honour it (FFmpeg, browsers) play exactly ``N`` samples.

    Raises
    ------
    InvalidInput
        ``audio`` is not mono ``float32``, is empty, or the rate is not positive.
    MediaError
        LAME refuses the rate or bit rate.
    """
    _check_audio(audio, "audio")
    _check_rate(sample_rate, "sample_rate")
    if len(audio) == 0:
        raise InvalidInput("audio is empty: nothing to encode")
    buffer = io.BytesIO()
    try:
        with av.open(buffer, mode="w", format="mp3") as container:
            stream = container.add_stream("libmp3lame", rate=sample_rate, layout="mono")
            stream.codec_context.bit_rate = bitrate_kbps * 1000
            frame = AudioFrame.from_ndarray(np.clip(audio, -1.0, 1.0)[None, :], format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = sample_rate, 0, Fraction(1, sample_rate)
            container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
    except (av.FFmpegError, ValueError) as exc:
        raise MediaError(f"cannot encode MP3 at {sample_rate} Hz, {bitrate_kbps} kb/s: {exc}") from exc
    return buffer.getvalue()


def resample(audio: Audio, *, from_rate: int, to_rate: int) -> Audio:
    """Change the sample rate with libswresample; the length scales by ``to_rate / from_rate``."""
    _check_audio(audio, "audio")
    _check_rate(from_rate, "from_rate")
    _check_rate(to_rate, "to_rate")
    if from_rate == to_rate or len(audio) == 0:
        return audio.copy()
    frame = AudioFrame.from_ndarray(np.ascontiguousarray(audio)[None, :], format="flt", layout="mono")
    frame.sample_rate = from_rate
    resampler = AudioResampler(format="flt", layout="mono", rate=to_rate)
    chunks = [f.to_ndarray()[0] for f in resampler.resample(frame)]
    chunks += [f.to_ndarray()[0] for f in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.float32)


def apply_gain(audio: Audio, *, gain_db: float) -> Audio:
    """Scale by ``gain_db`` decibels (negative is quieter); samples are not clipped."""
    _check_audio(audio, "audio")
    return (audio * np.float32(10.0 ** (gain_db / 20.0))).astype(np.float32)


def fade(audio: Audio, *, sample_rate: int, in_s: float = 0.0, out_s: float = 0.0) -> Audio:
    """Fade in over the first ``in_s`` seconds and out over the last ``out_s`` (equal-power curve)."""
    _check_audio(audio, "audio")
    _check_rate(sample_rate, "sample_rate")
    if in_s < 0 or out_s < 0:
        raise InvalidInput(f"fade lengths must be >= 0, got in_s={in_s}, out_s={out_s}")
    out = audio.copy()
    n_in = min(round(in_s * sample_rate), len(out))
    n_out = min(round(out_s * sample_rate), len(out))
    if n_in:
        out[:n_in] *= np.sin(np.linspace(0.0, np.pi / 2, n_in, dtype=np.float32))
    if n_out:
        out[len(out) - n_out :] *= np.cos(np.linspace(0.0, np.pi / 2, n_out, dtype=np.float32))
    return out


def fit_length(audio: Audio, *, n_samples: int, sample_rate: int, loop: bool = True, seam_s: float = 0.05) -> Audio:
    """Cut or extend audio to exactly ``n_samples``.

    Parameters
    ----------
    audio : float32 (N,)
        Source, for example a music bed.
    n_samples : int
        Wanted length.
    sample_rate : int
        Rate of ``audio`` in Hz (for ``seam_s``).
    loop : bool
        Extend by repeating the audio; otherwise pad with silence.
    seam_s : float
        Length of the cross-fade where one repetition meets the next, to avoid a click.
    """
    _check_audio(audio, "audio")
    _check_rate(sample_rate, "sample_rate")
    if n_samples < 0:
        raise InvalidInput(f"n_samples must be >= 0, got {n_samples}")
    if len(audio) >= n_samples:
        return audio[:n_samples].copy()
    if not loop or len(audio) == 0:
        return np.concatenate((audio, np.zeros(n_samples - len(audio), np.float32)))
    seam = min(round(seam_s * sample_rate), len(audio) // 2)
    ramp = np.linspace(0.0, 1.0, seam, dtype=np.float32)
    out = np.zeros(n_samples, np.float32)
    # Repetition k starts at k * (len - seam); its first ``seam`` samples overlap the tail
    # of repetition k - 1 and cross-fade with it.
    start = 0
    while start < n_samples:
        piece = audio[: n_samples - start]
        head = min(seam, len(piece)) if start else 0
        overlap = out[start : start + head]
        overlap *= 1.0 - ramp[:head]
        overlap += piece[:head] * ramp[:head]
        out[start + head : start + len(piece)] = piece[head:]
        start += len(audio) - seam
    return out


def speech_envelope(
    voice: Audio,
    *,
    sample_rate: int,
    threshold_db: float = -30.0,
    attack_s: float = 0.08,
    release_s: float = 0.4,
    hop_s: float = 0.01,
) -> Audio:
    """How much speech is present at each sample, from 0 (silence) to 1, smoothed like a compressor's sidechain.

    Parameters
    ----------
    voice : float32 (N,)
        The narration.
    sample_rate : int
        Its rate in Hz.
    threshold_db : float
        Level relative to the voice's loud parts (95th percentile of short-time RMS) above
        which a stretch counts as speech; relative, so quiet and loud recordings behave alike.
    attack_s, release_s : float
        Time for the envelope to rise to 1 and to fall back to 0.
    hop_s : float
        RMS window and step.

    Returns
    -------
    float32 (N,)
        The envelope, shifted earlier by ``attack_s`` (look-ahead) so it is already at 1 when
        the first word starts.

    Notes
    -----
    A one-pole follower runs on the hop-rate RMS (100 values per second), not per sample,
    then is interpolated to the sample rate: the recursion stays cheap for minutes of audio.
    """
    _check_audio(voice, "voice")
    _check_rate(sample_rate, "sample_rate")
    if attack_s <= 0 or release_s <= 0 or hop_s <= 0:
        raise InvalidInput(f"attack_s, release_s and hop_s must be > 0, got {attack_s}, {release_s}, {hop_s}")
    hop = max(1, round(hop_s * sample_rate))
    n_hops = -(-len(voice) // hop)
    if n_hops == 0:
        return np.zeros(0, np.float32)
    padded = np.zeros(n_hops * hop, np.float32)
    padded[: len(voice)] = voice
    rms = np.sqrt(np.mean(padded.reshape(n_hops, hop) ** 2, axis=1))
    loud = np.percentile(rms, 95)
    if loud <= 1e-6:
        return np.zeros(len(voice), np.float32)
    gate = rms > loud * 10.0 ** (threshold_db / 20.0)
    rise = 1.0 - np.exp(-hop / (attack_s * sample_rate))
    fall = 1.0 - np.exp(-hop / (release_s * sample_rate))
    env = np.empty(n_hops, np.float32)
    level = 0.0
    for i, on in enumerate(gate):
        level += ((1.0 if on else 0.0) - level) * (rise if on else fall)
        env[i] = level
    lead = round(attack_s / hop_s)
    env = np.concatenate((env[lead:], np.full(min(lead, n_hops), env[-1], np.float32)))
    centers = (np.arange(n_hops) + 0.5) * hop
    return np.interp(np.arange(len(voice)), centers, env).astype(np.float32)


def duck(
    music: Audio,
    voice: Audio,
    *,
    sample_rate: int,
    depth_db: float = -12.0,
    threshold_db: float = -30.0,
    attack_s: float = 0.08,
    release_s: float = 0.4,
) -> Audio:
    """Lower ``music`` by up to ``depth_db`` while ``voice`` speaks (sidechain ducking).

    ``music`` and ``voice`` must have the same length; the gain follows
    :func:`speech_envelope` of the voice, in decibels.
    """
    _check_audio(music, "music")
    _check_audio(voice, "voice")
    if len(music) != len(voice):
        raise InvalidInput(f"music and voice must have the same length, got {len(music)} and {len(voice)}")
    if depth_db > 0:
        raise InvalidInput(f"depth_db must be <= 0 (a cut), got {depth_db}")
    env = speech_envelope(
        voice, sample_rate=sample_rate, threshold_db=threshold_db, attack_s=attack_s, release_s=release_s
    )
    gain = np.power(np.float32(10.0), env * np.float32(depth_db / 20.0))
    return (music * gain).astype(np.float32)


def mix_voice_and_music(
    voice: Audio,
    music: Audio | None,
    *,
    sample_rate: int,
    duration_s: float | None = None,
    voice_gain_db: float = 0.0,
    music_gain_db: float = -14.0,
    duck_db: float = -10.0,
    fade_in_s: float = 0.5,
    fade_out_s: float = 1.5,
    attack_s: float = 0.08,
    release_s: float = 0.4,
) -> Audio:
    """The soundtrack of a marketing video: narration over a looped, ducked, faded music bed.

    Parameters
    ----------
    voice : float32 (N,)
        Narration at ``sample_rate``.
    music : float32 (M,) or None
        Music bed at ``sample_rate`` (see :func:`load_audio`), looped or cut to length.
    sample_rate : int
        Rate of both inputs and of the result, in Hz.
    duration_s : float or None
        Length of the result; ``None`` is the voice's length. The voice is padded with silence.
    voice_gain_db, music_gain_db : float
        Levels applied before mixing.
    duck_db : float
        Extra cut on the music while the voice speaks (<= 0).
    fade_in_s, fade_out_s : float
        Music fades at the start and end of the result.
    attack_s, release_s : float
        How fast the ducking engages and lets go.

    Returns
    -------
    float32 (round(duration_s * sample_rate),)
        The mix; scaled down as a whole if it would clip, never hard-clipped.
    """
    _check_audio(voice, "voice")
    _check_rate(sample_rate, "sample_rate")
    n = len(voice) if duration_s is None else round(duration_s * sample_rate)
    if n < 0:
        raise InvalidInput(f"duration_s must be >= 0, got {duration_s}")
    speech = fit_length(apply_gain(voice, gain_db=voice_gain_db), n_samples=n, sample_rate=sample_rate, loop=False)
    if music is None:
        mix = speech
    else:
        _check_audio(music, "music")
        bed = fit_length(music, n_samples=n, sample_rate=sample_rate, loop=True)
        bed = apply_gain(bed, gain_db=music_gain_db)
        bed = duck(bed, speech, sample_rate=sample_rate, depth_db=duck_db, attack_s=attack_s, release_s=release_s)
        length_s = n / sample_rate
        bed = fade(bed, sample_rate=sample_rate, in_s=min(fade_in_s, length_s), out_s=min(fade_out_s, length_s))
        mix = speech + bed
    peak = float(np.max(np.abs(mix))) if len(mix) else 0.0
    if peak > 1.0:
        mix = mix / np.float32(peak)
    return mix.astype(np.float32)


def _check_audio(audio: Audio, name: str) -> None:
    if not isinstance(audio, np.ndarray) or audio.dtype != np.float32 or audio.ndim != 1:
        got = f"{audio.dtype} {audio.shape}" if isinstance(audio, np.ndarray) else type(audio).__name__
        raise InvalidInput(f"{name} must be float32 mono (N,), got {got}")


def _check_rate(rate: int, name: str) -> None:
    if rate <= 0:
        raise InvalidInput(f"{name} must be a positive rate in Hz, got {rate}")
