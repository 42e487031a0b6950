import pytest

from shopreel.media.script.facts import is_in_language, selling_points, writing_system


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("Wireless charger", "latin"), ("Беспроводная зарядка", "cyrillic"), ("شاحن لاسلكي", "arabic"),
        ("ワイヤレス充電器です", "kana"), ("无线充电器", "han"), ("무선 충전기", "hangul"), ("ที่ชาร์จไร้สาย", "thai"),
        ("वायरलेस चार्जर", "devanagari"), ("Ασύρματος φορτιστής", "greek"), ("$19.99 - 100%", None),
    ],
)  # fmt: skip
def test_writing_system(text, system):
    assert writing_system(text) == system


def test_language_heuristic():
    assert is_in_language("Charges all your devices with one cable", "en")
    assert not is_in_language("Charges all your devices with one cable", "de")
    assert is_in_language("Lädt alle deine Geräte mit einem Kabel", "de")
    assert not is_in_language("Lädt alle deine Geräte mit einem Kabel", "en")
    assert not is_in_language("Wireless charger", "en")  # no evidence either way: not used as a fact
    assert is_in_language("Wireless charger", "en", strict=False)  # but fine as an audience
    assert is_in_language("Заряжает все ваши устройства", "ru")
    assert not is_in_language("Заряджає всі ваші пристрої", "ru")
    assert is_in_language("Заряджає всі ваші пристрої", "uk")
    assert is_in_language("毎日の暮らしを快適に", "ja") and not is_in_language("毎日の暮らしを快適に", "zh-CN")
    assert not is_in_language("无线充电器", "ja")


def test_selling_points_are_short_trimmed_sentences_in_order():
    description = (
        "• charges three devices at once\n"
        "• Keeps your desk neat and tidy!!\n"
        "Made of recycled aluminium, with a soft-touch finish, a built-in cable tidy and a two-year warranty "
        "that covers everything. Visit https://example.com/aerodock for the manual. Wow."
    )
    assert selling_points(description, language="en", full_stop=".") == (
        "Charges three devices at once.",
        "Keeps your desk neat and tidy.",
        "Made of recycled aluminium.",
    )


def test_selling_points_in_japanese_and_another_language():
    description = "毎日の暮らしを快適にする充電スタンド。3台同時に充電できます！"
    assert selling_points(description, language="ja", full_stop="。") == (
        "毎日の暮らしを快適にする充電スタンド。",
        "3台同時に充電できます。",
    )
    assert selling_points(description, language="en", full_stop=".") == ()
