"""Is this a product shot: one subject in the middle of a plain studio backdrop?"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shopreel.media.footage.colours import colour_name
from shopreel.media.footage.thumbnail import shrink
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["Backdrop", "plain_backdrop"]

_ANALYSIS_PX = 160
# The border band is this share of the short side; it is plain when 90% of it lies within
# this CIELAB distance of its median colour.
_BORDER_SHARE = 0.04
_PLAIN_DE = 10.0
# A pixel this far (CIELAB) from the backdrop colour belongs to the subject.
_SUBJECT_DE = 18.0
# A subject whose largest connected part holds this share of it is one object.
_SOLID = 0.6


@dataclass(frozen=True)
class Backdrop:
    """A plain backdrop: its colour's name and how much of the picture the subject in front covers.

    ``subject_share`` is in [0, 1]; ``subject_centre`` is the subject's centre of mass as
    ``(x, y)`` fractions of the width and height (``(0.5, 0.5)`` when there is no subject);
    ``solidity`` is the share of the subject's pixels in its largest connected part (one
    object is near 1, a block of letters or scattered items much less); ``subject_box`` bounds
    the subject's parts (those of at least a twentieth of its largest) as ``(left, top, right,
    bottom)`` fractions of the width and height, ``None`` when there is no subject.
    """

    colour: str
    subject_share: float
    subject_centre: tuple[float, float]
    solidity: float
    subject_box: tuple[float, float, float, float] | None = None

    @property
    def centred_subject(self) -> bool:
        """One solid subject covering 4% to 85% of the picture with its centre in the middle half."""
        x, y = self.subject_centre
        in_middle = 0.25 <= x <= 0.75 and 0.25 <= y <= 0.75
        return 0.04 <= self.subject_share <= 0.85 and in_middle and self.solidity >= _SOLID


def plain_backdrop(image: Frame) -> Backdrop | None:
    """The plain backdrop behind ``image``'s subject, or ``None`` when the border is busy.

    Parameters
    ----------
    image : uint8 (H, W, 3)
        RGB picture.

    Notes
    -----
    A studio product shot has a near-uniform border: on a 160-pixel copy, 90% of a band of
    4% of the short side lies within CIELAB distance 10 of its median. Pixels more than 18
    from that colour are the subject. This is the cheap check behind
    :func:`~shopreel.media.image.matting.cutout`'s studio path, without the matte's edge work.
    """
    check_frame(image, "image")
    small = shrink(image, long_side_px=_ANALYSIS_PX)
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    band = max(1, round(_BORDER_SHARE * min(lab.shape[:2])))
    ring = np.ones(lab.shape[:2], bool)
    ring[band:-band, band:-band] = False
    border = lab[ring]
    colour = np.median(border, axis=0)
    if float(np.percentile(np.linalg.norm(border - colour, axis=1), 90)) > _PLAIN_DE:
        return None
    subject = np.linalg.norm(lab - colour, axis=2) > _SUBJECT_DE
    share = float(subject.mean())
    ys, xs = np.nonzero(subject)
    centre = (float(xs.mean() + 0.5) / subject.shape[1], float(ys.mean() + 0.5) / subject.shape[0]) if share else (0.5, 0.5)
    median_rgb = np.median(small[ring], axis=0).round().astype(np.uint8)
    return Backdrop(colour=colour_name(median_rgb), subject_share=share, subject_centre=centre,
                    solidity=_solidity(subject), subject_box=_subject_box(subject))


def _solidity(subject: np.ndarray) -> float:
    count, _, stats, _ = cv2.connectedComponentsWithStats(subject.astype(np.uint8), connectivity=8)
    if count <= 1:
        return 0.0
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas.max() / areas.sum())


def _subject_box(subject: np.ndarray) -> tuple[float, float, float, float] | None:
    """The box around the subject's parts of at least 5% of its largest, in fractions, grown
    by one analysis pixel (a pixel there is several in the picture)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(subject.astype(np.uint8), connectivity=8)
    if count <= 1:
        return None
    parts = stats[1:]
    parts = parts[parts[:, cv2.CC_STAT_AREA] >= 0.05 * parts[:, cv2.CC_STAT_AREA].max()]
    left, top = parts[:, cv2.CC_STAT_LEFT].min() - 1, parts[:, cv2.CC_STAT_TOP].min() - 1
    right = (parts[:, cv2.CC_STAT_LEFT] + parts[:, cv2.CC_STAT_WIDTH]).max() + 1
    bottom = (parts[:, cv2.CC_STAT_TOP] + parts[:, cv2.CC_STAT_HEIGHT]).max() + 1
    height, width = subject.shape
    return (max(0.0, left / width), max(0.0, top / height), min(1.0, right / width), min(1.0, bottom / height))
