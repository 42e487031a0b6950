import re

import pytest

from shopreel.catalog.voices import LANGUAGES as CATALOG_LANGUAGES
from shopreel.media.script import (
    LANGUAGES,
    LENGTH_TYPES,
    STYLES,
    LengthRange,
    ProductFacts,
    estimate_seconds,
    write_scripts,
)

PRODUCT = ProductFacts(name="AeroDock Pro", price="29.99", currency="USD", brand="Voltra")
ENGLISH = ProductFacts(
    name="AeroDock Pro",
    description=(
        "AeroDock Pro charges three devices at once. It keeps your desk neat and tidy! "
        "Made of recycled aluminium, with a soft-touch finish. See https://example.com for more."
    ),
    price="29.99",
    currency="USD",
    brand="Voltra",
    target_audience="people who work from home",
)
# Letters that only the language's writing system has.
SCRIPT_OF = {
    "ar": r"[\u0621-\u064a]", "bg": r"[а-яА-Я]", "ru": r"[а-яА-Я]", "uk": r"[а-яА-Яіїє]", "el": r"[α-ωΑ-Ω]",
    "hi": r"[\u0900-\u097f]", "th": r"[\u0e01-\u0e5b]", "ko": r"[\uac00-\ud7a3]", "ja": r"[\u3041-\u30ff]",
    "zh-CN": r"[\u4e00-\u9fff]", "zh-Hant": r"[\u4e00-\u9fff]",
}  # fmt: skip
LATIN_MARKS = {
    "de": "äöüß", "fr": "éèàç", "es": "ñáéíóú¿¡", "pt": "ãçéá", "pl": "ąęłńóśźż", "cs": "ěščřžý", "sk": "ľščťžý",
    "hr": "čćšž", "ro": "ăâîșț", "tr": "ğışçöü", "hu": "őűáé", "vi": "ạảấầẩậắằẳặẹẻẽếềểễệ", "da": "æøå",
    "nb": "æøå", "sv": "åäö", "fi": "äö", "it": "èàòù",
}  # fmt: skip


def test_every_topview_language_is_written():
    assert sorted(LANGUAGES) == sorted(CATALOG_LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_distinct_scripts_in_the_language_with_name_price_and_cta_last(language):
    scripts = write_scripts(PRODUCT, language=language, length=LENGTH_TYPES[1])
    assert len(scripts) == 3
    assert len({script.text for script in scripts}) == 3
    assert [script.script_id for script in scripts] == [1, 2, 3]
    for script in scripts:
        assert script.language == language
        assert all(segment.text.strip() for segment in script.segments)
        assert [segment.seg_id for segment in script.segments] == list(range(1, len(script.segments) + 1))
        assert "AeroDock Pro" in script.text
        assert "29" in script.segments[-1].text  # the price travels with the call to action
        assert script.segments[-1].role == "cta"
        assert script.segments[0].role == "hook"
        if language in SCRIPT_OF:
            assert len(re.findall(SCRIPT_OF[language], script.text)) > 20
        if language == "uk":
            assert re.search(r"[іїєґ]", script.text) and not re.search(r"[ыэё]", script.text)
        if language in LATIN_MARKS:
            assert any(char in LATIN_MARKS[language] for char in script.text.casefold())


def test_traditional_and_simplified_chinese_use_their_own_characters():
    simplified = "".join(s.text for s in write_scripts(PRODUCT, language="zh-CN", length=LENGTH_TYPES[4]))
    traditional = "".join(s.text for s in write_scripts(PRODUCT, language="zh-hant", length=LENGTH_TYPES[4]))
    for simple, full in ("这這", "个個", "说說", "让讓", "间間"):
        assert simple in simplified and full not in simplified
        assert full in traditional and simple not in traditional


def test_native_punctuation():
    def text(language):
        return " ".join(s.text for s in write_scripts(PRODUCT, language=language, length=LENGTH_TYPES[4]))

    assert re.search(r"[？！。、]", text("ja")) and not re.search(r"[?!]", text("ja"))
    assert "，" in text("zh-CN") and not re.search(r"[,?!]", text("zh-CN"))
    assert "؟" in text("ar") and "،" in text("ar") and "?" not in text("ar")
    assert "\u0964" in text("hi")  # danda
    spanish = text("es")
    assert spanish.count("¿") == spanish.count("?") > 0 and spanish.count("¡") == spanish.count("!") > 0
    assert "\u00a0!" in text("fr") and " !" not in text("fr")
    assert not re.search(r"[.?!](\s|$)", text("th"))  # Thai ends no sentence with punctuation


def test_thai_phrases_have_no_spaces_between_thai_words():
    thai = write_scripts(ProductFacts(name="ไอโฟน"), language="th", length=LENGTH_TYPES[2])
    for segment in thai[0].segments:
        for phrase in segment.text.split():
            assert re.fullmatch(r"[\u0e00-\u0e7f]+|ไอโฟน", phrase), phrase


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("video_length_type", sorted(LENGTH_TYPES))
def test_scripts_fit_every_video_length_by_the_estimate(language, video_length_type):
    length = LENGTH_TYPES[video_length_type]
    for script in write_scripts(PRODUCT, language=language, length=length, styles=STYLES, count=4):
        assert estimate_seconds(script.text, language=language) in length


def test_longer_videos_get_more_lines_and_never_repeat_one():
    short, long = (write_scripts(ENGLISH, language="en", length=LENGTH_TYPES[t])[0] for t in (2, 4))
    assert len(long.segments) > len(short.segments)
    for script in (short, long):
        texts = [segment.text for segment in script.segments]
        assert len(texts) == len(set(texts))


def test_description_lines_and_audience_are_used_in_their_own_language_only():
    english = write_scripts(ENGLISH, language="en", length=LENGTH_TYPES[1])[0].text
    assert "AeroDock Pro charges three devices at once." in english
    assert "Perfect for people who work from home." in english
    assert "example.com" not in english
    german = write_scripts(ENGLISH, language="de", length=LENGTH_TYPES[1])
    for script in german:
        assert "devices" not in script.text and "home" not in script.text
        assert "AeroDock Pro" in script.text and "29,99\u00a0$" in script.text
    # A few words with no function word at all give no evidence against the language.
    parents = ProductFacts(name="AeroDock Pro", target_audience="junge Eltern")
    assert "Perfekt für junge Eltern." in write_scripts(parents, language="de", length=LENGTH_TYPES[1])[0].text


def test_brand_oriented_names_the_brand_and_auto_select_leads_with_it():
    (brand,) = write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[2], styles=["Brand-Oriented"], count=1)
    assert brand.style == "brand-oriented" and "Voltra" in brand.segments[0].text
    automatic = write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[2], styles=["AI auto-select"])
    assert [s.style for s in automatic] == ["brand-oriented", "curiosity hook", "pain point"]
    unbranded = write_scripts(ProductFacts(name="Mug"), language="en", length=LENGTH_TYPES[2], styles=["auto"])
    assert unbranded[0].style == "curiosity hook"


