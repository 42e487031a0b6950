"""Every TopView language's phrasebook, by language code."""

from shopreel.errors import InvalidInput
from shopreel.media.script.phrasebook import Phrasebook
from shopreel.media.script.phrases import asia, east_europe, west_europe

__all__ = ["LANGUAGES", "PHRASEBOOKS", "phrasebook"]

PHRASEBOOKS: dict[str, Phrasebook] = {
    book.language: book for module in (west_europe, east_europe, asia) for book in module.BOOKS
}
LANGUAGES = tuple(PHRASEBOOKS)
_BY_FOLDED = {code.casefold(): code for code in PHRASEBOOKS}


def phrasebook(language: str) -> Phrasebook:
    """The phrasebook of a TopView language code (any case: ``"zh-cn"`` is ``"zh-CN"``).

    Raises
    ------
    InvalidInput
        ``language`` is not one of TopView's 33 codes.
    """
    code = _BY_FOLDED.get(language.casefold()) if isinstance(language, str) else None
    if code is None:
        raise InvalidInput(f"language must be one of {', '.join(sorted(PHRASEBOOKS))}; got {language!r}")
    return PHRASEBOOKS[code]
