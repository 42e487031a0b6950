"""16-bit PCM WAV encoding of mono float audio, in memory."""

from __future__ import annotations

import io
import wave

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.types import Audio

__all__ = ["encode_wav"]


def encode_wav(audio: Audio, *, sample_rate: int) -> bytes:
    """Encode float32 mono samples in ``[-1, 1]`` as a 16-bit PCM WAV file.

    Raises
    ------
    InvalidInput
        ``audio`` is not one-dimensional or ``sample_rate`` is not positive.
    """
    if audio.ndim != 1:
        raise InvalidInput(f"audio must be mono (N,), got shape {audio.shape}")
    if sample_rate <= 0:
        raise InvalidInput(f"sample_rate must be positive, got {sample_rate}")
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()
