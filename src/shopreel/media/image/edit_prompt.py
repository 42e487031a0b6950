"""The few edits ShopReel reads from TopView's free-text ``imageEditPrompt``.

A diffusion editor would follow the whole sentence; the classical product replace only
knows which hand holds the product, its size and its tilt, so those are picked out of the
text and everything else in it is left to the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EditIntent", "parse_edit_prompt"]

_BIGGER, _MUCH_BIGGER = 1.2, 1.4
_SMALLER, _MUCH_SMALLER = 0.8, 0.6
_TILT_DEG = 12.0
_MAX_TILT_DEG = 45.0

_WORD_GAP = r"(?:\s+\S+){0,%d}?\s+"  # up to N whole words between two phrases
_NEGATION = re.compile(r"\b(?:not|don'?t|do\s+not|never|no|without|avoid|neither|nor)\b(?:\s+\S+){0,3}\s*$")
_SLIGHT = re.compile(
    r"\b(?:slight(?:ly)?|a\s+(?:little(?:\s+bit)?|bit|touch)|a\s+tad|somewhat|gently)\b|稍微|稍稍|略微|略|一点点"
)
_MUCH = re.compile(r"\b(?:much|a\s+lot|way|far|significantly|considerably|substantially|lots)\b|很多|得多|许多")

_HAND = re.compile(r"\b(left|right)(?:\s*-\s*|\s+)hand\b|([左右])手", re.IGNORECASE)
_SIZE = re.compile(
    r"\b(?P<up>bigger|larger|enlarge[ds]?|enlarging|scale\s+(?:it\s+)?up|size\s+up|increase\s+(?:the\s+|its\s+)?size)\b"
    r"|\b(?P<down>smaller|shrink(?:s|ing)?|shrunk|scale\s+(?:it\s+)?down|reduce\s+(?:the\s+|its\s+)?size"
    r"|decrease\s+(?:the\s+|its\s+)?size)\b"
    r"|(?P<up_zh>放大|变大|更大|大一点|大一些|大些)|(?P<down_zh>缩小|变小|更小|小一点|小一些|小些)",
    re.IGNORECASE,
)
_TILT = re.compile(
    r"\b(?:tilt(?:ed|ing|s)?|rotat(?:e|ed|es|ing)|turn(?:ed|ing|s)?|angl(?:e|ed|ing)|lean(?:ed|ing|s)?"
    r"|slant(?:ed|ing)?)"
    r"(?P<between>" + _WORD_GAP % 6 + r")"
    r"(?P<way>left|right|(?:counter|anti)[\s-]?clockwise|clockwise)\b(?!\s*-?\s*(?:hand|arm|shoulder|leg|eye))"
    r"|(?P<zh>向左|向右|往左|往右|左|右|逆时针|顺时针)(?:倾斜|倾|偏|旋转|转|歪)",
    re.IGNORECASE,
)
_DEGREES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:°|degrees?\b|deg\b|度)", re.IGNORECASE)


@dataclass(frozen=True)
class EditIntent:
    """What a prompt asks of the product replace: the holding hand (``"left"``, ``"right"``
    or ``None`` for either), the product's size relative to the old object, and its extra
    tilt in degrees (positive: clockwise on screen, its top leaning right)."""

    hand: str | None = None
    scale: float = 1.0
    tilt_deg: float = 0.0


def parse_edit_prompt(text: str) -> EditIntent:
    """Read the hand, size and tilt a free-text ``imageEditPrompt`` asks for.

    Parameters
    ----------
    text : str
        The prompt, in English or Chinese; case and punctuation do not matter.

    Returns
    -------
    EditIntent
        Neutral (``hand=None, scale=1.0, tilt_deg=0.0``) for anything not listed below,
        such as TopView's default prompt ("Replace the item in the hand of the person in
        Picture 1 with the one in Picture 2. Keep the composition position and gesture...").

    Raises
    ------
    TypeError
        ``text`` is not a string.

    Notes
    -----
    The vocabulary, matched as whole words:

    - **Hand**: "left hand" / "right hand" (also "left-hand", "in her left hand", "in the
      right hand"), Chinese 左手 / 右手. "hand" alone, or both hands named, gives ``None``.
      Left and right are the person's own hands.
    - **Bigger**: "bigger", "larger", "enlarge", "scale up", "size up", "increase the
      size", 放大 / 变大 / 更大 / 大一点: x1.2; with "much", "a lot", "way", "far",
      "significantly" (很多, 得多) before it: x1.4.
    - **Smaller**: "smaller", "shrink", "scale down", "reduce the size", 缩小 / 变小 /
      更小 / 小一点: x0.8; "much smaller": x0.6.
    - **Tilt**: "tilt", "rotate", "turn", "angle", "lean" or "slant", followed within six
      words by "left" / "counterclockwise" (-12 degrees) or "right" / "clockwise"
      (+12 degrees); Chinese 向左倾斜, 左倾, 逆时针旋转 / 向右倾斜, 右倾, 顺时针旋转. An
      explicit angle next to it ("rotate 20 degrees to the left", 30度) is used instead,
      up to 45 degrees.
    - "slightly", "a little", "a bit", "somewhat" (稍微, 略微) halve a size change or tilt.
    - A change after "not", "don't", "never", "no" or "without" (within three words) is
      ignored: "do not make it bigger" changes nothing.

    The first size change and the first tilt that are not negated count; a "left" or
    "right" followed by "hand" (or "arm", "shoulder") names a body part, never a tilt.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return EditIntent(hand=_hand(text), scale=_scale(text), tilt_deg=_tilt(text))


def _hand(text: str) -> str | None:
    sides = set()
    for match in _HAND.finditer(text):
        english, chinese = match.groups()
        sides.add(english.lower() if english else {"左": "left", "右": "right"}[chinese])
    return sides.pop() if len(sides) == 1 else None


def _scale(text: str) -> float:
    for match in _SIZE.finditer(text):
        before = text[: match.start()]
        if _negated(before):
            continue
        up = bool(match.group("up") or match.group("up_zh"))
        # English modifiers come before the word; Chinese ones may follow it (放大很多).
        around = _lead(before) + " " + text[match.end() : match.end() + 3]
        if _MUCH.search(around):
            return _MUCH_BIGGER if up else _MUCH_SMALLER
        change = (_BIGGER if up else _SMALLER) - 1.0
        if _SLIGHT.search(around):
            change /= 2
        return round(1.0 + change, 6)
    return 1.0


def _tilt(text: str) -> float:
    for match in _TILT.finditer(text):
        before = text[: match.start()]
        if _negated(before):
            continue
        way = (match.group("way") or match.group("zh")).lower()
        sign = -1.0 if ("left" in way or "左" in way or "counter" in way or "anti" in way or "逆" in way) else 1.0
        clause = _lead(before) + match.group(0) + text[match.end() : match.end() + 12]
        degrees = _DEGREES.search(clause)
        size = min(float(degrees.group(1)), _MAX_TILT_DEG) if degrees else _TILT_DEG
        if not degrees and _SLIGHT.search(clause):
            size /= 2
        return sign * size
    return 0.0


def _lead(before: str) -> str:
    """The last three words (or six characters, for Chinese) before a match: where its modifiers sit."""
    return " ".join(before.split()[-3:]) + " " + before[-6:]


def _negated(before: str) -> bool:
    return bool(_NEGATION.search(before.lower())) or before.rstrip().endswith(("不要", "不", "别", "勿"))
