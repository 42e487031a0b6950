import importlib.util

import pytest

from shopreel.media.speech import PiperTts


@pytest.mark.skipif(importlib.util.find_spec("piper") is not None, reason="piper-tts is installed")
def test_missing_extra_names_the_package_to_install(tmp_path):
    with pytest.raises(ImportError, match="pip install piper-tts"):
        PiperTts(tmp_path / "en_US-lessac-medium.onnx")
