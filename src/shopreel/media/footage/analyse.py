"""Cut a video material into scenes and describe each: TopView's material analysis for M2V."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.footage.activity import activity_of, frame_speed
from shopreel.media.footage.describe import SceneInfo, describe_shot
from shopreel.media.footage.shots import find_cuts, shots_from_cuts, signature
from shopreel.media.footage.thumbnail import shrink
from shopreel.media.types import Frame
from shopreel.media.video.probe import probe, read_frames

__all__ = ["VideoScene", "analyse_video"]

# Sampled frames kept while decoding; past this the sampling step doubles and every other
# sample is dropped, so memory stays bounded (192 x 480 x 270 x 3 bytes is about 75 MB).
_MAX_SAMPLES = 192


@dataclass(frozen=True, eq=False)
class VideoScene:
    """One shot of a video: its span in seconds, a cover frame from its middle and its description."""

    start_s: float
    end_s: float
    cover: Frame
    info: SceneInfo


def analyse_video(
    path: str | os.PathLike[str],
    *,
    threshold: float = 0.25,
    min_shot_s: float = 0.5,
    cover_long_side_px: int = 480,
) -> list[VideoScene]:
    """Split a video into shots and describe each one, decoding the file once.

    Parameters
    ----------
    path : str or Path
        Any video FFmpeg reads.
    threshold, min_shot_s : float
        Cut detection knobs, as in :func:`~shopreel.media.footage.shots.detect_shots`.
    cover_long_side_px : int
        Covers (and the frames described) are scaled down so their long side is at most this.

    Returns
    -------
    list of VideoScene
        In order, covering the whole video.

    Raises
    ------
    MediaError
        The file cannot be opened or decoded, has no frame rate or no frame.

    Notes
    -----
    While decoding, every frame is reduced to a 64-pixel signature (for cuts and optical-flow
    motion) and every ``k``-th frame is kept at cover size, ``k`` doubling whenever more than
    192 are held. Cuts are found once the pass ends; each shot is described from the samples
    inside it (content from the middle one, which is also the cover, faces on the first,
    middle and last) with its motion from the flow between its own frames. Up to about 40
    seconds of 30 fps video every frame is a sample; past that, a shot shorter than the
    sampling step borrows the nearest sample of its neighbour as its cover. For a full-size
    cover, decode the frame at the shot's middle with
    :func:`~shopreel.media.video.probe.extract_cover`.
    """
    if cover_long_side_px < 16:
        raise InvalidInput(f"cover_long_side_px must be at least 16, got {cover_long_side_px}")
    info = probe(path)
    if not info.fps > 0:
        raise MediaError(f"video has no frame rate: {path}")
    fps = info.fps
    signatures = []
    speeds = [0.0]
    samples: dict[int, Frame] = {}
    step = 1
    for index, frame in enumerate(read_frames(path)):
        current = signature(frame)
        if signatures and signatures[-1].grey.shape == current.grey.shape:
            speeds.append(frame_speed(signatures[-1].grey, current.grey, fps=fps))
        elif signatures:
            speeds.append(0.0)
        signatures.append(current)
        if index % step == 0:
            samples[index] = shrink(frame, long_side_px=cover_long_side_px)
            if len(samples) > _MAX_SAMPLES:
                step *= 2
                samples = {i: sample for i, sample in samples.items() if i % step == 0}
    if not signatures:
        raise MediaError(f"video has no decodable frames: {path}")
    cuts = find_cuts(signatures, fps=fps, threshold=threshold, min_shot_s=min_shot_s)
    bounds = list(zip([0, *cuts], [*cuts, len(signatures)], strict=True))
    shots = shots_from_cuts(cuts, frame_count=len(signatures), fps=fps, duration_s=info.duration_ms / 1000)
    scenes = []
    for shot, (first, stop) in zip(shots, bounds, strict=True):
        inside = [samples[i] for i in sorted(samples) if first <= i < stop]
        if not inside:
            middle = (first + stop) // 2
            inside = [samples[min(samples, key=lambda i: abs(i - middle))]]
        description = describe_shot(inside, activity=activity_of(speeds[first + 1 : stop]))
        scenes.append(VideoScene(start_s=shot.start_s, end_s=shot.end_s, cover=inside[len(inside) // 2], info=description))
    return scenes

