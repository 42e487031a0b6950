"""The record every page reader returns and :func:`extract_product` merges."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ProductPage", "names_a_product"]

_PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel"})


@dataclass(frozen=True)
class ProductPage:
    """What a product page says about its product; ``None`` or empty where it says nothing.

    ``description`` is plain text (tags stripped, entities decoded, whitespace collapsed),
    ``price`` a decimal string such as ``"19.99"``, ``currency`` an ISO 4217 code, and
    ``images``/``videos`` absolute http(s) URLs, main image first.
    """

    name: str | None = None
    description: str | None = None
    price: str | None = None
    currency: str | None = None
    brand: str | None = None
    images: tuple[str, ...] = ()
    videos: tuple[str, ...] = ()


def names_a_product(types: Iterable[object]) -> bool:
    """Whether one of these schema.org types (``@type``, ``itemtype``) is a kind of product.

    The vocabulary prefix does not matter: ``Product``, ``schema:Product`` and
    ``https://schema.org/Product`` all are.
    """
    names = {re.split(r"[/:#]", name)[-1] for name in types if isinstance(name, str)}
    return not names.isdisjoint(_PRODUCT_TYPES)
