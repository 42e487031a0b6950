"""Read a schema.org ``Product`` marked up with microdata (``itemscope``/``itemprop``)."""

from __future__ import annotations

import lxml.html

from .images import largest_img_url
from .money import offer_price
from .product import ProductPage, names_a_product
from .text import element_text, first_text
from .urls import absolute_urls

__all__ = ["read_microdata"]

Properties = dict[str, list[lxml.html.HtmlElement]]

# Where HTML keeps an element's microdata value when it is not the text (WHATWG microdata).
_VALUE_ATTRIBUTES = {
    **dict.fromkeys(("a", "area", "link"), "href"),
    **dict.fromkeys(("img", "audio", "video", "source", "embed", "iframe", "track"), "src"),
    "object": "data",
    "meta": "content",
    "data": "value",
    "meter": "value",
    "time": "datetime",
}


def read_microdata(doc: lxml.html.HtmlElement, *, base_url: str) -> ProductPage:
    """The first ``itemscope`` whose ``itemtype`` is a schema.org product, read as a page.

    Offers may be nested ``Offer``/``AggregateOffer`` scopes or plain ``itemprop="price"``
    elements on the product; the brand a ``Brand`` scope or a plain value.
    """
    scopes = doc.xpath("//*[@itemscope][@itemtype]")
    product = next((s for s in scopes if names_a_product(s.get("itemtype", "").split())), None)
    if product is None:
        return ProductPage()
    props = _properties(product)
    offers = [_properties(offer) for offer in props.get("offers", []) if _is_scope(offer)]
    price, currency = offer_price(
        (_text(offer, key), _text(offer, "priceCurrency"))
        for offer in [*offers, props]
        for key in ("price", "lowPrice")
    )
    return ProductPage(
        name=_text(props, "name"),
        description=_text(props, "description"),
        price=price,
        currency=currency,
        brand=first_text(
            _text(_properties(brand), "name") if _is_scope(brand) else _value(brand)
            for brand in props.get("brand", [])
        ),
        images=absolute_urls(map(_image_url, props.get("image", [])), base_url),
    )


def _properties(scope: lxml.html.HtmlElement) -> Properties:
    """The ``itemprop`` elements that belong to ``scope``, not to a scope nested in it."""
    found: Properties = {}
    pending = list(scope)[::-1]
    while pending:
        element = pending.pop()
        if not isinstance(element.tag, str):
            continue
        for name in element.get("itemprop", "").split():
            found.setdefault(name, []).append(element)
        if not _is_scope(element):
            pending.extend(reversed(element))
    return found


def _is_scope(element: lxml.html.HtmlElement) -> bool:
    return element.get("itemscope") is not None


def _value(element: lxml.html.HtmlElement) -> str | None:
    """A property's value: ``content``, else the attribute of its tag (``src``...), else its text."""
    for attribute in ("content", _VALUE_ATTRIBUTES.get(element.tag)):
        if attribute is not None and element.get(attribute) is not None:
            return element.get(attribute)
    return element_text(element)


def _image_url(element: lxml.html.HtmlElement) -> str | None:
    return largest_img_url(element) if element.tag == "img" else _value(element)


def _text(props: Properties, name: str) -> str | None:
    return first_text(_value(element) for element in props.get(name, []))
