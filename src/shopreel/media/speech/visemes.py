"""Mouth shapes (visemes) over time, from phoneme timings; they drive lip sync.

Phonemes come as espeak-ng mnemonics (ASCII, Kirshenbaum-like: the espeak-ng engine) or as
IPA (Piper voices). The two alphabets agree on the ASCII letters they share, so one table
serves both. The set is small on purpose, one shape per visibly different mouth:

========  ==============================  ======================  ========================
viseme    mouth                           espeak-ng mnemonics     IPA (besides the ASCII)
========  ==============================  ======================  ========================
rest      closed, relaxed                 silence between phonemes
AA        wide open                       a A & V Q               ɑ ɐ æ ʌ ɒ
E         half open, spread               e E @ 3 (and unknown)   ɛ ə ɚ ɜ ɝ ɘ ᵻ ɤ ε
I         nearly closed, spread           i I j                   ɪ ɨ ɯ
O         open, rounded                   o O 0 8 Y W             ɔ ø œ ɵ ɶ ɞ
U         small, rounded                  u U y                   ʊ ʉ ʏ
MBP       lips pressed together           m b p B                 β ɓ ʙ ʘ
FV        lower lip under upper teeth     f v                     ɸ ʋ ɱ ⱱ
TH        tongue between the teeth        T D                     θ ð
L         tongue tip up, slightly open    l L n t d r R *         ɫ ɬ ɮ ɭ ɺ ɾ ɹ ɻ ɽ ɳ ɲ ʎ ɖ ʈ ɗ
WQ        tight rounded, pushed out       w                       ʍ ɥ
CH        lips forward, teeth together    S Z tS dZ C c J, s. z.  ʃ ʒ ç ʝ ɕ ʑ ʂ ʐ ɟ ʄ ɧ ʦ
                                          ts. (retroflex), s\\
SS        teeth together, spread          s z ts dz
KK        open, tongue back               k g q x X h H G N ?     ŋ ɡ ɢ ɣ χ ʁ ħ ʕ ʔ ɦ ɰ ʛ ʜ ʢ ʡ ɠ ʀ ɴ ʟ
========  ==============================  ======================  ========================

Stress marks (``'`` ``,`` ``ˈ`` ``ˌ``) and a glottal onset (``?`` before a vowel) are ignored;
the first letter decides, so diphthongs and Chinese finals (``aI``, ``iou``, ``aɪ``) and long
or aspirated phones (``iː``, ``tʰ``) take the shape of their first letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from shopreel.errors import InvalidInput
from shopreel.media.speech.types import PhonemeTiming

__all__ = ["Viseme", "VisemeSpan", "viseme_of", "viseme_track"]


class Viseme(StrEnum):
    REST = "rest"
    AA = "AA"
    E = "E"
    I = "I"  # noqa: E741 - the viseme's conventional name
    O = "O"  # noqa: E741
    U = "U"
    MBP = "MBP"
    FV = "FV"
    TH = "TH"
    L = "L"
    WQ = "WQ"
    CH = "CH"
    SS = "SS"
    KK = "KK"


class VisemeSpan(NamedTuple):
    start_ms: int
    end_ms: int
    viseme: Viseme


_PREFIXES = (  # longest first: retroflex and affricates before their first letter
    ("ts.", Viseme.CH),
    ("s.", Viseme.CH),
    ("z.", Viseme.CH),
    ("s\\", Viseme.CH),
    ("tS", Viseme.CH),
    ("dZ", Viseme.CH),
    ("t_s\\", Viseme.CH),
    ("ts", Viseme.SS),
    ("dz", Viseme.SS),
    ("t_s", Viseme.SS),
)
_FIRST_LETTER = {
    **dict.fromkeys("aA&VQ", Viseme.AA),
    **dict.fromkeys("eE@3", Viseme.E),
    **dict.fromkeys("iIj", Viseme.I),
    **dict.fromkeys("oO08YW", Viseme.O),
    **dict.fromkeys("uUy", Viseme.U),
    **dict.fromkeys("mbpB", Viseme.MBP),
    **dict.fromkeys("fv", Viseme.FV),
    **dict.fromkeys("TD", Viseme.TH),
    **dict.fromkeys("lLntdrR*", Viseme.L),
    "w": Viseme.WQ,
    **dict.fromkeys("SZCcJ", Viseme.CH),
    **dict.fromkeys("sz", Viseme.SS),
    **dict.fromkeys("kgqxXhHGN?", Viseme.KK),
    # IPA letters outside ASCII (Piper voices)
    **dict.fromkeys("ɑɐæʌɒ", Viseme.AA),
    **dict.fromkeys("ɛəɚɜɝɘᵻɤε", Viseme.E),
    **dict.fromkeys("ɪɨɯ", Viseme.I),
    **dict.fromkeys("ɔøœɵɶɞ", Viseme.O),
    **dict.fromkeys("ʊʉʏ", Viseme.U),
    **dict.fromkeys("βɓʙʘ", Viseme.MBP),
    **dict.fromkeys("ɸʋɱⱱ", Viseme.FV),
    **dict.fromkeys("θð", Viseme.TH),
    **dict.fromkeys("ɫɬɮɭɺɾɹɻɽɳɲʎɖʈɗ", Viseme.L),
    **dict.fromkeys("ʍɥ", Viseme.WQ),
    **dict.fromkeys("ʃʒçʝɕʑʂʐɟʄɧʦ", Viseme.CH),
    **dict.fromkeys("ŋɡɢɣχʁħʕʔɦɰʛʜʢʡɠʀɴʟ", Viseme.KK),
}


def viseme_of(phoneme: str) -> Viseme:
    """The mouth shape for one espeak-ng mnemonic or IPA phone (stress marks allowed)."""
    name = phoneme.lstrip("',%=ˈˌ")
    if len(name) > 1 and name[0] == "?":
        name = name[1:]
    for prefix, viseme in _PREFIXES:
        if name.startswith(prefix):
            return viseme
    return _FIRST_LETTER.get(name[:1], Viseme.E)


def viseme_track(phonemes: Sequence[PhonemeTiming], *, duration_ms: int | None = None) -> list[VisemeSpan]:
    """Turn phoneme timings into a gapless track of mouth shapes.

    Parameters
    ----------
    phonemes : sequence of PhonemeTiming
        Voiced phonemes in time order, as in ``Speech.phonemes``.
    duration_ms : int, optional
        Length of the audio; the track then runs from 0 to it, with ``rest`` at both ends.

    Returns
    -------
    list of VisemeSpan
        Spans ``(start_ms, end_ms, viseme)`` that follow each other without gaps or overlaps;
        gaps between phonemes are ``rest`` and neighbours with the same shape are merged.

    Raises
    ------
    InvalidInput
        Phonemes out of time order, or ``duration_ms`` shorter than the last phoneme.
    """
    spans: list[VisemeSpan] = []

    def add(start: int, end: int, viseme: Viseme) -> None:
        if end <= start:
            return
        if spans and spans[-1].viseme == viseme and spans[-1].end_ms == start:
            spans[-1] = spans[-1]._replace(end_ms=end)
        else:
            spans.append(VisemeSpan(start, end, viseme))

    cursor = 0 if duration_ms is not None or not phonemes else phonemes[0].start_ms
    previous_start = cursor
    for phoneme in phonemes:
        if phoneme.start_ms < previous_start or phoneme.end_ms < phoneme.start_ms:
            raise InvalidInput(f"phonemes must be in time order, got {phoneme!r} after {previous_start} ms")
        previous_start = phoneme.start_ms
        add(cursor, phoneme.start_ms, Viseme.REST)
        add(max(cursor, phoneme.start_ms), phoneme.end_ms, viseme_of(phoneme.phoneme))
        cursor = max(cursor, phoneme.end_ms)
    if duration_ms is not None:
        if duration_ms < cursor:
            raise InvalidInput(f"duration_ms {duration_ms} ends before the last phoneme at {cursor} ms")
        add(cursor, duration_ms, Viseme.REST)
    return spans
