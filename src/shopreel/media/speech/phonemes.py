"""Phonemes for words whose times are known but whose sounds were not synthesized: words
recognised in an uploaded recording. They drive visemes as TTS phonemes do."""

from __future__ import annotations

from collections.abc import Sequence

from shopreel.media.speech.espeak import render_piece
from shopreel.media.speech.types import PhonemeTiming, VoiceSpec, WordTiming

__all__ = ["word_phonemes"]


def word_phonemes(words: Sequence[WordTiming], *, voice: VoiceSpec) -> tuple[PhonemeTiming, ...]:
    """The phonemes of each word, spread over the word's own time span.

    Parameters
    ----------
    words : sequence of WordTiming
        Words in time order, as heard (times in ms).
    voice : VoiceSpec
        The espeak-ng voice whose rules read the words (the recording's language).

    Returns
    -------
    tuple of PhonemeTiming
        In time order, each inside its word's ``[start_ms, end_ms]``; nothing between words.

    Raises
    ------
    InvalidInput
        espeak-ng has no voice ``voice.espeak_voice``.

    Notes
    -----
    espeak-ng speaks each word alone (about 1 ms a word) and its phoneme events give both the
    phonemes and their relative lengths (a vowel outlasts a stop), so the word's span is cut
    in those proportions. Reading the words one by one keeps each word's phonemes inside its
    own span, whatever the recogniser made of the spaces and punctuation between them.
    """
    out: list[PhonemeTiming] = []
    for word in words:
        if word.end_ms <= word.start_ms:
            continue
        spoken = render_piece(word.text, voice, 1.0).phonemes
        if not spoken:
            continue
        origin, length = spoken[0].start_ms, max(1, spoken[-1].end_ms - spoken[0].start_ms)
        scale = (word.end_ms - word.start_ms) / length
        floor = max(word.start_ms, out[-1].end_ms if out else 0)
        for phoneme in spoken:
            start = max(floor, word.start_ms + round((phoneme.start_ms - origin) * scale))
            end = max(start, min(word.end_ms, word.start_ms + round((phoneme.end_ms - origin) * scale)))
            out.append(PhonemeTiming(phoneme.phoneme, start, end))
            floor = end
    return tuple(out)
