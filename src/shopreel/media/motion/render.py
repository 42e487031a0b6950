"""Image2Video end to end: one picture, a prompt and a mode in; an H.264 MP4 out."""

from __future__ import annotations

import os
from collections.abc import Callable

from shopreel.errors import InvalidInput
from shopreel.media.image.checks import check_frame
from shopreel.media.motion.animate import animate, frame_count
from shopreel.media.motion.layers import find_subject
from shopreel.media.motion.modes import MODES, output_size
from shopreel.media.motion.plan import plan_motion
from shopreel.media.types import Frame
from shopreel.media.video.pipeline import encode_frames

__all__ = ["DURATIONS_S", "render_image_to_video"]

DURATIONS_S = (5, 10)
"""Clip lengths TopView's image2video accepts, in seconds."""


def render_image_to_video(
    image: Frame,
    *,
    prompt: str | None,
    negative_prompt: str | None,
    duration_s: float,
    mode: str,
    variant: int,
    path: str | os.PathLike[str],
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, int, int]:
    """Animate ``image`` as the prompt asks and encode the clip to an MP4 (H.264, no audio).

    Parameters
    ----------
    image : uint8 (H, W, 3)
        The picture, RGB.
    prompt, negative_prompt : str or None
        What to do and what not to; see :mod:`shopreel.media.motion.plan` for the words.
    duration_s : {5, 10}
        Clip length in seconds; the clip has exactly ``round(duration_s * fps)`` frames.
    mode : {"lite", "pro", "plus", "best"}
        Size, frame rate and resampling, see :mod:`shopreel.media.motion.modes`.
    variant : int
        Which of a request's clips this is (0 to 3 give four different default plans).
    path : str or Path
        Output ``.mp4``; removed again if rendering fails or is cancelled.
    progress : callable or None
        Called with the finished fraction in (0, 1] each time it grows by a percent or more.
    cancelled : callable or None
        Polled between frames; when it returns true the render stops.

    Returns
    -------
    (width, height, duration_ms)
        Of the written video.

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``, ``duration_s`` is not 5 or 10, ``mode`` is not
        a known mode, or ``variant`` is negative (each naming the parameter).
    RenderCancelled
        ``cancelled()`` returned true; the partial file is removed.

    Notes
    -----
    The subject (person or product) is found once and used both to choose the plan and as
    the animation's layers. Frames go through
    :func:`~shopreel.media.video.pipeline.encode_frames`: drawn on one worker thread and
    converted to I420 on another, a few frames ahead of the encoder (OpenCV's warps and
    libswscale release the GIL, so the stages overlap on two cores).
    """
    check_frame(image, "image")
    if duration_s not in DURATIONS_S:
        raise InvalidInput(f"duration_s must be one of {DURATIONS_S} seconds, got {duration_s!r}")
    if mode not in MODES:
        raise InvalidInput(f"mode must be one of {sorted(MODES)}, got {mode!r}")
    if not isinstance(variant, int) or variant < 0:
        raise InvalidInput(f"variant must be a whole number >= 0, got {variant!r}")
    chosen = MODES[mode]
    width, height = output_size(image.shape[1], image.shape[0], mode=mode)
    masks = find_subject(image)
    plan = plan_motion(
        prompt, negative_prompt, duration_s=float(duration_s), variant=variant,
        has_person=masks.foreground is not None, has_product=masks.product is not None,
    )
    frames = animate(image, plan, width=width, height=height, fps=chosen.fps, masks=masks, cubic=chosen.cubic)
    written = encode_frames(frames, n_frames=frame_count(plan.duration_s, chosen.fps), width=width, height=height,
                            fps=chosen.fps, path=path, crf=chosen.crf, progress=progress, cancelled=cancelled)
    return width, height, round(written * 1000 / chosen.fps)
