"""Product Avatar over HTTP: catalogs, and Replace Product Image with a presenter or a photo."""

from __future__ import annotations

import json

import httpx
import numpy as np
from skimage import data

from tests.support import colour_mask, decode_image, encode_png, mp4_bytes, product_photo

SUBMIT = "/v1/product_avatar/task/image_replace/submit"
RESULT = "/v1/product_avatar/task/image_replace/result"
MAGENTA = (220, 20, 160)
PROMPT = ("Replace the item in the hand of the person in Picture 1 with the one in Picture 2. Keep the composition "
          "position and gesture of the person in Picture 1 unchanged.")


def test_catalogs(server):
    with server.client() as client:
        categories = client.get("/v1/product_avatar/category/list").json()["result"]
        assert len(categories) >= 8 and all(set(c) == {"categoryId", "categoryName"} for c in categories)
        ethnicities = client.get("/v1/ethnicity/list", params={"scene": "product_avatar", "pageSize": 100}).json()
        assert ethnicities["result"]["total"] >= 8
        assert client.get("/v1/ethnicity/list", params={"scene": "video_avatar"}).json()["code"] == "200"
        assert client.get("/v1/ethnicity/list").json()["code"] == "4003"
        assert client.get("/v1/ethnicity/list", params={"scene": "moon"}).json()["code"] == "4000"

        page = client.get("/v1/product_avatar/public_avatar/query", params={"pageSize": 100}).json()["result"]
        assert page["total"] >= 16 and len(page["data"]) == page["total"]
        assert {a["gender"] for a in page["data"]} == {"male", "female"}
        first = page["data"][0]
        info = json.loads(first["objectMaskImageInfo"])
        cover = decode_image(httpx.get(first["avatarImagePath"]).content)
        assert cover.shape[:2] == (info["height"], info["width"])
        box = info["box"]
        assert 0 <= box["x"] < box["x"] + box["w"] <= info["width"] and len(info["polygon"]) == 4
        assert first["voiceoverId"] and len(first["voiceoverId"]) == 32

        female = client.get("/v1/product_avatar/public_avatar/query", params={"gender": "female"}).json()["result"]
        assert female["data"] and all(a["gender"] == "female" for a in female["data"])
        some_ethnicity = first["avatarEthnicityList"][0]["ethnicityId"]
        by_ethnicity = client.get("/v1/product_avatar/public_avatar/query",
                                  params={"ethnicityIds": some_ethnicity, "pageSize": 100}).json()["result"]
        assert all(some_ethnicity in [e["ethnicityId"] for e in a["avatarEthnicityList"]] for a in by_ethnicity["data"])
        newest = client.get("/v1/product_avatar/public_avatar/query", params={"sortingType": "Newest"}).json()
        assert newest["code"] == "200"
        assert client.get("/v1/product_avatar/public_avatar/query", params={"sortingType": "Best"}).json()["code"] == "4000"


def test_presenter_holds_the_product(server):
    with server.client() as client:
        avatar = client.get("/v1/product_avatar/public_avatar/query", params={"pageSize": 1}).json()["result"]["data"][0]
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        submitted = client.post(SUBMIT, json={"avatarId": avatar["avatarId"], "productImageFileId": product,
                                              "imageEditPrompt": PROMPT, "productSize": 2}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, RESULT, submitted["result"]["taskId"])
        assert result["status"] == result["taskStatus"] == "success", result
        [item] = result["productReplaceResult"]
        assert item["faceExistence"] is True
        image = decode_image(httpx.get(item["url"]).content)
        assert image.shape == (1920, 1080, 3)
        # The product's magenta sits where the cover's held object was (the hand).
        info = json.loads(avatar["objectMaskImageInfo"])
        sx, sy = 1080 / info["width"], 1920 / info["height"]
        ys, xs = np.nonzero(colour_mask(image, MAGENTA))
        assert len(xs) > 2000
        box = info["box"]
        cx, cy = xs.mean() / sx, ys.mean() / sy
        assert box["x"] - box["w"] < cx < box["x"] + 2 * box["w"] and box["y"] - box["h"] < cy < box["y"] + 2 * box["h"]
        # The key is a file of the user's, usable by image2Video.
        assert client.get("/v1/upload/check", params={"fileId": item["key"]}).json()["result"] is True


def _photo_with_held_object() -> tuple[np.ndarray, list[dict[str, int]]]:
    template = data.astronaut().copy()  # 512x512 portrait
    x0, y0, x1, y1 = 330, 330, 420, 470
    template[y0:y1, x0:x1] = (30, 200, 60)  # a green object in the lower right
    template[y0 + 40:y0 + 60, x0:x1] = (240, 240, 240)
    return template, [{"x": x0, "y": y0}, {"x": x1, "y": y0}, {"x": x1, "y": y1}, {"x": x0, "y": y1}]


