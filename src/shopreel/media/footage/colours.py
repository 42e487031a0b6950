"""Dominant colours of a picture, named in plain words ("white", "navy", "beige")."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput
from shopreel.media.footage.thumbnail import shrink
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["COLOUR_NAMES", "colour_name", "dominant_colours"]

COLOUR_NAMES: dict[str, tuple[int, int, int]] = {
    "white": (245, 245, 245),
    "light grey": (200, 200, 200),
    "grey": (128, 128, 128),
    "dark grey": (64, 64, 64),
    "black": (15, 15, 15),
    "red": (200, 30, 35),
    "dark red": (110, 20, 25),
    "orange": (240, 130, 30),
    "yellow": (240, 215, 40),
    "beige": (225, 205, 170),
    "brown": (120, 72, 40),
    "green": (50, 150, 60),
    "olive": (110, 115, 45),
    "teal": (20, 128, 128),
    "light blue": (140, 190, 235),
    "blue": (40, 90, 215),
    "navy": (20, 30, 85),
    "purple": (115, 50, 160),
    "pink": (240, 150, 185),
}
"""Reference sRGB colour of each name; a colour is called by the nearest reference in CIELAB."""

_THUMB_PX = 48
_CLUSTERS = 6
_ITERATIONS = 12


def _lab(rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """CIELAB (L in [0, 100]) of ``uint8 (..., 3)`` RGB."""
    flat = rgb.reshape(-1, 1, 3).astype(np.float32) / 255.0
    return cv2.cvtColor(flat, cv2.COLOR_RGB2LAB).reshape(*rgb.shape[:-1], 3)


_NAMES = tuple(COLOUR_NAMES)
_REFERENCES = _lab(np.array(list(COLOUR_NAMES.values()), np.uint8))


def colour_name(rgb: tuple[int, int, int] | npt.NDArray[np.uint8]) -> str:
    """The name in :data:`COLOUR_NAMES` nearest to one sRGB colour (CIE76 distance in CIELAB)."""
    values = np.asarray(rgb)
    if values.shape != (3,) or values.min() < 0 or values.max() > 255:
        raise InvalidInput(f"rgb must be three values in [0, 255], got {values.tolist()}")
    return _nearest_names(_lab(values.astype(np.uint8)[None]))[0]


def dominant_colours(image: Frame, *, max_colours: int = 3, min_share: float = 0.12) -> tuple[str, ...]:
    """Names of the colours covering most of ``image``, most covered first.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        RGB picture.
    max_colours : int
        At most this many names.
    min_share : float
        A name must cover at least this fraction of the picture (0 to 1).

    Returns
    -------
    tuple of str
        Names from :data:`COLOUR_NAMES`, distinct; at least one.

    Notes
    -----
    k-means (6 clusters, Lloyd's iterations) in CIELAB on a 48-pixel thumbnail, started
    deterministically from evenly spaced lightness quantiles, so equal pictures always get
    equal names. Each cluster centre is named by its nearest reference colour and the
    shares of clusters with the same name add up.
    """
    check_frame(image, "image")
    if max_colours < 1:
        raise InvalidInput(f"max_colours must be >= 1, got {max_colours}")
    if not 0.0 <= min_share <= 1.0:
        raise InvalidInput(f"min_share must be in [0, 1], got {min_share}")
    pixels = _lab(shrink(image, long_side_px=_THUMB_PX)).reshape(-1, 3)
    centres, labels = _kmeans(pixels, clusters=min(_CLUSTERS, len(pixels)))
    shares: dict[str, float] = {}
    for name, share in zip(_nearest_names(centres), np.bincount(labels, minlength=len(centres)) / len(labels), strict=True):
        shares[name] = shares.get(name, 0.0) + float(share)
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    kept = [name for name, share in ranked if share >= min_share][:max_colours]
    return tuple(kept or [ranked[0][0]])


def _nearest_names(lab: npt.NDArray[np.float32]) -> list[str]:
    distance = np.linalg.norm(lab[:, None, :] - _REFERENCES[None, :, :], axis=2)
    return [_NAMES[i] for i in distance.argmin(axis=1)]


def _kmeans(points: npt.NDArray[np.float32], *, clusters: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.intp]]:
    order = np.argsort(points[:, 0], kind="stable")
    picks = order[np.linspace(0, len(points) - 1, clusters).round().astype(int)]
    centres = points[picks].copy()
    labels = np.zeros(len(points), np.intp)
    for _ in range(_ITERATIONS):
        labels = np.linalg.norm(points[:, None, :] - centres[None], axis=2).argmin(axis=1)
        for k in range(clusters):
            members = points[labels == k]
            if len(members):
                centres[k] = members.mean(axis=0)
    return centres, labels
