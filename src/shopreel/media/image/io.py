"""Reading stored images into frames and encoding frames for storage."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from shopreel.errors import InvalidInput
from shopreel.media.types import Alpha, Frame

__all__ = ["WORKING_MAX_SIDE", "open_bounded", "read_image", "read_rgba", "decode_image", "read_mask",
           "encode_image"]

#: The longest side an input image is worked at: more than any output needs (1080x1920
#: videos, 2048-pixel stills), and a bounded decode where the upload is larger (a 48 Mpx
#: phone photo would take 190 MB as RGBA, and the upload check lets up to 80 Mpx through).
WORKING_MAX_SIDE = 4096


def open_bounded(image: Image.Image, max_side: int = WORKING_MAX_SIDE) -> Image.Image:
    """``image`` (opened, not yet decoded) at most ``max_side`` pixels on its longest side,
    upright by its EXIF orientation.

    A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT scaling: the full
    raster never exists), the smallest of those that keeps at least half of ``max_side``,
    and is resized only if still over it; other formats decode whole and are reduced at
    once, so their large raster lives only for this call. Two images of one size come out
    of one size (a photo and its mask).
    """
    width, height = image.size
    longest = max(width, height)
    if longest > max_side:
        if image.format == "JPEG":
            floor = max_side / 2 / longest
            image.draft(image.mode if image.mode in ("RGB", "L") else None,
                        (max(1, math.ceil(width * floor)), max(1, math.ceil(height * floor))))
        elif image.mode in ("P", "1"):  # these resize by nearest neighbour only
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        width, height = image.size
        if max(width, height) > max_side:
            scale = max_side / max(width, height)
            target = (max(1, round(width * scale)), max(1, round(height * scale)))
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
    # In place: without a turn to make, exif_transpose would otherwise copy the raster.
    ImageOps.exif_transpose(image, in_place=True)
    return image


def read_image(path: Path | io.BytesIO, *, max_side: int = WORKING_MAX_SIDE) -> Frame:
    """An image file as ``uint8 (H, W, 3)`` RGB of at most ``max_side`` on its longest side,
    turned upright by its EXIF orientation; transparent areas are composited over white
    (product photos with alpha)."""
    with Image.open(path) as image:
        image = open_bounded(image, max_side)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))
        return np.asarray(_rgb(image))


def read_rgba(path: Path | io.BytesIO, *, max_side: int = WORKING_MAX_SIDE) -> tuple[Frame, Alpha | None]:
    """An image file as its ``uint8 (H, W, 3)`` RGB, not composited, and its alpha as
    ``float32 (H, W)`` in [0, 1] when it has transparency (else ``None``), turned upright by
    its EXIF orientation, at most ``max_side`` on its longest side.

    A product photo whose background is already transparent (a cut-out from Remove
    Background or any editor) keeps its alpha here; :func:`read_image` would flatten it
    onto white, and a white or pale product would then melt into that white.
    """
    with Image.open(path) as image:
        if image.mode == "P" and "transparency" in image.info:
            image = image.convert("RGBA")
        image = open_bounded(image, max_side)
        return np.asarray(_rgb(image)), _transparency(image)


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")  # convert copies even RGB


def _transparency(image: Image.Image) -> Alpha | None:
    """The alpha channel of ``image`` when it has one that is not fully opaque."""
    if "A" not in image.getbands():
        return None
    alpha = np.asarray(image.getchannel("A"), np.float32) / 255.0
    return alpha if alpha.min() < 1.0 else None


def decode_image(data: bytes) -> Frame:
    """Encoded image bytes as a frame, like :func:`read_image`."""
    return read_image(io.BytesIO(data))


def read_mask(path: Path, *, max_side: int = WORKING_MAX_SIDE) -> Alpha:
    """A mask image as ``float32 (H, W)`` in [0, 1]: its alpha channel when it has one that
    is not fully opaque, else its luminance (white = inside); bounded like its photo."""
    with Image.open(path) as image:
        image = open_bounded(image, max_side)
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
