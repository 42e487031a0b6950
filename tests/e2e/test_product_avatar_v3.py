"""Product Avatar v3 Replace Product Image and v2 image2Video over HTTP: the v1 kinds in
today's field names, giving the same media as their v1 forms."""

from __future__ import annotations

import httpx
import numpy as np

from tests.e2e.test_product_avatar import MAGENTA, PROMPT, _photo_with_held_object
from tests.support import colour_mask, decode_image, encode_png, probe_bytes, product_photo, speech_wav

V1_SUBMIT, V1_RESULT = "/v1/product_avatar/task/image_replace/submit", "/v1/product_avatar/task/image_replace/result"
V3_SUBMIT, V3_QUERY = "/v3/product_avatar/task/image_replace/submit", "/v3/product_avatar/task/image_replace/query"
I2V_V1_SUBMIT, I2V_V1_RESULT = "/v1/product_avatar/task/image2Video/submit", "/v1/product_avatar/task/image2Video/result"
I2V_V2_SUBMIT, I2V_V2_QUERY = "/v2/product_avatar/task/image2Video/submit", "/v2/product_avatar/task/image2Video/query"


def _cut_out_png(image: np.ndarray) -> bytes:
    """``image`` as a PNG whose near-white background is transparent (what remove_background
    gives), the product opaque."""
    alpha = np.where((image > 235).all(axis=-1), 0, 255).astype(np.uint8)
    return encode_png(np.dstack([image, alpha]))


def test_v3_gives_the_v1_picture_with_v3_fields(server):
    template, corners = _photo_with_held_object()  # 512x512: the box is 330..420 x 330..470
    height, width = template.shape[:2]
    with server.client() as client:
        template_id = server.upload(client, encode_png(template), "png")
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        v1 = client.post(V1_SUBMIT, json={"templateImageFileId": template_id, "productImageFileId": product,
                                          "imageEditPrompt": PROMPT, "location": corners}).json()
        # v3: two opposite corners as 0–1 fractions (exact in binary: 512 is a power of two) ...
        normalised = [[330 / width, 330 / height], [420 / width, 470 / height]]
        v3_box = client.post(V3_SUBMIT, json={
            "templateImageFileId": template_id, "productImageFileId": product, "imageEditPrompt": PROMPT,
            "location": normalised, "generateImageMode": "auto", "keepTarget": "model", "version": "v3",
            "projectId": "p-1", "boardId": "board-7"}).json()
        # ... and four corners as pixel pairs, manual mode, no prompt (optional in v3).
        v3_quad = client.post(V3_SUBMIT, json={
            "templateImageFileId": template_id, "productImageFileId": product, "generateImageMode": "manual",
            "location": [[p["x"], p["y"]] for p in corners], "version": "v4", "keepTarget": "product"}).json()
        assert v1["code"] == v3_box["code"] == v3_quad["code"] == "200", (v1, v3_box, v3_quad)
        first = server.wait(client, V1_RESULT, v1["result"]["taskId"])
        boxed = server.wait(client, V3_QUERY, v3_box["result"]["taskId"])
        quad = server.wait(client, V3_QUERY, v3_quad["result"]["taskId"])
        assert first["status"] == boxed["status"] == quad["status"] == "success", (first, boxed, quad)

        pictures = [decode_image(httpx.get(url).content) for url in
                    (first["productReplaceResult"][0]["url"], boxed["resultImageUrl"], quad["resultImageUrl"])]
        assert pictures[0].shape == template.shape
        assert colour_mask(pictures[0][300:500, 300:450], MAGENTA).sum() > 500  # the product is there
        assert np.array_equal(pictures[0], pictures[1]) and np.array_equal(pictures[0], pictures[2])

        # The fields v3 clients read, and the v1 list beside them.
        assert boxed["costCredit"] == 0.0 and isinstance(boxed["costCredit"], float)
        assert boxed["boardId"] == "board-7" and boxed["boardTaskId"] is None and boxed["finishedVideoUrl"] is None
        assert quad["boardId"] is None
        [item] = boxed["replaceProductResult"]
        [v1_item] = boxed["productReplaceResult"]
        assert item["imageId"] == v1_item["key"] and item["faceExistence"] is v1_item["faceExistence"] is True
        assert item["url"] == boxed["resultImageUrl"]
        # The same task reads through the v1 route too (one kind).
        assert client.get(V1_RESULT, params={"taskId": v3_box["result"]["taskId"]}).json()["code"] == "200"


