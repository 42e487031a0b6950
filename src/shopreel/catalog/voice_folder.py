"""Voices an operator adds: every Piper voice in ``SHOPREEL_VOICES_DIR``.

A voice is a Piper model ``NAME.onnx`` beside its config ``NAME.onnx.json`` (as Piper
publishes them, e.g. ``de_DE-thorsten-medium``). Each is checked when the server starts
(``piper.inspect_piper_voice``: both files there, the config readable, the model not
truncated, the pair consistent); a voice that fails is left out with an error in the log,
and the server starts with the others. The model itself loads on first use.

What the catalog shows comes from the files: language and quality from the config, gender
from a ``"gender"`` key in the config (``"male"`` or ``"female"``, ShopReel's own addition)
or a ``male``/``female`` word in the file name (``en_GB-southern_english_female-low``),
else ``unknown``. Age and style are not known and left empty.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from shopreel.catalog.voices import VOICES, Voice, piper_catalog_voice, register_voices
from shopreel.media.speech.piper import PiperVoiceError, PiperVoiceInfo, inspect_piper_voice
from shopreel.settings import Settings

__all__ = ["VoiceFolder", "scan_voice_folder", "available_voices"]

log = logging.getLogger("shopreel.voices")

_GENDERS = ("male", "female")


@dataclass(frozen=True)
class VoiceFolder:
    """The usable voices of a folder, and one message per file that is not."""

    voices: tuple[Voice, ...]
    problems: tuple[str, ...]


def _gender(info: PiperVoiceInfo) -> str:
    said = str(info.config.get("gender") or "").strip().lower()
    if said in _GENDERS:
        return said
    words = set(re.split(r"[^a-z]+", info.model_path.name.lower()))
    named = [gender for gender in _GENDERS if gender in words]
    return named[0] if len(named) == 1 else "unknown"


def scan_voice_folder(folder: Path | None, *, also: tuple[Path, ...] = ()) -> VoiceFolder:
    """Check every ``*.onnx`` in ``folder`` (if any) and the model files in ``also`` as Piper voices.

    A config without its model is a problem too. Voices whose id is already taken (a second
    copy of a built-in voice) are left out.
    """
    problems: list[str] = []
    models: list[Path] = []
    if folder is not None and not folder.is_dir():
        problems.append(f"{folder}: SHOPREEL_VOICES_DIR is not a folder")
    elif folder is not None:
        models = sorted(folder.glob("*.onnx"))
        problems += [f"{config}: config without its model {config.name.removesuffix('.json')}"
                     for config in sorted(folder.glob("*.onnx.json")) if not config.with_suffix("").is_file()]
    voices: list[Voice] = []
    taken = {voice.voice_id for voice in VOICES}
    for model in [*models, *also]:
        try:
            info = inspect_piper_voice(model)
        except PiperVoiceError as exc:
            problems.append(str(exc))
            continue
        voice = piper_catalog_voice(info, gender=_gender(info))
        if voice.voice_id in taken:
            problems.append(f"{model}: a voice named {model.name} is already in the catalog; left out")
            continue
        taken.add(voice.voice_id)
        voices.append(voice)
    return VoiceFolder(voices=tuple(voices), problems=tuple(problems))


_LOADED: dict[tuple[Path | None, Path | None], VoiceFolder] = {}
_LOCK = threading.Lock()


def available_voices(settings: Settings) -> tuple[Voice, ...]:
    """The built-in catalog and the operator's voices (``voices_dir``, and the deprecated
    ``piper_model_path``), folder scanned once per process: the first call logs each
    unusable voice as an error; every call registers the usable ones with ``find_voice``."""
    key = (settings.voices_dir, settings.piper_model_path)
    if key == (None, None):
        return VOICES
    with _LOCK:
        loaded = _LOADED.get(key)
        if loaded is None:
            if settings.piper_model_path is not None:
                log.warning("SHOPREEL_PIPER_MODEL_PATH is deprecated: %s is now listed as one more voice; "
                            "move it into SHOPREEL_VOICES_DIR", settings.piper_model_path)
            also = (settings.piper_model_path,) if settings.piper_model_path else ()
            loaded = scan_voice_folder(settings.voices_dir, also=also)
            for problem in loaded.problems:
                log.error("voice left out: %s", problem)
            log.info("voices folder: %d voice(s) added", len(loaded.voices))
            _LOADED[key] = loaded
        register_voices(loaded.voices)
    return VOICES + loaded.voices
