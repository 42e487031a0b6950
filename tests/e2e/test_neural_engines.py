"""The reference neural engines end to end over HTTP: the same routes and fields, with
SHOPREEL_ENGINE_<CAPABILITY>=diffusers and tiny random-weight pipelines of the classes real
models use (Stable Video Diffusion, InstructPix2Pix), built here and loaded from a folder
as a real model is. The pictures they paint are noise; what is checked is what ShopReel does
around them: sizes, durations, progress, the product kept exact, and clear failures."""

from __future__ import annotations

import json
import time

import httpx
import numpy as np
import pytest
from typer.testing import CliRunner

from shopreel.cli import app
from tests.support import colour_mask, decode_image, encode_png, live_server, probe_bytes, product_photo, test_settings

pytest.importorskip("diffusers", reason="the gpu extra; scripts/setup.sh test installs it with the CPU torch")
from tests.engines.tiny_pipelines import build_tiny_animator, build_tiny_editor  # noqa: E402

MAGENTA = (220, 20, 160)  # product_photo("bottle")
LOOSE = {"max_product_error": 255, "min_product_correlation": -1}  # noise passes: the paste is what is checked


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Folders of a tiny animator and two tiny editors (strict and loose product checks),
    each with a shopreel-engine.json that keeps the work small for two CPU cores."""
    root = tmp_path_factory.mktemp("models")
    animator = build_tiny_animator(root / "svd")
    (animator / "shopreel-engine.json").write_text(json.dumps({"short_side_px": 64, "steps": 3}))
    strict = build_tiny_editor(root / "pix2pix")
    (strict / "shopreel-engine.json").write_text(json.dumps({"max_side_px": 64, "steps": 2}))
    loose = build_tiny_editor(root / "pix2pix-loose")
    (loose / "shopreel-engine.json").write_text(json.dumps({"max_side_px": 64, "steps": 2, **LOOSE}))
    return {"animator": animator, "strict": strict, "loose": loose}


def _follow(server, client, path: str, task_id: str) -> tuple[dict, list[int]]:
    """The task's end and every progress figure seen on the way."""
    seen: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        result = client.get(path, params={"taskId": task_id}).json()["result"]
        seen.append(result["progress"])
        if result["status"] in ("success", "fail"):
            return result, seen
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} did not end: {seen[-5:]}")


def test_image_to_video_by_a_diffusers_pipeline(tmp_path, tiny):
    settings = test_settings(tmp_path, engine_image_to_video="diffusers", engine_image_to_video_weights=tiny["animator"])
    with live_server(settings) as server, server.client() as client:
        picture = server.upload(client, encode_png(product_photo("box", width=160, height=96)), "png")
        submitted = client.post("/v1/common_task/image2video/submit", json={
            "imageFileId": picture, "prompt": "slow zoom in", "duration": 5, "mode": "lite", "generatingCount": 2,
        }).json()
        assert submitted["code"] == "200", submitted
        result, seen = _follow(server, client, "/v1/common_task/image2video/result", submitted["result"]["taskId"])
        clips = [(clip, httpx.get(clip["originVideo"]["filePath"]).content) for clip in result["videos"]]
    assert result["status"] == "success", result
    assert seen == sorted(seen) and seen[-1] == 100
    assert any(0 < figure < 100 for figure in seen), seen  # progress rose step by step, not 0 then 100
    assert len(clips) == 2
    for clip, data in clips:
        info, frames = probe_bytes(data)
        # short side 64 (the folder's short_side_px), the picture's 5:3 kept on the model's grid
        assert (info.width, info.height) == (clip["originVideo"]["width"], clip["originVideo"]["height"])
        assert info.height == 64 and 96 <= info.width <= 112
        assert abs(info.duration_ms - 5000) <= 1000 / 7 + 1  # SVD's 7 fps: 35 frames
        assert len(frames) == 35


