"""Read the product gallery WooCommerce renders, whose links point at the full-size files."""

from __future__ import annotations

import lxml.html

from .images import largest_img_url
from .product import ProductPage
from .urls import absolute_urls

__all__ = ["read_woocommerce_gallery"]

_GALLERY_ITEMS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '),"
    " ' woocommerce-product-gallery__image ')]"
)


def read_woocommerce_gallery(doc: lxml.html.HtmlElement, *, base_url: str) -> ProductPage:
    """One full-size image per gallery slide, in slide order (the main image first).

    Each slide is ``<div class="woocommerce-product-gallery__image"><a href=FULL><img
    data-large_image=FULL src=THUMB srcset=...></a></div>``; themes drop one or the other,
    so the large-image attribute, the link and the largest ``srcset`` candidate are tried
    in that order.
    """
    return ProductPage(images=absolute_urls(map(_slide_url, doc.xpath(_GALLERY_ITEMS)), base_url))


def _slide_url(slide: lxml.html.HtmlElement) -> str | None:
    img = next(slide.iter("img"), None)
    link = next(slide.iter("a"), None)
    href = link.get("href", "").strip() if link is not None else ""
    if img is not None and img.get("data-large_image"):
        return img.get("data-large_image")
    if href and not href.startswith("#"):
        return href
    return largest_img_url(img) if img is not None else None
