"""The records of script writing: product facts in, scripts of spoken segments out.

A script is what the avatar says in one M2V video: segments in speaking order, each with the
job it does in the ad (``role``). ``segId`` and ``scriptId`` on the wire are ``seg_id`` and
``script_id`` here, both counted from 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from shopreel.errors import InvalidInput

__all__ = [
    "ROLES",
    "UNSPACED_LANGUAGES",
    "LENGTH_TYPES",
    "LengthRange",
    "ProductFacts",
    "Segment",
    "Script",
    "ScriptWriter",
    "join_sentences",
]

ROLES = ("hook", "problem", "product", "benefit", "proof", "cta")

# Languages written without spaces between sentences (full-width punctuation ends them).
UNSPACED_LANGUAGES = frozenset({"ja", "zh-CN", "zh-Hant"})


@dataclass(frozen=True)
class Segment:
    """One spoken line of a script; ``role`` is one of ``ROLES``."""

    seg_id: int
    text: str
    role: str

    def __post_init__(self) -> None:
        if self.seg_id < 1:
            raise InvalidInput(f"seg_id must be >= 1, got {self.seg_id}")
        if not self.text.strip():
            raise InvalidInput(f"text of segment {self.seg_id} is empty")
        if self.role not in ROLES:
            raise InvalidInput(f"role must be one of {', '.join(ROLES)}; got {self.role!r}")


@dataclass(frozen=True)
class Script:
    """A whole script in one language; ``style`` is a canonical style name or ``"diy"``."""

    script_id: int
    style: str
    segments: tuple[Segment, ...]
    language: str

    def __post_init__(self) -> None:
        if self.script_id < 1:
            raise InvalidInput(f"script_id must be >= 1, got {self.script_id}")
        if not self.segments:
            raise InvalidInput(f"script {self.script_id} has no segments")

    @property
    def text(self) -> str:
        """The segments as one text to speak, joined the way the language writes sentences."""
        return join_sentences([segment.text for segment in self.segments], language=self.language)


def join_sentences(sentences: Sequence[str], *, language: str) -> str:
    """``sentences`` as one text: with spaces, or none in Chinese and Japanese."""
    return ("" if language in UNSPACED_LANGUAGES else " ").join(sentences)


@dataclass(frozen=True)
class ProductFacts:
    """What a script may say about the product: only these facts, nothing invented.

    ``price`` is a decimal string (``"19.99"``) and ``currency`` an ISO 4217 code, as the
    scraper reports them; free text (``description``, ``target_audience``) may be in any
    language.
    """

    name: str
    description: str | None = None
    price: str | None = None
    currency: str | None = None
    brand: str | None = None
    target_audience: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput("name must not be empty")


@dataclass(frozen=True)
class LengthRange:
    """The spoken length a script must have, in seconds, both ends included."""

    min_s: float
    max_s: float

    def __post_init__(self) -> None:
        if not 0 < self.min_s < self.max_s:
            raise InvalidInput(f"length must satisfy 0 < min_s < max_s, got {self}")

    def __contains__(self, seconds: float) -> bool:
        return self.min_s <= seconds <= self.max_s


# TopView's ``videoLengthType`` (TOPVIEW_API.md §1.1).
LENGTH_TYPES: dict[int, LengthRange] = {
    1: LengthRange(30, 50),
    2: LengthRange(15, 30),
    3: LengthRange(30, 45),
    4: LengthRange(45, 60),
}


class ScriptWriter(Protocol):
    """Writes marketing scripts for a product; ``write_scripts`` is the built-in one."""

    def __call__(
        self,
        facts: ProductFacts,
        *,
        language: str,
        length: LengthRange,
        styles: Sequence[str] | None = None,
        count: int = 3,
        seed: int = 0,
        measure: Callable[[str], float] | None = None,
        prompt: str | None = None,
    ) -> list[Script]: ...
