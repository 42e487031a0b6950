"""Writing marketing scripts from hand-written templates, fitted to a spoken length.

Each script is assembled from its language's ``Phrasebook``: a hook in the script's style,
the product introduction, benefits (short lines taken from the description when it is in
the script's language, else the phrasebook's generic ones), the target audience, proof
lines, and a call to action that carries the price. Only the facts given are stated.

Fitting the length: the lines of a style are ranked, core lines first (hook, introduction,
call to action, and whatever the prompt asks for), then the optional ones in the order a
copywriter would add them. A script is the core plus the first ``k`` optional lines; since
each line adds time, the spoken length grows with ``k``, and a bisection finds the ``k``
whose length is closest to the middle of the range, measuring a handful of candidates.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from shopreel.errors import InvalidInput
from shopreel.media.script.duration import estimate_seconds
from shopreel.media.script.facts import is_in_language, selling_points
from shopreel.media.script.phrasebook import Phrasebook
from shopreel.media.script.phrases import phrasebook
from shopreel.media.script.price import format_price
from shopreel.media.script.prompt import Steering, read_prompt
from shopreel.media.script.styles import BRAND_ORIENTED, CURIOSITY_HOOK, PAIN_POINT, STORYTELLING, style_order
from shopreel.media.script.types import LengthRange, ProductFacts, Script, Segment, join_sentences

__all__ = ["MAX_COUNT", "write_scripts"]

MAX_COUNT = 8

# Optional lines by style, in the order they are added as the script grows. Names refer to
# ``_Material``; a name whose material is missing (no audience, fewer points) is skipped.
_LADDERS = {
    PAIN_POINT: ("problem1", "point1", "point2", "audience", "proof1", "hook_more", "point3", "point4", "point5", "generic1",
                 "problem2", "generic2", "proof2", "generic3", "generic4", "generic5", "proof3", "generic6",
                 "cta2"),
    CURIOSITY_HOOK: ("hook_more", "point1", "point2", "audience", "proof1", "point3", "point4", "point5", "generic1", "generic2",
                     "proof2", "generic3", "generic4", "problem2", "generic5", "proof3", "generic6", "problem1",
                     "cta2"),
    STORYTELLING: ("hook_more", "problem1", "point1", "point2", "audience", "proof1", "point3", "point4", "point5", "generic1",
                   "problem2", "generic2", "proof2", "generic3", "generic4", "generic5", "proof3", "generic6",
                   "cta2"),
    BRAND_ORIENTED: ("hook_more", "point1", "point2", "audience", "proof1", "point3", "point4", "point5", "generic1", "generic2",
                     "proof2", "generic3", "generic4", "generic5", "proof3", "generic6", "problem2", "problem1",
                     "cta2"),
}  # fmt: skip
# Lines every script has when their material exists: what the prompt asked for included.
_CORE = frozenset({"hook", "intro", "tone", "price_early", "mention", "cta"})
# Where each line sits in the finished script, and the role it plays there.
_SLOTS = (
    ("hook", "hook"), ("hook_more", "hook"), ("problem1", "problem"), ("problem2", "problem"),
    ("intro", "product"), ("tone", "product"), ("price_early", "product"), ("point1", "benefit"), ("point2", "benefit"),
    ("point3", "benefit"), ("point4", "benefit"), ("point5", "benefit"), ("generic1", "benefit"), ("generic2", "benefit"), ("generic3", "benefit"),
    ("generic4", "benefit"), ("generic5", "benefit"), ("generic6", "benefit"), ("audience", "benefit"),
    ("proof1", "proof"), ("proof2", "proof"), ("proof3", "proof"), ("mention", "benefit"), ("cta", "cta"), ("cta2", "cta"),
)  # fmt: skip


@dataclass(frozen=True)
class _Facts:
    """The product facts as they may be said in the script's language."""

    name: str
    brand: str | None
    price: str | None
    audience: str | None
    points: tuple[str, ...]


