"""Text segmentation for captions: grapheme clusters, the script of each, emoji, direction.

A trimmed-down take on Unicode UAX #29 (grapheme clusters) and UAX #24 (scripts), enough to
pick a font per run and to never split what a reader sees as one character: combining marks,
emoji ZWJ sequences, skin tones, flags, keycaps, Indic conjuncts and Thai vowel clusters.
"""

from __future__ import annotations

import bisect
import unicodedata
from enum import StrEnum

__all__ = [
    "Script",
    "grapheme_clusters",
    "cluster_script",
    "is_emoji_cluster",
    "char_direction",
    "text_direction",
    "bidi_kind",
    "NO_SPACE_SCRIPTS",
]


class Script(StrEnum):
    LATIN = "latin"
    GREEK = "greek"
    CYRILLIC = "cyrillic"
    ARMENIAN = "armenian"
    HEBREW = "hebrew"
    ARABIC = "arabic"
    DEVANAGARI = "devanagari"
    BENGALI = "bengali"
    GURMUKHI = "gurmukhi"
    GUJARATI = "gujarati"
    ORIYA = "oriya"
    TAMIL = "tamil"
    TELUGU = "telugu"
    KANNADA = "kannada"
    MALAYALAM = "malayalam"
    SINHALA = "sinhala"
    THAI = "thai"
    LAO = "lao"
    MYANMAR = "myanmar"
    GEORGIAN = "georgian"
    ETHIOPIC = "ethiopic"
    KHMER = "khmer"
    HANGUL = "hangul"
    KANA = "kana"
    HAN = "han"  # also CJK punctuation and fullwidth forms
    EMOJI = "emoji"
    COMMON = "common"  # digits, punctuation, spaces: take the script around them


# Scripts written without spaces between words: lines may break between their characters
# (CJK) or words (Thai, Lao, Khmer, Myanmar), and timed words join without a space.
NO_SPACE_SCRIPTS = frozenset({Script.HAN, Script.KANA, Script.THAI, Script.LAO, Script.KHMER, Script.MYANMAR})

# (first, last, script), sorted; code points outside every range are COMMON.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0370, 0x03FF, Script.GREEK),
    (0x0400, 0x052F, Script.CYRILLIC),
    (0x0530, 0x058F, Script.ARMENIAN),
    (0x0590, 0x05FF, Script.HEBREW),
    (0x0600, 0x06FF, Script.ARABIC),
    (0x0750, 0x077F, Script.ARABIC),
    (0x08A0, 0x08FF, Script.ARABIC),
    (0x0900, 0x097F, Script.DEVANAGARI),
    (0x0980, 0x09FF, Script.BENGALI),
    (0x0A00, 0x0A7F, Script.GURMUKHI),
    (0x0A80, 0x0AFF, Script.GUJARATI),
    (0x0B00, 0x0B7F, Script.ORIYA),
    (0x0B80, 0x0BFF, Script.TAMIL),
    (0x0C00, 0x0C7F, Script.TELUGU),
    (0x0C80, 0x0CFF, Script.KANNADA),
    (0x0D00, 0x0D7F, Script.MALAYALAM),
    (0x0D80, 0x0DFF, Script.SINHALA),
    (0x0E00, 0x0E7F, Script.THAI),
    (0x0E80, 0x0EFF, Script.LAO),
    (0x1000, 0x109F, Script.MYANMAR),
    (0x10A0, 0x10FF, Script.GEORGIAN),
    (0x1100, 0x11FF, Script.HANGUL),
    (0x1200, 0x139F, Script.ETHIOPIC),
    (0x1780, 0x17FF, Script.KHMER),
    (0x1C80, 0x1C8F, Script.CYRILLIC),
    (0x1E00, 0x1EFF, Script.LATIN),
    (0x1F00, 0x1FFF, Script.GREEK),
    (0x2C60, 0x2C7F, Script.LATIN),
    (0x2D00, 0x2D2F, Script.GEORGIAN),
    (0x2DE0, 0x2DFF, Script.CYRILLIC),
    (0x2E80, 0x303F, Script.HAN),
    (0x3040, 0x30FF, Script.KANA),
    (0x3100, 0x312F, Script.HAN),
    (0x3130, 0x318F, Script.HANGUL),
    (0x3190, 0x31EF, Script.HAN),
    (0x31F0, 0x31FF, Script.KANA),
    (0x3200, 0x9FFF, Script.HAN),
    (0xA640, 0xA69F, Script.CYRILLIC),
    (0xA720, 0xA7FF, Script.LATIN),
    (0xA960, 0xA97F, Script.HANGUL),
    (0xAB30, 0xAB6F, Script.LATIN),
    (0xAC00, 0xD7FF, Script.HANGUL),
    (0xF900, 0xFAFF, Script.HAN),
    (0xFB00, 0xFB06, Script.LATIN),
    (0xFB1D, 0xFB4F, Script.HEBREW),
    (0xFB50, 0xFDFF, Script.ARABIC),
    (0xFE30, 0xFE4F, Script.HAN),
    (0xFE70, 0xFEFE, Script.ARABIC),
    (0xFF00, 0xFF20, Script.HAN),
    (0xFF21, 0xFF3A, Script.LATIN),  # fullwidth Latin: drawn by the CJK font below
    (0xFF3B, 0xFF40, Script.HAN),
    (0xFF41, 0xFF5A, Script.LATIN),
    (0xFF5B, 0xFF60, Script.HAN),
    (0xFF61, 0xFF9F, Script.KANA),
    (0xFFA0, 0xFFDC, Script.HANGUL),
    (0xFFE0, 0xFFEE, Script.HAN),
    (0x1B000, 0x1B16F, Script.KANA),
    (0x20000, 0x3134F, Script.HAN),
)
_STARTS = tuple(r[0] for r in _RANGES)

