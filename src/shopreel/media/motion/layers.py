"""Split a picture into a foreground layer and a clean background for 2.5D parallax.

The foreground is a person (MediaPipe selfie segmentation, when a face is found) or else the
product (:func:`~shopreel.media.image.matting.cutout`). The background is the picture with
that foreground removed and the hole filled, so that when the layers move apart the
uncovered strip shows plausible background, not a smear or a second copy of the subject's
edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.face import detect_faces, person_mask
from shopreel.media.image import cutout, inpaint_region
from shopreel.media.image.checks import check_alpha, check_frame
from shopreel.media.types import Alpha, Frame

__all__ = ["SubjectMasks", "find_subject", "fill_background"]

_F32 = np.float32
_ANALYSIS_PX = 1024  # long side of the copy the subject is looked for in
_PERSON_SCORE = 0.6
_AREA = (0.01, 0.85)  # plausible share of the picture for a subject
_FILL_PX = 384  # long side at which the inside of a hole is filled
_HOLE_ALPHA = 0.04  # foreground alpha above which a pixel is removed from the background


@dataclass(frozen=True, eq=False)
class SubjectMasks:
    """Masks of what moves apart from the background, each ``float32 (H, W)`` in [0, 1] at the picture's size.

    ``foreground`` is the layer that moves in parallax and floats; ``product`` is where the
    light sweep and sparkles go. Either may be ``None``; the foreground defaults to the
    product.
    """

    foreground: Alpha | None = None
    product: Alpha | None = None

    @property
    def has_layer(self) -> bool:
        return self.foreground is not None or self.product is not None

    @property
    def layer(self) -> Alpha | None:
        """The mask of the moving layer: ``foreground``, else ``product``."""
        return self.foreground if self.foreground is not None else self.product

    def check(self, shape: tuple[int, int]) -> None:
        """Raise unless both masks (where given) are float ``(H, W)`` of ``shape``."""
        for name in ("foreground", "product"):
            mask = getattr(self, name)
            if mask is not None:
                check_alpha(mask, f"masks.{name}", shape=shape, against="image")


def find_subject(image: Frame) -> SubjectMasks:
    """Find what should move in front of the background: a person, else a product.

    Parameters
    ----------
    image : uint8 (H, W, 3)

    Returns
    -------
    SubjectMasks
        ``foreground`` is the person's mask when a face scoring 0.6 or more is found and the
        person covers 1-85% of the picture; otherwise ``product`` is the cutout of the
        product when it covers 1-85% of the picture and does not touch three or more edges.
        Both ``None`` when neither is plausible (a landscape, a pattern).

    Raises
    ------
    InvalidInput
        ``image`` is not ``uint8 (H, W, 3)``.

    Notes
    -----
    Detection runs on a copy whose long side is at most 1024 px and the masks are scaled
    back to the picture's size.
    """
    check_frame(image, "image")
    height, width = image.shape[:2]
    scale = min(1.0, _ANALYSIS_PX / max(height, width))
    small = image if scale == 1.0 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)

    def full(mask: Alpha) -> Alpha:
        if mask.shape == (height, width):
            return mask.astype(_F32)
        return np.clip(cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR), 0, 1).astype(_F32)

    if any(face.score >= _PERSON_SCORE for face in detect_faces(small)):
        person = person_mask(small)
        if _AREA[0] <= float((person > 0.5).mean()) <= _AREA[1]:
            return SubjectMasks(foreground=full(person))
    product = cutout(small)
    solid = product > 0.5
    edges = sum(bool(edge.any()) for edge in (solid[0], solid[-1], solid[:, 0], solid[:, -1]))
    if _AREA[0] <= float(solid.mean()) <= _AREA[1] and edges < 3:
        return SubjectMasks(product=full(product))
    return SubjectMasks()


def fill_background(image: Frame, layer: Alpha, *, margin_px: int) -> Frame:
    """``image`` with the ``layer`` removed and its hole filled from the surroundings.

    Parameters
    ----------
    image : uint8 (H, W, 3)
    layer : float32 (H, W)
        Alpha of what is removed, in [0, 1].
    margin_px : int
        The hole is the layer (alpha above 0.04) grown by this much, so the subject's soft
        edge and colour fringe do not stay behind as a ghost outline.

    Returns
    -------
    uint8 (H, W, 3)
        Unchanged outside the hole.

    Notes
    -----
    Three fills, blended by depth into the hole: the inside of a large hole is filled on a
    copy whose long side is 384 px by a push-pull pyramid (normalised convolution: the
    average of the known pixels around, at every scale, so colours carry across evenly and
    never streak), with the grain of :func:`~shopreel.media.image.compose.inpaint_region`
    (Telea) on top; that is scaled up, and a band a few pixels wide along the hole's edge is
    then inpainted again at full size from both sides, so the seam is sharp.
    """
    check_frame(image, "image")
    check_alpha(layer, "layer", shape=image.shape[:2], against="image")
    if margin_px < 0:
        raise InvalidInput(f"margin_px must be >= 0, got {margin_px}")
    hole = (layer > _HOLE_ALPHA).astype(np.uint8)
    if margin_px:
        hole = cv2.dilate(hole, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin_px + 1,) * 2))
    if not hole.any():
        return image.copy()
    if hole.all():
        return np.full_like(image, np.uint8(np.median(image.reshape(-1, 3), axis=0)).tolist())
    height, width = hole.shape
    scale = min(1.0, _FILL_PX / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    small_hole = cv2.resize(hole.astype(_F32), size, interpolation=cv2.INTER_AREA) > 0
    if not (~small_hole).any():
        small_hole = cv2.resize(hole, size, interpolation=cv2.INTER_NEAREST) > 0
    smooth = _push_pull(small, ~small_hole)
    textured = inpaint_region(small, small_hole, radius_px=3)
    grain = textured.astype(_F32) - cv2.GaussianBlur(textured, (0, 0), 1.5).astype(_F32)
    depth = cv2.distanceTransform(small_hole.astype(np.uint8), cv2.DIST_L2, 3)
    inner = np.clip((depth - 2.0) / 6.0, 0, 1)[:, :, None]
    filled_small = textured * (1 - inner) + (smooth + grain) * inner
    filled = cv2.resize(np.clip(filled_small, 0, 255).astype(np.uint8), (width, height),
                        interpolation=cv2.INTER_CUBIC)
    out = np.where(hole[:, :, None].astype(bool), filled, image)
    band_px = max(3, round(1.5 / scale))  # about the blur of the scaled-up fill
    band = hole & (cv2.distanceTransform(hole, cv2.DIST_L2, 3) <= band_px)
    return inpaint_region(out, band.astype(bool), radius_px=2)


def _push_pull(image: Frame, known: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """Fill unknown pixels with the weighted average of known ones at every scale (float32 RGB)."""
    weight = known.astype(_F32)
    value = image.astype(_F32) * weight[:, :, None]
    levels: list[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]] = []
    while min(weight.shape) > 2:
        levels.append((value, weight))
        value, weight = cv2.pyrDown(value), cv2.pyrDown(weight)
    filled = value / np.maximum(weight, 1e-6)[:, :, None]
    if not (weight > 1e-6).all():
        filled[weight <= 1e-6] = (value.sum(axis=(0, 1)) / max(float(weight.sum()), 1e-6))
    for value, weight in reversed(levels):
        up = cv2.pyrUp(filled, dstsize=(weight.shape[1], weight.shape[0]))
        w = np.clip(weight, 0, 1)[:, :, None]
        filled = value / np.maximum(weight, 1e-6)[:, :, None] * w + up * (1 - w)
    return filled
