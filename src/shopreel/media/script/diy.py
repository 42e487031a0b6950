"""A user's own script (``isDiyScript`` with ``diyScriptDescription``), cut into segments.

The text is split after each sentence end, and nothing else changes: every word stays as
written, so joining the segments gives the text back (up to the whitespace between
sentences). Sentence ends are ``. ! ? …`` followed by a space, the full-width ``。！？``
(Chinese, Japanese) with or without a space (but 「本当？」と continues: after a closing
quote only a space ends the sentence), Arabic ``؟`` and ``۔``, the Devanagari danda
``।`` and ``॥``, and line breaks. A full stop needs a space after it ("3.5" stays whole),
and one followed by a lower-case letter ends no sentence ("e.g. cheap"). Thai writes no sentence
punctuation and separates sentences with a space, so in Thai a space ends a sentence too,
unless the piece before it is shorter than ``_THAI_MIN_CHARS`` (a phrase, not a sentence).

Roles: the first segment is the hook and the last the call to action; those between are
benefits. A one-sentence script is a single product segment.
"""

from __future__ import annotations

import re

from shopreel.errors import InvalidInput
from shopreel.media.script.phrases import phrasebook
from shopreel.media.script.types import Script, Segment

__all__ = ["diy_script"]

_SENTENCE_END = re.compile(
    r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’»)\]])\s+"  # after an end mark or its closing quote, with a space
    r"|(?<=[。！？؟۔।॥])(?![」』”’)）\"'])\s*"  # right after a full-width or Arabic/Indic end mark
    r"|(?<=[。！？؟۔।॥][」』”’)）\"'])\s+"  # a quote closing after one ends a sentence only before a space
    r"|\s*\n\s*"
)
_THAI_MIN_CHARS = 25


def diy_script(text: str, *, language: str, script_id: int = 1) -> Script:
    """The user's script ``text`` as a ``Script`` of style ``"diy"``, one segment per sentence.

    Raises
    ------
    InvalidInput
        ``text`` has no words, or ``language`` is not a TopView language code.
    """
    code = phrasebook(language).language
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text must hold the script to speak, got an empty text")
    sentences: list[str] = []
    for piece in (piece.strip() for piece in _SENTENCE_END.split(text.strip())):
        if sentences and piece[:1].islower() and sentences[-1].endswith("."):
            sentences[-1] += " " + piece
        elif piece:
            sentences.append(piece)
    if code == "th":
        sentences = _thai_sentences(sentences)
    if len(sentences) == 1:
        roles = ["product"]
    else:
        roles = ["hook"] + ["benefit"] * (len(sentences) - 2) + ["cta"]
    segments = tuple(
        Segment(seg_id, sentence, role) for seg_id, (sentence, role) in enumerate(zip(sentences, roles), start=1)
    )
    return Script(script_id=script_id, style="diy", segments=segments, language=code)


def _thai_sentences(pieces: list[str]) -> list[str]:
    sentences: list[str] = []
    for piece in pieces:
        for phrase in piece.split():
            if sentences and len(sentences[-1]) < _THAI_MIN_CHARS:
                sentences[-1] += " " + phrase
            else:
                sentences.append(phrase)
    if len(sentences) > 1 and len(sentences[-1]) < _THAI_MIN_CHARS:
        sentences[-2] += " " + sentences.pop()
    return sentences
