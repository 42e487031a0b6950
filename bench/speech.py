"""Speech, measured: text to speech and recognition, per engine and language, in one table.

For each language of ``SENTENCES`` (20 marketing sentences each), every engine with a voice
for it (the built-in catalog's neural voices and espeak-ng, plus the Piper voices of
--voices-dir) speaks the sentences one at a time, as the jobs do. The sentences are then
joined with 0.4 s pauses into one voice-over, as a user would upload it, and the recognizer
the jobs use (the shipped Whisper base, or ``SHOPREEL_ASR_MODEL_PATH``) hears it with the
language detected. One row per engine and language:

- TTS: seconds of audio, the real-time factor (synthesis / audio; below 1 is faster than real
  time), and for a Piper voice what its first load cost (seconds, resident MB);
- intelligibility: the word error rate of what was heard against the sentences (case and
  punctuation ignored; in English, "$29", "20%" and "two" count as "29 dollars", "20 percent"
  and "2", since Whisper writes numbers either way), and the language it was heard as, with
  the model's confidence;
- recognition: its real-time factor, and the word start error against the TTS's own word
  times, for words heard exactly as written (aligned by edit distance): median and 90th
  percentile after ``fit_to_voice`` (what captions and lips use). Target: median <= 80 ms.

Then the process's peak resident memory.

    .venv/bin/python bench/speech.py [--languages en,es] [--voices-dir DIR] [--beam 5]
                                     [--tts-threads 1] [--asr-threads 2]
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shopreel.catalog.voice_folder import scan_voice_folder
from shopreel.catalog.voices import VOICES, Voice, default_voice
from shopreel.media.speech import EspeakTts, Tts, WhisperRecognizer, WordTiming, fit_to_voice, shipped_model_dir
from shopreel.media.speech.listen import word_error_rate, normalized_words
from shopreel.media.speech.piper import PiperTts
from shopreel.settings import Settings

GAP_S = 0.4
SENTENCES = {
    "en": (
        "Meet the blender that crushes ice in 5 seconds flat.",
        "Your morning coffee, roasted yesterday and delivered today.",
        "Only 29 dollars, and free shipping on every order.",
        "This serum smooths fine lines in just two weeks.",
        "Tap the link below and grab yours before they sell out!",
        "Made from recycled ocean plastic, built to last for years.",
        "Why pay more for headphones that sound worse?",
        "Our best selling sneakers are back in three new colors.",
        "Cook dinner in half the time with one simple pan.",
        "Loved by over 50,000 happy customers.",
        "Charge your phone twice as fast, anywhere you go.",
        "Soft, breathable cotton that feels great all day long.",
        "Try it risk free for 30 days, or get your money back.",
        "Say goodbye to tangled cables forever.",
        "The perfect gift for the coffee lover in your life.",
        "Waterproof, dustproof, and ready for any adventure.",
        "Get glowing skin with just 3 drops a day.",
        "Limited stock: order now and save 20 percent.",
        "Keep your drinks ice cold for 24 hours.",
        "Join thousands of creators who already made the switch.",
    ),
    "es": (
        "Conoce la batidora que tritura hielo en cinco segundos.",
        "Tu café de la mañana, tostado ayer y entregado hoy.",
        "Solo 29 dólares y envío gratis en todos los pedidos.",
        "Este sérum suaviza las líneas finas en dos semanas.",
        "Toca el enlace y consigue el tuyo antes de que se agote.",
        "Hecho con plástico reciclado del océano, dura muchos años.",
        "¿Por qué pagar más por auriculares que suenan peor?",
        "Nuestras zapatillas más vendidas vuelven en tres colores.",
        "Prepara la cena en la mitad del tiempo con una sola sartén.",
        "Más de cincuenta mil clientes felices ya lo aman.",
        "Carga tu teléfono el doble de rápido, donde quieras.",
        "Algodón suave y transpirable que se siente genial todo el día.",
        "Pruébalo treinta días sin riesgo o te devolvemos el dinero.",
        "Di adiós a los cables enredados para siempre.",
        "El regalo perfecto para quien ama el café.",
        "Resistente al agua y al polvo, listo para cualquier aventura.",
        "Consigue una piel radiante con tres gotas al día.",
        "Existencias limitadas: pide ahora y ahorra un 20 por ciento.",
        "Mantén tus bebidas frías durante 24 horas.",
        "Únete a miles de creadores que ya hicieron el cambio.",
    ),
    "de": (
        "Das ist der Mixer, der Eis in fünf Sekunden zerkleinert.",
        "Dein Morgenkaffee, gestern geröstet und heute geliefert.",
        "Nur 29 Euro und kostenloser Versand für jede Bestellung.",
        "Dieses Serum glättet feine Linien in nur zwei Wochen.",
        "Tippe auf den Link und sichere dir deins, bevor es weg ist.",
        "Aus recyceltem Meeresplastik, gebaut für viele Jahre.",
        "Warum mehr für Kopfhörer zahlen, die schlechter klingen?",
        "Unsere beliebtesten Turnschuhe sind in drei neuen Farben zurück.",
        "Koche dein Abendessen in der halben Zeit mit einer Pfanne.",
        "Geliebt von über fünfzigtausend zufriedenen Kunden.",
        "Lade dein Handy doppelt so schnell, wo immer du bist.",
        "Weiche, atmungsaktive Baumwolle für den ganzen Tag.",
        "Teste es dreißig Tage ohne Risiko oder erhalte dein Geld zurück.",
        "Sag für immer auf Wiedersehen zu verhedderten Kabeln.",
        "Das perfekte Geschenk für alle, die Kaffee lieben.",
        "Wasserdicht, staubdicht und bereit für jedes Abenteuer.",
        "Strahlende Haut mit nur drei Tropfen am Tag.",
        "Begrenzter Vorrat: bestelle jetzt und spare 20 Prozent.",
        "Halte deine Getränke 24 Stunden lang eiskalt.",
        "Schließ dich Tausenden an, die schon gewechselt haben.",
    ),
    "fr": (
        "Voici le mixeur qui broie la glace en cinq secondes.",
        "Votre café du matin, torréfié hier et livré aujourd'hui.",
        "Seulement 29 euros et la livraison gratuite sur chaque commande.",
        "Ce sérum lisse les ridules en deux semaines seulement.",
        "Touchez le lien et prenez le vôtre avant la rupture de stock.",
        "Fabriqué en plastique recyclé des océans, fait pour durer.",
        "Pourquoi payer plus pour un casque qui sonne moins bien?",
        "Nos baskets les plus vendues reviennent en trois couleurs.",
        "Préparez le dîner deux fois plus vite avec une seule poêle.",
        "Adoré par plus de cinquante mille clients heureux.",
        "Chargez votre téléphone deux fois plus vite, partout.",
        "Un coton doux et respirant, agréable toute la journée.",
        "Essayez-le trente jours sans risque ou soyez remboursé.",
        "Dites adieu aux câbles emmêlés pour toujours.",
        "Le cadeau parfait pour les amoureux du café.",
        "Étanche, résistant à la poussière et prêt pour l'aventure.",
        "Une peau éclatante avec seulement trois gouttes par jour.",
        "Stock limité: commandez maintenant et économisez 20 pour cent.",
        "Gardez vos boissons glacées pendant 24 heures.",
        "Rejoignez des milliers de créateurs qui ont déjà changé.",
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


@dataclass(frozen=True)
class Heard:
    """The recognizer's round trip of one ``Spoken``."""

    detected: str
    confidence: float
    wer: float
    rtf: float
    matched: int
    words: int
    start_median_ms: float
    start_p90_ms: float


