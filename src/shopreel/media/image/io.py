"""Reading stored images into frames and encoding frames for storage."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from shopreel.errors import InvalidInput
from shopreel.media.types import Alpha, Frame

__all__ = ["read_image", "read_rgba", "decode_image", "read_mask", "encode_image"]


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


def read_rgba(path: Path | io.BytesIO) -> tuple[Frame, Alpha | None]:
    """An image file as its ``uint8 (H, W, 3)`` RGB, not composited, and its alpha as
    ``float32 (H, W)`` in [0, 1] when it has transparency (else ``None``), turned upright by
    its EXIF orientation.

    A product photo whose background is already transparent (a cut-out from Remove
    Background or any editor) keeps its alpha here; :func:`read_image` would flatten it
    onto white, and a white or pale product would then melt into that white.
    """
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode == "P" and "transparency" in image.info:
            image = image.convert("RGBA")
        return np.asarray(image.convert("RGB")), _transparency(image)


def _transparency(image: Image.Image) -> Alpha | None:
    """The alpha channel of ``image`` when it has one that is not fully opaque."""
    if "A" not in image.getbands():
        return None
    alpha = np.asarray(image.getchannel("A"), np.float32) / 255.0
    return alpha if alpha.min() < 1.0 else None


def decode_image(data: bytes) -> Frame:
    """Encoded image bytes as a frame, like :func:`read_image`."""
    return read_image(io.BytesIO(data))


def read_mask(path: Path) -> Alpha:
    """A mask image as ``float32 (H, W)`` in [0, 1]: its alpha channel when it has one that
    is not fully opaque, else its luminance (white = inside)."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        alpha = _transparency(image)
        return alpha if alpha is not None else np.asarray(image.convert("L"), np.float32) / 255.0


def encode_image(frame: Frame, *, fmt: str = "jpg", quality: int = 92) -> bytes:
    """Encode a frame as JPEG (``jpg``) or PNG (``png``): ``uint8`` RGB ``(H, W, 3)``, grey
    ``(H, W)``, or RGBA ``(H, W, 4)`` (PNG only: JPEG has no alpha)."""
    rgba = frame.ndim == 3 and frame.shape[2] == 4
    if frame.dtype != np.uint8 or not (frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] == 3) or rgba):
        raise InvalidInput(f"frame must be uint8 (H, W, 3), (H, W, 4) or (H, W), got {frame.dtype} {frame.shape}")
    if rgba and fmt != "png":
        raise InvalidInput(f"an RGBA frame needs fmt 'png' (JPEG has no alpha), got {fmt!r}")
    buffer = io.BytesIO()
    if fmt in ("jpg", "jpeg"):
        Image.fromarray(frame).save(buffer, format="JPEG", quality=quality, optimize=True)
    elif fmt == "png":
        Image.fromarray(frame).save(buffer, format="PNG", optimize=False, compress_level=6)
    else:
        raise InvalidInput(f"fmt must be 'jpg' or 'png', got {fmt!r}")
    return buffer.getvalue()
