"""Timed captions: spoken words grouped into cues that fit the screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from shopreel.errors import InvalidInput
from shopreel.media.captions.breaking import Piece, pieces_from_words
from shopreel.media.captions.fonts import FontBook, find_fonts
from shopreel.media.captions.placement import check_frame_size, count_lines, place_block
from shopreel.media.captions.style import CaptionStyle

__all__ = ["TimedWord", "CueWord", "Cue", "build_cues", "cue_pieces"]

# A cue ends after a word ending a sentence (Latin, CJK, Arabic, Devanagari, Thai-less).
_SENTENCE_END = frozenset(".!?…。！？؟।")
# A cue would rather end after a word ending a clause.
_CLAUSE_END = frozenset(",;:、，；：،—–")


class TimedWord(Protocol):
    """A spoken word with its time in the audio, like ``shopreel.media.speech.WordTiming``."""

    @property
    def text(self) -> str: ...

    @property
    def start_ms(self) -> int | float: ...

    @property
    def end_ms(self) -> int | float: ...


@dataclass(frozen=True)
class CueWord:
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Cue:
    """Words shown together from ``start_ms`` to ``end_ms``; ``lines`` is how they wrap."""

    words: tuple[CueWord, ...]
    start_ms: int
    end_ms: int
    language: str
    lines: tuple[str, ...]


def cue_pieces(words: Sequence[CueWord], style: CaptionStyle) -> list[Piece]:
    """The breakable pieces of a cue's words as the style shows them (upper-cased or not)."""
    return pieces_from_words([w.text.upper() if style.uppercase else w.text for w in words])


def _checked_words(words: Sequence[TimedWord]) -> list[CueWord]:
    out: list[CueWord] = []
    previous_start = None
    for i, word in enumerate(words):
        text, start, end = word.text, word.start_ms, word.end_ms
        if not isinstance(text, str):
            raise InvalidInput(f"words[{i}].text must be a string, got {text!r}")
        if start < 0 or end < start:
            raise InvalidInput(f"words[{i}] ({text!r}) has a bad time range: start_ms={start}, end_ms={end}")
        if previous_start is not None and start < previous_start:
            raise InvalidInput(
                f"words[{i}] ({text!r}) starts at {start} ms, before words[{i - 1}] at {previous_start} ms"
            )
        previous_start = start
        if text.strip():
            out.append(CueWord(text.strip(), round(start), round(end)))
    return out


def _phrases(words: list[CueWord], pause_ms: int) -> list[list[CueWord]]:
    """Runs of words without a sentence end or a pause longer than ``pause_ms`` inside."""
    phrases: list[list[CueWord]] = []
    for word in words:
        if phrases:
            previous = phrases[-1][-1]
            if previous.text[-1] not in _SENTENCE_END and word.start_ms - previous.end_ms <= pause_ms:
                phrases[-1].append(word)
                continue
        phrases.append([word])
    return phrases


def _balanced(phrase: list[CueWord], fits: Callable[[list[CueWord]], bool], limit: int | None) -> list[list[CueWord]]:
    """Split ``phrase`` into the fewest cues that fit, then the most even, then after commas.

    A single word always makes a cue, fitting or not (the layout shrinks it). Fitting is
    taken to be monotone: if some words fit, so do fewer of them.
    """
    n = len(phrase)
    reach = []  # reach[i]: phrase[i:reach[i]] is the longest cue starting at word i
    end = 1
    for i in range(n):
        end = max(end, i + 1)  # what fits from word i - 1 fits from word i: start from there
        while end < n and (limit is None or end - i < limit) and fits(phrase[i : end + 1]):
            end += 1
        reach.append(end)
    fewest = [0] * (n + 1)  # fewest[i]: cues needed for phrase[i:]
    for i in range(n - 1, -1, -1):
        fewest[i] = 1 + min(fewest[j] for j in range(i + 1, reach[i] + 1))
    sizes = [len(w.text) + 1 for w in phrase]
    target = sum(sizes) / fewest[0]

    def cost(i: int, j: int) -> float:
        uneven = (sum(sizes[i:j]) - target) ** 2
        mid_clause = 0.0 if j == n or phrase[j - 1].text[-1] in _CLAUSE_END else (0.7 * target) ** 2
        return uneven + mid_clause

    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)  # best[i]: (cost of phrase[i:], end of its first cue)
    for i in range(n - 1, -1, -1):
        best[i] = min((cost(i, j) + best[j][0], j) for j in range(i + 1, reach[i] + 1)
                      if fewest[j] == fewest[i] - 1)
    cues, i = [], 0
    while i < n:
        cues.append(phrase[i : best[i][1]])
        i = best[i][1]
    return cues


