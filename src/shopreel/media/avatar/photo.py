"""Talking photos and videos: a real face's mouth, eyelids and head moved by warping pixels.

The face mesh (:mod:`shopreel.media.face`) gives the inner lips, the chin and the eyelids.
Each frame is one backward map per region, sampled once from the source picture:

- **Mouth and jaw.** In a frame aligned with the mouth (``u`` along the corners, ``v`` down,
  both in half mouth-widths) the source's inner lips are curves ``a(u)`` (upper) and ``b(u)``
  (lower). The target lips close at a seam a third of the way down the source's gap, then
  open by the curve: the upper lip lifts by a fifth of the opening, the lower lip and the
  jaw drop by the rest, fading out above the nose and below the chin, and the lips narrow or
  spread about the mouth's centre. Between the target lips the mouth is painted: a shaded
  dark cavity with a row of upper teeth (their colour taken from the photo when it shows
  teeth). A photo with an open smile thus rests with closed lips.
- **Eyelids.** In each eye's frame the upper lid slides down toward the lower lid,
  stretching the skin above it; the lower part of the eye stays until covered.
- **Head.** A small similarity (sway, tilt, nod) moves the head, fading to the still
  background outside an ellipse around the face; it is computed on a coarse grid.

Every map is a closed-form function of the landmarks and the frame's state: the same state
gives the same pixels, so a still photo never flickers. Only regions around the head are
resampled; the rest of the frame is copied.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from shopreel.errors import InvalidInput
from shopreel.media.avatar.idle import IdleFrame, idle_frames
from shopreel.media.avatar.lipsync import MouthState
from shopreel.media.face import NoFaceFound, face_landmarks, track_face_landmarks
from shopreel.media.face.mesh import FaceLandmarks
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame
from shopreel.media.video.probe import read_frames

__all__ = ["FaceWarp", "face_rig", "warp_face", "talking_photo_frames", "talking_video_frames"]

_UPPER_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
_LOWER_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)
_EYES = (  # (corner, corner, upper lid, lower lid) for the image-left eye, then the image-right one
    (33, 133, (33, 246, 161, 160, 159, 158, 157, 173, 133), (33, 7, 163, 144, 145, 153, 154, 155, 133)),
    (362, 263, (362, 398, 384, 385, 386, 387, 388, 466, 263), (362, 382, 381, 380, 374, 373, 390, 249, 263)),
)
_MOUTH_CORNERS, _CHIN, _SUBNASALE = (61, 291), 152, 2
_CURVE_U = np.linspace(-1.6, 1.6, 161)
_MAX_GAP = 0.62  # lip gap of a full "ah", in half mouth-widths
_UPPER_SHARE = 0.22
_WIDTH_SHARE = 0.6  # photos narrow and spread less than drawn lips: cheeks would shear
_SEAM = 0.35  # where closed lips meet, as a share of the source's gap from the upper lip
_DEFAULT_TEETH = np.array([232, 226, 214], np.float32)
_CAVITY_TOP = np.array([36, 12, 16], np.float32)
_CAVITY_BOTTOM = np.array([112, 44, 52], np.float32)


@dataclass(frozen=True)
class _Axes:
    """A similarity frame: pixel = origin + unit * (u * ex + v * ey), with ey = ex turned 90 degrees."""

    origin: np.ndarray
    ex: np.ndarray
    unit: float

    @property
    def ey(self) -> np.ndarray:
        return np.array([-self.ex[1], self.ex[0]])

    def local(self, xy: np.ndarray) -> np.ndarray:
        d = (np.asarray(xy, np.float64) - self.origin) / self.unit
        return np.stack([d @ self.ex, d @ self.ey], axis=-1)

    def pixels(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ey = self.ey
        return (self.origin[0] + self.unit * (u * self.ex[0] + v * ey[0]),
                self.origin[1] + self.unit * (u * self.ex[1] + v * ey[1]))

    def moved(self, matrix: np.ndarray) -> _Axes:
        """This frame carried by a 2x3 similarity ``matrix``."""
        lin = matrix[:, :2]
        scale = math.sqrt(abs(np.linalg.det(lin)))
        ex = lin @ self.ex / scale
        return _Axes(lin @ self.origin + matrix[:, 2], ex, self.unit * scale)


def _axes(a: np.ndarray, b: np.ndarray) -> _Axes:
    if a[0] > b[0]:
        a, b = b, a
    span = b - a
    half = float(np.hypot(*span)) / 2.0
    return _Axes((a + b) / 2.0, span / max(2 * half, 1e-6), max(half, 1e-3))


def _curve(axes: _Axes, points: np.ndarray) -> np.ndarray:
    """``v`` of a contour sampled at ``_CURVE_U`` (held flat past its ends)."""
    uv = axes.local(points)
    order = np.argsort(uv[:, 0])
    return np.interp(_CURVE_U, uv[order, 0], uv[order, 1])


@dataclass(frozen=True, eq=False)
class FaceWarp:
    """What the warps need from one face's landmarks, in its own mouth and eye frames.

    Made by :func:`face_rig`; ``upper``/``lower`` (and ``eye_upper``/``eye_lower``) are the
    inner-lip (eyelid) curves sampled at fixed ``u``; ``chin`` and ``nose`` are ``v`` of the
    chin and the base of the nose; ``head`` is the face's centre and size in pixels.
    """

    mouth: _Axes
    upper: np.ndarray
    lower: np.ndarray
    corner_u: float
    chin: float
    nose: float
    eyes: tuple[tuple[_Axes, np.ndarray, np.ndarray], ...]
    head_centre: np.ndarray
    head_size: tuple[float, float]
    teeth: np.ndarray


def face_rig(image: Frame, landmarks: FaceLandmarks) -> FaceWarp:
    """Measure the mouth, eyes and head of ``landmarks`` (found in ``image``) for :func:`warp_face`.

    ``image`` lends the colour of the teeth when the mouth in it is open.
    """
    p = landmarks.points.astype(np.float64)
    mouth = _axes(p[_MOUTH_CORNERS[0]], p[_MOUTH_CORNERS[1]])
    upper = _curve(mouth, p[list(_UPPER_INNER)])
    lower = np.maximum(_curve(mouth, p[list(_LOWER_INNER)]), upper)
    corner_u = float(np.abs(mouth.local(p[[_UPPER_INNER[0], _UPPER_INNER[-1]]])[:, 0]).mean())
    chin = float(mouth.local(p[_CHIN])[1])
    nose = float(mouth.local(p[_SUBNASALE])[1])
    eyes = []
    for a, b, lid, low in _EYES:
        axes = _axes(p[a], p[b])
        top, bottom = _curve(axes, p[list(lid)]), _curve(axes, p[list(low)])
        eyes.append((axes, np.minimum(top, bottom), np.maximum(top, bottom)))
    box = landmarks.box
    return FaceWarp(
        mouth=mouth, upper=upper, lower=lower, corner_u=max(corner_u, 0.5), chin=max(chin, 1.0),
        nose=min(nose, -0.3), eyes=tuple(eyes),
        head_centre=np.array([box.x + box.w / 2.0, box.y + box.h / 2.0]),
        head_size=(float(box.w), float(box.h)), teeth=_teeth_colour(image, mouth, upper, lower),
    )


def _teeth_colour(image: Frame, mouth: _Axes, upper: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """The median of the brightest pixels between the lips, when the photo shows enough of them."""
    polygon = np.stack(mouth.pixels(np.concatenate([_CURVE_U, _CURVE_U[::-1]]),
                                    np.concatenate([upper, lower[::-1]])), axis=-1)
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 1)
    inside = image[mask.astype(bool)].astype(np.float32)
    if len(inside) < 12:
        return _DEFAULT_TEETH
    bright = inside[inside.sum(axis=1) >= np.percentile(inside.sum(axis=1), 70)]
    colour = np.median(bright, axis=0)
    return colour if colour.mean() > 150 else _DEFAULT_TEETH


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _roi(axes: _Axes, u: tuple[float, float], v: tuple[float, float], shape: tuple[int, ...]) -> tuple[slice, slice]:
    corners = np.array([axes.pixels(np.array(uu), np.array(vv)) for uu in u for vv in v])
    x0, y0 = np.floor(corners.min(axis=0)).astype(int)
    x1, y1 = np.ceil(corners.max(axis=0)).astype(int) + 1
    return slice(max(y0, 0), min(y1, shape[0])), slice(max(x0, 0), min(x1, shape[1]))


def _grid(rows: slice, cols: slice) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates of a region as broadcast views (no per-pixel memory until used)."""
    shape = (rows.stop - rows.start, cols.stop - cols.start)
    xs = np.arange(cols.start, cols.stop, dtype=np.float32)[None, :]
    ys = np.arange(rows.start, rows.stop, dtype=np.float32)[:, None]
    return np.broadcast_to(xs, shape), np.broadcast_to(ys, shape)


