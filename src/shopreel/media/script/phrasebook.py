"""The hand-written ad copy of one language: what every generated script is made of.

Templates are ``str.format`` strings; the only fields are ``{name}``, ``{brand}``,
``{price}``, ``{audience}`` / ``{Audience}`` (capitalized) and ``{word}``. Lines carry their
own native punctuation. Copy is written so that the product name never has to agree with
anything (no articles, adjectives or pronouns that would need its gender or case), which
keeps it grammatical for any name in any language.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from shopreel.errors import InvalidInput

__all__ = ["Phrasebook", "TONES"]

TONES = ("playful", "luxury", "urgent", "calm", "price")

_FIELDS = {
    "hooks": set(),
    "problems": set(),
    "intros": {"name"},
    "story_intro": {"name"},
    "brand_intro": {"name", "brand"},
    "benefits": set(),
    "proofs": set(),
    "audience": {"audience", "Audience"},
    "price": {"price"},
    "ctas": set(),
    "button": set(),
    "tones": set(),
    "mention": {"word"},
}


@dataclass(frozen=True)
class Phrasebook:
    """One language's lines, by the part of the ad they play.

    ``hooks`` maps each style to an opening line and a follow-up line (the follow-up makes the
    long variant of the hook); the brand-oriented hook names ``{brand}`` (the product name when
    there is no brand). ``problems`` describe the pain in words that suit both pain-point and
    storytelling scripts. ``benefits`` and ``proofs`` are generic and true of any decent
    product; ``tones`` hold one line per prompt tone in ``TONES``. ``full_stop`` ends a
    sentence taken from a product description (``"."``, ``"。"``, ``"।"``, or nothing in Thai).
    ``button`` is written, not spoken: the call to action on the end card's button, two or
    three words as shops write them on a buy button ("Shop now", "Jetzt kaufen", "今すぐ購入"),
    without final punctuation.
    """

    language: str
    button: str
    hooks: dict[str, tuple[str, str]]
    problems: tuple[str, str]
    intros: tuple[str, str]
    story_intro: str
    brand_intro: str
    benefits: tuple[str, str, str, str, str, str]
    proofs: tuple[str, str, str]
    audience: str
    price: str
    ctas: tuple[str, str]
    tones: dict[str, str]
    mention: str
    full_stop: str = "."

    def __post_init__(self) -> None:
        if set(self.tones) != set(TONES):
            raise InvalidInput(f"{self.language}: tones must cover {TONES}, got {sorted(self.tones)}")
        for name, allowed in _FIELDS.items():
            for template in _templates(getattr(self, name)):
                used = {slot for _, slot, _, _ in string.Formatter().parse(template) if slot is not None}
                if name == "hooks":
                    allowed = {"brand"}
                if not used <= allowed or not template.strip():
                    raise InvalidInput(f"{self.language}: {name} template {template!r} may only use {sorted(allowed)}")
        for name in ("intros", "story_intro"):
            for template in _templates(getattr(self, name)):
                if "{name}" not in template:
                    raise InvalidInput(f"{self.language}: {name} template {template!r} must name the product")


def _templates(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _templates(item)]
    return [text for item in value for text in _templates(item)]  # type: ignore[attr-defined]
