"""Read the schema.org ``Product`` a page states in its JSON-LD ``<script>`` blocks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal

import lxml.html

from .money import offer_price
from .product import ProductPage, names_a_product
from .text import first_text
from .urls import absolute_url, absolute_urls, is_video_file

__all__ = ["read_jsonld"]

# Wrappers old CMS templates put around script content: <!-- ... -->, //<![CDATA[ ... //]]>.
_OPENING_WRAPPER = re.compile(r"^\s*(?:<!--|(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?)")
_CLOSING_WRAPPER = re.compile(r"(?:-->|(?://|/\*)?\s*\]\]>\s*(?:\*/)?)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")

Node = dict[str, object]


def read_jsonld(doc: lxml.html.HtmlElement, *, base_url: str) -> ProductPage:
    """The first ``Product`` (or ``ProductGroup`` with its variants) found in JSON-LD.

    Blocks that do not parse are skipped. The product may sit at the top, in an array, in
    ``@graph`` or inside another node (``mainEntity``); references such as
    ``"image": {"@id": "#primaryimage"}`` are followed to the node that carries that ``@id``.
    """
    blocks = [data for text in _script_texts(doc) if (data := _parse(text)) is not None]
    index = _nodes_by_id(blocks)
    product = next(_products(blocks), None)
    if product is None:
        return ProductPage()
    variants = [v for v in _items(product.get("hasVariant"), index) if isinstance(v, dict)]
    members = [product, *variants]
    offers = _offers(_values(members, "offers", index), index)
    price, currency = offer_price(
        (offer.get(key), offer.get("priceCurrency"))
        for offer in offers
        for key in ("price", "lowPrice")
    )
    return ProductPage(
        name=first_text(_values(members, "name", index)),
        description=first_text(_values(members, "description", index)),
        price=price,
        currency=currency,
        brand=first_text(_name(brand) for brand in _values(members, "brand", index)),
        images=absolute_urls(map(_media_url, _values(members, "image", index)), base_url),
        videos=_video_files(_values(members, "video", index), base_url),
    )


def _script_texts(doc: lxml.html.HtmlElement) -> list[str]:
    scripts = doc.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
    return [script.text for script in scripts if script.text]


def _parse(text: str) -> object | None:
    """The JSON in one block, or ``None``; a trailing comma before ``}``/``]`` is forgiven."""
    text = _CLOSING_WRAPPER.sub("", _OPENING_WRAPPER.sub("", text))
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            # strict=False: raw newlines inside strings are common in hand-written blocks.
            return json.loads(attempt, strict=False, parse_float=Decimal)
        except (ValueError, RecursionError):
            continue
    return None


def _walk(value: object) -> Iterator[Node]:
    """Every object in ``value``, parents before children, in document order."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _products(blocks: list[object]) -> Iterator[Node]:
    for node in _walk(blocks):
        types = node.get("@type")
        if names_a_product(types if isinstance(types, list) else [types]):
            yield node


def _nodes_by_id(blocks: list[object]) -> dict[str, Node]:
    index: dict[str, Node] = {}
    for node in _walk(blocks):
        if isinstance(node_id := node.get("@id"), str) and len(node) > 1:
            index.setdefault(node_id, node)
    return index


def _items(value: object, index: dict[str, Node]) -> list[object]:
    """``value`` as a list (one value or an array), a bare ``{"@id": ...}`` replaced by its node."""
    values = value if isinstance(value, list) else [] if value is None else [value]
    return [_dereference(item, index) for item in values]


def _dereference(value: object, index: dict[str, Node]) -> object:
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(ref := value["@id"], str):
        return index.get(ref, value)
    return value


def _values(members: list[Node], key: str, index: dict[str, Node]) -> list[object]:
    """All values of ``key`` across the product and its variants, product first."""
    return [item for member in members for item in _items(member.get(key), index)]


def _offers(offers: list[object], index: dict[str, Node]) -> list[Node]:
    """Offers, then what they nest: ``AggregateOffer.offers`` and ``priceSpecification``.

    Each offer comes before what it nests, and before the offers after it. References may
    loop (an offer naming itself by ``@id``): each node is read once.
    """
    found: list[Node] = []
    seen: set[int] = set()
    pending = list(reversed(offers))
    while pending:
        offer = pending.pop()
        if isinstance(offer, dict) and id(offer) not in seen:
            seen.add(id(offer))
            found.append(offer)
            nested = _items(offer.get("priceSpecification"), index)
            nested += _items(offer.get("offers"), index)
            pending.extend(reversed(nested))
    return found


def _name(value: object) -> object:
    """A brand given as a name or as a ``Brand``/``Organization`` node."""
    return value.get("name") if isinstance(value, dict) else value


def _media_url(value: object) -> object:
    """An image given as a URL or as an ``ImageObject``."""
    if isinstance(value, dict):
        return value.get("contentUrl") or value.get("url")
    return value


def _video_files(videos: list[object], base_url: str) -> tuple[str, ...]:
    """The ``contentUrl`` of each ``VideoObject`` that is a file (``embedUrl`` is a player)."""
    found = []
    for video in videos:
        if isinstance(video, dict):
            url = absolute_url(video.get("contentUrl"), base_url)
            if url and is_video_file(url, mime_type=video.get("encodingFormat")):
                found.append(url)
    return tuple(found)