def _local(axes: _Axes, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dx, dy = (xs - axes.origin[0]) / axes.unit, (ys - axes.origin[1]) / axes.unit
    return dx * axes.ex[0] + dy * axes.ex[1], dx * axes.ey[0] + dy * axes.ey[1]


def _mouth_maps(face: FaceWarp, xs: np.ndarray, ys: np.ndarray, state: MouthState):
    """Backward map of the mouth and jaw at (head-motion corrected) points ``xs, ys``, and the cavity's paint."""
    u, v = _local(face.mouth, xs, ys)
    k = 1.0 + _WIDTH_SHARE * (state.width - 1.0)
    reach = np.where(v < 0.1, _smoothstep(0.25, 0.85, 0.1 - v), _smoothstep(0.6, 1.6, v - 0.1))
    spread = 1.0 + (k - 1.0) * (1.0 - _smoothstep(1.0, 2.1, np.abs(u))) * (1.0 - reach)
    uw = u / spread
    a = np.interp(uw, _CURVE_U, face.upper)
    b = np.interp(uw, _CURVE_U, face.lower)
    profile = np.clip(1.0 - (uw / face.corner_u) ** 2, 0.0, 1.0) ** 0.6
    gap = _MAX_GAP * state.mouth_open * profile
    seam = a + _SEAM * (b - a)
    a2 = seam - _UPPER_SHARE * gap
    b2 = seam + (1.0 - _UPPER_SHARE) * gap
    reach_up = max(0.35, 0.8 * (face.upper[80] - face.nose))
    above = v + (a - a2) * (1.0 - _smoothstep(0.0, reach_up, a2 - v))
    centre_drop = float(face.lower[80] - (face.upper[80] + _SEAM * (face.lower[80] - face.upper[80])
                                           + (1.0 - _UPPER_SHARE) * _MAX_GAP * state.mouth_open))
    depth = v - b2
    jaw = 1.0 - _smoothstep(1.0, 2.0, np.abs(uw))
    s1 = _smoothstep(0.0, 0.5, depth)
    to_chin = face.chin - face.lower[80]
    below = v + ((b - b2) * (1.0 - s1) + centre_drop * jaw * s1) * (1.0 - _smoothstep(to_chin, to_chin + 1.4, depth))
    opening = np.maximum(b2 - a2, 1e-6)
    between = a + (v - a2) / opening * (b - a)
    vs = np.where(v < a2, above, np.where(v > b2, below, between))
    mx, my = face.mouth.pixels(uw, vs)
    # the painted mouth: analytic anti-aliasing on the distance to both target lips
    px = face.mouth.unit
    alpha = np.clip((v - a2) * px + 0.5, 0, 1) * np.clip((b2 - v) * px + 0.5, 0, 1) * np.clip((b2 - a2) * px, 0, 1)
    depth_in = np.clip((v - a2) / opening, 0.0, 1.0)[..., None]
    colour = _CAVITY_TOP + (_CAVITY_BOTTOM - _CAVITY_TOP) * depth_in ** 1.5
    teeth_h = np.minimum(0.16, 0.45 * opening) * profile ** 0.3
    teeth = np.clip(((a2 + teeth_h) - v) * px + 0.5, 0.0, 1.0)[..., None]
    shade = (0.55 + 0.45 * profile)[..., None]
    colour = (colour + (face.teeth * (0.8 + 0.2 * (1 - depth_in)) - colour) * teeth) * shade
    return mx.astype(np.float32), my.astype(np.float32), alpha.astype(np.float32), colour


def _eye_maps(axes: _Axes, top: np.ndarray, bottom: np.ndarray, xs: np.ndarray, ys: np.ndarray, blink: float):
    u, v = _local(axes, xs, ys)
    a = np.interp(u, _CURVE_U, top)
    b = np.interp(u, _CURVE_U, bottom)
    a2 = a + blink * 0.92 * (b - a)
    vs = np.where(v < a2, v + (a - a2) * (1.0 - _smoothstep(0.0, 1.1, a2 - v)), v)
    mx, my = axes.pixels(u, vs)
    lash = np.clip(1.0 - np.abs(v - a2) * axes.unit / 1.5, 0.0, 1.0) * blink * (b - a > 0.02)
    return mx.astype(np.float32), my.astype(np.float32), (1.0 - 0.35 * lash).astype(np.float32)


def _sway_matrix(face: FaceWarp, idle: IdleFrame | None) -> np.ndarray:
    """The 2x3 similarity moving the head for ``idle`` (tilt about the neck, offset in head heights)."""
    if idle is None:
        return np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    w, h = face.head_size
    pivot = face.head_centre + np.array([0.0, 0.75 * h])
    matrix = cv2.getRotationMatrix2D((float(pivot[0]), float(pivot[1])), -0.6 * idle.head_tilt_deg, 1.0)
    matrix[:, 2] += np.array(idle.head_offset) * h * 1.2
    return matrix


def warp_face(image: Frame, face: FaceWarp, mouth: MouthState, idle: IdleFrame | None = None) -> Frame:
    """``image`` with its face speaking ``mouth`` and moved by ``idle`` (blink, head sway); a new frame.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        The picture ``face`` was measured on (or the video frame it was tracked in).
    face : FaceWarp
        From :func:`face_rig`.
    mouth : MouthState
        Jaw opening and lip width for this frame.
    idle : IdleFrame, optional
        Blink and head motion; ``None`` keeps eyes and head as they are.

    Returns
    -------
    uint8 (H, W, 3)
    """
    out = image.copy()
    sway = _sway_matrix(face, idle)
    head = _HeadMotion(face, sway)
    if head.moving:
        head.resample(image, out)
    mouth_axes = face.mouth.moved(sway)
    top = min(face.nose, float(face.upper.min())) - 0.45
    rows, cols = _roi(mouth_axes, (-2.2, 2.2), (top, face.chin + 2.15), image.shape)
    if rows.stop > rows.start and cols.stop > cols.start:
        xs, ys = head.back(*_grid(rows, cols))
        mx, my, alpha, colour = _mouth_maps(face, xs, ys, mouth)
        patch = cv2.remap(image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
        patch += (colour - patch) * alpha[..., None]
        out[rows, cols] = np.clip(patch + 0.5, 0, 255).astype(np.uint8)
    blink = 0.0 if idle is None else idle.blink
    if blink > 0.01:
        for axes, lid, low in face.eyes:
            rows, cols = _roi(axes.moved(sway), (-1.55, 1.55), (-1.85, 0.95), image.shape)
            if rows.stop <= rows.start or cols.stop <= cols.start:
                continue
            xs, ys = head.back(*_grid(rows, cols))
            mx, my, gain = _eye_maps(axes, lid, low, xs, ys, blink)
            patch = cv2.remap(image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            out[rows, cols] = np.clip(patch * gain[..., None] + 0.5, 0, 255).astype(np.uint8)
    return out


class _HeadMotion:
    """Backward map of the head's similarity ``sway``, fading to the still background off an ellipse."""

    _STEP = 4

    def __init__(self, face: FaceWarp, sway: np.ndarray) -> None:
        self.moving = not np.allclose(sway, [[1, 0, 0], [0, 1, 0]], atol=1e-4)
        self.inverse = cv2.invertAffineTransform(sway).astype(np.float32)
        self.centre = face.head_centre.astype(np.float32)
        w, h = face.head_size
        self.radii = (1.1 * w, 1.1 * h)

    def _weight(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        r = np.hypot((xs - self.centre[0]) / self.radii[0], (ys - self.centre[1]) / self.radii[1])
        return (1.0 - _smoothstep(1.0, 1.8, r)).astype(np.float32)

    def back(self, xs: np.ndarray, ys: np.ndarray, weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Where output points ``xs, ys`` come from before the head moved."""
        if not self.moving:
            return xs, ys
        m = self.inverse
        w = self._weight(xs, ys) if weight is None else weight
        return (xs + w * ((m[0, 0] - 1.0) * xs + m[0, 1] * ys + m[0, 2]),
                ys + w * (m[1, 0] * xs + (m[1, 1] - 1.0) * ys + m[1, 2]))

    def resample(self, image: Frame, out: Frame) -> None:
        """Draw the moved head region of ``image`` into ``out``; the weight is computed on a coarse grid."""
        (cx, cy), (rx, ry) = self.centre, self.radii
        rows = slice(max(0, int(cy - 1.85 * ry)), min(image.shape[0], int(cy + 1.85 * ry) + 1))
        cols = slice(max(0, int(cx - 1.85 * rx)), min(image.shape[1], int(cx + 1.85 * rx) + 1))
        if rows.stop <= rows.start or cols.stop <= cols.start:
            return
        height, width = rows.stop - rows.start, cols.stop - cols.start
        ys, xs = np.mgrid[rows.start:rows.stop:self._STEP, cols.start:cols.stop:self._STEP].astype(np.float32)
        coarse = self._weight(xs + (self._STEP - 1) / 2.0, ys + (self._STEP - 1) / 2.0)
        weight = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR)
        mx, my = self.back(*_grid(rows, cols), weight=weight)
        out[rows, cols] = cv2.remap(image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _check_curve(mouth_curve: Sequence[MouthState], n_frames: int, fps: float) -> None:
    if not fps > 0:
        raise InvalidInput(f"fps must be positive, got {fps!r}")
    if not isinstance(n_frames, (int, np.integer)) or n_frames < 0:
        raise InvalidInput(f"n_frames must be an int >= 0, got {n_frames!r}")
    if len(mouth_curve) < n_frames:
        raise InvalidInput(f"mouth_curve has {len(mouth_curve)} states, fewer than n_frames={n_frames}")


def talking_photo_frames(
    photo: Frame,
    *,
    fps: float,
    n_frames: int,
    mouth_curve: Sequence[MouthState],
    seed: int = 0,
    nod_times_s: Sequence[float] = (),
) -> Iterator[Frame]:
    """Frames of a portrait photo speaking along ``mouth_curve``, blinking and moving its head a little.

    Parameters
    ----------
    photo : uint8 (H, W, 3)
        A portrait with one reasonably frontal face.
    fps : float
        Frame rate (times the blinks and sway).
    n_frames : int
        Frames to yield.
    mouth_curve : sequence of MouthState
        At least ``n_frames`` states.
    seed : int
        Seeds the idle motion.
    nod_times_s : sequence of float
        Stressed words, where the head nods.

    Yields
    ------
    uint8 (H, W, 3)
        The same size as ``photo``.

    Raises
    ------
    NoFaceFound
        The photo shows no face.
    InvalidInput
        A bad photo, ``fps`` or a mouth curve shorter than ``n_frames``.

    Notes
    -----
    The landmarks come from the still photo once (Face Mesh, photo mode); every frame is a
    closed-form warp of it (see the module notes), so nothing flickers.
    """
    check_frame(photo, "photo")
    _check_curve(mouth_curve, n_frames, fps)
    face = face_rig(photo, _find_face(photo))
    idle = idle_frames(n_frames, fps=fps, seed=seed, nod_times_s=nod_times_s)
    return (warp_face(photo, face, mouth_curve[i], idle[i]) for i in range(n_frames))


def _find_face(photo: Frame) -> FaceLandmarks:
    """The face mesh of ``photo``, looking again in square crops when the face is small in a tall frame.

    Face Mesh's detector misses faces under about an eighth of the image, as in a portrait
    photo padded to 9:16; a square crop (middle, then top) brings the face back in range.
    """
    height, width = photo.shape[:2]
    side = min(height, width)
    offsets = [(0, 0, None)]
    if height != width:
        offsets += [((height - side) // 2, (width - side) // 2, side), (0, (width - side) // 2, side)]
    for y0, x0, size in offsets:
        crop = photo if size is None else photo[y0 : y0 + size, x0 : x0 + size]
        faces = face_landmarks(np.ascontiguousarray(crop))
        if faces:
            shift = np.array([x0, y0], np.float32)
            return FaceLandmarks(points=faces[0].points + shift, z=faces[0].z)
    raise NoFaceFound("the photo shows no face the talking photo can animate")


def _smooth_tracks(points: np.ndarray, *, strength: float) -> np.ndarray:
    """Zero-lag smoothing of landmark tracks ``(T, N, 2)``: an exponential filter run forward and back."""
    alpha = 1.0 - strength
    out = points.astype(np.float64).copy()
    for i in range(1, len(out)):
        out[i] = out[i - 1] + alpha * (out[i] - out[i - 1])
    for i in range(len(out) - 2, -1, -1):
        out[i] = out[i + 1] + alpha * (out[i] - out[i + 1])
    return out


def _ping_pong(count: int, n_frames: int) -> list[int]:
    if count == 1:
        return [0] * n_frames
    period = 2 * (count - 1)
    return [i % period if i % period < count else period - i % period for i in range(n_frames)]


def talking_video_frames(
    source: Iterable[Frame] | str | os.PathLike[str],
    *,
    fps: float,
    n_frames: int,
    mouth_curve: Sequence[MouthState],
    smoothing: float = 0.6,
) -> Iterator[Frame]:
    """A video of a face, looped back and forth to ``n_frames``, with its mouth speaking ``mouth_curve``.

    Parameters
    ----------
    source : iterable of uint8 (H, W, 3), or a video path
        The presenter's footage; a path is decoded at ``fps``. Up to ``n_frames`` source
        frames are read and kept in memory.
    fps : float
        Frame rate of the output (and of the source frames).
    n_frames : int
        Frames to yield; the source plays forward, then backward, and so on.
    mouth_curve : sequence of MouthState
        At least ``n_frames`` states.
    smoothing : float
        In [0, 1): how strongly the tracked landmarks are smoothed over time (0 is raw).

    Yields
    ------
    uint8 (H, W, 3)

    Raises
    ------
    NoFaceFound
        No face is found in any source frame.
    InvalidInput
        No source frames, bad ``fps``/``smoothing`` or a short mouth curve.

    Notes
    -----
    Landmarks are tracked through the source once (Face Mesh video mode), frames without a
    face borrow the nearest tracked ones, and each point's track is smoothed forward and
    backward (zero lag) so the warp does not jitter. Ping-pong looping has no jump cut.
    """
    _check_curve(mouth_curve, n_frames, fps)
    if not 0.0 <= smoothing < 1.0:
        raise InvalidInput(f"smoothing must be in [0, 1), got {smoothing!r}")
    frames_in = read_frames(source, fps=fps) if isinstance(source, (str, os.PathLike)) else iter(source)
    frames: list[Frame] = []
    for frame in frames_in:
        check_frame(frame, f"source frame {len(frames)}")
        frames.append(frame)
        if len(frames) >= max(n_frames, 1):
            break
    if not frames:
        raise InvalidInput("source has no frames")
    tracked = [faces[0] if faces else None for faces in track_face_landmarks(frames)]
    found = [i for i, f in enumerate(tracked) if f is not None]
    if not found:
        raise NoFaceFound("no face was found in the source video")
    nearest = [tracked[min(found, key=lambda j: abs(j - i))] for i in range(len(frames))]
    points = _smooth_tracks(np.stack([f.points for f in nearest]), strength=smoothing)
    rigs = [face_rig(frames[i], FaceLandmarks(points=points[i].astype(np.float32), z=nearest[i].z))
            for i in range(len(frames))]
    order = _ping_pong(len(frames), n_frames)
    return (warp_face(frames[j], rigs[j], mouth_curve[i]) for i, j in enumerate(order))
