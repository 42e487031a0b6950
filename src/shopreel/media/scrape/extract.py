"""Merge what each reader finds on a product page into one :class:`ProductPage`."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html
from lxml import etree

from .fallback import read_fallback
from .jsonld import read_jsonld
from .microdata import read_microdata
from .opengraph import read_opengraph
from .product import ProductPage
from .shopify import read_shopify
from .urls import (
    check_page_url,
    document_base,
    full_size_shopify_image,
    is_shopify_image,
    same_resource_key,
)
from .woocommerce import read_woocommerce_gallery

__all__ = ["ProductPage", "extract_product"]


def extract_product(html: str, *, page_url: str) -> ProductPage:
    """Read a product page's name, description, price, brand, images and videos.

    Parameters
    ----------
    html : str
        The page as text. Broken markup, broken JSON and missing fields are tolerated.
    page_url : str
        Where the page was fetched from; relative URLs resolve against it (or against the
        page's ``<base href>``).

    Returns
    -------
    ProductPage
        Empty fields where the page says nothing; an empty page for empty HTML.

    Raises
    ------
    InvalidInput
        If ``page_url`` is not an absolute http(s) URL.

    Notes
    -----
    Five readers run, most trustworthy first: JSON-LD, Shopify's product JSON,
    microdata with the WooCommerce gallery, OpenGraph/Twitter tags, then plain HTML. Each
    text field comes from the first reader that has it. Images and videos are merged
    across readers in the same order and de-duplicated; plain ``<img>``/``<video>``
    elements are only read when no product data names any, because on a product page
    they are mostly related products and banners.

    Images from Shopify (its CDN, or any image of a page with Shopify product JSON) are
    reduced to the original upload: ``shirt_200x200.jpg?v=3`` and ``shirt_grande.jpg``
    are both ``shirt.jpg``, the largest file Shopify serves. Two URLs differing only in
    scheme are one file, kept in its https form when one is given.
    """
    check_page_url(page_url)
    doc = _parse(html)
    if doc is None:
        return ProductPage()
    base_url = document_base(doc, page_url)
    shopify = read_shopify(doc, base_url=base_url)
    product_data = [
        read_jsonld(doc, base_url=base_url),
        shopify,
        read_microdata(doc, base_url=base_url),
        read_woocommerce_gallery(doc, base_url=base_url),
    ]
    social = read_opengraph(doc, base_url=base_url)
    plain = read_fallback(doc, base_url=base_url, page_url=page_url)
    sources = [*product_data, social, plain]
    images = [url for source in [*product_data, social] for url in source.images]
    videos = [url for source in [*product_data, social] for url in source.videos]
    if not any(source.images for source in product_data):
        images += plain.images
    if not any(source.videos for source in product_data):
        videos += plain.videos
    on_shopify = shopify != ProductPage()
    return ProductPage(
        name=_first(source.name for source in sources),
        description=_first(source.description for source in sources),
        price=_first(source.price for source in sources),
        currency=_first(source.currency for source in sources),
        brand=_first(source.brand for source in sources),
        images=_unique(
            full_size_shopify_image(url) if on_shopify or is_shopify_image(url) else url
            for url in images
        ),
        videos=_unique(videos),
    )


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # Parsed as UTF-8 bytes: lxml refuses a str that starts with an XML encoding declaration.
    try:
        return lxml.html.document_fromstring(
            html.encode("utf-8", errors="replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except etree.ParserError:  # nothing but whitespace or comments
        return None


def _first(values: Iterable[str | None]) -> str | None:
    return next(filter(None, values), None)


def _unique(urls: Iterable[str]) -> tuple[str, ...]:
    """``urls`` without repeats of one file, in first-seen order, preferring https."""
    kept: dict[str, str] = {}
    for url in urls:
        key = same_resource_key(url)
        if key not in kept or (url.startswith("https:") and kept[key].startswith("http:")):
            kept[key] = url
    return tuple(kept.values())
