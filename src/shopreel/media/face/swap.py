"""Put one person's face on another's photo: mesh-aligned warp, colour match, seamless blend."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.face._geometry import box_around, clip_box
from shopreel.media.face.mesh import FaceLandmarks, face_landmarks, face_mask
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Alpha, Box, Frame

__all__ = ["NoFaceFound", "swap_face"]

Blend = Literal["seamless", "feather"]

_MESH = 468  # the mesh points; the ten iris points after them follow the eyes anyway
_FACE_SIDES = (234, 454)  # outermost oval points at cheek height, for the face's width
_INSET = 0.03  # seamless: mask pulled this fraction of the face width inside the oval
_FEATHER = 0.08  # feather: soft edge this fraction of the face width
_STD_RATIO = (0.5, 2.0)  # colour match: contrast is scaled by no less, no more than this


class NoFaceFound(MediaError, ValueError):
    """An image that has to show a face shows none (TopView code 4000, like any unusable media)."""


def swap_face(target: Frame, source: Frame, *, blend: Blend = "seamless") -> Frame:
    """``target`` with its face replaced by the face in ``source``.

    Parameters
    ----------
    target : Frame
        ``uint8 (H, W, 3)`` RGB photo whose face is replaced; hair, background, body and
        the inside of the mouth stay.
    source : Frame
        ``uint8 (h, w, 3)`` RGB photo of the face to put in; any size.
    blend : {"seamless", "feather"}
        ``"seamless"``: Poisson blending (``cv2.seamlessClone``, ``NORMAL_CLONE``), which
        takes the source's detail and the target's light at the seam. ``"feather"``: an
        alpha blend with a soft edge, faster and truer to the source's skin tone.

    Returns
    -------
    Frame
        A new ``uint8 (H, W, 3)`` image; only pixels inside the target's face oval differ
        from ``target``.

    Raises
    ------
    NoFaceFound
        ``target`` or ``source`` shows no face; the message names which. It is a
        ``ValueError`` as well as a ``MediaError``.
    InvalidInput
        An image is not ``uint8 (H, W, 3)``, or ``blend`` is unknown.

    Notes
    -----
    The classical landmark method (no learned model):

    1. Face Mesh finds 468 points on each face (the first face MediaPipe reports).
    2. The target's points are Delaunay-triangulated and each target pixel is mapped to the
       same spot of the same triangle on the source face (a piecewise-affine warp, done as
       one ``cv2.remap``). The result has the target's face shape, pose and expression
       with the source's skin, eyes, brows and lips.
    3. Inside the face, the warped face's mean and spread in CIE LAB are matched to the
       target's (Reinhard colour transfer), so skin tone and light agree before blending.
    4. The face oval, less the inside of the mouth (the target's own teeth and tongue),
       is blended in.

    Trade-offs: identity comes across in texture only; the face *shape* stays the
    target's, so a different jaw or nose profile is not carried over. Mesh points near the
    oval's edge are the least stable, so the blended region stops a little inside the
    oval, and a beard or fringe over the face is carried from the source. Large pose
    differences stretch the side of the source face that was turned away. Poisson blending
    can bleed a dark or bright target background into the face near the edge; "feather"
    avoids that at the price of a visible tone step where the colour match falls short.
    """
    check_frame(target, "target")
    check_frame(source, "source")
    if blend not in ("seamless", "feather"):
        raise InvalidInput(f"blend must be 'seamless' or 'feather', got {blend!r}")
    target_face = _one_face(target, "target")
    source_face = _one_face(source, "source")
    height, width = target.shape[:2]
    face_width = max(float(np.hypot(*np.subtract(*target_face.points[list(_FACE_SIDES)]))), 1.0)
    roi = clip_box(box_around(target_face.points[:_MESH], margin_px=4), height=height, width=width)
    if roi is None:
        raise NoFaceFound("target's face lies outside the image")
    crop = (slice(roi.y, roi.y + roi.h), slice(roi.x, roi.x + roi.w))

    warped, covered = _warp(source, source_face.points[:_MESH], target_face.points[:_MESH], roi)
    feather_px = _FEATHER * face_width if blend == "feather" else 0.0
    alpha = face_mask(_shifted(target_face, roi), (roi.h, roi.w), feather_px=feather_px) * covered
    if blend == "seamless":
        alpha = _inset(alpha, radius_px=_INSET * face_width)
    if not (alpha > 0.5).any():
        raise NoFaceFound("target's face is too small to swap")
    face = _match_colour(warped, target[crop], inside=alpha > 0.5)

    out = target.copy()
    if blend == "seamless":
        out[crop] = _seamless(face, target[crop], alpha > 0.5)
    else:
        a = alpha[..., None]
        out[crop] = np.round(face * a + target[crop] * (1.0 - a)).astype(np.uint8)
    return out


def _one_face(image: Frame, name: str) -> FaceLandmarks:
    faces = face_landmarks(image, max_faces=1)
    if not faces:
        size = f"{image.shape[1]}x{image.shape[0]}"
        raise NoFaceFound(f"{name} image ({size}) shows no face: use a photo where one face is clearly visible")
    return faces[0]


def _shifted(face: FaceLandmarks, roi: Box) -> FaceLandmarks:
    offset = np.array([roi.x, roi.y], np.float32)
    return FaceLandmarks(points=face.points - offset, z=face.z)


def _triangles(points: npt.NDArray[np.float32]) -> npt.NDArray[np.intp]:
    """Delaunay triangles of ``points`` as ``(n, 3)`` indices into them."""
    x0, y0 = np.floor(points.min(axis=0)) - 2
    x1, y1 = np.ceil(points.max(axis=0)) + 2
    subdiv = cv2.Subdiv2D((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    vertex_to_index = {}
    for index, (x, y) in enumerate(points):
        vertex_to_index.setdefault(subdiv.insert((float(x), float(y))), index)
    triangles = []
    for tri in subdiv.getTriangleList().reshape(-1, 3, 2):
        vertices = [subdiv.findNearest((float(x), float(y)))[0] for x, y in tri]
        if all(v in vertex_to_index for v in vertices):  # skip triangles on Subdiv2D's outer frame
            triangles.append([vertex_to_index[v] for v in vertices])
    return np.array(triangles, dtype=np.intp).reshape(-1, 3)


def _warp(
    source: Frame, source_points: npt.NDArray[np.float32], target_points: npt.NDArray[np.float32], roi: Box
) -> tuple[npt.NDArray[np.float32], Alpha]:
    """Source pixels pulled onto the target's mesh over ``roi``, and where the mesh covers it.

    Each target pixel finds its triangle in a label image, then its source position from
    that triangle's affine map; one ``cv2.remap`` samples them all.
    """
    local = (target_points - np.array([roi.x, roi.y], np.float32)).astype(np.float64)
    triangles = _triangles(local)
    labels = np.full((roi.h, roi.w), -1, np.int32)
    shift = 4
    for label, tri in enumerate(triangles):
        corners = np.round(local[tri] * (1 << shift)).astype(np.int32)
        cv2.fillConvexPoly(labels, corners, int(label), cv2.LINE_8, shift)
    # Affine maps target (x, y, 1) -> source (x, y), one per triangle: A = pinv(T) @ S.
    homogeneous = np.concatenate([local[triangles], np.ones((len(triangles), 3, 1))], axis=2)
    affine = np.linalg.pinv(homogeneous) @ source_points.astype(np.float64)[triangles]
    covered = labels >= 0
    ys, xs = np.mgrid[0 : roi.h, 0 : roi.w]
    coeffs = affine[np.where(covered, labels, 0)]  # (h, w, 3, 2)
    map_x = (coeffs[..., 0, 0] * xs + coeffs[..., 1, 0] * ys + coeffs[..., 2, 0]).astype(np.float32)
    map_y = (coeffs[..., 0, 1] * xs + coeffs[..., 1, 1] * ys + coeffs[..., 2, 1]).astype(np.float32)
    warped = cv2.remap(source, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    return warped.astype(np.float32), covered.astype(np.float32)


def _inset(alpha: Alpha, *, radius_px: float) -> Alpha:
    radius = max(1, round(radius_px))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    return cv2.erode(alpha, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)


def _match_colour(
    face: npt.NDArray[np.float32], target: Frame, *, inside: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float32]:
    """``face`` (float RGB 0-255) with its LAB mean and spread inside ``inside`` moved to ``target``'s."""
    face_lab = cv2.cvtColor(face / 255.0, cv2.COLOR_RGB2LAB)
    target_lab = cv2.cvtColor(target.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    f, t = face_lab[inside], target_lab[inside]
    f_mean, f_std = f.mean(axis=0), f.std(axis=0)
    t_mean, t_std = t.mean(axis=0), t.std(axis=0)
    scale = np.clip(t_std / np.maximum(f_std, 1e-3), *_STD_RATIO)
    matched = (face_lab - f_mean) * scale + t_mean
    rgb = cv2.cvtColor(matched.astype(np.float32), cv2.COLOR_LAB2RGB) * 255.0
    return np.clip(rgb, 0.0, 255.0)


def _seamless(face: npt.NDArray[np.float32], target: Frame, inside: npt.NDArray[np.bool_]) -> Frame:
    """Poisson-blend ``face`` into ``target`` (same size) over ``inside``.

    ``cv2.seamlessClone`` needs the mask clear of the image's edge, so all three are padded
    first; it places the mask's bounding box centred on ``center``, so that is the box's
    own centre and nothing moves.
    """
    pad = 2
    src = cv2.copyMakeBorder(np.round(face).astype(np.uint8), pad, pad, pad, pad, cv2.BORDER_REFLECT_101)
    dst = cv2.copyMakeBorder(target, pad, pad, pad, pad, cv2.BORDER_REFLECT_101)
    mask = cv2.copyMakeBorder(inside.astype(np.uint8) * 255, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    x, y, w, h = cv2.boundingRect(mask)
    blended = cv2.seamlessClone(src, dst, mask, (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)[pad:-pad, pad:-pad]
    # OpenCV solves over the mask's whole bounding box, which nudges pixels outside the
    # mask by a few levels; only the mask's own pixels are taken.
    return np.where(inside[..., None], blended, target)
