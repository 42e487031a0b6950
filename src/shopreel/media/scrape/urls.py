"""Make page URLs absolute, recognise video files, and reduce Shopify image variants to one URL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from shopreel.errors import InvalidInput

__all__ = [
    "check_page_url",
    "document_base",
    "absolute_url",
    "absolute_urls",
    "is_video_file",
    "is_shopify_image",
    "full_size_shopify_image",
    "same_resource_key",
]

_WEB_SCHEMES = frozenset({"http", "https"})
_VIDEO_EXTENSIONS = (".mp4", ".m4v", ".mov", ".webm")
_VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime", "video/webm", "video/x-m4v"})

# Shopify's ``img_url`` sizes, appended to the file name before its extension:
# ``shirt_1024x1024.jpg``, ``shirt_800x.jpg``, ``shirt_grande.jpg``,
# ``shirt_300x300_crop_center@2x.progressive.jpg``. The name without it is the original upload.
_SHOPIFY_SIZE = re.compile(
    r"_(?:\d+x\d*|x\d+|pico|icon|thumb|small|compact|medium|large|grande|original|master)"
    r"(?:_crop_[a-z]+)?(?:@\dx)?(?:\.progressive)?(?=\.[A-Za-z0-9]+$)"
)
# Query parameters of the newer ``image_url`` filter and the ``v`` cache-buster.
_SHOPIFY_SIZE_PARAMS = frozenset({"v", "width", "height", "crop", "pad_color", "format"})


def check_page_url(page_url: str) -> None:
    """Raise ``InvalidInput`` unless ``page_url`` is an absolute http(s) URL."""
    parts = _split(page_url) if isinstance(page_url, str) else None
    if parts is None or parts.scheme not in _WEB_SCHEMES or not parts.hostname:
        raise InvalidInput(f"page_url must be an absolute http(s) URL, got {page_url!r}")


def document_base(doc: lxml.html.HtmlElement, page_url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` if it is usable, else the page."""
    hrefs = doc.xpath("//base/@href")
    base = absolute_url(hrefs[0], page_url) if hrefs else None
    return base or page_url


def absolute_url(value: object, base_url: str) -> str | None:
    """``value`` resolved against ``base_url`` without its fragment, if it is an http(s) URL."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parts = _split(urljoin(base_url, value.strip()))
    except ValueError:
        return None
    if parts is None or parts.scheme not in _WEB_SCHEMES or not parts.netloc:
        return None
    return urlunsplit(parts._replace(fragment=""))


def absolute_urls(values: Iterable[object], base_url: str) -> tuple[str, ...]:
    """:func:`absolute_url` of each value, dropping those that are not http(s) URLs."""
    resolved = (absolute_url(value, base_url) for value in values)
    return tuple(url for url in resolved if url is not None)


def is_video_file(url: str, *, mime_type: object = None) -> bool:
    """Whether ``url`` names a video file, by its declared MIME type or else its extension.

    Players (YouTube embeds) and streaming playlists (HLS) are not files and are refused.
    A ``mime_type`` that is no MIME type (schema.org allows ``encodingFormat: "mp4"``) is
    ignored.
    """
    if isinstance(mime_type, str) and "/" in mime_type:
        return mime_type.split(";")[0].strip().lower() in _VIDEO_TYPES
    return urlsplit(url).path.lower().endswith(_VIDEO_EXTENSIONS)


def is_shopify_image(url: str) -> bool:
    """Whether Shopify's image CDN serves ``url`` (on its own host or a shop's ``/cdn/shop/``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host.endswith("cdn.shopify.com") or parts.path.startswith(("/cdn/shop/", "/s/files/"))


def full_size_shopify_image(url: str) -> str:
    """The original upload behind a Shopify image variant: size suffix and size parameters dropped.

    ``https://cdn.shopify.com/s/files/1/shirt_200x200.jpg?v=17`` and ``shirt_grande.jpg``
    both become ``https://cdn.shopify.com/s/files/1/shirt.jpg``, the largest Shopify serves.
    """
    parts = urlsplit(url)
    head, slash, name = parts.path.rpartition("/")
    path = head + slash + _SHOPIFY_SIZE.sub("", name, count=1)
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = [(key, value) for key, value in params if key not in _SHOPIFY_SIZE_PARAMS]
    return urlunsplit(parts._replace(path=path, query=urlencode(query)))


def same_resource_key(url: str) -> str:
    """A key equal for URLs that fetch the same file: the scheme and host case do not matter."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{parts.path}{query}"


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` answering ``None`` for a malformed URL (a bad IPv6 host or port)."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return None
    return parts
