"""Text to speech: real-time factor per engine and language, and what loading a voice costs.

Speaks a fixed set of 20 marketing sentences with every engine that has a voice for the
language (the built-in catalog, plus the Piper voices of --voices-dir), one sentence at a
time as the jobs do, and prints a table: seconds of audio, seconds of synthesis, the
real-time factor (synthesis / audio; below 1 is faster than real time), and for Piper voices
the time and resident memory the first load took.

``speak`` is the measuring step on its own: sentences in, ``Spoken`` out (engine, language,
RTF, each sentence's audio and word timings), so a recognizer can score the same audio (a WER
column) without re-synthesizing.

    .venv/bin/python bench/speech.py [--voices-dir DIR] [--threads 1]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shopreel.catalog.voice_folder import scan_voice_folder
from shopreel.catalog.voices import VOICES, Voice, default_voice, tts_for
from shopreel.media.speech import EspeakTts, Tts, WordTiming
from shopreel.media.speech.piper import PiperTts

SENTENCES = {
    "en": (
        "Meet the blender that crushes ice in five seconds flat.",
        "Your morning coffee, roasted yesterday and delivered today.",
        "Only twenty-nine dollars, and free shipping on every order.",
        "This serum smooths fine lines in just two weeks.",
        "Tap the link below and grab yours before they sell out!",
        "Made from recycled ocean plastic, built to last for years.",
        "Why pay more for headphones that sound worse?",
        "Our best-selling sneakers are back in three new colors.",
        "Cook dinner in half the time with one simple pan.",
        "Loved by over fifty thousand happy customers.",
        "Charge your phone twice as fast, anywhere you go.",
        "Soft, breathable cotton that feels great all day long.",
        "Try it risk free for thirty days, or your money back.",
        "Say goodbye to tangled cables forever.",
        "The perfect gift for the coffee lover in your life.",
        "Waterproof, dustproof, and ready for any adventure.",
        "Get glowing skin with just three drops a day.",
        "Limited stock: order now and save twenty percent.",
        "Keep your drinks ice cold for twenty-four hours.",
        "Join thousands of creators who already made the switch.",
    ),
}


@dataclass(frozen=True)
class Spoken:
    """One engine's reading of the sentences: ``audio`` and ``words`` hold one entry each."""

    engine: str
    voice: str
    language: str
    rtf: float
    sample_rate: int
    audio: tuple[np.ndarray, ...]
    words: tuple[tuple[WordTiming, ...], ...]

    @property
    def audio_s(self) -> float:
        return sum(part.size for part in self.audio) / self.sample_rate


def speak(sentences: Sequence[str], voice: Voice, *, tts: Tts | None = None) -> Spoken:
    """Speak every sentence with ``tts`` (default: ``voice``'s engine, loaded beforehand) and time it."""
    tts = tts or tts_for(voice)
    audio, words, busy = [], [], 0.0
    for sentence in sentences:
        started = time.perf_counter()
        speech = tts.synthesize(sentence, voice=voice.spec)
        busy += time.perf_counter() - started
        audio.append(speech.audio)
        words.append(speech.words)
    rate = speech.sample_rate
    total = sum(part.size for part in audio) / rate
    return Spoken(engine=voice.engine, voice=voice.voice_name, language=voice.language, rtf=busy / total,
                  sample_rate=rate, audio=tuple(audio), words=tuple(words))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _load(voice: Voice, threads: int) -> tuple[Tts, float, float]:
    """The engine for ``voice``, and the seconds and MB of resident memory loading it took
    (0 for espeak-ng, whose data is mapped on first use)."""
    before, started = _rss_mb(), time.perf_counter()
    tts: Tts = EspeakTts() if voice.model_path is None else PiperTts(voice.model_path, threads=threads)
    seconds = time.perf_counter() - started
    tts.synthesize("Hello.", voice=voice.spec)  # first run: buffers, dictionaries
    return tts, (seconds if voice.model_path else 0.0), (_rss_mb() - before if voice.model_path else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices-dir", type=Path, help="also measure the Piper voices of this folder")
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime threads per Piper call (the server's: 1)")
    args = parser.parse_args()
    extra = scan_voice_folder(args.voices_dir).voices if args.voices_dir else ()
    voices: list[Voice] = []
    for language in SENTENCES:
        catalog = [*VOICES, *extra]
        voices += [voice for voice in catalog if voice.language == language and voice.neural]
        voices.append(next(voice for voice in catalog if voice.language == language and not voice.neural))
    print(f"\nText to speech, {', '.join(f'{len(s)} {lang}' for lang, s in SENTENCES.items())} sentences, "
          f"one at a time; Piper with {args.threads} onnxruntime thread(s)")
    print(f"{'engine':10} {'voice':34} {'lang':5} {'audio s':>8} {'synth s':>8} {'RTF':>6} {'load s':>7} {'load MB':>8}")
    for voice in voices:
        tts, load_s, load_mb = _load(voice, args.threads)
        spoken = speak(SENTENCES[voice.language], voice, tts=tts)
        print(f"{spoken.engine:10} {spoken.voice[:34]:34} {spoken.language:5} {spoken.audio_s:8.1f} "
              f"{spoken.rtf * spoken.audio_s:8.1f} {spoken.rtf:6.3f} {load_s:7.2f} {load_mb:8.0f}")
    print(f"(default English voice: {default_voice('en').voice_name})")


if __name__ == "__main__":
    main()
