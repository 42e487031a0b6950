import pytest

from shopreel.media.script import LANGUAGES
from shopreel.media.script.phrasebook import Phrasebook
from shopreel.media.script.phrases import PHRASEBOOKS, phrasebook
from shopreel.media.script.styles import STYLES


def test_every_book_has_every_style_and_distinct_lines():
    for book in PHRASEBOOKS.values():
        assert set(book.hooks) == set(STYLES)
        lines = [*(line for pair in book.hooks.values() for line in pair), *book.problems, *book.benefits, *book.proofs]
        assert len(lines) == len(set(lines)), book.language


@pytest.mark.parametrize("language", LANGUAGES)
def test_lines_end_with_the_languages_own_punctuation(language):
    book = phrasebook(language)
    for line in (*book.benefits, *book.proofs, *book.problems, *book.ctas):
        if language == "th":
            assert line[-1] not in ".!?", line
        elif language in ("ja", "zh-CN", "zh-Hant"):
            assert line[-1] in "。！？", line
        elif language == "hi":
            assert line[-1] in "।!?", line
        else:
            assert line[-1] in ".!?;", line


def test_codes_are_read_in_any_case():
    assert phrasebook("ZH-hant").language == "zh-Hant"


def test_a_template_with_an_unknown_field_is_refused():
    book = PHRASEBOOKS["en"]
    fields = {name: getattr(book, name) for name in Phrasebook.__dataclass_fields__}
    with pytest.raises(ValueError, match="price"):
        Phrasebook(**{**fields, "price": "Only {cost}."})
    with pytest.raises(ValueError, match="intros"):
        Phrasebook(**{**fields, "intros": ("Meet it.", "Meet {name}.")})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_end_card_button_is_a_few_words_without_final_punctuation(language):
    button = phrasebook(language).button
    assert button.strip() == button and button[-1] not in ".!?。！？।"
    assert len(button) <= 20 and len(button.split()) <= 3, button
