"""The onnx matting engine end to end over HTTP: SHOPREEL_ENGINE_MATTING=onnx with a tiny
model (alpha = darkness, tests/engines/tiny_onnx.py) cuts Remove Background's product out
by the model's rule, not the classical one."""

from __future__ import annotations

import httpx
import numpy as np

from tests.engines.tiny_onnx import darkness_matting_model
from tests.support import decode_image, encode_png, live_server, test_settings


def test_remove_background_by_an_onnx_matting_model(tmp_path):
    model = tmp_path / "darkness.onnx"
    model.write_bytes(darkness_matting_model())
    # Dark grey on the left, white on the right: the model keeps the left half, whole (the
    # classical cut-out finds no product in this picture at all).
    photo = np.full((120, 160, 3), 255, np.uint8)
    photo[:, :80] = 40
    settings = test_settings(tmp_path, engine_matting="onnx", engine_matting_weights=model)
    with live_server(settings) as server, server.client() as client:
        image = server.upload(client, encode_png(photo), "png")
        submitted = client.post("/v1/common_task/remove_background/submit", json={"productImageFileId": image}).json()
        result = server.wait(client, "/v1/common_task/remove_background/query", submitted["result"]["taskId"])
        assert result["status"] == "success", result
        mask = decode_image(httpx.get(result["maskImagePath"]).content)
    mask = mask if mask.ndim == 2 else mask[..., 0]
    assert mask.shape == (120, 160)
    assert mask[:, :72].min() > 240 and mask[:, 88:].max() < 15  # the model's cut, edge aside
