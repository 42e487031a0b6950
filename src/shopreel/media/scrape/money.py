"""Prices as decimal strings and currencies as ISO 4217 codes, from what pages write."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

__all__ = ["decimal_price", "currency_code", "offer_price"]

# Digits with "." or "," separators; a space or "'" only groups thousands ("1 299,00").
_NUMBER = re.compile(r"\d+(?:[\s']\d{3}(?!\d))*(?:[.,]\d+)*")
_CODE = re.compile(r"[A-Za-z]{3}")


def decimal_price(value: object) -> str | None:
    """``value`` as a plain decimal string (``"19.99"``), or ``None`` if it is no price.

    Numbers keep their written precision (JSON is read with ``Decimal`` floats); strings
    may carry a currency sign and thousands separators (``"$1,299.00"``, ``"1.299,00 €"``);
    a range reads as its first number.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = _number_text(value)
    elif isinstance(value, float):
        value = repr(value)
    if not isinstance(value, (str, int, Decimal)):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return format(number, "f")


def currency_code(value: object) -> str | None:
    """``value`` upper-cased if it is a three-letter code, else ``None``."""
    if isinstance(value, str) and _CODE.fullmatch(value.strip()):
        return value.strip().upper()
    return None


def offer_price(offers: Iterable[tuple[object, object]]) -> tuple[str | None, str | None]:
    """The first readable price among raw ``(price, currency)`` pairs, with its currency.

    The currency is the priced pair's, or else the first any pair states (pages often write
    it once, on another offer or price specification).
    """
    pairs = list(offers)
    stated = next((code for _, value in pairs if (code := currency_code(value))), None)
    for price_value, currency_value in pairs:
        if (price := decimal_price(price_value)) is not None:
            return price, currency_code(currency_value) or stated
    return None, stated


def _number_text(text: str) -> str | None:
    match = _NUMBER.search(text)
    if match is None:
        return None
    digits = re.sub(r"['\s]", "", match.group())
    if "," in digits and "." in digits:
        thousands = "," if digits.rfind(",") < digits.rfind(".") else "."
        digits = digits.replace(thousands, "")
    if digits.count(",") == 1 and len(digits) - digits.index(",") <= 3:
        return digits.replace(",", ".")  # a decimal comma: "19,99"
    digits = digits.replace(",", "")
    return digits.replace(".", "") if digits.count(".") > 1 else digits
