"""Plain text out of HTML strings and elements: tags dropped, entities decoded, spaces collapsed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import lxml.html
from lxml import etree

__all__ = ["element_text", "plain_text", "first_text"]

# Elements whose edges separate words: "<p>One</p><p>Two</p>" reads "One Two", not "OneTwo".
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript"})


def element_text(element: lxml.html.HtmlElement) -> str | None:
    """The visible text inside ``element`` (not its tail), or ``None`` when there is none."""
    return _collapse("".join(_pieces(element)))


def plain_text(value: object) -> str | None:
    """``value`` as plain text if it is a string that says something, else ``None``.

    The string may hold HTML (Shopify descriptions do) or entities (JSON-LD often does):
    both are read as HTML so ``"<p>Tom &amp; Jerry</p>"`` becomes ``"Tom & Jerry"``.
    """
    if not isinstance(value, str):
        return None
    if "<" not in value and "&" not in value:
        return _collapse(value)
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return _collapse(value)
    return element_text(fragment)


def first_text(values: Iterable[object]) -> str | None:
    """The :func:`plain_text` of the first value that has some."""
    return next((text for value in values if (text := plain_text(value))), None)


def _pieces(element: lxml.html.HtmlElement) -> Iterator[str]:
    # libxml2 caps HTML nesting at 255 levels, well inside Python's recursion limit.
    block = element.tag in _BLOCK_TAGS
    if block:
        yield " "
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _HIDDEN_TAGS:
            yield from _pieces(child)
        yield child.tail or ""
    if block:
        yield " "


def _collapse(text: str) -> str | None:
    return " ".join(text.split()) or None
