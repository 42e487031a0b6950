"""The engine registry: settings choose, a model loads once, a non-batching engine serves
one task at a time, third-party engines come from entry points."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from shopreel.engines import (
    Capability, EditRequest, EngineError, ImageAnimator, ImageEditor, Matter, SpeechRecognizer, SpeechSynthesizer,
)
from shopreel.engines.registry import Engines
from shopreel.settings import Settings
from tests.engines.packages import installed_package

_PLUGIN = '''
import threading
import time

LOADS = []
ACTIVE = []
PEAK = []


class SlowEditor:
    name = "acme"

    def __init__(self, config):
        LOADS.append(config)
        self.batches = bool(config.options.get("batches"))
        self._lock = threading.Lock()

    def edit(self, request, *, progress, cancelled):
        with self._lock:
            ACTIVE.append(1)
            PEAK.append(len(ACTIVE))
        time.sleep(0.05)
        with self._lock:
            ACTIVE.pop()
        progress(1.0)
        return [request.image] * request.count


class Batching(SlowEditor):
    def __init__(self, config):
        super().__init__(config)
        self.batches = True
'''


@pytest.fixture
def acme(tmp_path, monkeypatch):
    """An installed package ``acme-engines`` declaring three engines."""
    with installed_package(tmp_path, monkeypatch, module="acme_engines", source=_PLUGIN, entry_points={
        "product_replace.acme": "acme_engines:SlowEditor",
        "scene_composite.acme": "acme_engines:Batching",
        "image_to_video.broken": "acme_engines_missing:Nothing",
    }) as module:
        yield module


def test_every_capability_is_classical_by_default(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path))
    for capability in Capability:
        assert engines.config(capability).name == "classical"
        assert engines.get(capability).name == "classical"
    assert isinstance(engines.get(Capability.PRODUCT_REPLACE), ImageEditor)
    assert isinstance(engines.get(Capability.SCENE_COMPOSITE), ImageEditor)
    assert isinstance(engines.get(Capability.IMAGE_TO_VIDEO), ImageAnimator)
    assert isinstance(engines.get(Capability.MATTING), Matter)
    assert isinstance(engines.get(Capability.TTS), SpeechSynthesizer)
    assert isinstance(engines.get(Capability.ASR), SpeechRecognizer)


def test_the_classical_editor_returns_the_composite_unchanged(tmp_path):
    image = np.arange(5 * 7 * 3, dtype=np.uint8).reshape(5, 7, 3)
    done = []
    with Engines(Settings(data_dir=tmp_path)).use(Capability.PRODUCT_REPLACE) as editor:
        out = editor.edit(EditRequest(image=image, keep=np.ones((5, 7), np.float32), prompt="x", count=2),
                          progress=done.append, cancelled=lambda: False)
    assert len(out) == 2 and all(np.array_equal(picture, image) for picture in out)
    assert done == [1.0]


def test_settings_name_the_engine_weights_device_and_dtype(tmp_path):
    settings = Settings(data_dir=tmp_path, engine_image_to_video="diffusers",
                        engine_image_to_video_weights=tmp_path / "wan", engine_device="cuda:1",
                        engine_dtype="bfloat16")
    config = Engines(settings).config(Capability.IMAGE_TO_VIDEO)
    assert (config.name, config.weights, config.device, config.dtype) == ("diffusers", tmp_path / "wan", "cuda:1",
                                                                          "bfloat16")


def test_an_unknown_engine_names_the_known_ones(tmp_path, acme):
    engines = Engines(Settings(data_dir=tmp_path, engine_product_replace="flux"))
    with pytest.raises(EngineError) as caught:
        engines.get(Capability.PRODUCT_REPLACE)
    message = str(caught.value)
    assert "'flux'" in message and "product_replace" in message
    assert "acme, classical, diffusers" in message


def test_a_missing_optional_extra_says_what_to_install(tmp_path, monkeypatch):
    # The gpu extra not installed on this host (the engine module itself may already be imported).
    for module in ("torch", "diffusers"):
        monkeypatch.setitem(sys.modules, module, None)
    engines = Engines(Settings(data_dir=tmp_path, engine_image_to_video="diffusers"))
    with pytest.raises(EngineError, match=r"pip install 'shopreel\[gpu\]'"):
        engines.get(Capability.IMAGE_TO_VIDEO)


def test_an_entry_point_engine_is_found_and_loaded_once(tmp_path, acme):
    engines = Engines(Settings(data_dir=tmp_path, engine_product_replace="acme", engine_product_replace_weights=tmp_path))
    first = engines.get(Capability.PRODUCT_REPLACE)
    threads = [threading.Thread(target=engines.get, args=(Capability.PRODUCT_REPLACE,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert engines.get(Capability.PRODUCT_REPLACE) is first
    assert type(first).__name__ == "SlowEditor"
    assert len(acme.LOADS) == 1 and acme.LOADS[0].weights == tmp_path


def test_an_entry_point_that_cannot_import_is_an_engine_error(tmp_path, acme):
    engines = Engines(Settings(data_dir=tmp_path, engine_image_to_video="broken"))
    with pytest.raises(EngineError, match="acme_engines_missing"):
        engines.get(Capability.IMAGE_TO_VIDEO)


def _edit_from_threads(engines: Engines, capability: Capability, n: int) -> float:
    image = np.zeros((2, 2, 3), np.uint8)

    def one() -> None:
        with engines.use(capability) as editor:
            editor.edit(EditRequest(image=image, keep=np.ones((2, 2), np.float32), prompt=""),
                        progress=lambda _: None, cancelled=lambda: False)

    threads = [threading.Thread(target=one) for _ in range(n)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - start


def test_use_serialises_a_non_batching_engine_across_threads(tmp_path, acme):
    engines = Engines(Settings(data_dir=tmp_path, engine_product_replace="acme"))
    _edit_from_threads(engines, Capability.PRODUCT_REPLACE, 4)
    assert max(acme.PEAK) == 1


def test_use_lets_a_batching_engine_serve_several_at_once(tmp_path, acme):
    engines = Engines(Settings(data_dir=tmp_path, engine_scene_composite="acme"))
    _edit_from_threads(engines, Capability.SCENE_COMPOSITE, 4)
    assert max(acme.PEAK) > 1


def test_onnx_matting_without_weights_fails_at_preload(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path, engine_matting="onnx"))
    with pytest.raises(EngineError, match="SHOPREEL_ENGINE_MATTING=onnx: .*SHOPREEL_ENGINE_MATTING_WEIGHTS"):
        engines.preload([Capability.MATTING])


def test_onnx_matting_with_a_wrong_weights_path_fails_at_preload(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path, engine_matting="onnx",
                               engine_matting_weights=tmp_path / "isnet.onnx"))
    with pytest.raises(EngineError, match="no ONNX model at .*isnet.onnx"):
        engines.preload()
    (tmp_path / "isnet.onnx").write_bytes(b"not a model")
    with pytest.raises(EngineError, match="not a usable ONNX matting model"):
        engines.preload()  # a failed load is not kept: fixed (or still wrong) weights are tried again


def test_the_deprecated_matting_model_path_selects_the_onnx_engine(tmp_path):
    model = tmp_path / "isnet.onnx"
    config = Engines(Settings(data_dir=tmp_path, matting_model_path=model)).config(Capability.MATTING)
    assert (config.name, config.weights) == ("onnx", model)
    explicit = Engines(Settings(data_dir=tmp_path, matting_model_path=model, engine_matting_weights=Path("/m.onnx")))
    assert explicit.config(Capability.MATTING).weights == Path("/m.onnx")


def test_an_unknown_talking_head_engine_is_refused_naming_the_known_ones(tmp_path):
    engines = Engines(Settings(data_dir=tmp_path, engine_talking_head="sadtalker"))
    with pytest.raises(EngineError, match="unknown engine 'sadtalker' for talking_head; known: classical"):
        engines.preload([Capability.TALKING_HEAD])
