"""Catalog media made by the engines themselves: voice demos and caption thumbnails.

Each is generated on first request and kept in the blob store under ``catalog/``, so every
later request (and every other server sharing the store) gets the cached file.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from shopreel.catalog.captions import find_caption
from shopreel.catalog.presenters import find_presenter
from shopreel.catalog.templates import find_template
from shopreel.catalog.voices import VOICES, Voice, find_voice
from shopreel.engines import Capability
from shopreel.errors import NotFound
from shopreel.media.avatar import (
    frame_count, loudness_track, mouth_curve, render_rig, render_talking_video, talking_rig_frames,
)
from shopreel.media.captions import render_thumbnail
from shopreel.media.image.io import encode_image
from shopreel.media.speech import Speech, encode_wav, viseme_track
from shopreel.store.blobs import BlobStore

if TYPE_CHECKING:
    from shopreel.engines.registry import Engines

#: Size and frame rate of presenter preview videos, and what they say.
PREVIEW_SIZE, PREVIEW_FPS = (540, 960), 25
PREVIEW_LINE = "Hi! I can present your product in any language, with a natural voice and captions."

#: Size of presenter covers (the public avatar images clients show and users pick from).
COVER_SIZE = (720, 1280)

__all__ = ["CatalogAssets"]


def _model_stamp(voice: Voice) -> str:
    if voice.model_path is None:
        return ""
    stat = voice.model_path.stat()
    return f"-{stat.st_size:x}-{stat.st_mtime_ns // 1_000_000_000:x}"


class CatalogAssets:
    """The catalog's media, spoken by ``engines``' ``tts`` engine (the runtime's)."""

    def __init__(self, blobs: BlobStore, engines: Engines) -> None:
        self._blobs = blobs
        self._engines = engines
        self._lock = threading.Lock()

    def _cached(self, key: str, make: Callable[[], bytes]) -> str:
        if not self._blobs.exists(key):
            with self._lock:
                if not self._blobs.exists(key):
                    self._blobs.put_bytes(key, make())
        return key

    def voice_demo(self, voice_id: str) -> str:
        """Blob key of the voice's demo WAV: its demo sentence in its own language, spoken by
        the ``tts`` engine. A Piper voice's key names its model file's size and time, so a
        model an operator replaces gets a new demo; a ``tts`` engine other than classical
        names itself in the key."""
        voice = find_voice(voice_id)
        if voice is None:
            raise NotFound(f"voice {voice_id} not found")

        def make() -> bytes:
            speech = self._speak(voice.demo_text, voice)
            return encode_wav(speech.audio, sample_rate=speech.sample_rate)

        return self._cached(f"catalog/voices/{voice.voice_id}{_model_stamp(voice)}{self._engine_stamp()}.wav", make)

    def _engine_stamp(self) -> str:
        """Nothing for the classical ``tts`` engine, else ``-<name>``: another engine's demos are its own."""
        name = self._engines.config(Capability.TTS).name
        return "" if name == "classical" else f"-{name}"

    def _speak(self, text: str, voice: Voice) -> Speech:
        with self._engines.use(Capability.TTS) as synthesizer:
            return synthesizer.voice_engine(voice).synthesize(text, voice=voice.spec)

    def caption_thumbnail(self, caption_id: str) -> str:
        """Blob key of the caption style's thumbnail PNG, rendered by the caption engine."""
        style = find_caption(caption_id)
        if style is None:
            raise NotFound(f"caption {caption_id} not found")

        return self._cached(f"catalog/captions/{style.caption_id}.png",
                            lambda: encode_image(render_thumbnail(style), fmt="png"))

    def presenter_cover(self, presenter_id: str) -> str:
        """Blob key of the presenter's cover: the rig holding its default prop."""
        presenter = find_presenter(presenter_id)
        if presenter is None:
            raise NotFound(f"avatar {presenter_id} not found")
        width, height = COVER_SIZE
        return self._cached(f"catalog/presenters/{presenter.presenter_id}.jpg",
                            lambda: encode_image(render_rig(presenter.spec, width=width, height=height)[0]))

    def presenter_preview(self, presenter_id: str, voices: Sequence[Voice] = VOICES) -> str:
        """Blob key of the presenter's preview: a few seconds of it talking, in its default voice
        among ``voices`` (one preview per voice it has had)."""
        presenter = find_presenter(presenter_id)
        if presenter is None:
            raise NotFound(f"avatar {presenter_id} not found")
        voice = presenter.voice_among(voices)

        def make() -> bytes:
            speech = self._speak(PREVIEW_LINE, voice)
            n = frame_count(len(speech.audio), sample_rate=speech.sample_rate, fps=PREVIEW_FPS)
            mouths = mouth_curve(viseme_track(speech.phonemes, duration_ms=speech.duration_ms), fps=PREVIEW_FPS,
                                 n_frames=n, loudness=loudness_track(speech.audio, speech.sample_rate,
                                                                     fps=PREVIEW_FPS, n_frames=n))
            width, height = PREVIEW_SIZE
            frames = (f for f, _ in talking_rig_frames(presenter.spec, width=width, height=height, fps=PREVIEW_FPS,
                                                        n_frames=n, mouth_curve=mouths))
            with tempfile.TemporaryDirectory(prefix="shopreel-preview-") as folder:
                path = Path(folder) / "preview.mp4"
                render_talking_video(frames, width=width, height=height, fps=PREVIEW_FPS, audio=speech.audio,
                                     sample_rate=speech.sample_rate, path=path)
                return path.read_bytes()

        return self._cached(f"catalog/presenters/{presenter.presenter_id}-{voice.voice_id[:12]}{self._engine_stamp()}"
                            "-preview.mp4", make)

    def template_image(self, template_id: str, part: str) -> str:
        """Blob key of a scene template's ``image`` (1080x1920 JPEG), ``mask`` (PNG, white
        where the product goes) or ``cover`` (360x640 JPEG)."""
        template = find_template(template_id)
        if template is None:
            raise NotFound(f"template {template_id} not found")
        makers: dict[str, tuple[str, Callable[[], bytes]]] = {
            "image": ("jpg", lambda: encode_image(template.render(1080, 1920))),
            "cover": ("jpg", lambda: encode_image(template.render(360, 640), quality=85)),
            "mask": ("png", lambda: encode_image(
                (np.clip(template.mask(1080, 1920), 0, 1) * 255).round().astype(np.uint8), fmt="png")),
        }
        if part not in makers:
            raise NotFound(f"template asset {part} not found")
        ext, make = makers[part]
        return self._cached(f"catalog/templates/{template.template_id}-{part}.{ext}", make)
