"""What captions keep clear in the jobs' videos: faces and the product, over time.

Each kind knows where these are without looking at its frames again: a presenter rig knows
where it draws the face and the held product, a still photo is looked at once, and a
composed ad maps a product photo's boxes through its clip's fit and camera motion. Uploaded
video shows nothing known, and keeps the captions' default place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from shopreel.media.avatar import HeldImage, PresenterSpec, talking_rig_boxes
from shopreel.media.captions.keepout import KeepOut, frame_keep_out
from shopreel.media.footage import locate_subjects
from shopreel.media.types import Alpha, Box, Frame
from shopreel.media.video.logo import LogoOverlay
from shopreel.media.video.regions import image_box_at
from shopreel.media.video.timeline import Clip, ImageClip, Timeline

__all__ = ["rig_keep_out", "still_keep_out", "timeline_keep_out", "logo_keep_out", "PHOTO_HEAD_MARGIN"]

#: A talking photo's head sways and nods: its box is grown by this share of its size.
PHOTO_HEAD_MARGIN = 0.1


def rig_keep_out(spec: PresenterSpec, *, width: int, height: int, fps: float, n_frames: int,
                 held: HeldImage | tuple[Frame, Alpha] | None = None, held_scale: float = 1.0,
                 nod_times_s: Sequence[float] = (), until_s: float | None = None) -> tuple[KeepOut, ...]:
    """The face and the held object of each frame of the presenter's
    :func:`~shopreel.media.avatar.talking_rig_frames` with the same arguments."""
    renders = talking_rig_boxes(spec, width=width, height=height, fps=fps, n_frames=n_frames, held=held,
                                held_scale=held_scale, nod_times_s=nod_times_s)
    return frame_keep_out([(r.face_box, r.held_box) for r in renders], fps=fps, until_s=until_s)


def still_keep_out(boxes: Sequence[Box]) -> tuple[KeepOut, ...]:
    """Boxes that hold for the whole video (a talking photo's head and product)."""
    return (KeepOut(0.0, math.inf, tuple(boxes)),) if boxes else ()


def timeline_keep_out(clips: Sequence[Clip], known: Mapping[int, Sequence[KeepOut]], *, width: int, height: int,
                      fps: float, crossfade_s: float = 0.0,
                      pictures: Mapping[int, tuple[Box, ...]] | None = None) -> tuple[KeepOut, ...]:
    """Keep-outs of a composed video (clips played as a :class:`Timeline` with ``crossfade_s``), on its clock.

    ``known`` gives, by clip index, keep-outs on that clip's own clock (a presenter clip's
    rig boxes). Other still pictures are looked at once each (heads, and a product shot's
    product; see :func:`~shopreel.media.footage.locate_subjects`) and their boxes followed
    through the clip's fit and camera motion frame by frame, unless ``pictures`` already
    says where, by ``id`` of the picture (a product shot into a scene). Video clips add nothing.
    """
    starts = Timeline(width=width, height=height, clips=tuple(clips), fps=fps, crossfade_s=crossfade_s).starts_s()
    looked: dict[int, tuple[Box, ...]] = dict(pictures or {})
    out: list[KeepOut] = []
    for index, (clip, start) in enumerate(zip(clips, starts)):
        if index in known:
            out += [KeepOut(k.start_s + start, k.end_s + start, k.boxes) for k in known[index]]
        elif isinstance(clip, ImageClip):
            if id(clip.image) not in looked:
                looked[id(clip.image)] = locate_subjects(clip.image).boxes
            boxes = looked[id(clip.image)]
            if not boxes:
                continue
            n_frames = math.ceil(clip.duration_s * fps)
            shown = [tuple(b for b in (image_box_at(clip, box, k / fps, width=width, height=height) for box in boxes)
                           if b is not None) for k in range(n_frames)]
            out += frame_keep_out(shown, fps=fps, start_s=start)
    return tuple(out)


def logo_keep_out(logo: LogoOverlay | None) -> tuple[KeepOut, ...]:
    """The logo's corner while it shows (a caption moved to the top band must not cover it)."""
    if logo is None:
        return ()
    height, width = logo.layer.alpha.shape
    box = Box(x=logo.layer.x, y=logo.layer.y, w=width, h=height)
    return (KeepOut(logo.start_s, logo.end_s if logo.end_s is not None else math.inf, (box,)),)