def test_photo_template_object_is_replaced(server):
    template, location = _photo_with_held_object()
    with server.client() as client:
        template_id = server.upload(client, encode_png(template), "png")
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        submitted = client.post(SUBMIT, json={"templateImageFileId": template_id, "productImageFileId": product,
                                              "imageEditPrompt": PROMPT, "location": location}).json()
        result = server.wait(client, RESULT, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    [item] = result["productReplaceResult"]
    assert item["faceExistence"] is True
    image = decode_image(httpx.get(item["url"]).content)
    assert image.shape == template.shape
    assert colour_mask(image, (30, 200, 60), tolerance=30).sum() < 50  # the old object is gone
    assert colour_mask(image[300:500, 300:450], MAGENTA).sum() > 500  # the product is there
    # the face is untouched (JPEG tolerance)
    assert np.abs(image[60:220, 160:320].astype(int) - template[60:220, 160:320]).mean() < 3


def test_photo_without_hand_or_location_fails_with_a_reason(server):
    with server.client() as client:
        template_id = server.upload(client, encode_png(data.coffee()), "png")
        product = server.upload(client, encode_png(product_photo("box")), "png")
        submitted = client.post(SUBMIT, json={"templateImageFileId": template_id, "productImageFileId": product,
                                              "imageEditPrompt": PROMPT}).json()
        result = server.wait(client, RESULT, submitted["result"]["taskId"])
    assert result["status"] == "fail" and "location" in result["errorMsg"]


def test_bad_inputs(server):
    with server.client() as client:
        product = server.upload(client, encode_png(product_photo("round")), "png")
        video = server.upload(client, mp4_bytes(), "mp4")
        avatar = client.get("/v1/product_avatar/public_avatar/query", params={"pageSize": 1}).json()["result"]["data"][0]
        base = {"avatarId": avatar["avatarId"], "productImageFileId": product, "imageEditPrompt": PROMPT}

        def code(**changes):
            body = {k: v for k, v in {**base, **changes}.items() if v is not None}
            return client.post(SUBMIT, json=body).json()

        assert code(productSize="9")["code"] == "4000" and "productSize" in code(productSize="9")["message"]
        assert code(imageEditPrompt=None)["code"] == "4003"
        assert code(productImageFileId=None)["code"] == "4003"
        assert code(avatarId=None)["code"] == "4003"
        assert code(avatarId="0" * 32)["code"] == "4004"
        not_image = code(productImageFileId=video)
        assert not_image["code"] == "4000" and "image" in not_image["message"]
        assert code(productImageFileId="f" * 32)["code"] == "4004"
        assert code(location=[{"x": 1, "y": 2}], templateImageFileId=product, avatarId=None)["code"] == "4000"
    with server.client(server.new_user()) as other:
        theirs = other.post(SUBMIT, json=base).json()
        assert theirs["code"] == "4004"


def test_operator_photo_avatar(server, tmp_path):
    """`shopreel avatar add` a licensed photo (here a shipped portrait with an object pasted
    in, corners given since no shipped photo has a detectable hand); it lists as a public
    avatar and its object is replaced by the product."""
    import subprocess
    import sys

    from PIL import Image

    template, location = _photo_with_held_object()
    photo = tmp_path / "holding.png"
    Image.fromarray(template).save(photo)
    corners = ",".join(f"{p['x']},{p['y']}" for p in location)
    added = subprocess.run(
        [sys.executable, "-m", "shopreel", "avatar", "add", str(photo), "--name", "Eileen", "--gender", "female",
         "--location", corners, "--data-dir", str(server.settings.data_dir)],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, **({"SHOPREEL_DATABASE_URL": server.settings.resolved_database_url,
                                            "SHOPREEL_STORAGE_URL": server.settings.resolved_storage_url,
                                            "SHOPREEL_S3_ENDPOINT_URL": server.settings.s3_endpoint_url or ""}
                                           if server.settings.is_postgresql else {})},
    )
    assert added.returncode == 0, added.stderr
    avatar_id = json.loads(added.stdout)["avatarId"]
    no_face = tmp_path / "cup.png"
    Image.fromarray(data.coffee()).save(no_face)
    refused = subprocess.run([sys.executable, "-m", "shopreel", "avatar", "add", str(no_face), "--name", "Cup",
                              "--gender", "male", "--data-dir", str(server.settings.data_dir)],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "no face" in refused.stderr
    with server.client() as client:
        listed = client.get("/v1/product_avatar/public_avatar/query", params={"sortingType": "Newest"}).json()
        mine = listed["result"]["data"][0]
        assert mine["avatarId"] == avatar_id and mine["avatarName"] == "Eileen"
        assert decode_image(httpx.get(mine["avatarImagePath"]).content).shape == template.shape
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        submitted = client.post(SUBMIT, json={"avatarId": avatar_id, "productImageFileId": product,
                                              "imageEditPrompt": PROMPT}).json()
        result = server.wait(client, RESULT, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    image = decode_image(httpx.get(result["productReplaceResult"][0]["url"]).content)
    assert colour_mask(image, (30, 200, 60), tolerance=30).sum() < 50
    assert colour_mask(image[300:500, 300:450], MAGENTA).sum() > 500
