"""Speech recognition of uploaded audio: word error rate and word timing of a TTS -> ASR round
trip, recognition speed and memory.

For each language, 20 marketing sentences are spoken by the engine the jobs pick for that
language (``catalog.voices.tts_for``: Piper where a neural voice speaks it, else espeak-ng) and
joined with 0.4 s pauses into one voice-over, as a user would upload it. The recognizer
(as ``jobs.talking.recognizer_for``: the shipped Whisper base, or ``SHOPREEL_ASR_MODEL_PATH``)
then hears it with the language detected, as the jobs do. Printed per language:

- WER of what was heard against the sentences (case and punctuation ignored);
- the detected language and the model's confidence in it;
- word timing: for words heard exactly as written (aligned by edit distance), the median and
  90th percentile of |heard start - spoken start|, from Whisper alone and after
  ``fit_to_voice`` (what captions and lips use); the target is a median <= 80 ms;
- seconds of audio and of recognition, and the real-time factor (recognition / audio).

Then the process's peak resident memory, and what loading the model added.

``score`` is the measuring step on its own: a voice-over's parts (audio and word times per
sentence) in, a ``Scores`` row out, so another TTS bench can score the audio it made.

    .venv/bin/python bench/speech_asr.py [--languages en,es] [--beam 5] [--threads 2]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shopreel.catalog.voices import default_voice
from shopreel.catalog.voices import tts_for
from shopreel.media.speech import WhisperRecognizer, WordTiming, fit_to_voice, shipped_model_dir
from shopreel.media.speech.listen import normalized_words, word_error_rate
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
class Scores:
    """One language's round trip."""

    language: str
    detected: str
    confidence: float
    wer: float
    audio_s: float
    asr_s: float
    matched: int
    words: int
    raw_median_ms: float
    raw_p90_ms: float
    fitted_median_ms: float
    fitted_p90_ms: float

    @property
    def rtf(self) -> float:
        return self.asr_s / self.audio_s


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


def score(recognizer: WhisperRecognizer, language: str, sentences: Sequence[str], audio: Sequence[np.ndarray],
          words: Sequence[Sequence[WordTiming]], sample_rate: int) -> Scores:
    """Join the spoken sentences into one voice-over (``GAP_S`` apart), recognise it with the
    language detected, and score the words and their times against what was spoken."""
    gap = np.zeros(round(GAP_S * sample_rate), np.float32)
    parts, spoken, offset = [], [], 0
    for part, timings in zip(audio, words):
        shift = round(offset * 1000 / sample_rate)
        spoken += [WordTiming(w.text, w.start_ms + shift, w.end_ms + shift) for w in timings]
        parts += [part, gap]
        offset += len(part) + len(gap)
    clip = np.concatenate(parts)
    started = time.perf_counter()
    heard = recognizer.recognize(clip, sample_rate=sample_rate)
    asr_s = time.perf_counter() - started
    fitted = fit_to_voice(heard.words, clip, sample_rate=sample_rate)
    raw, fit = _aligned(spoken, heard.words), _aligned(spoken, fitted)
    return Scores(language=language, detected=heard.language, confidence=heard.language_probability,
                  wer=word_error_rate(" ".join(sentences), heard.text), audio_s=len(clip) / sample_rate,
                  asr_s=asr_s, matched=len(raw), words=len(spoken), raw_median_ms=_errors(raw)[0],
                  raw_p90_ms=_errors(raw)[1], fitted_median_ms=_errors(fit)[0], fitted_p90_ms=_errors(fit)[1])


def _speak(settings: Settings, language: str) -> tuple[list[np.ndarray], list[tuple[WordTiming, ...]], int, str]:
    voice = default_voice(language)
    tts = tts_for(voice)
    speeches = [tts.synthesize(sentence, voice=voice.spec) for sentence in SENTENCES[language]]
    return ([s.audio for s in speeches], [s.words for s in speeches], speeches[0].sample_rate,
            type(tts).__name__)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", default=",".join(SENTENCES), help="comma-separated, from " + ", ".join(SENTENCES))
    parser.add_argument("--beam", type=int, default=5, help="beam size (the jobs use 5; 1 is greedy)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default SHOPREEL_ASR_THREADS)")
    args = parser.parse_args()
    overrides = {"asr_threads": args.threads} if args.threads else {}
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), **overrides)
    before, started = _rss_mb(), time.perf_counter()
    # as jobs.talking.recognizer_for, with the beam as a knob: what the first job pays
    folder = settings.asr_model_path or shipped_model_dir(settings.resolved_cache_dir)
    recognizer = WhisperRecognizer(folder, cpu_threads=settings.asr_threads, beam_size=args.beam)
    load_s, load_mb = time.perf_counter() - started, _rss_mb() - before
    print(f"\nTTS -> ASR round trip: 20 sentences per language in one voice-over, {GAP_S} s apart; "
          f"Whisper {'base (shipped)' if not settings.asr_model_path else settings.asr_model_path}, int8, "
          f"beam {args.beam}, {settings.asr_threads} thread(s); model ready in {load_s:.1f} s, +{load_mb:.0f} MB")
    print(f"{'lang':5} {'tts':10} {'heard as':9} {'WER':>6} {'audio s':>8} {'asr s':>6} {'RTF':>5} "
          f"{'matched':>8} {'start err ms: whisper med/p90':>30} {'fitted med/p90':>15}")
    for language in args.languages.split(","):
        audio, words, rate, engine = _speak(settings, language)
        row = score(recognizer, language, SENTENCES[language], audio, words, rate)
        print(f"{language:5} {engine:10} {row.detected + f' {row.confidence:.2f}':9} {row.wer:6.1%} {row.audio_s:8.1f} "
              f"{row.asr_s:6.1f} {row.rtf:5.2f} {f'{row.matched}/{row.words}':>8} "
              f"{row.raw_median_ms:22.0f} / {row.raw_p90_ms:4.0f} {row.fitted_median_ms:8.0f} / {row.fitted_p90_ms:4.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"resident memory: {before:.0f} MB before the model, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
