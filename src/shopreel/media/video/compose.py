"""Turn a :class:`~shopreel.media.video.timeline.Timeline` into frames and an MP4, streaming.

Every source is brought to the canvas once, in the encoder's YUV 4:2:0 layout (see
:mod:`shopreel.media.video.yuv`): a still picture becomes a fitted "plate" when its clip
starts, a video frame is fitted by libavfilter as it is decoded. Per output frame only the
unavoidable work remains: resampling the plate through the Ken Burns window, a cross-fade
blend while two clips overlap, and overlays on the regions they cover. :func:`render` hands
the composed frames and the overlays to :func:`~shopreel.media.video.pipeline.encode_frames`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator, Iterator
from fractions import Fraction
from typing import Protocol

import av.filter
import numpy as np
from av.video.frame import VideoFrame
from PIL import Image, ImageFilter

from shopreel.errors import InvalidInput
from shopreel.media.endcard import DesignedCard
from shopreel.media.types import Frame
from shopreel.media.video.encode import DEFAULT_PRESET
from shopreel.media.video.overlays import OverlayPainter
from shopreel.media.video.pipeline import encode_frames
from shopreel.media.video.probe import frames_at, source_colorspace
from shopreel.media.video.sampling import OVERSAMPLE, PlaneSampler
from shopreel.media.video.timeline import Clip, EndCard, Fit, ImageClip, Timeline, VideoClip
from shopreel.media.video.yuv import Yuv420, blend, rgb_to_yuv420, yuv420_to_rgb

__all__ = ["render", "iter_frames", "iter_yuv_frames"]

_BACKDROP_SHRINK = 16
_BACKDROP_BLUR_PX = 2.0
_BACKDROP_DIM = 0.8


def render(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    preset: str = DEFAULT_PRESET,
    crf: int | None = None,
    threads: int = 0,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Compose a timeline and encode it to an MP4 (H.264 + AAC), streaming frame by frame.

    Parameters
    ----------
    timeline : Timeline
        What to draw and the soundtrack.
    path : str or Path
        Output ``.mp4``; removed again if rendering fails or is cancelled.
    preset, crf, threads
        libx264 settings, see :class:`~shopreel.media.video.encode.VideoWriter`.
    progress : callable or None
        Called with the finished fraction in [0, 1] each time it grows by a percent or more.
    cancelled : callable or None
        Polled between frames; when it returns true the render stops.

    Returns
    -------
    int
        Frames written.

    Raises
    ------
    RenderCancelled
        ``cancelled()`` returned true.
    InvalidInput
        A cross-fade longer than a clip allows, naming the clip.
    MediaError
        A video clip's file cannot be read.
    """
    return encode_frames(
        _composed_frames(timeline), n_frames=timeline.frame_count(), width=timeline.width, height=timeline.height,
        fps=timeline.fps, path=path, audio=timeline.audio, sample_rate=timeline.sample_rate,
        overlays=timeline.overlays, preset=preset, crf=crf, threads=threads, progress=progress, cancelled=cancelled,
    )


def iter_frames(timeline: Timeline) -> Iterator[Frame]:
    """The timeline's frames as ``uint8 (H, W, 3)`` RGB, one at a time (for previews and checks)."""
    for frame in iter_yuv_frames(timeline):
        yield yuv420_to_rgb(frame)


def iter_yuv_frames(timeline: Timeline) -> Generator[Yuv420, None, None]:
    """The timeline's frames in the encoder's layout, overlays drawn, one at a time.

    Frame ``k`` shows timeline time ``k / fps``. A clip's source is prepared when the clip
    first shows and released when it ends, so at most two are held (during a cross-fade).
    """
    painter = OverlayPainter(timeline.overlays, width=timeline.width, height=timeline.height)
    with contextlib.closing(_composed_frames(timeline)) as frames:
        for k, frame in enumerate(frames):
            yield painter.draw(frame, k / timeline.fps)


def _composed_frames(timeline: Timeline) -> Generator[Yuv420, None, None]:
    """The timeline's clips, fades and end card at each frame's time, without the overlays."""
    starts = timeline.starts_s()
    ends = [start + clip.length_s for start, clip in zip(starts, timeline.sequence)]
    sources: dict[int, _Source] = {}
    try:
        for k in range(timeline.frame_count()):
            t = k / timeline.fps
            active = [i for i, (s, e) in enumerate(zip(starts, ends)) if s <= t + 1e-9 < e] or [len(starts) - 1]
            for i in list(sources):
                if i not in active:
                    sources.pop(i).close()
            frames = []
            for i in active:
                if i not in sources:
                    sources[i] = _open_source(timeline.sequence[i], timeline)
                frames.append(sources[i].frame_at(t - starts[i]))
            frame = frames[0]
            if len(frames) == 2:
                frame = blend(frames[0], frames[1], weight=(t - starts[active[1]]) / timeline.crossfade_s)
            yield frame
    finally:
        for source in sources.values():
            source.close()