def test_v3_cut_out_product_then_v2_image2video(server):
    """A presenter holds an already cut-out product; v2 image2Video makes it talk, and with
    the same uploaded audio gives the same video as the v1 form. (The comparison uses audio:
    espeak-ng's output for the same text can differ by a few milliseconds from call to call.)"""
    text = "Meet the serum everyone loves."
    with server.client() as client:
        avatar = client.get("/v1/product_avatar/public_avatar/query", params={"pageSize": 1}).json()["result"]["data"][0]
        cut_out = server.upload(client, _cut_out_png(product_photo("bottle")), "png")
        audio = server.upload(client, speech_wav("Look at this."), "wav")
        replaced = client.post(V3_SUBMIT, json={"avatarId": avatar["avatarId"],
                                                "productImageWithoutBackgroundFileId": cut_out}).json()
        assert replaced["code"] == "200", replaced
        picture = server.wait(client, V3_QUERY, replaced["result"]["taskId"])
        assert picture["status"] == "success", picture
        image = decode_image(httpx.get(picture["resultImageUrl"]).content)
        assert image.shape == (1920, 1080, 3) and colour_mask(image, MAGENTA).sum() > 2000
        image_id = picture["replaceProductResult"][0]["imageId"]

        tasks = [
            client.post(I2V_V2_SUBMIT, json={"replaceProductTaskImageId": image_id, "mode": "avatar4Fast",
                                             "scriptMode": "text", "ttsText": text,
                                             "voiceId": avatar["voiceoverId"]}).json(),
            client.post(I2V_V2_SUBMIT, json={"replaceProductTaskImageId": image_id, "mode": "lite",
                                             "scriptMode": "audio", "audioFileId": audio}).json(),
            client.post(I2V_V1_SUBMIT, json={"productReplaceResultKey": image_id, "mode": "lite",
                                             "audioFileId": audio}).json(),
        ]
        assert all(t["code"] == "200" for t in tasks), tasks
        talking, spoken, v1 = (server.wait(client, path, t["result"]["taskId"], timeout_s=180)
                               for path, t in zip((I2V_V2_QUERY, I2V_V2_QUERY, I2V_V1_RESULT), tasks))
    assert talking["status"] == spoken["status"] == v1["status"] == "success", (talking, spoken, v1)
    assert talking["finishedVideoUrl"] == talking["videoUrl"]
    assert talking["aiAvatar"]["aiavatarId"] == avatar["avatarId"]
    assert talking["aiAvatar"]["voiceoverIdDefault"] == avatar["voiceoverId"] and talking["aiAvatar"]["coverUrl"]
    info, frames = probe_bytes(httpx.get(talking["finishedVideoUrl"]).content)
    assert info.has_audio and (info.width, info.height) == (720, 1280)
    assert abs(info.duration_ms - info.audio_duration_ms) <= 1000 / info.fps + 1
    assert min(colour_mask(f, MAGENTA, tolerance=50).sum() for f in frames[::5]) > 500  # held throughout

    info, frames = probe_bytes(httpx.get(spoken["finishedVideoUrl"]).content)
    info_v1, frames_v1 = probe_bytes(httpx.get(v1["videoUrl"]).content)
    assert info.has_audio and (info_v1.duration_ms, len(frames_v1)) == (info.duration_ms, len(frames))
    assert max(np.abs(a.astype(int) - b).mean() for a, b in zip(frames, frames_v1)) < 0.5


