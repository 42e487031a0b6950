"""A quick estimate of how long a text takes to speak, calibrated on the speech engine.

The M2V job measures scripts with the real voice; this estimate is for callers without one
(tests, previews, the LLM writer's checks). It counts *units* (letters and digits; each Han
character in Japanese counts twice, since its kana reading averages about two morae) and
divides by a per-language rate: units per second of the language's default catalog voice
(espeak-ng, ``rate_wpm`` 170, speed 1.0), pauses at punctuation included.

The rates come from ``calibrate`` run over this package's own scripts (product "AeroDock",
brand and price, no description; all four styles; ``videoLengthType`` 2, 3 and 4), measured
with the default voice and rounded to 0.1: from 3.6 units/s (Mandarin, one unit per
character) and 4.7 (Korean syllables) through 6.0 (Japanese kana), 6.5 (Hindi), 7.4 (Thai),
7.8 (Arabic) to 9.9-14.9 for alphabetic languages (English 11.9, French 14.9). Japanese
scripts are written in kana, which espeak-ng reads; it spells kanji out character by
character, so the double weight of kanji models a proper reading, not espeak-ng.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from shopreel.errors import InvalidInput

__all__ = ["UNITS_PER_SECOND", "speech_units", "estimate_seconds", "calibrate"]

UNITS_PER_SECOND = {
    "en": 11.9, "de": 12.2, "nl": 11.6, "da": 13.1, "nb": 11.1, "sv": 11.3,
    "fr": 14.9, "es": 12.1, "it": 12.2, "pt": 11.2, "ro": 10.8, "ru": 13.2,
    "uk": 10.1, "bg": 10.8, "pl": 10.1, "cs": 10.8, "sk": 10.8, "hr": 11.5,
    "el": 12.9, "fi": 10.7, "hu": 10.3, "tr": 9.9, "ja": 6.0, "ko": 4.7,
    "zh-CN": 3.6, "zh-Hant": 3.6, "vi": 12.4, "th": 7.4, "id": 11.0, "ms": 11.2,
    "fil": 10.9, "hi": 6.5, "ar": 7.8,
}  # fmt: skip


def speech_units(text: str, *, language: str) -> int:
    """The number of spoken units in ``text`` (see the module notes)."""
    units = 0
    for char in text:
        if char.isalnum():
            is_han = unicodedata.name(char, "").startswith("CJK UNIFIED")
            units += 2 if is_han and language == "ja" else 1
    return units


def estimate_seconds(text: str, *, language: str) -> float:
    """About how many seconds the default voice of ``language`` takes to speak ``text``.

    Raises
    ------
    InvalidInput
        ``language`` has no calibrated rate (it is not a TopView language code).
    """
    if language not in UNITS_PER_SECOND:
        raise InvalidInput(f"language must be one of {', '.join(sorted(UNITS_PER_SECOND))}; got {language!r}")
    return speech_units(text, language=language) / UNITS_PER_SECOND[language]


def calibrate(texts: Iterable[str], *, language: str, measure: Callable[[str], float]) -> float:
    """Units per second of ``measure`` over ``texts``: total units over total measured seconds.

    Raises
    ------
    InvalidInput
        ``texts`` is empty or measures to no time.
    """
    texts = list(texts)
    seconds = sum(measure(text) for text in texts)
    if not texts or seconds <= 0:
        raise InvalidInput("texts must hold at least one text that takes time to speak")
    return sum(speech_units(text, language=language) for text in texts) / seconds