def build_cues(
    words: Sequence[TimedWord],
    *,
    style: CaptionStyle,
    frame_size: tuple[int, int],
    language: str,
    max_lines: int = 2,
    hold_ms: int = 400,
    pause_ms: int = 700,
    fonts: FontBook | None = None,
) -> list[Cue]:
    """Group timed words into caption cues that fit the frame's safe area.

    Parameters
    ----------
    words
        Spoken words in time order: anything with ``text``, ``start_ms`` and ``end_ms``.
        Blank words are skipped.
    style
        Sets the font size (so how many words fit a line) and ``words_per_cue``.
    frame_size
        Video (width, height), px.
    language
        BCP 47 tag of the words (``en``, ``zh-CN``, ``ar``, ``th`` ...).
    max_lines
        Most lines a cue may take.
    hold_ms
        How long a cue may stay after its last word when the next one is not yet due: gaps
        up to this are closed (no flicker between cues), longer ones leave the screen empty.
    pause_ms
        A silence longer than this between two words starts a new cue.
    fonts
        Fonts to measure with; the system's by default.

    Returns
    -------
    list of Cue
        In time order, never overlapping. Each is on screen from its first word's start to
        its last word's end plus the hold.

    Raises
    ------
    InvalidInput
        For a word with a negative or reversed time range, words out of order, a bad
        ``frame_size`` or ``max_lines`` < 1.

    Notes
    -----
    A cue ends at a sentence end and at a pause. Each phrase between those is split into as
    few cues as fit (``max_lines`` lines of the safe width, laid out exactly as they will be
    drawn, at most ``style.words_per_cue`` words), as even in length as possible and
    preferably after a comma: "Meet the serum everyone / is talking about." rather than a
    full cue followed by one orphaned word.
    """
    frame = check_frame_size(frame_size)
    if max_lines < 1:
        raise InvalidInput(f"max_lines must be >= 1, got {max_lines}")
    if hold_ms < 0 or pause_ms < 0:
        raise InvalidInput(f"hold_ms and pause_ms must be >= 0, got {hold_ms} and {pause_ms}")
    fonts = fonts or find_fonts()
    checked = _checked_words(words)

    def fits(group: list[CueWord]) -> bool:
        lines, short_enough = count_lines(
            cue_pieces(group, style), fonts=fonts, style=style, frame_size=frame, language=language
        )
        return lines <= max_lines and short_enough

    groups = [cue for phrase in _phrases(checked, pause_ms) for cue in _balanced(phrase, fits, style.words_per_cue)]

    cues: list[Cue] = []
    for i, group in enumerate(groups):
        start = group[0].start_ms
        end = max(w.end_ms for w in group) + hold_ms
        if i + 1 < len(groups):
            end = min(end, groups[i + 1][0].start_ms)
        end = max(end, start + 1)
        placed = place_block(cue_pieces(group, style), fonts=fonts, style=style, frame_size=frame, language=language)
        lines = tuple(line.text for line in placed.layout.lines)
        cues.append(Cue(tuple(group), start, end, language, lines))
    return cues
