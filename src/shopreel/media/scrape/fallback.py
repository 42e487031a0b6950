"""What a page without structured data still shows: heading, first paragraph, pictures, videos."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.html

from .images import is_decoration, largest_img_url
from .product import ProductPage
from .text import element_text, first_text
from .urls import absolute_url, is_video_file

__all__ = ["read_fallback"]

# Where themes put the page's own content, most telling first; <body> when none is there.
_CONTENT_ROOTS = ("//main", "//*[@role='main']", "//article", "//*[@id='content']", "//body")
# Site chrome around the content: its pictures are logos and banners, its headings slogans.
# A header or footer is the site's only outside any sectioning element (an article's is not).
_CHROME_TAGS = frozenset({"nav", "aside"})
_SITE_CHROME_TAGS = frozenset({"header", "footer"})
_SECTIONING_TAGS = frozenset({"main", "article", "section"})
_MIN_PARAGRAPH_CHARS = 40
_TITLE_SEPARATOR = re.compile(r"\s+[|–—:·-]\s+")
_MIN_SITE_NAME_CHARS = 3


def read_fallback(doc: lxml.html.HtmlElement, *, base_url: str, page_url: str) -> ProductPage:
    """The product as a reader sees it, from plain HTML alone.

    The name is the first ``<h1>`` of the content, else the ``<title>`` without a site-name
    suffix; the description the meta description, else the first paragraph of at least
    40 characters; images the content's ``<img>`` elements that are not decoration (see
    :func:`~.images.is_decoration`), each at its largest offered size; videos the first
    playable source of each ``<video>``.
    """
    root = _content_root(doc)
    heading = first_text(map(element_text, _content(root, "h1")))
    title = first_text(doc.xpath("//title/text()"))
    return ProductPage(
        name=heading or (title and _without_site_suffix(title, _site_names(doc, page_url))),
        description=first_text(
            [*doc.xpath("//meta[@name='description']/@content"), *_paragraphs(root)]
        ),
        images=tuple(_product_images(root, base_url)),
        videos=tuple(filter(None, (_video_file(v, base_url) for v in _content(root, "video")))),
    )


def _content_root(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for path in _CONTENT_ROOTS:
        if found := doc.xpath(path):
            return found[0]
    return doc


def _content(root: lxml.html.HtmlElement, tag: str) -> Iterator[lxml.html.HtmlElement]:
    """``tag`` elements under ``root`` outside the site's chrome."""
    return (element for element in root.iter(tag) if not _in_chrome(element))


def _in_chrome(element: lxml.html.HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in _CHROME_TAGS:
            return True
        if ancestor.tag in _SITE_CHROME_TAGS and not any(
            outer.tag in _SECTIONING_TAGS for outer in ancestor.iterancestors()
        ):
            return True
    return False


def _paragraphs(root: lxml.html.HtmlElement) -> Iterator[str]:
    for paragraph in _content(root, "p"):
        text = element_text(paragraph)
        if text and len(text) >= _MIN_PARAGRAPH_CHARS:
            yield text


def _product_images(root: lxml.html.HtmlElement, base_url: str) -> Iterator[str]:
    for img in _content(root, "img"):
        url = absolute_url(largest_img_url(img), base_url)
        if url and not is_decoration(img, url):
            yield url


def _video_file(video: lxml.html.HtmlElement, base_url: str) -> str | None:
    """The first source a browser could play: ``src``, then each ``<source>`` in order."""
    sources = [(video.get("src"), None)]
    sources += [(source.get("src"), source.get("type")) for source in video.iter("source")]
    for raw, mime_type in sources:
        url = absolute_url(raw, base_url)
        if url and is_video_file(url, mime_type=mime_type):
            return url
    return None


def _site_names(doc: lxml.html.HtmlElement, page_url: str) -> list[str]:
    """Names the site goes by: its declared names and the labels of its host name."""
    declared = doc.xpath("//meta[@property='og:site_name' or @name='application-name']/@content")
    labels = (urlsplit(page_url).hostname or "").split(".")[:-1]
    return [*declared, *(label for label in labels if label != "www" and not label.isdigit())]


def _without_site_suffix(title: str, site_names: list[str]) -> str:
    """``"Wool Scarf | Acme Store"`` → ``"Wool Scarf"`` when the last part names the site."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    last = separators[-1] if separators else None
    if last is not None and _names_site(title[last.end() :], site_names):
        return title[: last.start()]
    return title


def _names_site(text: str, site_names: list[str]) -> bool:
    squashed = _squash(text)
    return len(squashed) >= _MIN_SITE_NAME_CHARS and any(
        len(name) >= _MIN_SITE_NAME_CHARS and (name in squashed or squashed in name)
        for name in map(_squash, site_names)
    )


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text.lower())
