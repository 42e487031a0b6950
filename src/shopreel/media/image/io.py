"""Reading stored images into frames and encoding frames for storage."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from shopreel.errors import InvalidInput
from shopreel.media.types import Alpha, Frame

__all__ = ["read_image", "decode_image", "read_mask", "read_alpha", "encode_image"]


def read_image(path: Path | io.BytesIO) -> Frame:
    """An image file as ``uint8 (H, W, 3)`` RGB, turned upright by its EXIF orientation;
    transparent areas are composited over white (product photos with alpha)."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))
        return np.asarray(image.convert("RGB"))


def decode_image(data: bytes) -> Frame:
    """Encoded image bytes as a frame, like :func:`read_image`."""
    return read_image(io.BytesIO(data))


def read_alpha(path: Path) -> Alpha | None:
    """The transparency of an image as ``float32 (H, W)`` in [0, 1], or None when it has no
    alpha channel or one that is fully opaque (nothing cut out)."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode == "P" and "transparency" in image.info:
            image = image.convert("RGBA")
        if "A" not in image.getbands():
            return None
        alpha = np.asarray(image.getchannel("A"), np.float32) / 255.0
        return alpha if alpha.min() < 1.0 else None


def read_mask(path: Path) -> Alpha:
    """A mask image as ``float32 (H, W)`` in [0, 1]: its alpha channel when it has one that
    is not fully opaque, else its luminance (white = inside)."""
    alpha = read_alpha(path)
    if alpha is not None:
        return alpha
    with Image.open(path) as image:
        return np.asarray(ImageOps.exif_transpose(image).convert("L"), np.float32) / 255.0


def encode_image(frame: Frame, *, fmt: str = "jpg", quality: int = 92) -> bytes:
    """Encode a frame as JPEG (``jpg``) or PNG (``png``)."""
    if frame.dtype != np.uint8 or frame.ndim not in (2, 3):
        raise InvalidInput(f"frame must be uint8 (H, W, 3) or (H, W), got {frame.dtype} {frame.shape}")
    buffer = io.BytesIO()
    if fmt in ("jpg", "jpeg"):
        Image.fromarray(frame).save(buffer, format="JPEG", quality=quality, optimize=True)
    elif fmt == "png":
        Image.fromarray(frame).save(buffer, format="PNG", optimize=False, compress_level=6)
    else:
        raise InvalidInput(f"fmt must be 'jpg' or 'png', got {fmt!r}")
    return buffer.getvalue()
