"""Talking presenters: an illustrated rig driven by a mouth curve and idle motion, and the encoder.

:func:`talking_rig_frames` turns a mouth curve (:mod:`~shopreel.media.avatar.lipsync`) and
idle motion (:mod:`~shopreel.media.avatar.idle`) into poses drawn by one
:class:`~shopreel.media.avatar.rig.RigRenderer`, which keeps the static layers between frames.
:func:`render_talking_video` streams any talking frames (rig, photo or video) with captions
and the voice into an MP4 through :func:`~shopreel.media.video.pipeline.encode_frames`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.avatar.held import HeldImage, held_image
from shopreel.media.avatar.idle import IdleFrame, idle_frames
from shopreel.media.avatar.lipsync import MouthState
from shopreel.media.avatar.mouth import MOUTHS
from shopreel.media.avatar.rig import RigRender, RigRenderer
from shopreel.media.avatar.spec import Pose, PresenterSpec
from shopreel.media.types import Alpha, Audio, Frame, Overlay
from shopreel.media.video.encode import DEFAULT_PRESET
from shopreel.media.video.pipeline import encode_frames

__all__ = ["rig_pose", "talking_rig_frames", "talking_rig_boxes", "render_talking_video", "frame_count"]

_WIDEST = MOUTHS["AA"].open
_REST = MouthState(viseme="rest", weight=0.0, mouth_open=0.0, width=1.0)


def rig_pose(mouth: MouthState, idle: IdleFrame) -> Pose:
    """The rig pose for one frame: the mouth from the curve, everything else from idle motion.

    The rig draws ``Pose.mouth_open`` of the way from rest to one viseme, whose own opening
    differs (AA opens wider than E); the amount is chosen so the drawn opening is
    ``mouth.mouth_open`` of the widest "ah". Closed shapes (MBP, FV) use the curve's weight.
    """
    shape = MOUTHS[mouth.viseme]
    if mouth.viseme == "rest":
        amount = 0.0
    elif shape.open > 0.03:
        amount = min(1.0, mouth.mouth_open * _WIDEST / shape.open)
    else:
        amount = mouth.weight
    eyes = "closed" if idle.blink > 0.7 else "half" if idle.blink > 0.3 else "open"
    return Pose(
        mouth=mouth.viseme,
        mouth_open=float(np.clip(amount, 0.0, 1.0)),
        eyes=eyes,
        gaze=idle.gaze,
        head_tilt_deg=idle.head_tilt_deg,
        head_offset=idle.head_offset,
        breathe=idle.breathe,
        hand_offset=idle.hand_offset,
        hand_tilt_deg=idle.hand_tilt_deg,
    )


def talking_rig_frames(
    spec: PresenterSpec,
    *,
    width: int,
    height: int,
    fps: float,
    n_frames: int,
    mouth_curve: Sequence[MouthState],
    held: HeldImage | tuple[Frame, Alpha] | None = None,
    held_scale: float = 1.0,
    seed: int = 0,
    nod_times_s: Sequence[float] = (),
) -> Iterator[tuple[Frame, RigRender]]:
    """Frames of an illustrated presenter speaking along ``mouth_curve``.

    Parameters
    ----------
    spec : PresenterSpec
        Who speaks.
    width, height : int
        Frame size in pixels.
    fps : float
        Frame rate (sets the idle motion's timing).
    n_frames : int
        Frames to yield; ``mouth_curve`` must have at least this many states.
    mouth_curve : sequence of MouthState
        From :func:`~shopreel.media.avatar.lipsync.mouth_curve` or ``energy_mouth_curve``.
    held : HeldImage or (rgb, alpha), optional
        The product to hold; ``None`` holds the presenter's default prop.
    held_scale : float
        Size of the held object relative to its default box.
    seed : int
        Seeds blinks, sway and gaze.
    nod_times_s : sequence of float
        Stressed words, where the head nods.

    Yields
    ------
    frame : uint8 (height, width, 3)
    render : RigRender
        Where the face, mouth, eyes and object landed.

    Raises
    ------
    InvalidInput
        A mouth curve shorter than ``n_frames`` (before any frame is drawn), or a bad size.
    """
    if len(mouth_curve) < n_frames:
        raise InvalidInput(f"mouth_curve has {len(mouth_curve)} states, fewer than n_frames={n_frames}")
    renderer = RigRenderer(spec, width=width, height=height, sprites=True)
    if isinstance(held, tuple):
        held = held_image(*held)
    idle = idle_frames(n_frames, fps=fps, seed=seed, nod_times_s=nod_times_s)
    return _rig_frames(renderer, mouth_curve, idle, held, held_scale)


def talking_rig_boxes(
    spec: PresenterSpec,
    *,
    width: int,
    height: int,
    fps: float,
    n_frames: int,
    held: HeldImage | tuple[Frame, Alpha] | None = None,
    held_scale: float = 1.0,
    seed: int = 0,
    nod_times_s: Sequence[float] = (),
) -> list[RigRender]:
    """Where each frame of :func:`talking_rig_frames` with the same arguments puts the face,
    mouth, eyes, hand and held object, without drawing a frame.

    The mouth curve is not needed: the mouth moves inside the face, and only idle motion
    (sway, breath, nods) moves the boxes. Costs about half a millisecond a frame.
    """
    if isinstance(held, tuple):
        aspect: float | None = held[0].shape[1] / held[0].shape[0]
    else:
        aspect = None if held is None else held.width / held.height
    renderer = RigRenderer(spec, width=width, height=height, backdrop=False)
    return [renderer.placement(rig_pose(_REST, still), held_aspect=aspect, held_scale=held_scale)
            for still in idle_frames(n_frames, fps=fps, seed=seed, nod_times_s=nod_times_s)]


def _rig_frames(renderer: RigRenderer, curve: Sequence[MouthState], idle: list[IdleFrame],
                held: HeldImage | None, held_scale: float) -> Iterator[tuple[Frame, RigRender]]:
    for mouth, still in zip(curve, idle):
        yield renderer.frame(rig_pose(mouth, still), held=held, held_scale=held_scale)


def frame_count(n_samples: int, *, sample_rate: int, fps: float) -> int:
    """Frames of video that match ``n_samples`` of audio: ``round(duration_s * fps)``, at least 1."""
    return max(1, round(n_samples / sample_rate * fps))


def render_talking_video(
    frames: Iterable[Frame],
    *,
    width: int,
    height: int,
    fps: float,
    audio: Audio,
    sample_rate: int,
    path: str | os.PathLike[str],
    overlays: Sequence[Overlay] = (),
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    preset: str = DEFAULT_PRESET,
) -> int:
    """Encode talking frames with the voice and overlays (captions) into an MP4.

    Parameters
    ----------
    frames : iterable of uint8 (height, width, 3)
        At least ``frame_count(len(audio), sample_rate=sample_rate, fps=fps)`` frames; only
        that many are taken, so the video lasts as long as the voice (within one frame).
    width, height : int
        Frame size, both even.
    fps : float
        Frame rate.
    audio : float32 (N,)
        The voice (mono); it becomes the AAC track.
    sample_rate : int
        Hz.
    path : str or Path
        Output ``.mp4``; removed if rendering fails or is cancelled.
    overlays : sequence of Overlay
        Drawn in order over every frame at its time (captions, logo).
    progress : callable, optional
        Called with the finished fraction each time it grows by a percent or more.
    cancelled : callable, optional
        Polled between frames; when it returns true the render stops.
    preset : str
        Encoder preset, see :class:`~shopreel.media.video.encode.VideoWriter`.

    Returns
    -------
    int
        Frames written.

    Raises
    ------
    RenderCancelled
        ``cancelled()`` returned true.
    InvalidInput
        Too few frames, a frame of the wrong size, odd dimensions or bad audio.
    """
    if not isinstance(audio, np.ndarray) or audio.dtype != np.float32 or audio.ndim != 1 or not len(audio):
        raise InvalidInput(f"audio must be non-empty float32 mono (N,), got {getattr(audio, 'shape', audio)!r}")
    if not isinstance(sample_rate, (int, np.integer)) or sample_rate <= 0:
        raise InvalidInput(f"sample_rate must be a positive int, got {sample_rate!r}")
    return encode_frames(frames, n_frames=frame_count(len(audio), sample_rate=sample_rate, fps=fps),
                         width=width, height=height, fps=fps, path=path, audio=audio, sample_rate=sample_rate,
                         overlays=overlays, preset=preset, progress=progress, cancelled=cancelled)