# Code points shown as emoji even without U+FE0F (Emoji_Presentation=Yes), as ranges.
_EMOJI_PRESENTATION: tuple[tuple[int, int], ...] = (
    (0x231A, 0x231B),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F1E6, 0x1F1FF),
    (0x1F201, 0x1F251),
    (0x1F300, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F7E0, 0x1F7EB),
    (0x1F900, 0x1F9FF),
    (0x1FA70, 0x1FAFF),
)
_EMOJI_STARTS = tuple(r[0] for r in _EMOJI_PRESENTATION)

_ZWJ = "\u200d"
_VS15, _VS16 = "\ufe0e", "\ufe0f"
_KEYCAP = "\u20e3"
# Thai vowels written before the consonant they follow in speech, and vowels that lean on
# the previous consonant: a line never breaks after the first or before the second.
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")


def _is_extender(ch: str) -> bool:
    """True for code points that always attach to the cluster before them."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch in (_ZWJ, _VS15, _VS16, _KEYCAP)
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (subdivision flags)
        or ch in _THAI_FOLLOWING
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_virama(ch: str) -> bool:
    return unicodedata.combining(ch) == 9


def grapheme_clusters(text: str) -> list[str]:
    """Split ``text`` into user-perceived characters.

    Combining marks, variation selectors, skin tones, keycaps and ZWJ sequences stay with
    their base; regional indicators pair into flags; an Indic consonant after a virama joins
    the conjunct; Thai leading vowels stay with the consonant after them.
    """
    clusters: list[str] = []
    for ch in text:
        if clusters:
            last = clusters[-1]
            prev = last[-1]
            joins = (
                _is_extender(ch)
                or prev == _ZWJ
                or (_is_virama(prev) and unicodedata.category(ch).startswith("L"))
                or prev in _THAI_LEADING
                or (_is_regional_indicator(ch) and len(last) == 1 and _is_regional_indicator(prev))
            )
            if joins:
                clusters[-1] = last + ch
                continue
        clusters.append(ch)
    return clusters


def _char_script(ch: str) -> Script:
    cp = ord(ch)
    if cp < 0x0370:
        letter = unicodedata.category(ch).startswith("L")
        return Script.LATIN if letter and cp >= 0x41 else Script.COMMON
    i = bisect.bisect_right(_STARTS, cp) - 1
    if i >= 0 and _RANGES[i][0] <= cp <= _RANGES[i][1]:
        return _RANGES[i][2]
    return Script.COMMON


def _emoji_presentation(cp: int) -> bool:
    i = bisect.bisect_right(_EMOJI_STARTS, cp) - 1
    return i >= 0 and cp <= _EMOJI_PRESENTATION[i][1]


def is_emoji_cluster(cluster: str) -> bool:
    """True when ``cluster`` should be drawn as a colour emoji."""
    if _VS15 in cluster:
        return False
    if _VS16 in cluster or _KEYCAP in cluster:
        return True
    return any(_emoji_presentation(ord(ch)) for ch in cluster if ch != _ZWJ)


def cluster_script(cluster: str) -> Script:
    """The script of a grapheme cluster: emoji, the script of its base, or COMMON."""
    if is_emoji_cluster(cluster):
        return Script.EMOJI
    return _char_script(cluster[0])


def char_direction(ch: str) -> str:
    """``'rtl'`` for right-to-left letters, ``'ltr'`` for left-to-right ones, else ``''``."""
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return "rtl"
    if kind == "L":
        return "ltr"
    return ""


def text_direction(text: str) -> str:
    """The direction of the first strong character in ``text``, or ``''`` if none."""
    for ch in text:
        direction = char_direction(ch)
        if direction:
            return direction
    return ""


def bidi_kind(text: str) -> str:
    """How ``text`` orders in a line: ``'rtl'`` or ``'ltr'`` by its first strong character,
    ``'number'`` for digits without letters (they follow the letters before them), else ``''``."""
    direction = text_direction(text)
    if direction:
        return direction
    if any(unicodedata.bidirectional(ch) in ("EN", "AN") for ch in text):
        return "number"
    return ""
