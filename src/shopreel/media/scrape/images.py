"""Pick the largest image an ``<img>`` element offers, and tell product images from decoration."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html

__all__ = ["largest_srcset_url", "largest_img_url", "is_decoration"]

# One srcset candidate as HTML parses it: a URL (which may itself hold commas, as Cloudinary's
# do), an optional "800w" or "2x" descriptor (and a rarely seen "600h"), then a comma or the end.
_CANDIDATE = re.compile(r"([^\s,]\S*)(?:\s+(\d+(?:\.\d+)?)([wx]))?(?:\s+\d+h)?\s*(?:,|$)")
_DECORATION_WORDS = re.compile(r"(?<![a-z])(?:logo|icon|sprite|favicon|spacer)s?(?![a-z])")
_MIN_SIDE_PX = 100

# Attributes that name one image, best first: themes put the full-size file in the zoom and
# "large image" attributes and lazy loaders move ``src`` to ``data-src``.
_FULL_SIZE_ATTRIBUTES = (
    "data-large_image",
    "data-zoom-image",
    "data-zoom",
    "data-full",
    "data-original-src",
)
_PLAIN_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset")


def largest_srcset_url(srcset: str) -> str | None:
    """The URL of the largest candidate in a ``srcset`` value, or ``None`` if it has none.

    Width descriptors (``800w``) outrank density descriptors (``2x``); a candidate without
    one counts as ``1x``. Among equals the first wins. Inline ``data:`` placeholders are skipped.
    """
    best: tuple[int, float] | None = None
    best_url = None
    for candidate, number, unit in _CANDIDATE.findall(srcset):
        url = candidate.rstrip(",")
        size = (1 if unit == "w" else 0, float(number) if number else 1.0)
        if _is_fetchable(url) and (best is None or size > best):
            best, best_url = size, url
    return best_url


def largest_img_url(img: lxml.html.HtmlElement) -> str | None:
    """The (possibly relative) URL of the largest image ``img`` offers, or ``None``."""
    for name in _FULL_SIZE_ATTRIBUTES:
        if _is_fetchable(value := img.get(name, "").strip()):
            return value
    for name in _SRCSET_ATTRIBUTES:
        if url := largest_srcset_url(img.get(name, "")):
            return url
    for name in _PLAIN_ATTRIBUTES:
        if _is_fetchable(value := img.get(name, "").strip()):
            return value
    return None


def is_decoration(img: lxml.html.HtmlElement, url: str) -> bool:
    """Whether ``img`` showing ``url`` is a logo, icon, sprite, vector or tracking pixel.

    Tiny is judged from the ``width``/``height`` attributes (under 100 px), the rest from
    words in the URL path or the element's class and id.
    """
    if any(_pixels(img.get(side)) < _MIN_SIDE_PX for side in ("width", "height")):
        return True
    path = urlsplit(url).path.lower()
    names = f"{path} {img.get('class', '')} {img.get('id', '')}".lower()
    return path.endswith(".svg") or _DECORATION_WORDS.search(names) is not None


def _pixels(value: str | None) -> float:
    """A ``width``/``height`` attribute in pixels; absent or unreadable counts as large."""
    match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return float(match.group(1)) if match else float("inf")


def _is_fetchable(url: str) -> bool:
    return bool(url) and not url.startswith("data:")
