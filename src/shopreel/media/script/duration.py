"""A quick estimate of how long a text takes to speak, calibrated on the speech engine.

The M2V job measures scripts with the real voice; this estimate is for callers without one
(tests, previews, the LLM writer's checks). It counts *units* (letters and digits; each Han
character in Japanese counts twice, since its kana reading averages about two morae) and
divides by a per-language rate: units per second of the language's default catalog voice
(espeak-ng, ``rate_wpm`` 170, speed 1.0), pauses at punctuation included.

The rates come from ``calibrate`` run over this package's own scripts (a product with a
description, audience and price; three styles; 15-60 s each), rounded to 0.1. Japanese is
calibrated on kana text: espeak-ng spells kanji out character by character instead of
reading it, so measuring kanji text with it gives no useful rate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

__all__ = ["UNITS_PER_SECOND", "speech_units", "estimate_seconds", "calibrate"]

UNITS_PER_SECOND = {
    "en": 12.0, "de": 12.1, "nl": 11.5, "da": 13.0, "nb": 11.0, "sv": 11.3,
    "fr": 14.9, "es": 11.9, "it": 12.1, "pt": 11.1, "ro": 10.8, "ru": 13.1,
    "uk": 10.2, "bg": 10.8, "pl": 10.0, "cs": 10.6, "sk": 10.7, "hr": 11.3,
    "el": 12.7, "fi": 10.5, "hu": 10.2, "tr": 10.0, "ja": 6.6, "ko": 4.7,
    "zh-CN": 3.4, "zh-Hant": 3.4, "vi": 12.3, "th": 7.3, "id": 10.9, "ms": 11.1,
    "fil": 10.8, "hi": 6.4, "ar": 7.8,
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
    ValueError
        ``language`` has no calibrated rate (it is not a TopView language code).
    """
    if language not in UNITS_PER_SECOND:
        raise ValueError(f"language must be one of {', '.join(sorted(UNITS_PER_SECOND))}; got {language!r}")
    return speech_units(text, language=language) / UNITS_PER_SECOND[language]


def calibrate(texts: Iterable[str], *, language: str, measure: Callable[[str], float]) -> float:
    """Units per second of ``measure`` over ``texts``: total units over total measured seconds.

    Raises
    ------
    ValueError
        ``texts`` is empty or measures to no time.
    """
    texts = list(texts)
    seconds = sum(measure(text) for text in texts)
    if not texts or seconds <= 0:
        raise ValueError("texts must hold at least one text that takes time to speak")
    return sum(speech_units(text, language=language) for text in texts) / seconds
