import pytest

from shopreel.media.script import format_price

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("price", "currency", "language", "written"),
    [
        ("19.99", "USD", "en", "$19.99"),
        ("1299.5", "EUR", "de", f"1.299,50{NBSP}€"),
        ("1299.5", "EUR", "fr", f"1{NBSP}299,50{NBSP}€"),
        ("1980", "JPY", "ja", "1,980えん"),
        ("1980.4", "jpy", "en", "¥1,980"),
        ("199", "CNY", "zh-CN", "199元"),
        ("49.9", "SAR", "ar", f"49.90{NBSP}ر.س"),
        ("199000", "VND", "vi", f"199.000{NBSP}₫"),
        ("29", "BRL", "pt", "R$ 29"),
        ("19.99", None, "es", "19,99"),
        ("5", "XYZ", "de", f"5{NBSP}XYZ"),
    ],
)
def test_prices_are_written_the_local_way(price, currency, language, written):
    assert format_price(price, currency, language=language) == written


@pytest.mark.parametrize(
    ("price", "currency", "language", "written"),
    [
        ("1980", "JPY", "ja", "¥1,980"),
        ("199", "CNY", "zh-CN", "¥199"),
        ("199", "TWD", "zh-Hant", "NT$199"),
        ("19900", "KRW", "ko", "19,900원"),
        ("19.99", "EUR", "de", f"19,99{NBSP}€"),
        ("19.99", "USD", "en", "$19.99"),
    ],
)
def test_prices_on_screen_show_the_sign(price, currency, language, written):
    assert format_price(price, currency, language=language, spoken=False) == written


@pytest.mark.parametrize("bad", ["abc", "-1", "NaN"])
def test_a_bad_price_is_named(bad):
    with pytest.raises(ValueError, match="price"):
        format_price(bad, "USD", language="en")
