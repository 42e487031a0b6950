"""Speaking a script: text with ``<break time="1.5s"/>`` pauses, the way TopView's TTS text has them.

Every backend goes through ``speak_script``: the text is cut at its break tags, each piece is
synthesized on its own and trimmed to its audible part, and the pieces are joined with exact
digital silence of each break's length. This keeps pause lengths exact whatever the engine does
with SSML, and keeps word timings in step with the audio.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shopreel.errors import InvalidInput
from shopreel.media.speech.assemble import concatenate, trim_silence
from shopreel.media.speech.types import Speech, VoiceSpec, check_speed
from shopreel.media.speech.words import word_spans

__all__ = ["MAX_BREAK_MS", "PAD_MS", "split_breaks", "speak_script"]

MAX_BREAK_MS = 10_000
PAD_MS = 50

_ANY_BREAK = re.compile(r"<\s*break\b[^>]*>", re.IGNORECASE)
_TIMED_BREAK = re.compile(
    r"""<\s*break\s+time\s*=\s*(["'])\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)\s*\1\s*/?\s*>""", re.IGNORECASE
)

Render = Callable[[str, VoiceSpec, float], Speech]


def split_breaks(text: str) -> list[str | int]:
    """Cut ``text`` at its break tags into text pieces and pauses in whole milliseconds.

    ``<break time="1.5s"/>`` and ``<break time="500ms"/>`` are understood (either quote, any
    case, with or without the closing slash). Pauses must be in ``(0, MAX_BREAK_MS]``.

    Raises
    ------
    InvalidInput
        A break tag without a readable ``time``, or a time out of range; the tag is quoted.
    """
    parts: list[str | int] = []
    position = 0
    for tag in _ANY_BREAK.finditer(text):
        timed = _TIMED_BREAK.fullmatch(tag.group(0))
        if timed is None:
            raise InvalidInput(f"text has a break tag without a time like '1.5s' or '500ms': {tag.group(0)!r}")
        pause_ms = round(float(timed.group(2)) * (1 if timed.group(3).lower() == "ms" else 1000))
        if not 0 < pause_ms <= MAX_BREAK_MS:
            raise InvalidInput(f"text has a break outside (0, {MAX_BREAK_MS}] ms: {tag.group(0)!r}")
        parts.extend([text[position : tag.start()], pause_ms])
        position = tag.end()
    parts.append(text[position:])
    return parts


def speak_script(text: str, *, voice: VoiceSpec, speed: float, render: Render, pad_ms: int = PAD_MS,
                 trim: Callable[[Speech], Speech] = trim_silence) -> Speech:
    """Synthesize ``text`` with ``render`` piece by piece, pauses exact, ``pad_ms`` at both ends.

    ``render(piece, voice, speed)`` synthesizes plain text (no tags) and returns its speech with
    one word timing per word of ``piece``; ``trim`` cuts each piece to its sound (by default
    where its samples rise above silence; an engine that knows where its sounds are says so).

    Raises
    ------
    InvalidInput
        ``speed`` outside [0.8, 1.2], a bad break tag, or a text with no word to speak.
    """
    check_speed(speed)
    parts: list[Speech | int] = []
    for part in split_breaks(text):
        if isinstance(part, int):
            parts.append(part)
        elif word_spans(part):
            parts.append(trim(render(part, voice, speed)))
    spoken = [part for part in parts if isinstance(part, Speech)]
    if not spoken:
        raise InvalidInput(f"text has no words to speak: {text[:80]!r}")
    return concatenate([pad_ms, *parts, pad_ms], sample_rate=spoken[0].sample_rate)