class _Source(Protocol):
    def frame_at(self, t_s: float) -> Yuv420: ...

    def close(self) -> None: ...


def _open_source(clip: Clip, timeline: Timeline) -> _Source:
    size = (timeline.width, timeline.height)
    if isinstance(clip, ImageClip):
        if clip.motion is None:
            return _Still(_plate(clip.image, size, clip.fit))
        return _KenBurnsSource(clip, size)
    if isinstance(clip, VideoClip):
        return _VideoSource(clip, size)
    if clip.design is not None:
        return _DesignedSource(clip.design)
    return _Still(rgb_to_yuv420(_end_card(clip, size)))


class _Still:
    """The same frame at every instant."""

    def __init__(self, frame: Yuv420) -> None:
        self._frame = frame

    def frame_at(self, t_s: float) -> Yuv420:
        return self._frame

    def close(self) -> None:
        pass


class _DesignedSource:
    """A designed end card: its frames converted as drawn, its resting frame converted once."""

    def __init__(self, design: DesignedCard) -> None:
        self._design = design
        self._rest: Yuv420 | None = None

    def frame_at(self, t_s: float) -> Yuv420:
        if t_s < self._design.settle_s:
            return rgb_to_yuv420(self._design.frame_at(t_s))
        if self._rest is None:
            self._rest = rgb_to_yuv420(self._design.rest)
        return self._rest

    def close(self) -> None:
        pass


