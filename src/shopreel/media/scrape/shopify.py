"""Read the product JSON Shopify themes embed: the product object and the analytics ``meta``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal

import lxml.html

from .money import currency_code, decimal_price
from .product import ProductPage
from .text import first_text
from .urls import absolute_url, absolute_urls, is_video_file

__all__ = ["read_shopify"]

Node = dict[str, object]

# ``{{ product | json }}`` as themes embed it (Debut's ``ProductJson-product-template``,
# others' ``data-product-json``), sometimes wrapped as ``{"product": {...}}``.
_PRODUCT_SCRIPTS = (
    "//script[@data-product-json]"
    " | //script[starts-with(translate(@id, 'PRODUCTJSON', 'productjson'), 'productjson')]"
)
# The analytics snippet every storefront renders: ``var meta = {"product": {...}, "page": ...};``
_META_ASSIGNMENT = re.compile(r"(?:\bvar\s+meta|ShopifyAnalytics\.meta)\s*=\s*(?=\{)")
_CURRENCY = re.compile(
    r"""ShopifyAnalytics\.meta\.currency\s*=\s*['"]([A-Za-z]{3})['"]"""
    r"""|Shopify\.currency\s*=\s*\{[^}]*?"active"\s*:\s*"([A-Za-z]{3})\""""
)


def read_shopify(doc: lxml.html.HtmlElement, *, base_url: str) -> ProductPage:
    """The product from Shopify's embedded JSON, or an empty page on other platforms.

    Notes
    -----
    Shopify's product JSON gives prices as integer cents (``"price": 1999`` is 19.99);
    a price written as a string (``"19.99"``, the REST form) is taken as it is. The theme's
    product object is read before the analytics ``meta``, which only knows the vendor and
    variant prices.
    """
    inline = [script.text for script in doc.xpath("//script[not(@src)]") if script.text]
    products = [*_theme_products(doc), *_analytics_products(inline)]
    if not products:
        return ProductPage()
    return ProductPage(
        name=first_text(product.get("title") for product in products),
        description=first_text(
            product.get(key) for product in products for key in ("description", "body_html")
        ),
        price=next(filter(None, (_price(value) for value in _prices(products))), None),
        currency=next(
            (currency_code(a or b) for text in inline for a, b in _CURRENCY.findall(text)), None
        ),
        brand=first_text(product.get("vendor") for product in products),
        images=absolute_urls(_image_urls(products), base_url),
        videos=tuple(filter(None, (_video_url(item, base_url) for item in _media(products)))),
    )


def _theme_products(doc: lxml.html.HtmlElement) -> Iterator[Node]:
    for script in doc.xpath(_PRODUCT_SCRIPTS):
        try:
            data = json.loads(script.text or "", strict=False, parse_float=Decimal)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            product = data.get("product", data)
            if isinstance(product, dict):
                yield product


def _analytics_products(scripts: list[str]) -> Iterator[Node]:
    decoder = json.JSONDecoder(strict=False, parse_float=Decimal)
    for text in scripts:
        for match in _META_ASSIGNMENT.finditer(text):
            try:
                meta, _ = decoder.raw_decode(text, match.end())
            except (ValueError, RecursionError):
                continue
            if isinstance(meta, dict) and isinstance(product := meta.get("product"), dict):
                yield product


def _prices(products: list[Node]) -> Iterator[object]:
    """The product's price, then each variant's, product by product."""
    for product in products:
        yield product.get("price")
        for variant in _dicts(product.get("variants")):
            yield variant.get("price")


def _price(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal_price(Decimal(value).scaleb(-2))
    return decimal_price(value)


def _image_urls(products: list[Node]) -> Iterator[object]:
    """The featured image, then image media, then the ``images`` list, as URLs or ``{src}``."""
    for product in products:
        yield _src(product.get("featured_image"))
        for item in _dicts(product.get("media")):
            if item.get("media_type") == "image":
                yield item.get("src") or _src(item.get("preview_image"))
        images = product.get("images")
        yield from (_src(image) for image in images) if isinstance(images, list) else ()


def _media(products: list[Node]) -> Iterator[Node]:
    for product in products:
        yield from _dicts(product.get("media"))


def _video_url(item: Node, base_url: str) -> str | None:
    """The tallest playable file among a video medium's ``sources`` (mp4 over HLS playlists)."""
    if item.get("media_type") != "video":
        return None
    playable = [
        (_height(source), url)
        for source in _dicts(item.get("sources"))
        if (url := absolute_url(source.get("url"), base_url))
        and is_video_file(url, mime_type=source.get("mime_type"))
    ]
    return max(playable, key=lambda pair: pair[0])[1] if playable else None


def _height(source: Node) -> int:
    height = source.get("height")
    return height if isinstance(height, int) else 0


def _src(value: object) -> object:
    return value.get("src") if isinstance(value, dict) else value


def _dicts(value: object) -> list[Node]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
