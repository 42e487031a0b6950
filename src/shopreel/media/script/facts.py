"""Reading product facts: is a text in the script's language, and which of its lines sell.

Language check (a rough heuristic, by design; no model is involved):

1. Writing system. Each letter is classed by its Unicode name (Latin, Cyrillic, Greek,
   Arabic, Devanagari, Thai, Hangul, kana, Han); the text's system is the one with most
   letters. Japanese needs kana (Han alone reads as Chinese); Chinese needs Han and no kana.
   Simplified and traditional Chinese are not told apart.
2. Within Cyrillic: ``іїєґ`` mark Ukrainian, ``ыэё`` Russian, ``ъ`` (without those)
   Bulgarian; a text with none of them fits any of the three.
3. Within Latin: short, frequent function words ("the", "und", "avec", "dan") are counted
   for each Latin-script language. ``strict`` (used for descriptions) requires the target
   language to have a hit and no other language more; otherwise (used for the target
   audience, often a few words without any function word) only a language with more hits
   than the target rules the text out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["writing_system", "is_in_language", "selling_points"]

_SYSTEM_OF_LANGUAGE = {
    "ar": "arabic", "bg": "cyrillic", "ru": "cyrillic", "uk": "cyrillic", "el": "greek",
    "hi": "devanagari", "th": "thai", "ko": "hangul", "ja": "kana", "zh-CN": "han", "zh-Hant": "han",
}  # fmt: skip
_NAME_PREFIXES = (
    ("LATIN", "latin"), ("CYRILLIC", "cyrillic"), ("GREEK", "greek"), ("ARABIC", "arabic"),
    ("DEVANAGARI", "devanagari"), ("THAI", "thai"), ("HANGUL", "hangul"), ("HIRAGANA", "kana"),
    ("KATAKANA", "kana"), ("CJK UNIFIED", "han"), ("CJK COMPATIBILITY IDEOGRAPH", "han"),
)  # fmt: skip
_FUNCTION_WORDS = {
    "en": "the and with for your you is are this of to it that who from",
    "de": "und der die das mit für ist ein eine nicht zu dein deine sie",
    "nl": "de het een en met voor van is je niet zijn dat",
    "da": "og med til er det en af for din som ikke på",
    "nb": "og med til er det en av for din som ikke på",
    "sv": "och med till är det en av för din som inte på",
    "fr": "le la les et avec pour des est une votre vous du",
    "es": "el la los las y con para es una tu que del por",
    "it": "il la gli e con per di è una che tuo del",
    "pt": "o a os as e com para é uma seu sua que do da",
    "ro": "și cu pentru este un o care în la pe",
    "pl": "i z w na do jest dla się nie to",
    "cs": "a s v na pro je se to z který",
    "sk": "a s v na pre je sa to z ktorý",
    "hr": "i s u na za je se to od koji",
    "fi": "ja on se että kanssa sinun ei tämä joka myös",
    "hu": "a az és egy hogy van nem is ezt vagy",
    "tr": "ve bir ile için bu çok da de en olan",
    "id": "dan yang dengan untuk ini di itu tidak kamu anda",
    "ms": "dan yang dengan untuk ini di itu tidak anda ialah",
    "fil": "ang ng mga sa at na para ay ito iyong",
    "vi": "và của cho với là này không được bạn một",
}
_WORDS = {language: frozenset(words.split()) for language, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"\w+")
_CLAUSE_END = re.compile(r"(?<=[.!?;。！？；؟।])\s*|\s*[\n\r•·|]+\s*|\s+[-–—]\s+")
_BULLET = re.compile(r"^[\s\-–—*•·>]+|[\s,，、:：;；.。!！?？]+$")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_UNSPACED_SYSTEMS = frozenset({"han", "kana", "thai"})


def writing_system(text: str) -> str | None:
    """The writing system most letters of ``text`` use (``"latin"``, ``"kana"``...), or ``None``.

    Japanese text counts as ``"kana"`` as soon as a tenth of its letters are kana, since
    Japanese mixes Han characters with kana.
    """
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            system = next((system for prefix, system in _NAME_PREFIXES if name.startswith(prefix)), None)
            if system is not None:
                counts[system] += 1
    if not counts:
        return None
    if counts["kana"] and counts["kana"] * 10 >= counts["kana"] + counts["han"]:
        return "kana"
    return counts.most_common(1)[0][0]


def is_in_language(text: str, language: str, *, strict: bool = True) -> bool:
    """Whether ``text`` looks written in ``language`` (see the module notes for the heuristic)."""
    system = writing_system(text)
    if system != _SYSTEM_OF_LANGUAGE.get(language, "latin"):
        return False
    if system == "cyrillic":
        return _cyrillic_fits(text.casefold(), language)
    if system != "latin":
        return True
    tokens = _TOKEN.findall(text.casefold())
    hits = {code: sum(token in words for token in tokens) for code, words in _WORDS.items()}
    others = max(count for code, count in hits.items() if code != language)
    if strict:
        return hits[language] > 0 and hits[language] >= others
    return hits[language] >= others


def _cyrillic_fits(text: str, language: str) -> bool:
    if any(char in text for char in "іїєґ"):
        return language == "uk"
    if any(char in text for char in "ыэё"):
        return language == "ru"
    if "ъ" in text:
        return language == "bg"
    return True


def selling_points(description: str, *, language: str, full_stop: str, limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` short lines from a product description, ready to be spoken.

    The description is cut into sentences and bullet items (and long sentences into
    clauses at commas); pieces of 3-14 words (8-40 characters in Chinese, Japanese and
    Thai) are kept in their order, without URLs, trimmed of bullets and trailing
    punctuation, capitalized and ended with ``full_stop``. Nothing is taken from a
    description that is not in ``language`` (see ``is_in_language``).
    """
    if not is_in_language(description, language):
        return ()
    unspaced = _SYSTEM_OF_LANGUAGE.get(language) in _UNSPACED_SYSTEMS
    points: list[str] = []
    for piece in _pieces(description, unspaced=unspaced):
        size = len(piece) if unspaced else len(piece.split())
        fits = 8 <= size <= 40 if unspaced else 3 <= size <= 14
        if fits and not _URL.search(piece) and piece.casefold() not in {p.casefold() for p in points}:
            points.append(piece)
        if len(points) == limit:
            break
    return tuple(_sentence(point, full_stop) for point in points)


def _pieces(description: str, *, unspaced: bool) -> list[str]:
    pieces = []
    for sentence in _CLAUSE_END.split(description):
        sentence = _BULLET.sub("", sentence)
        too_long = len(sentence) > 40 if unspaced else len(sentence.split()) > 14
        parts = re.split(r"[,，、،]\s*", sentence) if too_long else [sentence]
        pieces.extend(part for part in (_BULLET.sub("", part) for part in parts) if part)
    return pieces


def _sentence(text: str, full_stop: str) -> str:
    return text[:1].upper() + text[1:] + full_stop
