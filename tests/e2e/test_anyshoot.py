"""Product AnyShoot over HTTP: templates, shots in built-in and uploaded scenes, bad input."""

from __future__ import annotations

import cv2
import httpx
import numpy as np
from skimage import data

from tests.support import colour_mask, decode_image, encode_png, mp4_bytes, product_photo

SUBMIT, RESULT = "/v1/product_anyShoot/task/submit", "/v1/product_anyShoot/task/result"
MAGENTA = (220, 20, 160)


def test_template_catalog(server):
    with server.client() as client:
        categories = client.get("/v1/product_anyShoot/template/category/list").json()["result"]
        assert len(categories) >= 6
        page = client.get("/v1/product_anyShoot/template/list", params={"pageSize": 100}).json()["result"]
        assert page["total"] >= 24 and {t["style"] for t in page["data"]} == {"UGC", "Pro"}
        pro = client.get("/v1/product_anyShoot/template/list", params={"style": "Pro", "pageSize": 100}).json()
        assert all(t["style"] == "Pro" for t in pro["result"]["data"])
        some = categories[0]["categoryId"]
        filtered = client.get("/v1/product_anyShoot/template/list", params={"categoryIds": some, "pageSize": 100}).json()
        assert all(some in [c["categoryId"] for c in t["templateCategoryList"]] for t in filtered["result"]["data"])
        assert client.get("/v1/product_anyShoot/template/list", params={"style": "Retro"}).json()["code"] == "4000"
    first = page["data"][0]
    image = decode_image(httpx.get(first["templateImageUrl"]).content)
    mask = decode_image(httpx.get(first["templateMaskUrl"]).content)
    assert image.shape == mask.shape == (1920, 1080, 3) and mask.max() == 255
    assert decode_image(httpx.get(first["coverUrl"]).content).shape == (640, 360, 3)


def test_three_shots_in_a_built_in_template(server):
    with server.client() as client:
        template = client.get("/v1/product_anyShoot/template/list", params={"pageSize": 1}).json()["result"]["data"][0]
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        submitted = client.post(SUBMIT, json={"productImageFileId": product, "templateId": template["templateId"],
                                              "mode": "lite", "generatingCount": 3}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, RESULT, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    shots = [decode_image(httpx.get(item["url"]).content) for item in result["anyfitImages"]]
    assert len(shots) == 3 and all(s.shape == (1280, 720, 3) for s in shots)
    assert all(np.abs(a.astype(int) - b).mean() > 1 for i, a in enumerate(shots) for b in shots[i + 1:])
    mask = decode_image(httpx.get(template["templateMaskUrl"]).content)[..., 0]
    mask = cv2.resize(mask, (720, 1280)) > 127
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((15, 15), np.uint8)) > 0
    for shot in shots:
        product_pixels = colour_mask(shot, MAGENTA, tolerance=60)
        assert product_pixels.sum() > 500
        assert (product_pixels & mask).sum() / product_pixels.sum() > 0.95
        # a shadow: just below the product's bottom the scene is darker than the empty template
        ys, xs = np.nonzero(product_pixels)
        bottom, left, right = ys.max(), xs.min(), xs.max()
        below = shot[bottom + 2:bottom + 10, left:right].astype(float).mean()
        clean = decode_image(httpx.get(template["templateImageUrl"]).content)
        clean = cv2.resize(clean, (720, 1280))[bottom + 2:bottom + 10, left:right].astype(float).mean()
        assert below < clean - 3


def test_uploaded_template_with_mask_and_with_location(server):
    scene = data.coffee()[:, :400].copy()  # 400x400 table
    mask = np.zeros(scene.shape[:2], np.uint8)
    mask[200:380, 120:280] = 255
    with server.client() as client:
        scene_id = server.upload(client, encode_png(scene), "png")
        mask_id = server.upload(client, encode_png(mask), "png")
        product = server.upload(client, encode_png(product_photo("box")), "png")
        by_mask = client.post(SUBMIT, json={"productImageFileId": product, "templateImageFileId": scene_id,
                                            "templateMaskFileId": mask_id, "mode": "pro"}).json()
        corners = [{"x": 40, "y": 40}, {"x": 160, "y": 50}, {"x": 150, "y": 200}, {"x": 50, "y": 190}]
        by_corners = client.post(SUBMIT, json={"productImageFileId": product, "templateImageFileId": scene_id,
                                               "location": corners, "mode": "pro"}).json()
        results = [server.wait(client, RESULT, body["result"]["taskId"]) for body in (by_mask, by_corners)]
    cyan = (20, 200, 220)
    first = decode_image(httpx.get(results[0]["anyfitImages"][0]["url"]).content)
    pixels = colour_mask(first, cyan, tolerance=60)
    assert pixels.sum() > 300 and pixels[190:390, 110:290].sum() / pixels.sum() > 0.95
    second = decode_image(httpx.get(results[1]["anyfitImages"][0]["url"]).content)
    quad = np.zeros(scene.shape[:2], np.uint8)
    cv2.fillConvexPoly(quad, np.array([[c["x"], c["y"]] for c in corners], np.int32), 1)
    quad = cv2.dilate(quad, np.ones((9, 9), np.uint8)) > 0
    pixels = colour_mask(second, cyan, tolerance=60)
    assert pixels.sum() > 300 and (pixels & quad).sum() / pixels.sum() > 0.95


def test_bad_inputs(server):
    with server.client() as client:
        product = server.upload(client, encode_png(product_photo("round")), "png")
        small_mask = server.upload(client, encode_png(np.full((10, 10), 255, np.uint8)), "png")
        video = server.upload(client, mp4_bytes(), "mp4")
        template = client.get("/v1/product_anyShoot/template/list", params={"pageSize": 1}).json()["result"]["data"][0]
        base = {"productImageFileId": product, "templateId": template["templateId"], "mode": "lite"}

        def post(**changes):
            body = {k: v for k, v in {**base, **changes}.items() if v is not None}
            return client.post(SUBMIT, json=body).json()

        assert post(generatingCount=7)["code"] == "4000"
        assert post(mode=None)["code"] == "4003"
        assert post(mode="ultra")["code"] == "4000"
        wrong_mask = post(productMaskFileId=small_mask)
        assert wrong_mask["code"] == "4000" and "same size" in wrong_mask["message"]
        assert post(templateId=None)["code"] == "4003"
        assert post(templateId="0" * 32)["code"] == "4004"
        assert post(templateId=None, templateImageFileId=product)["code"] == "4003"  # no mask, no location
        assert post(productImageFileId=video)["code"] == "4000"
        assert client.get(RESULT, params={"taskId": "0" * 32}).json()["code"] == "4004"
