"""Timed words for caption tests, shaped like the speech engine's ``WordTiming``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    text: str
    start_ms: int
    end_ms: int


def timed(texts: Sequence[str], *, step_ms: int = 400, length_ms: int = 350, start_ms: int = 0) -> list[Word]:
    """One word every ``step_ms``, each spoken for ``length_ms``."""
    return [Word(t, start_ms + i * step_ms, start_ms + i * step_ms + length_ms) for i, t in enumerate(texts)]
