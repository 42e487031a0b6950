"""Remove Background over HTTP: the cut-out's alpha separates the product from plain and
busy backgrounds, the mask agrees, an already transparent photo keeps its alpha, and the
cut-out is a product image other kinds accept."""

from __future__ import annotations

import io

import cv2
import httpx
import numpy as np
import pytest
from PIL import Image

from tests.support import colour_mask, decode_image, encode_png, product_photo, speech_wav

SUBMIT, QUERY = "/v1/common_task/remove_background/submit", "/v1/common_task/remove_background/query"
MAGENTA = (220, 20, 160)


def _busy_background(height: int, width: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(3)
    background = np.stack([40 + 60 * xs / width, 100 + 50 * ys / height, 150 + 40 * np.sin(xs / 15)], -1)
    return np.clip(background + rng.normal(0, 12, background.shape), 0, 255).astype(np.uint8)


def _photo(background: str) -> tuple[np.ndarray, np.ndarray]:
    """The bottle on white or on a textured backdrop, and where the bottle is."""
    photo = product_photo("bottle")
    truth = (photo != 255).any(axis=-1)
    if background == "busy":
        photo = np.where(truth[..., None], photo, _busy_background(*truth.shape))
    return photo, truth


def _rgba(url: str) -> np.ndarray:
    image = Image.open(io.BytesIO(httpx.get(url).content))
    assert image.format == "PNG" and image.mode == "RGBA"
    return np.asarray(image)


def _remove(server, client, body: dict) -> dict:
    submitted = client.post(SUBMIT, json=body).json()
    assert submitted["code"] == "200", submitted
    return server.wait(client, QUERY, submitted["result"]["taskId"])


@pytest.mark.parametrize("background", ["plain", "busy"])
def test_the_alpha_is_opaque_on_the_product_and_clear_around_it(server, background):
    photo, truth = _photo(background)
    height, width = truth.shape
    with server.client() as client:
        product = server.upload(client, encode_png(photo), "png")
        result = _remove(server, client, {"productImageFileId": product})
        assert result["status"] == "success", result
        assert result["costCredit"] == 0.0
        assert (result["bgRemovedImageWidth"], result["bgRemovedImageHeight"]) == (width, height)
        assert (result["maskImageWidth"], result["maskImageHeight"]) == (width, height)
        # Both outputs are files of the user's (a cut-out is reused as a product image).
        for key in ("bgRemovedImageFileId", "maskImageFileId"):
            assert client.get("/v1/upload/check", params={"fileId": result[key]}).json()["result"] is True
    cut = _rgba(result["bgRemovedImagePath"])
    assert cut.shape == (height, width, 4)
    alpha = cut[..., 3]
    inside = cv2.erode(truth.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    outside = cv2.dilate(truth.astype(np.uint8), np.ones((7, 7), np.uint8)) == 0
    floor = 0.97 if background == "plain" else 0.9
    assert (alpha[inside] > 200).mean() >= floor
    assert (alpha[outside] < 55).mean() >= floor
    # The product's own pixels come through unchanged where it is opaque.
    assert np.abs(cut[..., :3][inside & (alpha == 255)].astype(int) - photo[inside & (alpha == 255)]).max() <= 1
    mask_image = Image.open(io.BytesIO(httpx.get(result["maskImagePath"]).content))
    assert mask_image.format == "PNG" and mask_image.size == (width, height)
    mask = np.asarray(mask_image.convert("L"))
    assert np.abs(mask.astype(int) - alpha).max() <= 1


def test_a_transparent_photo_keeps_its_alpha_and_imagefileid_is_accepted(server):
    # A white bottle with a pale label on a transparent background: flattened onto white it
    # would vanish; its own alpha is the cut-out.
    _, truth = _photo("plain")
    rgba = np.zeros((*truth.shape, 4), np.uint8)
    rgba[truth] = (250, 250, 250, 255)
    rgba[truth & (np.arange(truth.shape[0])[:, None] > 200)] = (235, 235, 240, 255)
    soft_edge = (cv2.dilate(truth.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0) & ~truth
    rgba[soft_edge] = (250, 250, 250, 128)
    with server.client() as client:
        product = server.upload(client, encode_png(rgba), "png")
        result = _remove(server, client, {"imageFileId": product})
    assert result["status"] == "success", result
    cut = _rgba(result["bgRemovedImagePath"])
    assert np.abs(cut[..., 3].astype(int) - rgba[..., 3]).max() <= 1
    assert (cut[..., :3][truth] == rgba[..., :3][truth]).all()


def test_the_cut_out_is_a_product_image_for_anyshoot(server):
    photo, _ = _photo("busy")
    backdrop = _busy_background(*photo.shape[:2])
    with server.client() as client:
        product = server.upload(client, encode_png(photo), "png")
        cut = _remove(server, client, {"productImageFileId": product})
        template = client.get("/v1/product_anyShoot/template/list", params={"pageSize": 1}).json()["result"]["data"][0]
        submitted = client.post("/v1/product_anyShoot/task/submit", json={
            "productImageFileId": cut["bgRemovedImageFileId"], "templateId": template["templateId"], "mode": "lite",
        }).json()
        assert submitted["code"] == "200", submitted
        shot = server.wait(client, "/v1/product_anyShoot/task/result", submitted["result"]["taskId"])
    assert shot["status"] == "success", shot
    image = decode_image(httpx.get(shot["anyfitImages"][0]["url"]).content)
    placed = colour_mask(image, MAGENTA, tolerance=60)
    assert placed.sum() > 500
    # Only the bottle was placed: the photo's textured backdrop is not around it.
    ys, xs = np.nonzero(placed)
    ring = image[max(0, ys.min() - 6):ys.max() + 6, max(0, xs.min() - 6):xs.max() + 6]
    texture = np.median(backdrop.reshape(-1, 3), axis=0).astype(int)
    assert colour_mask(ring, tuple(texture), tolerance=12).mean() < 0.05


def test_bad_input_names_its_code(server):
    with server.client() as client:
        assert client.post(SUBMIT, json={}).json()["code"] == "4003"
        assert client.post(SUBMIT, json={"productImageFileId": "  "}).json()["code"] == "4003"
        assert client.post(SUBMIT, json={"productImageFileId": "f" * 32}).json()["code"] == "4004"
        audio = server.upload(client, speech_wav(), "wav")
        assert client.post(SUBMIT, json={"productImageFileId": audio}).json()["code"] == "4000"
        assert client.get(QUERY, params={"taskId": "0" * 32}).json()["code"] == "4004"
        assert client.get(QUERY).json()["code"] == "4003"
    other = server.new_user()
    with server.client() as owner, server.client(other) as stranger:
        product = server.upload(owner, encode_png(product_photo("box")), "png")
        assert stranger.post(SUBMIT, json={"productImageFileId": product}).json()["code"] == "4004"
