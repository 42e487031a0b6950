"""Reading ``diyScriptPrompt``: the few instructions the template writer understands.

Understood, in English, case-insensitively (anything else in the prompt is ignored):

- Tone words add one line of that tone after the hook:
  ``funny``, ``fun``, ``playful``, ``humor``/``humour``, ``humorous``, ``witty`` -> playful;
  ``luxury``, ``luxurious``, ``elegant``, ``premium``, ``classy``, ``sophisticated`` -> luxury;
  ``urgent``, ``urgency``, ``limited``, ``hurry``, ``last chance``, ``fomo``, ``flash sale``
  -> urgent; ``calm``, ``relaxed``, ``relaxing``, ``soothing``, ``gentle``, ``soft`` -> calm.
- Price emphasis (``price``, ``discount``, ``deal``, ``sale``, ``cheap``, ``affordable``,
  ``save``, ``bargain``, ``% off``) adds a line on the price's value and moves the price
  there, right after the product is introduced, out of the call to action.
- ``mention X``, ``include X``, ``say X``, ``use the word X`` (``X`` quoted, or the words up
  to the next punctuation) adds a line naming ``X`` as written, before the call to action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Steering", "read_prompt"]

_TONE_WORDS = {
    "playful": ("funny", "fun", "playful", "humor", "humour", "humorous", "witty"),
    "luxury": ("luxury", "luxurious", "elegant", "premium", "classy", "sophisticated"),
    "urgent": ("urgent", "urgency", "limited", "hurry", "last chance", "fomo", "flash sale"),
    "calm": ("calm", "relaxed", "relaxing", "soothing", "gentle", "soft"),
}
_PRICE = re.compile(r"\b(price|prices|discount\w*|deal|deals|sale|cheap|affordable|save|bargain)\b|%\s*off\b")
_MENTION = re.compile(
    r"\b(?:mention|include|say|use the word|use the phrase)\s+"
    r"(?:the\s+(?:word|phrase)\s+)?(?:[\"'“‘«](?P<quoted>[^\"'”’»]+)[\"'”’»]|(?P<bare>[^.,;:!?\n]+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Steering:
    """What a prompt asks for: tones (from ``phrasebook.TONES``), price emphasis, words to say."""

    tones: tuple[str, ...] = ()
    price_emphasis: bool = False
    mentions: tuple[str, ...] = ()


def read_prompt(prompt: str | None) -> Steering:
    """The instructions found in ``prompt``; an empty ``Steering`` for ``None`` or nothing known."""
    if not prompt:
        return Steering()
    lowered = prompt.casefold()
    tones = tuple(
        tone
        for tone, words in _TONE_WORDS.items()
        if any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words)
    )
    mentions = []
    for match in _MENTION.finditer(prompt):
        word = (match.group("quoted") or match.group("bare")).strip()
        if word and word.casefold() not in {m.casefold() for m in mentions}:
            mentions.append(word)
    return Steering(tones=tones, price_emphasis=bool(_PRICE.search(lowered)), mentions=tuple(mentions))
