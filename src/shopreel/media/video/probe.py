"""Read video files: what a file holds (:func:`probe`), its frames as a stream, and a cover frame.

Decoding is one pass, streaming, with PyAV's threaded decoder. Frame-rate conversion picks,
for every output instant, the last source frame shown at that instant (what a player shows),
so duplicated or dropped frames never shift the timeline.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import count

import av
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.reformatter import ColorRange, Colorspace
from av.video.stream import VideoStream

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.types import Frame

__all__ = ["MediaProbe", "probe", "read_frames", "extract_cover", "frames_at", "source_colorspace"]


@dataclass(frozen=True)
class MediaProbe:
    """What a video file holds. Durations are in milliseconds; ``fps`` is the average rate."""

    duration_ms: int
    width: int
    height: int
    fps: float
    frame_count: int
    video_codec: str
    has_audio: bool
    audio_duration_ms: int | None


def probe(path: str | os.PathLike[str]) -> MediaProbe:
    """Describe a video file from its container headers (no decoding).

    Parameters
    ----------
    path : str or Path
        Any container FFmpeg reads (MP4, MOV, WebM, ...) with at least one video stream.

    Returns
    -------
    MediaProbe
        ``duration_ms`` is the video stream's duration; ``frame_count`` comes from the header,
        or from counting packets (no decoding) when the container does not store it.

    Raises
    ------
    MediaError
        The file cannot be opened or has no video stream.
    """
    with _open(path) as container:
        stream = _video_stream(container, path)
        audio = container.streams.audio[0] if container.streams.audio else None
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        duration_s = _stream_seconds(stream, container)
        frames = stream.frames
        if not frames:
            frames = sum(1 for packet in container.demux(stream) if packet.size)
        if not duration_s and fps:
            duration_s = frames / fps
        return MediaProbe(
            duration_ms=round(duration_s * 1000),
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            fps=fps,
            frame_count=frames,
            video_codec=stream.codec_context.name,
            has_audio=audio is not None,
            audio_duration_ms=None if audio is None else round(_stream_seconds(audio, container) * 1000),
        )


def read_frames(
    path: str | os.PathLike[str], *, size: tuple[int, int] | None = None, fps: float | None = None
) -> Iterator[Frame]:
    """Decode a video once, yielding ``uint8 (H, W, 3)`` RGB frames as they come.

    Parameters
    ----------
    path : str or Path
        Video file.
    size : (width, height) or None
        Scale every frame to exactly this size (libswscale, bicubic); ``None`` keeps the size.
    fps : float or None
        Resample to this frame rate, repeating or dropping frames; ``None`` yields every frame.

    Raises
    ------
    MediaError
        The file cannot be opened, has no video stream, or fails to decode.
    """
    if size is not None and (size[0] <= 0 or size[1] <= 0):
        raise InvalidInput(f"size must be a positive (width, height), got {size}")
    if fps is not None and not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps}")
    width, height = size if size is not None else (None, None)
    if fps is None:
        with _open(path) as container:
            stream = _video_stream(container, path)
            stream.thread_type = "AUTO"
            for frame in _decode(container, stream, path):
                yield _to_rgb(frame, width, height)
        return
    for frame in frames_at(path, (k / fps for k in count())):
        yield _to_rgb(frame, width, height)


def frames_at(path: str | os.PathLike[str], times_s: Iterable[float]) -> Iterator[VideoFrame]:
    """Yield, for each time in ``times_s`` (seconds from the first frame, non-decreasing), the frame shown then.

    Stops at the first time past the end of the video. Seeks once, to the first time, then
    decodes forward; a frame is yielded as often as it is asked for.

    Raises
    ------
    MediaError
        The file cannot be opened, has no video stream or fails to decode.
    InvalidInput
        The times go backwards.
    """
    with _open(path) as container:
        stream = _video_stream(container, path)
        stream.thread_type = "AUTO"
        time_base = stream.time_base or Fraction(1, 90_000)
        origin = float(stream.start_time * time_base) if stream.start_time is not None else 0.0
        step = 1.0 / float(stream.average_rate or stream.guessed_rate or 30)
        times = iter(times_s)
        first = next(times, None)
        if first is None:
            return
        if first > 0:
            container.seek(int((first + origin) / time_base), stream=stream, backward=True)
        decoded = _decode(container, stream, path)
        shown = next(decoded, None)
        if shown is None:
            raise MediaError(f"video has no decodable frames: {path}")
        upcoming = next(decoded, None)
        previous = first
        for t in _chain(first, times):
            if t < previous:
                raise InvalidInput(f"frame times must not go backwards: {t} after {previous}")
            previous = t
            while upcoming is not None and _seconds(upcoming, origin) <= t + 1e-6:
                shown, upcoming = upcoming, next(decoded, None)
            if upcoming is None and t >= _seconds(shown, origin) + step - 1e-6:
                return
            yield shown


def extract_cover(path: str | os.PathLike[str], *, at_s: float = 0.0) -> Frame:
    """The RGB frame shown at ``at_s`` seconds (the last frame if the video is shorter).

    Seeks to the key frame before ``at_s`` and decodes forward from there only.

    Raises
    ------
    MediaError
        The file cannot be opened, has no video stream or no decodable frame.
    """
    if at_s < 0:
        raise InvalidInput(f"at_s must be >= 0, got {at_s}")
    last = None
    for frame in frames_at(path, (at_s,)):
        last = frame
    if last is None:
        with _open(path) as container:
            stream = _video_stream(container, path)
            for frame in _decode(container, stream, path):
                last = frame
    if last is None:
        raise MediaError(f"video has no decodable frames: {path}")
    return _to_rgb(last, None, None)


def source_colorspace(frame: VideoFrame) -> Colorspace:
    """The matrix a decoded frame was encoded with; untagged HD is BT.709, untagged SD BT.601."""
    tagged = {1: Colorspace.ITU709, 5: Colorspace.ITU601, 6: Colorspace.ITU601, 9: Colorspace.BT2020}
    if frame.colorspace in tagged:
        return tagged[frame.colorspace]
    return Colorspace.ITU709 if frame.height >= 720 else Colorspace.ITU601


def _to_rgb(frame: VideoFrame, width: int | None, height: int | None) -> Frame:
    return frame.to_ndarray(
        format="rgb24",
        width=width,
        height=height,
        interpolation="BICUBIC",
        src_colorspace=source_colorspace(frame),
        src_color_range=ColorRange.JPEG if frame.color_range == ColorRange.JPEG else ColorRange.MPEG,
        dst_color_range=ColorRange.JPEG,
    )


def _open(path: str | os.PathLike[str]) -> InputContainer:
    try:
        return av.open(str(path))
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"cannot open media file {path}: {exc}") from exc


def _video_stream(container: InputContainer, path: str | os.PathLike[str]) -> VideoStream:
    if not container.streams.video:
        raise MediaError(f"no video stream in {path}")
    return container.streams.video[0]


def _decode(container: InputContainer, stream: VideoStream, path: str | os.PathLike[str]) -> Iterator[VideoFrame]:
    try:
        yield from container.decode(stream)
    except av.FFmpegError as exc:
        raise MediaError(f"cannot decode video {path}: {exc}") from exc


def _seconds(frame: VideoFrame, origin: float) -> float:
    return float(frame.time or 0.0) - origin


def _stream_seconds(stream: av.stream.Stream, container: InputContainer) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return float(Fraction(container.duration or 0, av.time_base))


def _chain(first: float, rest: Iterator[float]) -> Iterator[float]:
    yield first
    yield from rest
