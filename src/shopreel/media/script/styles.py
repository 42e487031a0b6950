"""Script styles: TopView's ``diyScriptStyle`` presets, read leniently.

TopView documents the presets only by their labels (pain point, curiosity hook, storytelling,
brand-oriented, AI auto-select); the exact wire strings are unknown, so any case, ``_``, ``-``
or extra spaces are accepted, plus a few short forms (``"pain"``, ``"story"``, ``"auto"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from shopreel.errors import InvalidInput

__all__ = ["STYLES", "AUTO", "DEFAULT_STYLES", "canonical_style", "auto_styles", "style_order"]

PAIN_POINT = "pain point"
CURIOSITY_HOOK = "curiosity hook"
STORYTELLING = "storytelling"
BRAND_ORIENTED = "brand-oriented"
AUTO = "auto"

STYLES = (PAIN_POINT, CURIOSITY_HOOK, STORYTELLING, BRAND_ORIENTED)
DEFAULT_STYLES = (PAIN_POINT, CURIOSITY_HOOK, STORYTELLING)

_ALIASES = {
    "pain point": PAIN_POINT,
    "painpoint": PAIN_POINT,
    "pain": PAIN_POINT,
    "curiosity hook": CURIOSITY_HOOK,
    "curiosity": CURIOSITY_HOOK,
    "hook": CURIOSITY_HOOK,
    "storytelling": STORYTELLING,
    "story telling": STORYTELLING,
    "story": STORYTELLING,
    "brand oriented": BRAND_ORIENTED,
    "brand": BRAND_ORIENTED,
    "ai auto select": AUTO,
    "auto select": AUTO,
    "ai auto": AUTO,
    "auto": AUTO,
}
_SEPARATORS = re.compile(r"[\s_\-]+")


def canonical_style(style: str) -> str:
    """``style`` as one of ``STYLES`` or ``AUTO``.

    Raises
    ------
    InvalidInput
        ``style`` names no known preset; the message lists them.
    """
    key = _SEPARATORS.sub(" ", style.casefold()).strip()
    if key not in _ALIASES:
        known = ", ".join((*STYLES, "AI auto-select"))
        raise InvalidInput(f"styles must name presets among {known}; got {style!r}")
    return _ALIASES[key]


def auto_styles(*, has_brand: bool) -> tuple[str, ...]:
    """The order in which "AI auto-select" uses the styles for a product.

    A product with a brand leads with the brand; otherwise a curiosity hook, which needs no
    fact beyond the name, comes first. The rest follow so that several auto scripts differ.
    """
    if has_brand:
        return (BRAND_ORIENTED, CURIOSITY_HOOK, PAIN_POINT, STORYTELLING)
    return (CURIOSITY_HOOK, PAIN_POINT, STORYTELLING, BRAND_ORIENTED)


def style_order(styles: Sequence[str] | None, *, has_brand: bool) -> tuple[str, ...]:
    """The canonical styles scripts take in turn, "AI auto-select" resolved for this product.

    ``None`` means ``DEFAULT_STYLES``, with a brand-oriented script in place of storytelling
    when the product has a brand. Each auto entry becomes the next style of
    ``auto_styles`` not already listed; a list of only auto entries is followed by the rest
    of ``auto_styles``, so that several auto scripts differ.

    Raises
    ------
    InvalidInput
        ``styles`` is empty, a bare string, or names an unknown preset.
    """
    if styles is None:  # storytelling shares pain point's problem lines: a brand makes a better third
        return (PAIN_POINT, CURIOSITY_HOOK, BRAND_ORIENTED) if has_brand else DEFAULT_STYLES
    if isinstance(styles, str) or not styles:
        raise InvalidInput(f"styles must be a non-empty sequence of preset names, got {styles!r}")
    order: list[str] = []
    automatic = iter(auto_styles(has_brand=has_brand))
    for style in map(canonical_style, styles):
        if style == AUTO:
            style = next((s for s in automatic if s not in order), auto_styles(has_brand=has_brand)[0])
        order.append(style)
    if all(canonical_style(style) == AUTO for style in styles):
        order.extend(style for style in auto_styles(has_brand=has_brand) if style not in order)
    return tuple(order)
