"""How much of a picture is covered by lines of text (captions, price tags, banners)."""

from __future__ import annotations

import cv2
import numpy as np

from shopreel.media.footage.thumbnail import shrink
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Frame

__all__ = ["text_coverage"]

_ANALYSIS_PX = 320
# A text line is wider than this many times its height ...
_LINE_ASPECT = 2.5
# ... at most this share of the picture's height ...
_LINE_MAX_HEIGHT = 0.1
# ... and this dense in strong edges.
_LINE_EDGE_DENSITY = 0.25


def text_coverage(image: Frame) -> float:
    """Fraction of ``image`` (0 to 1) inside boxes that look like lines of text.

    Returns
    -------
    float
        Area of the text-line boxes over the area of ``image`` (``uint8 (H, W, 3)`` RGB).

    Notes
    -----
    The classic morphological text-line detector on a 320-pixel copy: the morphological
    gradient marks stroke edges, Otsu keeps the strong ones, a horizontal closing joins the
    letters of a word and the words of a line, and components that are flat, wide, filled
    and dense in edges are lines. Letters shorter than about 5 pixels at that size (small
    print in a full-size frame) are not seen; fur, foliage and star fields make short,
    sparse components that the shape tests reject.
    """
    check_frame(image, "image")
    grey = cv2.cvtColor(shrink(image, long_side_px=_ANALYSIS_PX), cv2.COLOR_RGB2GRAY)
    gradient = cv2.morphologyEx(grey, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    joined = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    rows = grey.shape[0]
    area = 0
    for x, y, w, h, pixels in stats[1:]:
        if not 5 <= h <= _LINE_MAX_HEIGHT * rows or w < _LINE_ASPECT * h or pixels < 0.45 * w * h:
            continue
        if edges[y : y + h, x : x + w].mean() / 255.0 >= _LINE_EDGE_DENSITY:
            area += w * h
    return area / grey.size
