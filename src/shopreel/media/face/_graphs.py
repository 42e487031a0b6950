"""MediaPipe solution graphs: one per process and configuration, made on first use, each behind its lock.

MediaPipe's legacy solutions are slow to create (they load a TFLite model and start a
calculator graph) and are not thread-safe, so photo analysis shares one cached graph per
configuration and serialises calls to it. Video tracking keeps state between frames, so
each tracked sequence opens a graph of its own instead (``track``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["run", "track", "landmark_arrays"]

T = TypeVar("T")

@dataclass
class _Graph:
    solution: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


_registry_lock = threading.Lock()
_graphs: dict[tuple[str, tuple[tuple[str, Any], ...]], _Graph] = {}


def _create(name: str, options: dict[str, Any]) -> Any:
    import mediapipe as mp  # heavy: imported on first use only

    solutions = mp.solutions
    constructors = {
        "face_detection": solutions.face_detection.FaceDetection,
        "face_mesh": solutions.face_mesh.FaceMesh,
        "hands": solutions.hands.Hands,
        "pose": solutions.pose.Pose,
        "selfie_segmentation": solutions.selfie_segmentation.SelfieSegmentation,
    }
    return constructors[name](**options)


Reader = Callable[[Any, int, int], T]  # (MediaPipe result, image height, image width) -> record


def run(name: str, image: Frame, read: Reader[T], **options: Any) -> T:
    """Process ``image`` with the shared ``name`` graph made with ``options``; ``read`` the result.

    ``read`` runs while the graph is still locked: MediaPipe hands back views into buffers
    that its next call overwrites, so ``read`` must copy what it keeps.
    """
    key = (name, tuple(sorted(options.items())))
    with _registry_lock:
        graph = _graphs.get(key)
        if graph is None:
            graph = _graphs[key] = _Graph(_create(name, options))
    with graph.lock:
        return read(graph.solution.process(np.ascontiguousarray(image)), *image.shape[:2])


def track(name: str, frames: Iterable[Frame], read: Reader[T], **options: Any) -> Iterator[T]:
    """``read`` each of ``frames`` from a ``name`` graph of its own, which tracks between frames.

    The graph is closed when the iterator ends or is closed; a bad frame is named by its index.
    """
    solution = _create(name, options)
    try:
        for index, frame in enumerate(frames):
            check_frame(frame, f"frames[{index}]")
            yield read(solution.process(np.ascontiguousarray(frame)), *frame.shape[:2])
    finally:
        solution.close()


def landmark_arrays(
    landmarks: Any, *, width: int, height: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """``(points, z)`` in pixels from a MediaPipe ``NormalizedLandmarkList``.

    MediaPipe's ``z`` uses roughly the same scale as ``x``, so it is scaled by the width.
    """
    raw = np.array([(p.x, p.y, p.z) for p in landmarks.landmark], dtype=np.float32).reshape(-1, 3)
    points = raw[:, :2] * np.array([width, height], dtype=np.float32)
    return points, raw[:, 2] * np.float32(width)
