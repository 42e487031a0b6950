"""Where captions may go in a frame without sitting under a platform's buttons and text.

Insets are fractions of the frame's width (left, right) and height (top, bottom):

========  =====  =====  =====  ======  ==============================================
ratio     left   top    right  bottom  what they keep clear
========  =====  =====  =====  ======  ==============================================
9:16      0.06   0.10   0.12   0.18    TikTok / Reels / Shorts: tabs on top, the like /
                                       comment / share rail on the right, the account
                                       name, description and music ticker at the bottom
3:4       0.06   0.08   0.08   0.12    Instagram and Facebook feed: footer and buttons
1:1       0.06   0.06   0.06   0.10    square feed posts
4:3       0.05   0.06   0.05   0.10    feed and marketplace players: bottom controls
16:9      0.05   0.05   0.05   0.10    YouTube / TV title-safe (90 % width) and the
                                       player's control bar
========  =====  =====  =====  ======  ==============================================

A frame of any other shape uses the closest of these ratios (compared on a log scale).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shopreel.errors import InvalidInput
from shopreel.media.types import Box

__all__ = ["SafeInsets", "SAFE_INSETS", "aspect_ratio_name", "safe_area"]


@dataclass(frozen=True)
class SafeInsets:
    """Margins kept free of captions, as fractions of the frame's width or height."""

    left: float
    top: float
    right: float
    bottom: float


SAFE_INSETS: dict[str, SafeInsets] = {
    "9:16": SafeInsets(left=0.06, top=0.10, right=0.12, bottom=0.18),
    "3:4": SafeInsets(left=0.06, top=0.08, right=0.08, bottom=0.12),
    "1:1": SafeInsets(left=0.06, top=0.06, right=0.06, bottom=0.10),
    "4:3": SafeInsets(left=0.05, top=0.06, right=0.05, bottom=0.10),
    "16:9": SafeInsets(left=0.05, top=0.05, right=0.05, bottom=0.10),
}


def _ratio(name: str) -> float:
    w, h = name.split(":")
    return int(w) / int(h)


def aspect_ratio_name(width: int, height: int) -> str:
    """The closest of ``9:16``, ``3:4``, ``1:1``, ``4:3`` and ``16:9`` to ``width / height``."""
    if width < 1 or height < 1:
        raise InvalidInput(f"frame size must be positive, got {width}x{height}")
    target = math.log(width / height)
    return min(SAFE_INSETS, key=lambda name: abs(math.log(_ratio(name)) - target))


def safe_area(width: int, height: int) -> Box:
    """The part of a ``width`` x ``height`` frame where captions may be drawn, px.

    Raises
    ------
    InvalidInput
        If the frame has no area.
    """
    insets = SAFE_INSETS[aspect_ratio_name(width, height)]
    left = math.ceil(insets.left * width)
    top = math.ceil(insets.top * height)
    right = width - math.ceil(insets.right * width)
    bottom = height - math.ceil(insets.bottom * height)
    return Box(x=left, y=top, w=max(1, right - left), h=max(1, bottom - top))
