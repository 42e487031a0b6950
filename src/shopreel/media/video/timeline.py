"""What a composed video is made of: clips on a canvas, in order, with motion, fades and overlays.

These are plain frozen records; :mod:`shopreel.media.video.compose` turns a :class:`Timeline`
into frames. Records holding arrays compare by identity (``eq=False``): comparing pixel
arrays field by field is neither cheap nor meaningful here.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.endcard import DesignedCard
from shopreel.media.types import Audio, Frame, Overlay
from shopreel.media.video.probe import probe
from shopreel.media.video.yuv import check_rgb

__all__ = ["Easing", "Fit", "KenBurns", "ImageClip", "VideoClip", "EndCard", "Clip", "Timeline"]


class Easing(StrEnum):
    """How motion progresses over a clip: at constant speed, or starting and stopping gently."""

    LINEAR = "linear"
    EASE_IN_OUT = "ease_in_out"
    EASE_OUT = "ease_out"

    def __call__(self, progress: float) -> float:
        p = min(max(progress, 0.0), 1.0)
        if self is Easing.EASE_IN_OUT:
            return 0.5 - 0.5 * math.cos(math.pi * p)
        if self is Easing.EASE_OUT:
            return math.sin(0.5 * math.pi * p)
        return p


class Fit(StrEnum):
    """How a picture of another shape fills the canvas.

    ``cover`` fills it and crops the overflow; ``contain`` shows all of it over a blurred,
    enlarged copy of itself (no black bars).
    """

    COVER = "cover"
    CONTAIN = "contain"


@dataclass(frozen=True)
class KenBurns:
    """A slow zoom and pan over a still picture.

    ``zoom_*`` is the magnification (1.0 shows the whole fitted picture; must be >= 1).
    ``pan_*`` is the point of the picture at the centre of the view, as fractions of its width
    and height; it is clamped so the view never leaves the picture. Zoom moves geometrically
    (equal ratios in equal times, which looks like a constant speed) and pan linearly, both
    along ``easing``.
    """

    zoom_from: float = 1.0
    zoom_to: float = 1.15
    pan_from: tuple[float, float] = (0.5, 0.5)
    pan_to: tuple[float, float] = (0.5, 0.5)
    easing: Easing = Easing.EASE_IN_OUT

    def __post_init__(self) -> None:
        if self.zoom_from < 1.0 or self.zoom_to < 1.0:
            raise InvalidInput(f"zoom must be >= 1.0, got zoom_from={self.zoom_from}, zoom_to={self.zoom_to}")
        for name, (px, py) in (("pan_from", self.pan_from), ("pan_to", self.pan_to)):
            if not (0.0 <= px <= 1.0 and 0.0 <= py <= 1.0):
                raise InvalidInput(f"{name} must be fractions in [0, 1], got {(px, py)}")

    @property
    def max_zoom(self) -> float:
        return max(self.zoom_from, self.zoom_to)

    def window(self, progress: float, *, width: float, height: float) -> tuple[float, float, float, float]:
        """The view at ``progress`` in [0, 1] over a ``width`` x ``height`` picture: ``(left, top, right, bottom)``.

        Coordinates are fractional pixels; sampling the picture through this box (not a box
        rounded to whole pixels) is what keeps the motion free of jitter.
        """
        e = self.easing(progress)
        zoom = self.zoom_from * (self.zoom_to / self.zoom_from) ** e
        w, h = width / zoom, height / zoom
        cx = (self.pan_from[0] + (self.pan_to[0] - self.pan_from[0]) * e) * width
        cy = (self.pan_from[1] + (self.pan_to[1] - self.pan_from[1]) * e) * height
        left = min(max(cx - w / 2, 0.0), width - w)
        top = min(max(cy - h / 2, 0.0), height - h)
        return left, top, left + w, top + h


@dataclass(frozen=True, eq=False)
class ImageClip:
    """A still picture shown for ``duration_s`` seconds, optionally with :class:`KenBurns` motion."""

    image: Frame
    duration_s: float
    motion: KenBurns | None = None
    fit: Fit = Fit.COVER

    def __post_init__(self) -> None:
        check_rgb(self.image, "ImageClip.image")
        _check_positive(self.duration_s, "ImageClip.duration_s")

    @property
    def length_s(self) -> float:
        return self.duration_s


@dataclass(frozen=True, eq=False)
class VideoClip:
    """A stretch of a video file: source seconds ``start_s`` to ``end_s`` (``None``: the end).

    On the timeline it lasts ``duration_s`` (``None``: as long as the stretch). A longer
    duration repeats the stretch when ``loop`` is true, or holds its last frame; a shorter one
    cuts it. The file's own sound is not used: the timeline's audio is the soundtrack.
    """

    path: str | os.PathLike[str]
    start_s: float = 0.0
    end_s: float | None = None
    duration_s: float | None = None
    loop: bool = True
    fit: Fit = Fit.COVER

    def __post_init__(self) -> None:
        if self.start_s < 0:
            raise InvalidInput(f"VideoClip.start_s must be >= 0, got {self.start_s}")
        if self.end_s is not None and self.end_s <= self.start_s:
            raise InvalidInput(f"VideoClip.end_s must be after start_s, got {self.start_s}..{self.end_s}")
        if self.duration_s is not None:
            _check_positive(self.duration_s, "VideoClip.duration_s")

    @cached_property
    def segment_s(self) -> float:
        """Seconds of source used, ``end_s - start_s`` (reads the file's header when ``end_s`` is None)."""
        if self.end_s is not None:
            return self.end_s - self.start_s
        source_s = probe(self.path).duration_ms / 1000
        if source_s <= self.start_s:
            raise InvalidInput(f"VideoClip.start_s={self.start_s} is past the end of {self.path} ({source_s} s)")
        return source_s - self.start_s

    @property
    def length_s(self) -> float:
        return self.duration_s if self.duration_s is not None else self.segment_s


@dataclass(frozen=True, eq=False)
class EndCard:
    """The closing card: a ``color`` background with an optional ``image`` contained in it,
    centred, or a ``design`` (:mod:`shopreel.media.endcard`) drawn, moving, instead.

    A design must be made for the timeline's size; ``color`` and ``image`` are then unused.
    """

    duration_s: float
    color: tuple[int, int, int] = (0, 0, 0)
    image: Frame | None = None
    image_scale: float = 0.6
    design: DesignedCard | None = None

    def __post_init__(self) -> None:
        _check_positive(self.duration_s, "EndCard.duration_s")
        if len(self.color) != 3 or not all(0 <= c <= 255 for c in self.color):
            raise InvalidInput(f"EndCard.color must be three values in 0..255, got {self.color}")
        if self.image is not None:
            check_rgb(self.image, "EndCard.image")
            if self.design is not None:
                raise InvalidInput("EndCard takes an image or a design, not both")
        if not 0.0 < self.image_scale <= 1.0:
            raise InvalidInput(f"EndCard.image_scale must be in (0, 1], got {self.image_scale}")

    @property
    def length_s(self) -> float:
        return self.duration_s


Clip = ImageClip | VideoClip | EndCard


@dataclass(frozen=True, eq=False)
class Timeline:
    """Clips played one after another on a ``width`` x ``height`` canvas at ``fps``.

    Consecutive clips overlap by ``crossfade_s`` and dissolve into each other; the end card,
    if any, follows the last clip the same way. ``overlays`` are drawn over everything, in
    order, at timeline time. ``audio`` (mono, ``sample_rate``) is the soundtrack, cut or
    padded with silence to the video's length.
    """

    width: int
    height: int
    clips: tuple[Clip, ...]
    fps: float = 30.0
    crossfade_s: float = 0.0
    overlays: tuple[Overlay, ...] = ()
    end_card: EndCard | None = None
    audio: Audio | None = None
    sample_rate: int = 48_000

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or self.width % 2 or self.height % 2:
            raise InvalidInput(f"Timeline size must be positive and even, got {self.width}x{self.height}")
        _check_positive(self.fps, "Timeline.fps")
        if self.crossfade_s < 0:
            raise InvalidInput(f"Timeline.crossfade_s must be >= 0, got {self.crossfade_s}")
        if not self.sequence:
            raise InvalidInput("Timeline needs at least one clip or an end card")
        if self.audio is not None and (self.audio.dtype != np.float32 or self.audio.ndim != 1):
            raise InvalidInput(f"Timeline.audio must be float32 mono (N,), got {self.audio.dtype} {self.audio.shape}")
        _check_positive(self.sample_rate, "Timeline.sample_rate")
        design = self.end_card.design if self.end_card is not None else None
        if design is not None and (design.width, design.height) != (self.width, self.height):
            raise InvalidInput(f"the end card was designed for {design.width}x{design.height}, "
                               f"the timeline is {self.width}x{self.height}")

    @property
    def sequence(self) -> tuple[Clip, ...]:
        """The clips in playing order, then the end card if there is one."""
        return tuple(self.clips) + ((self.end_card,) if self.end_card is not None else ())

    def starts_s(self) -> list[float]:
        """When each clip of :attr:`sequence` (clips, then the end card) starts, in seconds.

        Raises ``InvalidInput`` naming the clip when a cross-fade is longer than a clip allows
        (a clip between two fades must last at least twice ``crossfade_s``).
        """
        starts, t = [], 0.0
        last = len(self.sequence) - 1
        for i, clip in enumerate(self.sequence):
            fades = (i > 0) + (i < last)
            if self.crossfade_s * fades > clip.length_s + 1e-9:
                raise InvalidInput(
                    f"clip {i} lasts {clip.length_s:.3f} s, too short for {fades} cross-fade(s) "
                    f"of {self.crossfade_s} s"
                )
            starts.append(t)
            t += clip.length_s - self.crossfade_s
        return starts

    def duration_s(self) -> float:
        """Length of the video in seconds."""
        return self.starts_s()[-1] + self.sequence[-1].length_s

    def frame_count(self) -> int:
        return round(self.duration_s() * self.fps)


def _check_positive(value: float, name: str) -> None:
    if not value > 0:
        raise InvalidInput(f"{name} must be > 0, got {value}")