class _KenBurnsSource:
    """A still picture sampled through a moving window.

    The fitted plate is made once, :data:`~shopreel.media.video.sampling.OVERSAMPLE` times
    larger than the canvas at the most zoomed frame, so every frame is a mild downscale
    (never an upscale of detail the plate does not have) and the fast whole-pixel grid of
    :class:`~shopreel.media.video.sampling.PlaneSampler` applies. Luma and chroma are sampled
    through the same window, chroma at half the coordinates.
    """

    def __init__(self, clip: ImageClip, size: tuple[int, int]) -> None:
        assert clip.motion is not None
        self._clip = clip
        self._motion = clip.motion
        self._size = size
        width, height = size
        scale = OVERSAMPLE * self._motion.max_zoom
        self._plate_size = (_even(width * scale), _even(height * scale))
        plate = _plate(clip.image, self._plate_size, clip.fit)
        self._luma = PlaneSampler([plate.y])
        self._chroma = PlaneSampler([plate.u, plate.v])

    def frame_at(self, t_s: float) -> Yuv420:
        width, height = self._size
        pw, ph = self._plate_size
        box = self._motion.window(t_s / self._clip.duration_s, width=pw, height=ph)
        frame = Yuv420(np.empty(width * height * 3 // 2, np.uint8), width, height)
        self._luma.sample(box, (width, height), out=[frame.y])
        half = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
        self._chroma.sample(half, (width // 2, height // 2), out=[frame.u, frame.v])
        return frame

    def close(self) -> None:
        pass


class _VideoSource:
    """Frames of a video file fitted to the canvas by libavfilter (crop, scale, blur, overlay).

    Decoding is driven by the times asked for: one pass through the file, restarted from
    ``start_s`` only when a looping clip wraps around. A source frame shown for several
    output frames is fitted once.
    """

    def __init__(self, clip: VideoClip, size: tuple[int, int]) -> None:
        self._clip = clip
        self._size = size
        self._wanted = 0.0
        self._played = -1.0
        self._frames: Iterator[VideoFrame] | None = None
        self._graph: av.filter.Graph | None = None
        self._pushed = 0
        self._source_frame: VideoFrame | None = None
        self._fitted: Yuv420 | None = None

    def frame_at(self, t_s: float) -> Yuv420:
        segment = self._clip.segment_s
        played = t_s % segment if self._clip.loop else min(t_s, segment)
        if self._frames is None or played < self._played:
            self._frames = frames_at(self._clip.path, self._clock())
        self._played = played
        self._wanted = self._clip.start_s + played
        frame = next(self._frames, None)
        if frame is None:
            if self._fitted is None:
                raise InvalidInput(f"no frame at {self._wanted:.3f} s in {self._clip.path}")
            return self._fitted
        if frame is not self._source_frame:
            self._source_frame = frame
            self._fitted = self._fit(frame)
        assert self._fitted is not None
        return self._fitted

    def close(self) -> None:
        self._frames = None
        self._graph = None

    def _clock(self) -> Iterator[float]:
        while True:
            yield self._wanted

    def _fit(self, frame: VideoFrame) -> Yuv420:
        if self._graph is None:
            self._graph = _fit_graph(frame, self._size, self._clip.fit)
        frame.pts = self._pushed
        frame.time_base = Fraction(1, 1000)
        self._pushed += 1
        self._graph.vpush(frame)
        return Yuv420.from_video_frame(self._graph.vpull())


def _fit_graph(frame: VideoFrame, size: tuple[int, int], fit: Fit) -> av.filter.Graph:
    """A filter graph fitting frames like ``frame`` to ``size`` in BT.709 limited-range yuv420p."""
    width, height = size
    matrix = {1: "bt709", 5: "bt601", 9: "bt2020"}[int(source_colorspace(frame))]
    in_range = "pc" if frame.color_range == 2 else "tv"
    convert = f"flags=bicubic:in_color_matrix={matrix}:out_color_matrix=bt709:in_range={in_range}:out_range=tv"
    crop_w, crop_h = _cover_box_size(frame.width, frame.height, width / height)
    crop = f"w={int(crop_w) // 2 * 2}:h={int(crop_h) // 2 * 2}:x=(iw-ow)/2:y=(ih-oh)/2"
    graph = av.filter.Graph()
    source = graph.add_buffer(width=frame.width, height=frame.height, format=frame.format.name,
                              time_base=Fraction(1, 1000))
    sink = graph.add("buffersink")
    if fit is Fit.COVER:
        cropped = graph.add("crop", crop)
        last = graph.add("scale", f"w={width}:h={height}:{convert}")
        source.link_to(cropped)
        cropped.link_to(last)
    else:
        scale = min(width / frame.width, height / frame.height)
        fg_w, fg_h = _even(frame.width * scale), _even(frame.height * scale)
        split = graph.add("split")
        back = [
            graph.add("crop", crop),
            graph.add("scale", f"w={_even(width / _BACKDROP_SHRINK)}:h={_even(height / _BACKDROP_SHRINK)}:{convert}"),
            graph.add("gblur", f"sigma={_BACKDROP_BLUR_PX}"),
            graph.add("lutyuv", f"y=val*{_BACKDROP_DIM}+{16 * (1 - _BACKDROP_DIM):.2f}"),
            graph.add("scale", f"w={width}:h={height}:flags=bilinear"),
        ]
        front = graph.add("scale", f"w={fg_w}:h={fg_h}:{convert}")
        last = graph.add("overlay", f"x={(width - fg_w) // 2 // 2 * 2}:y={(height - fg_h) // 2 // 2 * 2}")
        source.link_to(split)
        split.link_to(back[0], 0, 0)
        split.link_to(front, 1, 0)
        for a, b in zip(back, back[1:]):
            a.link_to(b)
        back[-1].link_to(last, 0, 0)
        front.link_to(last, 0, 1)
    fmt = graph.add("format", "yuv420p")
    last.link_to(fmt)
    fmt.link_to(sink)
    graph.configure()
    return graph


def _plate(image: Frame, size: tuple[int, int], fit: Fit) -> Yuv420:
    """``image`` fitted to ``size``: cropped to fill it, or whole over a blurred backdrop."""
    width, height = size
    left, top, right, bottom = (round(v) for v in _cover_box(image.shape[1], image.shape[0], width / height))
    if fit is Fit.COVER:
        return rgb_to_yuv420(image[top:bottom, left:right], size=size)
    picture = Image.fromarray(image)
    small = picture.resize((max(1, width // _BACKDROP_SHRINK), max(1, height // _BACKDROP_SHRINK)),
                           Image.Resampling.BILINEAR, box=(left, top, right, bottom), reducing_gap=2.0)
    small = small.filter(ImageFilter.GaussianBlur(_BACKDROP_BLUR_PX)).point(lambda v: int(v * _BACKDROP_DIM))
    backdrop = small.resize(size, Image.Resampling.BICUBIC)
    scale = min(width / image.shape[1], height / image.shape[0])
    fg = picture.resize((max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale))),
                        Image.Resampling.BICUBIC, reducing_gap=3.0)
    backdrop.paste(fg, ((width - fg.width) // 2, (height - fg.height) // 2))
    return rgb_to_yuv420(np.asarray(backdrop))


def _end_card(card: EndCard, size: tuple[int, int]) -> Frame:
    width, height = size
    canvas = Image.new("RGB", size, card.color)
    if card.image is not None:
        picture = Image.fromarray(card.image)
        scale = card.image_scale * min(width / picture.width, height / picture.height)
        picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                                 Image.Resampling.BICUBIC, reducing_gap=3.0)
        canvas.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    return np.asarray(canvas)


def _cover_box_size(src_w: int, src_h: int, aspect: float) -> tuple[float, float]:
    """Size of the largest box of ``aspect`` (width / height) inside a ``src_w`` x ``src_h`` picture."""
    if src_w / src_h > aspect:
        return src_h * aspect, float(src_h)
    return float(src_w), src_w / aspect


def _cover_box(src_w: int, src_h: int, aspect: float) -> tuple[float, float, float, float]:
    w, h = _cover_box_size(src_w, src_h, aspect)
    left, top = (src_w - w) / 2, (src_h - h) / 2
    return left, top, left + w, top + h


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)
