"""Catalog media made by the engines themselves: voice demos and caption thumbnails.

Each is generated on first request and kept in the blob store under ``catalog/``, so every
later request (and every other server sharing the store) gets the cached file.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

from PIL import Image

from shopreel.catalog.captions import find_caption
from shopreel.catalog.voices import find_voice
from shopreel.errors import NotFound
from shopreel.media.captions import render_thumbnail
from shopreel.media.speech import encode_wav, synthesize
from shopreel.store.blobs import BlobStore

__all__ = ["CatalogAssets"]


class CatalogAssets:
    def __init__(self, blobs: BlobStore) -> None:
        self._blobs = blobs
        self._lock = threading.Lock()

    def _cached(self, key: str, make: Callable[[], bytes]) -> str:
        if not self._blobs.exists(key):
            with self._lock:
                if not self._blobs.exists(key):
                    self._blobs.put_bytes(key, make())
        return key

    def voice_demo(self, voice_id: str) -> str:
        """Blob key of the voice's demo WAV: its demo sentence in its own language."""
        voice = find_voice(voice_id)
        if voice is None:
            raise NotFound(f"voice {voice_id} not found")

        def make() -> bytes:
            speech = synthesize(voice.demo_text, voice=voice.spec)
            return encode_wav(speech.audio, sample_rate=speech.sample_rate)

        return self._cached(f"catalog/voices/{voice.voice_id}.wav", make)

    def caption_thumbnail(self, caption_id: str) -> str:
        """Blob key of the caption style's thumbnail PNG, rendered by the caption engine."""
        style = find_caption(caption_id)
        if style is None:
            raise NotFound(f"caption {caption_id} not found")

        def make() -> bytes:
            buffer = io.BytesIO()
            Image.fromarray(render_thumbnail(style)).save(buffer, format="PNG", optimize=True)
            return buffer.getvalue()

        return self._cached(f"catalog/captions/{style.caption_id}.png", make)
