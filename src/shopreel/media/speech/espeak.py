"""Speech from espeak-ng, through the library shipped in the ``espeakng-loader`` wheel."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from shopreel.media.speech import _libespeak
from shopreel.media.speech.script import speak_script
from shopreel.media.speech.types import PhonemeTiming, Speech, VoiceSpec
from shopreel.media.speech.words import align_words

__all__ = ["EspeakTts", "render_piece", "synthesize"]

_STRESS_MARKS = "',%="


class EspeakTts:
    """The default ``Tts``: espeak-ng, about 100 languages, offline, with word and phoneme events."""

    def synthesize(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> Speech:
        return speak_script(text, voice=voice, speed=speed, render=render_piece)

    def duration_ms(self, text: str, *, voice: VoiceSpec, speed: float = 1.0) -> int:
        return self.synthesize(text, voice=voice, speed=speed).duration_ms


def synthesize(text: str, *, voice: VoiceSpec, speed: float = 1.0) -> Speech:
    """Speak ``text`` with espeak-ng and time every word and phoneme.

    Parameters
    ----------
    text : str
        What to say. ``<break time="1.5s"/>`` or ``<break time="500ms"/>`` inserts exactly that
        much silence; other text is read as written.
    voice : VoiceSpec
        The espeak-ng voice, variant, base rate and pitch.
    speed : float
        Multiplies ``voice.rate_wpm``; TopView's ``voiceSpeed``, in [0.8, 1.2].

    Returns
    -------
    Speech
        ``float32`` mono audio at espeak-ng's rate (22050 Hz) with 50 ms of silence at each
        end, one ``WordTiming`` per word of ``text`` (see ``words.word_spans``) and the voiced
        phonemes, all inside the audio.

    Raises
    ------
    InvalidInput
        ``speed`` out of range, an unknown voice or variant, a bad break tag, or no words.

    Notes
    -----
    Word starts come from espeak-ng's word events and word ends from the last voiced
    phoneme event before the next word, both in samples. Scripts written without spaces
    (Chinese, Japanese, Thai) are cut into words where espeak-ng reports them. The library is
    process-global, so concurrent calls take turns.
    """
    return EspeakTts().synthesize(text, voice=voice, speed=speed)


def render_piece(text: str, voice: VoiceSpec, speed: float) -> Speech:
    """Synthesize plain ``text`` (no break tags) as-is: untrimmed, timings from espeak-ng's events."""
    rendered = _libespeak.render(text, voice, rate_wpm=round(voice.rate_wpm * speed))
    n_samples, rate = rendered.samples.shape[0], rendered.sample_rate
    voiced = _voiced(rendered.phonemes, n_samples)
    words = align_words(
        text, rendered.words, [(start, end) for _, start, end in voiced], n_samples=n_samples, sample_rate=rate
    )
    phonemes = tuple(
        PhonemeTiming(name, round(start * 1000 / rate), round(end * 1000 / rate)) for name, start, end in voiced
    )
    audio = rendered.samples.astype(np.float32) / np.float32(32768)
    return Speech(audio=audio, sample_rate=rate, words=words, phonemes=phonemes)


def _voiced(events: Sequence[_libespeak.PhonemeEvent], n_samples: int) -> list[tuple[str, int, int]]:
    """Voiced phonemes as ``(mnemonic without stress, start, end)`` in samples.

    A phoneme lasts until the next phoneme event; pauses (``_``, ``_:``) and language switches
    (``(en)``) end the one before them and are dropped.
    """
    voiced = []
    for event, following in zip(events, [*events[1:], None]):
        name = event.name.lstrip(_STRESS_MARKS)
        end = n_samples if following is None else following.sample
        if name and not name.startswith(("_", "(")) and end > event.sample:
            voiced.append((name, max(event.sample, 0), min(end, n_samples)))
    return voiced