def test_v2_image2video_audio_mode_on_a_photo_template(server):
    """A photo template's picture talks with uploaded audio: the video lasts as long as the
    audio, ``aiAvatar`` is null (no cast presenter)."""
    template, corners = _photo_with_held_object()
    wav = speech_wav("Look at this bottle.")
    import io
    import wave

    with wave.open(io.BytesIO(wav)) as w:
        audio_ms = w.getnframes() * 1000 // w.getframerate()
    with server.client() as client:
        template_id = server.upload(client, encode_png(template), "png")
        product = server.upload(client, encode_png(product_photo("bottle")), "png")
        audio = server.upload(client, wav, "wav")
        replaced = client.post(V3_SUBMIT, json={"templateImageFileId": template_id, "productImageFileId": product,
                                                "location": [[p["x"], p["y"]] for p in corners]}).json()
        picture = server.wait(client, V3_QUERY, replaced["result"]["taskId"])
        image_id = picture["replaceProductResult"][0]["imageId"]
        submitted = client.post(I2V_V2_SUBMIT, json={"replaceProductTaskImageId": image_id, "mode": "pro",
                                                     "scriptMode": "audio", "audioFileId": audio}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, I2V_V2_QUERY, submitted["result"]["taskId"], timeout_s=180)
    assert result["status"] == "success", result
    assert result["aiAvatar"] is None
    info, _ = probe_bytes(httpx.get(result["finishedVideoUrl"]).content)
    assert info.has_audio and (info.width, info.height) == (1080, 1920)
    assert abs(info.duration_ms - audio_ms) <= 2 * 1000 / info.fps + 30


def test_bad_inputs(server):
    template, corners = _photo_with_held_object()
    with server.client() as client:
        template_id = server.upload(client, encode_png(template), "png")
        product = server.upload(client, encode_png(product_photo("round")), "png")
        base = {"templateImageFileId": template_id, "productImageFileId": product,
                "location": [[p["x"], p["y"]] for p in corners]}

        def v3(**changes):
            return client.post(V3_SUBMIT, json={k: v for k, v in {**base, **changes}.items() if v is not None}).json()

        assert v3(productImageFileId=None)["code"] == "4003"
        assert v3(generateImageMode="semi")["code"] == "4000"
        assert v3(generateImageMode="manual", location=None)["code"] == "4003"
        assert v3(location=[[1, 2], [3, 4], [5, 6]])["code"] == "4000"
        assert v3(location=[[1, 2], [600, 4]])["code"] == "4000"  # outside the 512x512 template
        assert v3(keepTarget="both")["code"] == "4000"
        assert v3(version="v9")["code"] == "4000"
        assert v3(productImageWithoutBackgroundFileId="f" * 32)["code"] == "4004"
        assert v3(templateImageFileId=None)["code"] == "4003"
        # v1 still requires the prompt and the product photo.
        assert client.post(V1_SUBMIT, json=base).json()["code"] == "4003"

        done = server.wait(client, V3_QUERY, v3()["result"]["taskId"])
        image_id = done["replaceProductResult"][0]["imageId"]
        i2v = {"replaceProductTaskImageId": image_id, "mode": "lite", "scriptMode": "text", "ttsText": "Hi."}

        def v2(**changes):
            return client.post(I2V_V2_SUBMIT,
                               json={k: v for k, v in {**i2v, **changes}.items() if v is not None}).json()

        assert v2(mode="max")["code"] == "4000"
        assert v2(mode=None)["code"] == "4003"
        assert v2(ttsText=None)["code"] == "4003"
        assert v2(scriptMode="audio")["code"] == "4003"  # no audioFileId
        assert v2(scriptMode="video")["code"] == "4000"
        assert v2(voiceId="f" * 32)["code"] == "4004"
        assert v2(replaceProductTaskImageId=product)["code"] == "4000"  # not a replace result
        assert client.get(I2V_V2_QUERY, params={"taskId": "0" * 32}).json()["code"] == "4004"