def write_scripts(
    facts: ProductFacts,
    *,
    language: str,
    length: LengthRange,
    styles: Sequence[str] | None = None,
    count: int = 3,
    seed: int = 0,
    measure: Callable[[str], float] | None = None,
    prompt: str | None = None,
) -> list[Script]:
    """Write ``count`` distinct marketing scripts for a product, each fitted to ``length``.

    Parameters
    ----------
    facts : ProductFacts
        What may be said. The name, brand and price are used as given; description lines
        and the target audience only when written in ``language`` (see ``facts.py``).
    language : str
        One of TopView's 33 codes (``"en"``, ``"zh-CN"``...), any case.
    length : LengthRange
        The spoken length in seconds, e.g. ``LENGTH_TYPES[video_length_type]``.
    styles : sequence of str, optional
        ``diyScriptStyle`` presets, read leniently ("pain_point", "AI auto-select"); the
        scripts take them in turn. Default: pain point, curiosity hook, storytelling.
    count : int
        Number of scripts, 1 to ``MAX_COUNT``.
    seed : int
        Picks among equivalent template lines; the same seed gives the same scripts.
    measure : callable, optional
        ``measure(text) -> seconds`` of speaking ``text``, backed by the real TTS voice;
        default ``estimate_seconds`` for the language.
    prompt : str, optional
        ``diyScriptPrompt``; the instructions ``prompt.read_prompt`` understands are followed.

    Returns
    -------
    list of Script
        ``script_id`` 1 to ``count``; segments in speaking order, the call to action last.

    Raises
    ------
    InvalidInput
        Unknown ``language`` or ``styles``, ``count`` out of range, or ``length`` that no
        script of this product can fit (its core lines alone are too long, or all its lines
        together too short).
    """
    book = phrasebook(language)
    if not isinstance(facts, ProductFacts):
        raise InvalidInput(f"facts must be a ProductFacts, got {type(facts).__name__}")
    if not isinstance(length, LengthRange):
        raise InvalidInput(f"length must be a LengthRange, got {length!r}")
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput(f"count must be in [1, {MAX_COUNT}], got {count}")
    spoken = _spoken_facts(facts, book)
    order = style_order(styles, has_brand=spoken.brand is not None)
    steering = read_prompt(prompt)
    measure = measure or partial(estimate_seconds, language=book.language)
    first_variant = random.Random(seed).randrange(6)
    scripts = []
    for index in range(count):
        style = order[index % len(order)]
        variant = first_variant + index // len(order)
        lines = _material(book, style, spoken, steering, variant=variant, rotation=variant + index)
        chosen = _fit(lines, _ladder(style, lines), book.language, length, measure)
        segments = tuple(Segment(seg_id, text, role) for seg_id, (role, text) in enumerate(chosen, start=1))
        scripts.append(Script(script_id=index + 1, style=style, segments=segments, language=book.language))
    return scripts


def _spoken_facts(facts: ProductFacts, book: Phrasebook) -> _Facts:
    audience = (facts.target_audience or "").strip()
    price = format_price(facts.price, facts.currency, language=book.language) if facts.price else None
    description = facts.description or ""
    points = (selling_points(description, language=book.language, full_stop=book.full_stop, limit=5)
              if description else ())
    return _Facts(
        name=facts.name.strip(),
        brand=(facts.brand or "").strip() or None,
        price=price,
        audience=audience if audience and is_in_language(audience, book.language, strict=False) else None,
        points=points,
    )


