"""Which engine serves each capability, loaded once per process and used one task at a time
where it must be.

:class:`Engines` reads the settings (``SHOPREEL_ENGINE_<CAPABILITY>``, its ``_WEIGHTS``,
``SHOPREEL_ENGINE_DEVICE``, ``SHOPREEL_ENGINE_DTYPE``), finds the engine's factory among
ShopReel's own (:data:`BUILT_IN`) and the entry points of installed packages (group
``shopreel.engines``, named ``<capability>.<engine>``), calls it with the capability's
:class:`~shopreel.engines.EngineConfig`, and keeps what it returns for the life of the
process: a model is loaded once, not per task. A non-batching engine (``batches`` False,
typically a model on a GPU) is used by one task at a time per process
(:meth:`Engines.use`); the others run as many tasks as the worker does.
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from shopreel.engines import (
    Capability, EngineConfig, EngineError, ImageAnimator, ImageEditor, Matter, SpeechRecognizer, SpeechSynthesizer,
    TalkingHead,
)
from shopreel.settings import Settings

__all__ = ["Engines", "BUILT_IN", "ENTRY_POINT_GROUP"]

log = logging.getLogger("shopreel.engines")

ENTRY_POINT_GROUP = "shopreel.engines"

_EDITOR_DIFFUSERS = "shopreel.engines.neural.diffusers_edit:DiffusersEditor"
_ANIMATOR_DIFFUSERS = "shopreel.engines.neural.diffusers_video:DiffusersAnimator"

#: ShopReel's own engines, ``(capability, name) → "module:attribute"``. The neural ones
#: need the ``gpu`` extra; the ``onnx`` matter needs onnxruntime.
BUILT_IN: dict[tuple[Capability, str], str] = {
    (Capability.PRODUCT_REPLACE, "classical"): "shopreel.engines.classical:ClassicalEditor",
    (Capability.PRODUCT_REPLACE, "diffusers"): _EDITOR_DIFFUSERS,
    (Capability.SCENE_COMPOSITE, "classical"): "shopreel.engines.classical:ClassicalEditor",
    (Capability.SCENE_COMPOSITE, "diffusers"): _EDITOR_DIFFUSERS,
    (Capability.IMAGE_TO_VIDEO, "classical"): "shopreel.engines.classical:ClassicalAnimator",
    (Capability.IMAGE_TO_VIDEO, "diffusers"): _ANIMATOR_DIFFUSERS,
    (Capability.MATTING, "classical"): "shopreel.engines.classical:ClassicalMatter",
    (Capability.MATTING, "onnx"): "shopreel.engines.classical:OnnxMatter",
    (Capability.TALKING_HEAD, "classical"): "shopreel.engines.classical:ClassicalTalkingHead",
    (Capability.TTS, "classical"): "shopreel.engines.classical:ClassicalSynthesizer",
    (Capability.ASR, "classical"): "shopreel.engines.classical:ClassicalRecognizer",
}

#: The interface an engine of each capability must have.
_INTERFACE: dict[Capability, type] = {
    Capability.PRODUCT_REPLACE: ImageEditor,
    Capability.SCENE_COMPOSITE: ImageEditor,
    Capability.IMAGE_TO_VIDEO: ImageAnimator,
    Capability.MATTING: Matter,
    Capability.TALKING_HEAD: TalkingHead,
    Capability.TTS: SpeechSynthesizer,
    Capability.ASR: SpeechRecognizer,
}

_CAPABILITIES = frozenset(capability.value for capability in Capability)

#: Capabilities that take a weights path from the settings (``engine_<capability>_weights``).
_WEIGHTED = (Capability.PRODUCT_REPLACE, Capability.SCENE_COMPOSITE, Capability.IMAGE_TO_VIDEO, Capability.MATTING,
             Capability.TALKING_HEAD)


def engine_configs(settings: Settings) -> dict[Capability, EngineConfig]:
    """Every capability's engine as the settings name it.

    ``SHOPREEL_ASR_MODEL_PATH`` is the ``asr`` engine's weights (the classical recognizer's
    Whisper model) and ``SHOPREEL_ASR_THREADS`` its ``cpu_threads``.

    ``SHOPREEL_MATTING_MODEL_PATH`` (deprecated) still works: with ``SHOPREEL_ENGINE_MATTING``
    left at ``classical`` it selects the ``onnx`` matter, and it is the ``onnx`` matter's
    weights when ``SHOPREEL_ENGINE_MATTING_WEIGHTS`` is unset.
    """
    configs = {}
    for capability in Capability:
        name = getattr(settings, f"engine_{capability.value}").strip() or "classical"
        weights = getattr(settings, f"engine_{capability.value}_weights") if capability in _WEIGHTED else None
        if capability is Capability.ASR:
            weights = settings.asr_model_path
        if capability is Capability.MATTING and settings.matting_model_path is not None:
            if name == "classical":
                name = "onnx"
            if name == "onnx" and weights is None:
                weights = settings.matting_model_path
        configs[capability] = EngineConfig(capability=capability, name=name, weights=weights,
                                           device=settings.engine_device, dtype=settings.engine_dtype,
                                           options=engine_options(capability, weights),
                                           cache_dir=settings.resolved_cache_dir,
                                           cpu_threads=settings.asr_threads if capability is Capability.ASR else None)
    return configs


#: A model folder's own tuning: a JSON object beside its weights, read at start.
OPTIONS_FILE = "shopreel-engine.json"


def engine_options(capability: Capability, weights: Path | None) -> dict[str, Any]:
    """The options in ``<weights>/shopreel-engine.json`` when the weights are a folder that
    has one (how a model wants to be run: its steps, size, frame rate), else none.

    Raises
    ------
    EngineError
        The file is not a JSON object.
    """
    if weights is None or not (weights / OPTIONS_FILE).is_file():
        return {}
    path = weights / OPTIONS_FILE
    try:
        options = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(f"SHOPREEL_ENGINE_{capability.value.upper()}_WEIGHTS: {path} is not readable JSON: "
                          f"{exc}") from exc
    if not isinstance(options, dict):
        raise EngineError(f"SHOPREEL_ENGINE_{capability.value.upper()}_WEIGHTS: {path} must hold a JSON object "
                          "of options, not a list or a value")
    return options


class Engines:
    """The engines of one process, one per capability, as the settings choose them.

    ``get`` loads an engine the first time it is asked for (thread-safe) and keeps it;
    a load that fails is not kept, so the next call tries again. ``use`` also holds the
    engine's slot while a task runs it: one at a time unless the engine ``batches``.
    ``preload`` loads a worker's engines when it starts, so wrong settings fail there.
    """

    def __init__(self, settings: Settings) -> None:
        self._configs = engine_configs(settings)
        if settings.matting_model_path is not None:
            log.warning("SHOPREEL_MATTING_MODEL_PATH is deprecated: set SHOPREEL_ENGINE_MATTING=onnx and "
                        "SHOPREEL_ENGINE_MATTING_WEIGHTS=%s instead", settings.matting_model_path)
        self._locks = {capability: threading.Lock() for capability in Capability}
        self._loaded: dict[Capability, Any] = {}
        self._slots: dict[Capability, threading.Semaphore | None] = {}
        self._plugins: dict[tuple[Capability, str], Callable[[EngineConfig], Any]] | None = None

    def config(self, capability: Capability) -> EngineConfig:
        return self._configs[Capability(capability)]

    def known(self, capability: Capability) -> list[str]:
        """The engine names this process could load for ``capability``, sorted."""
        names = {name for cap, name in (*BUILT_IN, *self._entry_points()) if cap == capability}
        return sorted(names)

    def get(self, capability: Capability) -> Any:
        """The capability's engine, loaded once per process.

        Raises
        ------
        EngineError
            The name is unknown (the message lists the known ones), its package is not
            installed, or the engine itself refused its config (weights missing or wrong).
        """
        capability = Capability(capability)
        engine = self._loaded.get(capability)
        if engine is not None:
            return engine
        with self._locks[capability]:
            if capability not in self._loaded:
                engine = self._load(self._configs[capability])
                self._slots[capability] = None if getattr(engine, "batches", False) else threading.Semaphore(1)
                self._loaded[capability] = engine
            return self._loaded[capability]

    @contextmanager
    def use(self, capability: Capability) -> Iterator[Any]:
        """The capability's engine, held for the block: a non-batching engine serves one
        block at a time in this process, the others wait their turn."""
        engine = self.get(capability)
        slot = self._slots[Capability(capability)]
        with slot if slot is not None else nullcontext():
            yield engine

    def preload(self, capabilities: Iterable[Capability] | None = None) -> None:
        """Load the engines of ``capabilities`` (all when None) now; raises the first
        :class:`EngineError`, naming the setting to fix."""
        for capability in capabilities if capabilities is not None else Capability:
            try:
                self.get(capability)
            except EngineError as exc:
                setting = f"SHOPREEL_ENGINE_{Capability(capability).value.upper()}"
                raise EngineError(f"{setting}={self.config(capability).name}: {exc}") from exc

    def _load(self, config: EngineConfig) -> Any:
        capability, name = config.capability, config.name
        factory = self._factory(capability, name)
        try:
            engine = factory(config)
        except ImportError as exc:  # a heavy dependency imported lazily by the engine (STYLE.md 11)
            raise EngineError(f"the {name} engine for {capability.value} needs a package that is not installed "
                              f"({exc}): pip install 'shopreel[gpu]'") from exc
        interface = _INTERFACE[capability]
        if not isinstance(engine, interface):
            raise EngineError(f"engine {name!r} for {capability.value} is not an engine of that capability: it lacks "
                              f"an attribute of shopreel.engines.{interface.__name__} (name, batches and its method)")
        log.info("engine %s for %s loaded (device %s, dtype %s)", name, capability.value, config.device, config.dtype)
        return engine

    def _factory(self, capability: Capability, name: str) -> Callable[[EngineConfig], Any]:
        target = BUILT_IN.get((capability, name))
        if target is not None:
            module_name, _, attribute = target.partition(":")
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                raise EngineError(f"the {name} engine for {capability.value} is not installed ({exc}): "
                                  "pip install 'shopreel[gpu]'") from exc
            return getattr(module, attribute)
        plugin = self._entry_points().get((capability, name))
        if plugin is None:
            raise EngineError(f"unknown engine {name!r} for {capability.value}; known: {', '.join(self.known(capability))}")
        return plugin

    def _entry_points(self) -> dict[tuple[Capability, str], Callable[[EngineConfig], Any]]:
        """Third-party engines, ``<capability>.<engine>`` in the ``shopreel.engines`` group;
        an entry point that cannot load is a clear error when (and only when) it is chosen."""
        if self._plugins is None:
            found: dict[tuple[Capability, str], Callable[[EngineConfig], Any]] = {}
            for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
                capability_name, _, name = point.name.partition(".")
                if capability_name not in _CAPABILITIES or not name:
                    log.warning("ignoring engine entry point %r: name it <capability>.<engine>, the capability one "
                                "of %s", point.name, ", ".join(Capability))
                    continue
                key = (Capability(capability_name), name)
                if key in BUILT_IN:
                    log.warning("ignoring engine entry point %r: ShopReel has its own %r engine", point.name, name)
                    continue
                found[key] = _lazy(point)
            self._plugins = found
        return self._plugins


def _lazy(point: metadata.EntryPoint) -> Callable[[EngineConfig], Any]:
    def factory(config: EngineConfig) -> Any:
        try:
            target = point.load()
        except ImportError as exc:
            raise EngineError(f"engine entry point {point.name} ({point.value}) cannot be imported: {exc}") from exc
        return target(config)

    return factory

