"""Prices written the way each language's shoppers read them: ``$19.99``, ``19,99 €``, ``1,980円``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from shopreel.errors import InvalidInput

__all__ = ["format_price"]

_NBSP = "\u00a0"
# Decimal mark and thousands separator.
_POINT = (".", ",")
_COMMA = (",", ".")
_SPACE = (",", _NBSP)
_SEPARATORS = {
    **dict.fromkeys(("en", "ja", "ko", "zh-CN", "zh-Hant", "th", "hi", "ms", "fil", "ar"), _POINT),
    **dict.fromkeys(("de", "nl", "da", "id", "it", "es", "pt", "ro", "tr", "el", "hr", "vi"), _COMMA),
    **dict.fromkeys(("fr", "ru", "uk", "bg", "cs", "sk", "pl", "fi", "sv", "nb", "hu"), _SPACE),
}
# Where the currency goes: before the number, before with a space, or after with a space.
_BEFORE, _BEFORE_SPACED, _AFTER_SPACED = "{sym}{num}", "{sym} {num}", "{num}" + _NBSP + "{sym}"
_PATTERNS = {
    **dict.fromkeys(("en", "ja", "ko", "zh-CN", "zh-Hant", "hi", "ms", "fil", "th", "id", "tr"), _BEFORE),
    **dict.fromkeys(("nl", "pt"), _BEFORE_SPACED),
}
_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "KRW": "₩", "INR": "₹", "RUB": "₽",
    "UAH": "₴", "TRY": "₺", "THB": "฿", "VND": "₫", "IDR": "Rp", "MYR": "RM", "PHP": "₱", "BRL": "R$",
    "PLN": "zł", "CZK": "Kč", "HUF": "Ft", "RON": "lei", "BGN": "лв.", "SEK": "kr", "NOK": "kr",
    "DKK": "kr", "TWD": "NT$", "HKD": "HK$", "AUD": "A$", "CAD": "C$", "SAR": "ر.س", "AED": "د.إ",
    "EGP": "ج.م",
}  # fmt: skip
# A currency in its own language is often read as a word after the number (Japanese in kana,
# which the speech engine reads). Written, only Korean keeps the word: price tags elsewhere
# show the sign (¥1,980, ¥199, NT$199).
_SPOKEN_WORDS = {("ja", "JPY"): "えん", ("zh-CN", "CNY"): "元", ("zh-Hant", "TWD"): "元", ("ko", "KRW"): "원"}
_WRITTEN_WORDS = {("ko", "KRW"): "원"}
_WHOLE_UNITS = frozenset({"JPY", "KRW", "VND", "IDR", "HUF", "CLP", "TWD"})


def format_price(price: str, currency: str | None, *, language: str, spoken: bool = True) -> str:
    """``price`` (a decimal string like ``"1299.5"``) as ``language`` writes it with ``currency``.

    ``spoken`` prices are for the voice-over (``1,980えん``); written ones for the screen
    (``¥1,980``).

    Currencies without minor units in everyday use (yen, won, dong, rupiah, forint, NT dollar)
    are rounded to whole units; others keep two decimals when they have any. A currency
    without a known symbol is written as its ISO code.

    Raises
    ------
    InvalidInput
        ``price`` is not a non-negative decimal number.
    """
    try:
        amount = Decimal(price)
    except InvalidOperation as exc:
        raise InvalidInput(f"price must be a decimal number like '19.99', got {price!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(f"price must be a non-negative decimal number, got {price!r}")
    code = currency.upper() if currency else None
    if code in _WHOLE_UNITS or amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    else:
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    point, group = _SEPARATORS.get(language, _POINT)
    whole, _, fraction = f"{amount:,f}".partition(".")
    number = whole.replace(",", group) + (point + fraction if fraction else "")
    if code is None:
        return number
    words = _SPOKEN_WORDS if spoken else _WRITTEN_WORDS
    if (language, code) in words:
        return number + words[language, code]
    return _PATTERNS.get(language, _AFTER_SPACED).format(sym=_SYMBOLS.get(code, code), num=number)
