"""Read the OpenGraph, ``product:`` and Twitter card ``<meta>`` tags of a page."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html

from .money import currency_code, decimal_price
from .product import ProductPage
from .text import first_text
from .urls import absolute_urls, is_video_file

__all__ = ["read_opengraph"]

Tags = list[tuple[str, str]]

_IMAGE_KEYS = frozenset(
    {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}
)
_VIDEO_KEYS = frozenset({"og:video", "og:video:url", "og:video:secure_url"})


def read_opengraph(doc: lxml.html.HtmlElement, *, base_url: str) -> ProductPage:
    """The product as its social-sharing tags describe it; images in the order the tags come."""
    tags = [
        (key.strip().lower(), meta.get("content", ""))
        for meta in doc.xpath("//meta[@content]")
        if (key := meta.get("property") or meta.get("name"))
    ]
    return ProductPage(
        name=first_text(_values(tags, "og:title", "twitter:title")),
        description=first_text(_values(tags, "og:description", "twitter:description")),
        price=_first(decimal_price, _values(tags, "product:price:amount", "og:price:amount")),
        currency=_first(
            currency_code, _values(tags, "product:price:currency", "og:price:currency")
        ),
        brand=first_text(_values(tags, "product:brand", "og:brand")),
        images=absolute_urls((value for key, value in tags if key in _IMAGE_KEYS), base_url),
        videos=_video_files(tags, base_url),
    )


def _values(tags: Tags, *keys: str) -> list[str]:
    """The values of ``keys``, all of the first key's before the second's."""
    return [value for wanted in keys for key, value in tags if key == wanted]


def _first(read: Callable[[object], str | None], values: list[str]) -> str | None:
    return next(filter(None, map(read, values)), None)


def _video_files(tags: Tags, base_url: str) -> tuple[str, ...]:
    """``og:video`` URLs that are files, judged by the ``og:video:type`` that follows each.

    ``og:video`` (or ``og:video:url``) opens a video; ``:secure_url`` and ``:type`` that come
    after it describe that one. A page may list a YouTube player (``text/html``) beside an mp4.
    """
    videos: list[tuple[list[str], str | None]] = []
    for key, value in tags:
        if key in ("og:video", "og:video:url") or (key in _VIDEO_KEYS and not videos):
            videos.append(([value], None))
        elif key == "og:video:secure_url":
            videos[-1][0].append(value)
        elif key == "og:video:type" and videos:
            videos[-1] = (videos[-1][0], value)
    return tuple(
        url
        for values, mime_type in videos
        for url in absolute_urls(values, base_url)
        if is_video_file(url, mime_type=mime_type)
    )
