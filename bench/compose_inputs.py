"""Deterministic inputs for the composer benchmark: photo-like images, a speech-like voice, captions.

Nothing here is timed. Images are not flat colours (x264 would encode those for free): each one
is a sky gradient over multi-octave value noise, shaded discs and boxes standing in for products,
and film grain. The voice is a harmonic source with a gliding pitch, moving formants and
syllable envelopes, grouped into one phrase per caption line with pauses in between.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

WIDTH, HEIGHT = 1080, 1920
VOICE_RATE = 44_100
VOICE_S = 15.0
CAPTIONS = (
    "Meet the bottle that keeps drinks cold",
    "Twenty four hours of ice, no sweat",
    "Steel inside, soft-touch grip outside",
    "Fits every cup holder and backpack",
    "Tap the link and pick your colour",
)


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def photo_like(seed: int, *, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """A ``uint8 (height, width, 3)`` picture with gradients, soft texture, shapes and grain."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    top, bottom = rng.uniform(40, 220, 3), rng.uniform(20, 200, 3)
    t = (yy / height)[..., None]
    img = top * (1 - t) + bottom * t
    texture = np.zeros((height, width), np.float32)
    for octave, amp in ((6, 40.0), (24, 18.0), (96, 8.0)):
        grid = rng.uniform(-1, 1, (octave * height // width + 2, octave + 2)).astype(np.float32)
        layer = Image.fromarray(grid, mode="F").resize((width, height), Image.BICUBIC)
        texture += amp * np.asarray(layer)
    img += texture[..., None] * rng.uniform(0.6, 1.0, 3)
    for _ in range(7):
        cx, cy = rng.uniform(0.1, 0.9) * width, rng.uniform(0.15, 0.9) * height
        r = rng.uniform(0.06, 0.2) * width
        d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / r
        inside = np.clip((1.0 - d) * r / 2.0, 0, 1)[..., None]
        shade = (1.2 - 0.6 * np.clip((xx - cx + yy - cy) / (2 * r), -1, 1))[..., None]
        img = img * (1 - inside) + inside * rng.uniform(30, 240, 3) * shade
    for _ in range(4):
        x0, y0 = int(rng.uniform(0, 0.8) * width), int(rng.uniform(0, 0.85) * height)
        w, h = int(rng.uniform(0.1, 0.3) * width), int(rng.uniform(0.05, 0.2) * height)
        img[y0 : y0 + h, x0 : x0 + w] = img[y0 : y0 + h, x0 : x0 + w] * 0.4 + rng.uniform(0, 255, 3) * 0.6
    img += rng.normal(0, 4.0, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def caption_cues(*, duration_s: float = VOICE_S) -> list[Cue]:
    step = duration_s / len(CAPTIONS)
    return [Cue(i * step, (i + 1) * step - 0.3, text) for i, text in enumerate(CAPTIONS)]


def speech_like(*, duration_s: float = VOICE_S, sample_rate: int = VOICE_RATE, seed: int = 7) -> np.ndarray:
    """Float32 mono voice-like audio: one phrase per caption cue, pauses between them."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * sample_rate)
    t = np.arange(n) / sample_rate
    envelope = np.zeros(n, np.float32)
    for cue in caption_cues(duration_s=duration_s):
        s = cue.start_s + 0.1
        while s < cue.end_s - 0.15:
            length = rng.uniform(0.12, 0.28)
            i0, i1 = int(s * sample_rate), int(min(s + length, cue.end_s) * sample_rate)
            envelope[i0:i1] = np.sin(np.linspace(0, np.pi, i1 - i0)) * rng.uniform(0.5, 1.0)
            s += length + rng.uniform(0.02, 0.08)
    f0 = 150 + 25 * np.sin(2 * np.pi * 0.7 * t) + 10 * np.sin(2 * np.pi * 3.1 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sample_rate
    formant1 = 600 + 250 * np.sin(2 * np.pi * 2.3 * t)
    formant2 = 1700 + 500 * np.sin(2 * np.pi * 1.7 * t + 1.0)
    voice = np.zeros(n)
    for k in range(1, 30):
        fk = k * f0
        weight = np.exp(-(((fk - formant1) / 180) ** 2)) + 0.6 * np.exp(-(((fk - formant2) / 250) ** 2)) + 0.05
        voice += weight * np.sin(k * phase) / k**0.5
    voice += rng.normal(0, 0.05, n)
    voice *= envelope
    return (0.5 * voice / np.abs(voice).max()).astype(np.float32)


def write_wav(path: Path, audio: np.ndarray, sample_rate: int) -> None:
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())


def write_srt(path: Path, cues: list[Cue]) -> None:
    def stamp(s: float) -> str:
        ms = round(s * 1000)
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = [f"{i}\n{stamp(c.start_s)} --> {stamp(c.end_s)}\n{c.text}\n" for i, c in enumerate(cues, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_inputs(folder: Path) -> tuple[list[Path], Path, Path]:
    """Write the four images (JPEG), the voice (WAV) and captions (SRT) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for i in range(4):
        path = folder / f"photo{i}.jpg"
        if not path.exists():
            Image.fromarray(photo_like(100 + i)).save(path, quality=92)
        images.append(path)
    voice = folder / "voice.wav"
    if not voice.exists():
        write_wav(voice, speech_like(), VOICE_RATE)
    srt = folder / "captions.srt"
    write_srt(srt, caption_cues())
    return images, voice, srt
