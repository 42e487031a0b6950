"""The file formats TopView accepts for upload, their media kind and content type.

Shared by the server (upload checks) and the SDK (the Content-Type of a PUT).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["MediaKind", "FORMATS"]

MediaKind = Literal["image", "audio", "video"]

FORMATS: dict[str, tuple[MediaKind, str]] = {
    "mp4": ("video", "video/mp4"),
    "mov": ("video", "video/quicktime"),
    "avi": ("video", "video/x-msvideo"),
    "png": ("image", "image/png"),
    "jpg": ("image", "image/jpeg"),
    "jpeg": ("image", "image/jpeg"),
    "bmp": ("image", "image/bmp"),
    "webp": ("image", "image/webp"),
    "mp3": ("audio", "audio/mpeg"),
    "wav": ("audio", "audio/wav"),
    "m4a": ("audio", "audio/mp4"),
}