def _replace(server, client) -> dict:
    product = server.upload(client, encode_png(product_photo("bottle")), "png")
    avatar = client.get("/v1/product_avatar/public_avatar/query", params={"pageSize": 1}).json()["result"]["data"][0]
    submitted = client.post("/v3/product_avatar/task/image_replace/submit",
                            json={"productImageFileId": product, "avatarId": avatar["avatarId"]}).json()
    assert submitted["code"] == "200", submitted
    return server.wait(client, "/v3/product_avatar/task/image_replace/query", submitted["result"]["taskId"],
                       timeout_s=240)


def test_product_replace_by_a_diffusers_editor_keeps_the_product_exact(tmp_path, tiny):
    with live_server(test_settings(tmp_path / "classical")) as server, server.client() as client:
        classical = decode_image(httpx.get(_replace(server, client)["resultImageUrl"]).content)
    settings = test_settings(tmp_path / "neural", engine_product_replace="diffusers",
                             engine_product_replace_weights=tiny["loose"])
    with live_server(settings) as server, server.client() as client:
        result = _replace(server, client)
        assert result["status"] == "success", result
        edited = decode_image(httpx.get(result["resultImageUrl"]).content)
    assert edited.shape == classical.shape  # the picture's size, whatever size the model worked at
    # The product is the product photo's own pixels, where the classical composite put them...
    product = colour_mask(classical, MAGENTA, tolerance=30)
    assert product.sum() > 2000
    assert np.abs(edited[product].astype(int) - classical[product]).mean() < 6  # JPEG's error only
    # ...and the rest is the model's (a random model's noise here), not the classical picture.
    assert np.abs(edited[~product].astype(int) - classical[~product]).mean() > 20


def test_an_edit_that_changes_the_product_fails_the_task_saying_so(tmp_path, tiny):
    settings = test_settings(tmp_path, engine_product_replace="diffusers", engine_product_replace_weights=tiny["strict"])
    with live_server(settings) as server, server.client() as client:
        result = _replace(server, client)
    assert result["status"] == "fail"
    assert result["errorMsg"].startswith("the edit changed the product: picture 1 differs from it by ")
    assert "try a lower strength or the classical engine" in result["errorMsg"]


def test_anyshoot_by_a_diffusers_editor(tmp_path, tiny):
    settings = test_settings(tmp_path, engine_scene_composite="diffusers", engine_scene_composite_weights=tiny["loose"])
    with live_server(settings) as server, server.client() as client:
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        template = client.get("/v1/product_anyShoot/template/list", params={"pageSize": 1}).json()["result"]["data"][0]
        submitted = client.post("/v1/product_anyShoot/task/submit", json={
            "productImageFileId": product, "templateId": template["templateId"], "mode": "lite", "generatingCount": 2,
        }).json()
        result, seen = _follow(server, client, "/v1/product_anyShoot/task/result", submitted["result"]["taskId"])
        shots = [decode_image(httpx.get(image["url"]).content) for image in result["anyfitImages"]]
    assert result["status"] == "success", result
    assert seen == sorted(seen)
    assert len(shots) == 2
    for shot in shots:
        assert colour_mask(shot, MAGENTA, tolerance=30).sum() > 2000  # the product, exactly, in the scene


@pytest.mark.parametrize("folder", ["missing", "empty", "editor"])
def test_wrong_weights_stop_the_server_at_its_start(tmp_path, tiny, folder):
    weights = {"missing": tmp_path / "nothing-here", "empty": tmp_path, "editor": tiny["strict"]}[folder]
    result = CliRunner().invoke(app, ["serve", "--data-dir", str(tmp_path / "d"), "--port", "1"], env={
        "SHOPREEL_ENGINE_IMAGE_TO_VIDEO": "diffusers", "SHOPREEL_ENGINE_IMAGE_TO_VIDEO_WEIGHTS": str(weights)})
    assert result.exit_code == 1
    assert "SHOPREEL_ENGINE_IMAGE_TO_VIDEO=diffusers: SHOPREEL_ENGINE_IMAGE_TO_VIDEO_WEIGHTS" in result.output
    expected = {"missing": "no such folder", "empty": "model_index.json",
                "editor": "StableDiffusionInstructPix2PixPipeline, which takes no num_frames"}[folder]
    assert expected in result.output, result.output