def speak(sentences: Sequence[str], voice: Voice, tts: Tts) -> Spoken:
    """Speak every sentence with ``tts`` (loaded beforehand), one call each, and time it."""
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


def _aligned(reference: Sequence[WordTiming], heard: Sequence[WordTiming]) -> list[tuple[WordTiming, WordTiming]]:
    """Pairs of (spoken, heard) words that an edit-distance alignment matches exactly."""
    ref = [" ".join(normalized_words(w.text)) for w in reference]
    hyp = [" ".join(normalized_words(w.text)) for w in heard]
    cost = np.zeros((len(ref) + 1, len(hyp) + 1), np.int32)
    cost[:, 0], cost[0, :] = np.arange(len(ref) + 1), np.arange(len(hyp) + 1)
    for i in range(1, len(ref) + 1):
        for j in range(1, len(hyp) + 1):
            cost[i, j] = min(cost[i - 1, j] + 1, cost[i, j - 1] + 1, cost[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    pairs, i, j = [], len(ref), len(hyp)
    while i and j:
        if cost[i, j] == cost[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] == hyp[j - 1]:
                pairs.append((reference[i - 1], heard[j - 1]))
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _errors(pairs: list[tuple[WordTiming, WordTiming]]) -> tuple[float, float]:
    if not pairs:
        return float("nan"), float("nan")
    errors = np.abs([heard.start_ms - spoken.start_ms for spoken, heard in pairs])
    return float(np.median(errors)), float(np.percentile(errors, 90))


def hear(recognizer: WhisperRecognizer, sentences: Sequence[str], spoken: Spoken) -> Heard:
    """Join the spoken sentences into one voice-over (``GAP_S`` apart), recognise it with the
    language detected, and score the words and their times against what was spoken."""
    rate = spoken.sample_rate
    gap = np.zeros(round(GAP_S * rate), np.float32)
    parts, truth, offset = [], [], 0
    for part, timings in zip(spoken.audio, spoken.words):
        shift = round(offset * 1000 / rate)
        truth += [WordTiming(w.text, w.start_ms + shift, w.end_ms + shift) for w in timings]
        parts += [part, gap]
        offset += len(part) + len(gap)
    clip = np.concatenate(parts)
    started = time.perf_counter()
    heard = recognizer.recognize(clip, sample_rate=rate)
    busy = time.perf_counter() - started
    pairs = _aligned(truth, fit_to_voice(heard.words, clip, sample_rate=rate))
    median, p90 = _errors(pairs)
    return Heard(detected=heard.language, confidence=heard.language_probability,
                 wer=word_error_rate(_as_scored(" ".join(sentences), spoken.language),
                                     _as_scored(heard.text, spoken.language)), rtf=busy / (len(clip) / rate),
                 matched=len(pairs), words=len(truth), start_median_ms=median, start_p90_ms=p90)


_NUMBER_WORDS = {word: str(value) for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def _as_scored(text: str, language: str) -> str:
    """``text`` with English numbers written one way: "$29" and "20%" spelled out, number words
    up to twelve as digits (Whisper writes either; the sentences mean the same)."""
    if language != "en":
        return text
    text = re.sub(r"\$(\d[\d,.]*)", r"\1 dollars", text)
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    return re.sub(r"[A-Za-z]+", lambda m: _NUMBER_WORDS.get(m.group(0).lower(), m.group(0)), text)


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


def _voices(languages: Sequence[str], extra: Sequence[Voice]) -> list[Voice]:
    """Per language: every neural voice, then the first espeak-ng voice (the fallback)."""
    catalog, chosen = [*VOICES, *extra], []
    for language in languages:
        chosen += [voice for voice in catalog if voice.language == language and voice.neural]
        chosen += [next(voice for voice in catalog if voice.language == language and not voice.neural)]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", default=",".join(SENTENCES), help="comma-separated, from " + ", ".join(SENTENCES))
    parser.add_argument("--voices-dir", type=Path, help="also measure the Piper voices of this folder")
    parser.add_argument("--beam", type=int, default=5, help="recognition beam size (the jobs use 5; 1 is greedy)")
    parser.add_argument("--tts-threads", type=int, default=1, help="onnxruntime threads per Piper call (the server's: 1)")
    parser.add_argument("--asr-threads", type=int, default=None, help="recognition threads (default SHOPREEL_ASR_THREADS)")
    args = parser.parse_args()
    overrides = {"asr_threads": args.asr_threads} if args.asr_threads else {}
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), **overrides)
    before, started = _rss_mb(), time.perf_counter()
    # as jobs.talking.recognizer_for, with the beam as a knob: what the first captioned job pays
    folder = settings.asr_model_path or shipped_model_dir(settings.resolved_cache_dir)
    recognizer = WhisperRecognizer(folder, cpu_threads=settings.asr_threads, beam_size=args.beam)
    load_s, load_mb = time.perf_counter() - started, _rss_mb() - before
    languages = args.languages.split(",")
    extra = scan_voice_folder(args.voices_dir).voices if args.voices_dir else ()
    print(f"\nSpeech: 20 sentences per language, spoken one at a time (Piper: {args.tts_threads} thread(s)), "
          f"then heard as one voice-over, {GAP_S} s apart, by Whisper "
          f"{'base (shipped)' if not settings.asr_model_path else settings.asr_model_path}, int8, beam {args.beam}, "
          f"{settings.asr_threads} thread(s): model ready in {load_s:.1f} s, +{load_mb:.0f} MB")
    print(f"{'engine':10} {'voice':26} {'lang':4} {'audio s':>7} {'TTS RTF':>7} {'load s':>6} {'load MB':>7} "
          f"{'WER':>6} {'heard as':>8} {'ASR RTF':>7} {'matched':>8} {'start err ms med/p90':>20}")
    for voice in _voices(languages, extra):
        tts, tts_load_s, tts_load_mb = _load(voice, args.tts_threads)
        spoken = speak(SENTENCES[voice.language], voice, tts)
        heard = hear(recognizer, SENTENCES[voice.language], spoken)
        print(f"{spoken.engine:10} {spoken.voice[:26]:26} {spoken.language:4} {spoken.audio_s:7.1f} "
              f"{spoken.rtf:7.3f} {tts_load_s:6.2f} {tts_load_mb:7.0f} {heard.wer:6.1%} "
              f"{heard.detected + f' {heard.confidence:.2f}':>8} {heard.rtf:7.2f} "
              f"{f'{heard.matched}/{heard.words}':>8} {heard.start_median_ms:11.0f} / {heard.start_p90_ms:4.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(default voices: {', '.join(f'{lang} {default_voice(lang).voice_name}' for lang in languages)}; "
          f"resident memory {before:.0f} MB before the models, peak {peak:.0f} MB)")


if __name__ == "__main__":
    main()
