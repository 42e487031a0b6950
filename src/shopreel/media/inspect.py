"""Check that a file's content decodes as the kind of media it claims to be.

Used on every file that enters ShopReel (uploads, scraped media), before any task may
read it, so engines only ever see files that decode.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shopreel.errors import InvalidInput, MediaError
from shopreel.formats import FORMATS, MediaKind

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MediaKind", "MediaInfo", "FORMATS", "FULL_DECODE_PIXELS", "kind_of_format", "inspect_media"]

#: Images up to this many pixels are decoded whole when checked (48 MB as RGB); larger
#: ones are verified without decoding (see ``_prove_decodable``).
FULL_DECODE_PIXELS = 16_000_000

# Demuxers that read still images: a "video" that opens with one of these is an image.
_IMAGE_DEMUXERS = ("image2", "png_pipe", "jpeg_pipe", "bmp_pipe", "webp_pipe", "gif", "tiff_pipe")


@dataclass(frozen=True)
class MediaInfo:
    kind: MediaKind
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None


def kind_of_format(fmt: str) -> MediaKind:
    """The media kind of an upload format such as ``"png"``; raises for unknown formats."""
    try:
        return FORMATS[fmt.lower()][0]
    except KeyError:
        allowed = " ".join(FORMATS)
        raise MediaError(f"format {fmt!r} is not supported; use one of: {allowed}") from None


def inspect_media(path: Path, *, kind: MediaKind, max_pixels: int = 80_000_000) -> MediaInfo:
    """Decode enough of ``path`` to prove it is a valid ``kind`` and measure it.

    Parameters
    ----------
    path : Path
        The file to check.
    kind : {"image", "audio", "video"}
        What the file must be.
    max_pixels : int
        Images with more pixels are refused before decoding (decompression bombs).

    Returns
    -------
    MediaInfo
        Width and height for images and videos, duration in ms for audio and video.

    Raises
    ------
    MediaError
        The content does not decode as ``kind``, or is out of bounds.
    """
    if kind == "image":
        return _inspect_image(path, max_pixels=max_pixels)
    if kind in ("audio", "video"):
        return _inspect_av(path, kind=kind, max_pixels=max_pixels)
    raise InvalidInput(f"kind must be image, audio or video, got {kind!r}")


def _inspect_image(path: Path, *, max_pixels: int) -> MediaInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise MediaError(
                        f"image is {width}x{height} = {width * height} pixels, over the limit of {max_pixels}"
                    )
                _prove_decodable(image, width * height)
    except MediaError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(f"the file is not a decodable image ({_short(exc, path)})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(f"the image is corrupt or truncated ({_short(exc, path)})") from exc
    if width < 1 or height < 1:
        raise MediaError(f"image has no pixels ({width}x{height})")
    return MediaInfo(kind="image", width=width, height=height)


def _prove_decodable(image: Image.Image, pixels: int) -> None:
    """Decode as much of ``image`` as it takes to trust it, in bounded memory.

    A JPEG is decoded at an eighth of its size (libjpeg's DCT scaling: every block is
    still read and checked). Other formats are decoded whole up to ``FULL_DECODE_PIXELS``;
    a larger one is checked for its structure and checksums only (``verify``) and decoded
    later, by the task that reads it. Decoding an 80-megapixel PNG whole would hold about
    240 MB for each upload being checked.
    """
    if image.format == "JPEG":
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    elif pixels <= FULL_DECODE_PIXELS:
        image.load()
    else:
        image.verify()


def _inspect_av(path: Path, *, kind: MediaKind, max_pixels: int) -> MediaInfo:
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if container.format.name in _IMAGE_DEMUXERS:
                raise MediaError(f"the file is a still image ({container.format.name}), not {kind}")
            streams = container.streams.video if kind == "video" else container.streams.audio
            if not streams:
                raise MediaError(f"the file has no {kind} stream")
            stream = streams[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                raise MediaError(f"the {kind} stream has no decodable frame")
            duration_ms = _duration_ms(container, stream)
            if kind == "video":
                width, height = frame.width, frame.height
                if width * height > max_pixels:
                    raise MediaError(f"video frames are {width}x{height}, over the pixel limit")
                return MediaInfo(kind="video", width=width, height=height, duration_ms=duration_ms)
            return MediaInfo(kind="audio", duration_ms=duration_ms)
    except MediaError:
        raise
    except (av.error.FFmpegError, StopIteration, ValueError, OSError) as exc:
        raise MediaError(f"the file is not decodable {kind} ({_short(exc, path)})") from exc


def _duration_ms(container, stream) -> int | None:  # type: ignore[no-untyped-def]
    if stream.duration is not None and stream.time_base is not None:
        return int(stream.duration * stream.time_base * 1000)
    if container.duration is not None:
        return int(container.duration / 1000)  # container.duration is in microseconds
    return None


def _short(exc: BaseException, path: Path) -> str:
    """The library's message without our file system path in it."""
    text = (str(exc).replace(f"'{path}'", "").replace(str(path), "the file").strip()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