@pytest.mark.parametrize("spelling", ["pain point", "PAIN_POINT", "pain-point", " Pain  Point "])
def test_style_names_are_read_leniently(spelling):
    (script,) = write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[2], styles=[spelling], count=1)
    assert script.style == "pain point"


def test_more_scripts_than_styles_still_differ():
    scripts = write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[1], styles=["storytelling"], count=3)
    assert len({script.text for script in scripts}) == 3


def test_the_same_seed_gives_the_same_scripts():
    def texts(seed):
        return [s.text for s in write_scripts(PRODUCT, language="fr", length=LENGTH_TYPES[1], seed=seed)]

    assert texts(7) == texts(7)


def test_prompt_steers_tone_price_and_words():
    plain = write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[2])
    steered = write_scripts(
        PRODUCT, language="en", length=LENGTH_TYPES[2], prompt="Funny and urgent, push the discount, mention 'free shipping'"
    )
    for before, after in zip(plain, steered):
        assert before.text != after.text
        assert "Warning: may cause sudden bursts of happiness." in after.text
        assert "Stock is limited" in after.segments[-1].text
        assert "At this price, it's a real steal. And it's only $29.99." in after.text
        assert "free shipping" in after.text
        assert estimate_seconds(after.text, language="en") in LENGTH_TYPES[2]
    (luxury,) = write_scripts(PRODUCT, language="ja", length=LENGTH_TYPES[2], prompt="luxury, elegant", count=1)
    assert "じょうしつな エレガンス" in luxury.text


def test_an_unmeetable_length_names_length():
    with pytest.raises(ValueError, match="length"):
        write_scripts(PRODUCT, language="en", length=LengthRange(120, 180))
    with pytest.raises(ValueError, match="length"):
        write_scripts(PRODUCT, language="en", length=LengthRange(1, 2))


@pytest.mark.parametrize("bad", ["xx", "english", "", "zh"])
def test_an_unknown_language_names_language(bad):
    with pytest.raises(ValueError, match="language"):
        write_scripts(PRODUCT, language=bad, length=LENGTH_TYPES[1])


def test_bad_styles_and_count_are_named():
    with pytest.raises(ValueError, match="styles"):
        write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[1], styles=["sarcastic"])
    with pytest.raises(ValueError, match="styles"):
        write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[1], styles="pain point")
    with pytest.raises(ValueError, match="count"):
        write_scripts(PRODUCT, language="en", length=LENGTH_TYPES[1], count=0)