def _material(book: Phrasebook, style: str, facts: _Facts, steering: Steering, *, variant: int,
              rotation: int) -> dict[str, str]:
    """Every line the script may use, by slot name; missing facts leave their slots out.
    ``variant`` picks the introduction; ``rotation`` (different for each script of a set) the
    call to action and the order of the problem, generic benefit and proof lines, so that the
    scripts of one set do not share them."""
    fill = {"name": facts.name, "brand": facts.brand or facts.name}
    hook, hook_more = book.hooks[style]
    if style == STORYTELLING:
        intro = book.story_intro
    elif style == BRAND_ORIENTED and facts.brand:
        intro = book.brand_intro
    else:  # pain point and curiosity hook take different introductions in the same round
        intro = book.intros[(variant + (style == PAIN_POINT)) % 2]
    first_cta = book.ctas[rotation % 2]
    if "urgent" in steering.tones:
        first_cta = join_sentences([book.tones["urgent"], first_cta], language=book.language)
    price_line = book.price.format(price=facts.price) if facts.price else None
    lines = {
        "hook": hook.format(**fill),
        "hook_more": hook_more.format(**fill),
        "intro": intro.format(**fill),
        "problem1": book.problems[rotation % 2],
        "problem2": book.problems[(rotation + 1) % 2],
        "cta": join_sentences([line for line in (price_line, first_cta) if line], language=book.language),
        "cta2": book.ctas[(rotation + 1) % 2],
    }
    if steering.price_emphasis:  # the price moves up, next to a line on its value
        value = [line for line in (book.tones["price"], price_line) if line]
        lines["price_early"] = join_sentences(value, language=book.language)
        lines["cta"] = first_cta
    for number, benefit in enumerate(_rotated(book.benefits, rotation), start=1):
        lines[f"generic{number}"] = benefit
    for number, proof in enumerate(_rotated(book.proofs, rotation), start=1):
        lines[f"proof{number}"] = proof
    for number, point in enumerate(facts.points, start=1):
        lines[f"point{number}"] = point
    if facts.audience:
        lines["audience"] = book.audience.format(audience=facts.audience, Audience=_capitalized(facts.audience))
    tones = [book.tones[tone] for tone in steering.tones if tone != "urgent"]
    if tones:
        lines["tone"] = join_sentences(tones, language=book.language)
    if steering.mentions:
        mentions = [book.mention.format(word=word) for word in steering.mentions]
        lines["mention"] = join_sentences(mentions, language=book.language)
    return lines


def _ladder(style: str, lines: dict[str, str]) -> tuple[str, ...]:
    return tuple(name for name in _LADDERS[style] if name in lines)


def _fit(
    lines: dict[str, str],
    ladder: tuple[str, ...],
    language: str,
    length: LengthRange,
    measure: Callable[[str], float],
) -> list[tuple[str, str]]:
    """The core lines plus the first ``k`` of ``ladder``, ``k`` putting the length nearest mid-range."""
    core = {name for name in lines if name in _CORE}
    seconds: dict[int, float] = {}

    def script(k: int) -> list[tuple[str, str]]:
        keep = core | set(ladder[:k])
        return [(role, lines[name]) for name, role in _SLOTS if name in keep]

    def spoken(k: int) -> float:
        if k not in seconds:
            seconds[k] = measure(join_sentences([text for _, text in script(k)], language=language))
        return seconds[k]

    middle = (length.min_s + length.max_s) / 2
    low, high = 0, len(ladder)  # find the largest k whose length is at most the middle
    if spoken(low) > middle:
        high = low
    while low < high:
        k = (low + high + 1) // 2
        if spoken(k) <= middle:
            low = k
        else:
            high = k - 1
    candidates = [k for k in (low, low + 1) if k <= len(ladder) and spoken(k) in length]
    if not candidates:
        raise InvalidInput(
            f"length {length.min_s:g}-{length.max_s:g} s cannot be met: this product's scripts run from "
            f"{spoken(0):.1f} s to {spoken(len(ladder)):.1f} s"
        )
    return script(min(candidates, key=lambda k: abs(spoken(k) - middle)))


def _rotated(items: tuple[str, ...], by: int) -> tuple[str, ...]:
    by %= len(items)
    return items[by:] + items[:by]


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
