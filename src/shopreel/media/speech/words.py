"""The words of an input text, and their times from a synthesizer's word events.

Captions show words as the user wrote them, so every word here is a substring of the input:

- A word is a whitespace-separated token holding at least one letter or digit, punctuation
  attached as written (``"Hi!"``, ``"¡Hola!"``). Tokens with no letter or digit (a lone dash,
  an emoji) are not words: they get no timing.
- Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) have no tokens to go
  by, so a token of such a script is cut where the synthesizer reported a word start. Cuts
  are moved forward off places no word can start (a Thai following vowel, a combining mark,
  a Thai final consonant, a small kana), or back onto a Thai leading vowel written before its
  consonant, and a piece with no letter joins the word before it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from shopreel.media.speech._libespeak import WordEvent
from shopreel.media.speech.types import WordTiming

__all__ = ["word_spans", "align_words", "share_span"]

_TOKEN = re.compile(r"\S+")
_CONTINUOUS_SCRIPTS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# Letters that continue the syllable before them, and Thai/Lao vowels written before the
# consonant they follow in speech: no word starts at the first or right after the second.
_CONTINUES_SYLLABLE = frozenset("ะาำๅະາຳぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー")
_LEADING_VOWELS = frozenset("เแโใไເແໂໃໄ")
# A Thai or Lao consonant right after a vowel sign or tone mark closes that syllable (ชิ้น).
_THAI_LAO_CONSONANTS = ((0x0E01, 0x0E2E), (0x0E81, 0x0EAE))


def _is_continuous(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CONTINUOUS_SCRIPTS)


def _has_letter(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _can_cut(text: str, at: int) -> bool:
    char, before = text[at], text[at - 1]
    if char in _CONTINUES_SYLLABLE or before in _LEADING_VOWELS or unicodedata.category(char).startswith("M"):
        return False
    thai_lao_consonant = any(low <= ord(char) <= high for low, high in _THAI_LAO_CONSONANTS)
    if thai_lao_consonant and unicodedata.category(before).startswith("M"):
        return False
    last_letter = next((c for c in reversed(text[:at]) if c.isalnum()), before)
    return _is_continuous(char) or _is_continuous(last_letter)


def _snap(text: str, at: int, end: int) -> int | None:
    """Where a word reported at ``at`` can start: its leading vowel, or the next valid place."""
    if text[at - 1] in _LEADING_VOWELS:
        at -= 1
    while at < end and not _can_cut(text, at):
        at += 1
    return at if at < end else None


def _cut_token(text: str, start: int, end: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    snapped = (_snap(text, at, end) for at in cuts if start < at < end)
    bounds = [start, *sorted({at for at in snapped if at is not None}), end]
    pieces: list[tuple[int, int]] = []
    for left, right in zip(bounds, bounds[1:]):
        if pieces and not (_has_letter(text[left:right]) and _has_letter(text[pieces[-1][0] : pieces[-1][1]])):
            pieces[-1] = (pieces[-1][0], right)
        else:
            pieces.append((left, right))
    return pieces


def word_spans(text: str, cuts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the words of ``text``, in order.

    ``cuts`` are character indices where a synthesizer started a word; they only split
    tokens of scripts written without spaces.
    """
    ordered = sorted(set(cuts))
    spans: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text):
        inside = ordered[bisect.bisect_right(ordered, token.start()) : bisect.bisect_left(ordered, token.end())]
        pieces = _cut_token(text, token.start(), token.end(), inside)
        spans.extend((left, right) for left, right in pieces if _has_letter(text[left:right]))
    return spans


def _voiced_end(voiced: Sequence[tuple[int, int]], start: int, stop: int) -> int | None:
    """End of the last voiced span starting in ``[start, stop)``, clipped to ``stop``."""
    ends = [min(end, stop) for begin, end in voiced if start <= begin < stop]
    return max(ends) if ends else None


def align_words(
    text: str,
    events: Sequence[WordEvent],
    voiced: Sequence[tuple[int, int]],
    *,
    n_samples: int,
    sample_rate: int,
) -> tuple[WordTiming, ...]:
    """Time every word of ``text`` from a synthesizer's word events.

    Parameters
    ----------
    text : str
        The text that was synthesized, exactly as passed to the synthesizer.
    events : sequence of WordEvent
        Word starts in emission order: character index into ``text`` and sample.
    voiced : sequence of (int, int)
        Sample spans ``[start, end)`` of voiced phonemes (no pauses), in time order.
    n_samples, sample_rate : int
        Length and rate of the synthesized audio.

    Returns
    -------
    tuple of WordTiming
        One per word of ``word_spans(text, ...)``, monotonic and inside the audio.

    Notes
    -----
    A word starts at its first word event and ends with the last voiced phoneme before the
    next word's start (so pauses after a comma are not part of a word). Synthesizers skip or
    merge some words (espeak-ng reads Bulgarian "в следващото" as one); a word with no event
    of its own shares the span of the timed word before it, split in proportion to the
    number of letters. Events that point back into already-timed words (number expansions,
    clause restarts) are ignored.
    """
    spans = word_spans(text, [event.char_index for event in events])
    if not spans:
        return ()
    span_starts = [start for start, _ in spans]
    timed: list[tuple[int, int]] = []
    for event in events:
        index = _span_of(text, spans, span_starts, event.char_index)
        if index > (timed[-1][0] if timed else -1) and event.char_index < spans[index][1]:
            timed.append((index, min(max(event.sample, 0), n_samples)))
    if not timed:
        timed = [(0, voiced[0][0] if voiced else 0)]
    timings: list[WordTiming] = []
    for position, (index, group_start) in enumerate(timed):
        first = 0 if position == 0 else index
        stop, next_start = timed[position + 1] if position + 1 < len(timed) else (len(spans), n_samples)
        group_end = _voiced_end(voiced, group_start, next_start)
        group_end = next_start if group_end is None else group_end
        timings.extend(share_span(text, spans[first:stop], group_start, group_end, sample_rate))
    return tuple(timings)


def _span_of(text: str, spans: Sequence[tuple[int, int]], span_starts: Sequence[int], char_index: int) -> int:
    """Index of the span a word event at ``char_index`` starts (-1 if before the first).

    An event that ``word_spans`` moved forward onto the next span's start belongs to that span.
    """
    index = bisect.bisect_right(span_starts, char_index) - 1
    if index < 0 or index + 1 == len(spans):
        return index
    end = spans[index][1]
    if spans[index + 1][0] == end and char_index > spans[index][0] and _snap(text, char_index, end + 1) == end:
        return index + 1
    return index


def share_span(text: str, spans: Sequence[tuple[int, int]], start: int, end: int, sample_rate: int) -> list[WordTiming]:
    """The words at ``spans`` of ``text`` timed one after another over samples ``[start, end)``,
    each in proportion to its letters and digits."""
    weights = [sum(char.isalnum() for char in text[left:right]) for left, right in spans]
    total = sum(weights)
    timings, done = [], 0
    for (left, right), weight in zip(spans, weights):
        begin = start + (end - start) * done // total
        done += weight
        finish = start + (end - start) * done // total
        timings.append(WordTiming(text[left:right], _ms(begin, sample_rate), _ms(finish, sample_rate)))
    return timings


def _ms(sample: int, sample_rate: int) -> int:
    return round(sample * 1000 / sample_rate)
