"""Line breaking: where a caption line may end, and which breaks make the best lines.

Text becomes a list of :class:`Piece` s, the smallest parts a line may break between:
words in space-separated languages, single characters in Chinese and Japanese, words
from speech timings in Thai (or grapheme clusters when there are none). Kinsoku rules
glue closing punctuation to what precedes it and opening brackets to what follows, so
"。" never starts a line and "「" never ends one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopreel.media.captions.scripts import NO_SPACE_SCRIPTS, Script, cluster_script, grapheme_clusters

__all__ = ["NO_BREAK_BEFORE", "NO_BREAK_AFTER", "Piece", "pieces_from_text", "pieces_from_words", "split_clusters", "units", "best_lines"]

# JIS X 4051 / UAX #14 classes CL, EX, IS, NS (subset): never at the start of a line.
NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！‼⁇⁈⁉ー゛゜ヽヾゝゞ々〻）］｝」』】〕〉》〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "…‥〜～!%),.:;?]}¢°‰′″℃ฯๆ।॥؟،؛"
)
# Class OP (subset): never at the end of a line.
NO_BREAK_AFTER = frozenset("（［｛「『【〔〈《〘〖〝‘“｟«([{£¥＄")

_BREAK_BETWEEN = frozenset({Script.HAN, Script.KANA})
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Piece:
    """An unbreakable part of a caption.

    ``word`` is the index of the (timed) word it belongs to; ``space_before`` says a space
    separates it from the previous piece; ``break_before`` says a line may start with it.
    """

    text: str
    word: int
    space_before: bool
    break_before: bool


def _split_token(token: str, word: int, space_before: bool, *, cluster_scripts: frozenset[Script]) -> list[Piece]:
    """Cut one space-free token into pieces: each cluster of a ``cluster_scripts`` script
    stands alone, everything between them stays together."""
    parts: list[str] = []
    alone_prev = True
    for cluster in grapheme_clusters(token):
        alone = cluster_script(cluster) in cluster_scripts
        if parts and not alone and not alone_prev:
            parts[-1] += cluster
        else:
            parts.append(cluster)
        alone_prev = alone
    return [Piece(p, word, space_before and i == 0, True) for i, p in enumerate(parts)]


def _apply_kinsoku(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        glued = i == 0 or piece.text[0] in NO_BREAK_BEFORE or pieces[i - 1].text[-1] in NO_BREAK_AFTER
        out.append(Piece(piece.text, piece.word, piece.space_before, piece.break_before and not glued))
    return out


def pieces_from_text(text: str) -> list[Piece]:
    """Pieces of plain text; each whitespace-separated token is one word.

    Thai, Lao, Khmer and Myanmar have no spaces between words and no word list here, so
    their lines may break between any two grapheme clusters (never inside one).
    """
    pieces: list[Piece] = []
    scripts = _BREAK_BETWEEN | NO_SPACE_SCRIPTS
    for word, match in enumerate(_WORDS.finditer(text)):
        pieces += _split_token(match.group(), word, word > 0, cluster_scripts=scripts)
    return _apply_kinsoku(pieces)


def _needs_space(before: str, after: str) -> bool:
    """Whether two timed words are written with a space between them."""
    last = cluster_script(grapheme_clusters(before)[-1])
    first = cluster_script(grapheme_clusters(after)[0])
    return last not in NO_SPACE_SCRIPTS and first not in NO_SPACE_SCRIPTS


def pieces_from_words(words: Sequence[str]) -> list[Piece]:
    """Pieces of a sequence of spoken words (from speech timings).

    Words join with a space unless either side is in a script written without spaces
    (Chinese, Japanese, Thai, ...). Thai words stay whole: the speech engine's word
    boundaries are the line-break opportunities.
    """
    pieces: list[Piece] = []
    previous = ""
    for word, text in enumerate(words):
        for i, match in enumerate(_WORDS.finditer(text)):
            space = i > 0 or (bool(previous) and _needs_space(previous, match.group()))
            pieces += _split_token(match.group(), word, space, cluster_scripts=_BREAK_BETWEEN)
            previous = match.group()
    return _apply_kinsoku(pieces)


def split_clusters(piece: Piece) -> list[Piece]:
    """A piece cut between its grapheme clusters: the last resort for a word too long for
    a line. The first part keeps the piece's break and space; kinsoku still applies."""
    parts = grapheme_clusters(piece.text)
    out = [Piece(parts[0], piece.word, piece.space_before, piece.break_before)]
    for part in parts[1:]:
        glued = part[0] in NO_BREAK_BEFORE or out[-1].text[-1] in NO_BREAK_AFTER
        out.append(Piece(part, piece.word, False, not glued))
    return out


def units(pieces: Sequence[Piece]) -> list[range]:
    """Runs of pieces a line may not break inside: each starts at a ``break_before`` piece."""
    starts = [i for i, p in enumerate(pieces) if p.break_before or i == 0]
    return [range(a, b) for a, b in zip(starts, starts[1:] + [len(pieces)], strict=True)]


def best_lines(widths: Sequence[float], gaps: Sequence[float], max_width: float) -> list[range]:
    """Group units into lines no wider than ``max_width``, as few and as even as possible.

    Parameters
    ----------
    widths
        Width of each unit, px.
    gaps
        Space before each unit when it does not start a line, px.
    max_width
        Widest allowed line, px. A unit wider than that gets a line of its own.

    Returns
    -------
    list of range
        Unit indices of each line, in order.

    Notes
    -----
    Greedy filling gives the fewest lines; among breaks with that many lines, dynamic
    programming picks the one with the smallest sum of squared line widths, which evens
    them out (no one-word last line under a full one).
    """
    n = len(widths)
    if n == 0:
        return []
    count = 1
    used = widths[0]
    for i in range(1, n):
        if used + gaps[i] + widths[i] > max_width:
            count += 1
            used = widths[i]
        else:
            used += gaps[i] + widths[i]
    prefix = [0.0]
    for i in range(n):
        prefix.append(prefix[-1] + widths[i] + (gaps[i] if i else 0.0))

    def width(a: int, b: int) -> float:  # units a..b-1 on one line
        return prefix[b] - prefix[a] - (gaps[a] if a else 0.0)

    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for b in range(1, n + 1):
            for a in range(b - 1, -1, -1):
                w = width(a, b)
                if w > max_width and b - a > 1:
                    break
                c = cost[k - 1][a] + w * w
                if c < cost[k][b]:
                    cost[k][b], back[k][b] = c, a
    lines: list[range] = []
    b = n
    for k in range(count, 0, -1):
        a = back[k][b]
        lines.append(range(a, b))
        b = a
    return lines[::-1]
