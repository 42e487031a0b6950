"""Avatar Marketing Video over HTTP: from a product page to previews, an edited script and
an exported ad that shows the product, speaks the script, and ends on the end card."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.media.scrape import pages
from tests.support import DISTRIBUTED, encode_png, moving_clip, png_bytes, probe_bytes, product_photo

SUBMIT, QUERY = "/v1/m2v/task/submit", "/v1/m2v/task/query"


def _audio_of(data: bytes) -> tuple[np.ndarray, int]:
    import tempfile

    from shopreel.media.video.audio import load_audio

    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(data)
        handle.flush()
        return load_audio(handle.name, sample_rate=16_000), 16_000


def test_product_link_to_previews_edit_and_export(server, web):
    images = [web.add(f"/cdn/p{i}.png", encode_png(product_photo(kind)), content_type="image/png")
              for i, kind in enumerate(("bottle", "box", "round"))]
    link = web.add("/products/serum", pages.jsonld_only_page(
        name="Glow Serum", description="A light vitamin C serum that brightens dull skin in a week. "
        "Absorbs in seconds and layers under makeup.", price="24.99", currency="USD", brand="Lumi",
        image_urls=images))
    with server.client() as client:
        avatar = client.get("/v1/aiavatar/query", params={"pageSize": 1}).json()["result"]["data"][0]["aiavatarId"]
        submitted = client.post(SUBMIT, json={"productLink": link, "preview": True, "videoLengthType": 2,
                                              "aspectRatio": "1:1", "aiavatarId": avatar}).json()
        assert submitted["code"] == "200", submitted
        task_id = submitted["result"]["taskId"]
        result = server.wait(client, QUERY, task_id, timeout_s=400)
        assert result["status"] == "success", result
        assert result["productName"] == "Glow Serum"
        assert len(result["imageSceneInfoList"]) == 3 and all(s["sceneAnalyseDesc"] for s in result["imageSceneInfoList"])
        scripts = client.get("/v1/m2v/script/list", params={"taskId": task_id}).json()["result"]
        assert len(scripts) >= 3 and all(s["scriptContents"] for s in scripts)
        assert any("Glow Serum" in seg["segText"] for seg in scripts[0]["scriptContents"])
        assert len(result["previewVideos"]) == len(scripts)
        for preview in result["previewVideos"]:
            info, _ = probe_bytes(httpx.get(preview["videoUrl"]).content)
            assert (info.width, info.height) == (360, 360) and info.has_audio
            assert 15_000 <= info.duration_ms - 2_000 <= 30_000  # videoLengthType 2, plus the end card

        # Edit the second script, then export it.
        edited = [{"segId": 1, "segText": "Dull skin? Meet Glow Serum."},
                  {"segId": 2, "segText": "Vitamin C that brightens your skin in one week."},
                  {"segId": 3, "segText": "It absorbs in seconds and layers under makeup."},
                  {"segId": 4, "segText": "Get yours today for only twenty four dollars."}]
        second = scripts[1]["scriptId"]
        updated = client.post("/v1/m2v/script/update", json={"taskId": task_id, "scriptId": second,
                                                             "scriptContents": edited}).json()
        assert updated["code"] == "200", updated
        listed = client.get("/v1/m2v/script/list", params={"taskId": task_id}).json()["result"]
        assert [c["segText"] for c in listed[1]["scriptContents"]] == [e["segText"] for e in edited]
        exported = client.post("/v1/m2v/export", json={"taskId": task_id, "scriptId": second}).json()
        assert exported["code"] == "200" and exported["result"]["taskId"] == task_id
        final = server.wait(client, QUERY, task_id, timeout_s=400)
    assert final["status"] == "success", final
    [ad] = [v for v in final["exportVideos"] if v["scriptId"] == second]
    data = httpx.get(ad["videoUrl"]).content
    info, frames = probe_bytes(data)
    assert (info.width, info.height) == (1080, 1080) and info.has_audio
    assert ad["videoDuration"] == info.duration_ms and ad["videoEtag"]
    assert info.duration_ms > 8_000  # the edited script is the user's: its own length, not the range
    # The end card is last: the final frame is the black card with the product in the middle.
    last = frames[-1]
    assert last[:40].max() < 30 and last[-40:].max() < 30 and last[400:680, 400:680].std() > 20
    # The product (magenta bottle, cyan box, orange disc) is on screen in the b-roll.
    colours = [(220, 20, 160), (20, 200, 220), (245, 120, 20)]
    seen = [max((np.abs(f.astype(int) - c).max(axis=-1) < 40).sum() for f in frames[::15]) for c in colours]
    assert max(seen) > 2000
    # Music under the voice: during the end card (no speech) the soundtrack is not silent.
    audio, rate = _audio_of(data)
    tail = audio[-int(1.5 * rate):-int(0.3 * rate)]
    assert np.sqrt(np.mean(tail**2)) > 0.003


def test_file_ids_only_and_bad_inputs(server):
    with server.client() as client:
        image = server.upload(client, png_bytes(200, 300, seed=4), "png")
        base = {"fileIds": [image], "productName": "Mug", "productDescription": "A ceramic mug that keeps tea hot."}

        def post(**changes):
            return client.post(SUBMIT, json={k: v for k, v in {**base, **changes}.items() if v is not None}).json()

        assert post(fileIds=None)["code"] == "4003"
        assert post(productName=None)["code"] == "4003"
        assert post(productDescription=None)["code"] == "4003"
        assert post(aspectRatio="2:1")["code"] == "4000"
        assert post(language="xx")["code"] == "4000"
        assert post(videoLengthType=9)["code"] == "4000"
        assert post(aiavatarId="0" * 32)["code"] == "4004"
        assert post(fileIds=["f" * 32])["code"] == "4004"
        assert post(language="th", voiceId=client.get("/v1/voice/query", params={"language": "en"}).json()
                    ["result"]["data"][0]["voiceId"])["code"] == "4000"
        assert post(isDiyScript=True, productDescription=None)["code"] == "4003"  # no diyScriptDescription
        assert client.get("/v1/m2v/script/list", params={"taskId": "0" * 32}).json()["code"] == "4004"
        assert client.post("/v1/m2v/export", json={"taskId": "0" * 32}).json()["code"] == "4004"


def _export(server, client, body: dict) -> tuple[dict, object, list]:
    submitted = client.post(SUBMIT, json=body).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, QUERY, submitted["result"]["taskId"], timeout_s=600)
    assert result["status"] == "success", result
    [ad] = result["exportVideos"]
    info, frames = probe_bytes(httpx.get(ad["videoUrl"]).content)
    assert info.has_audio and abs(info.duration_ms - info.audio_duration_ms) <= 1000 / info.fps + 1
    return result, info, frames


LENGTHS = {1: (30, 50), 2: (15, 30), 3: (30, 45), 4: (45, 60)}
SIZES = {"9:16": (1080, 1920), "3:4": (1080, 1440), "1:1": (1080, 1080), "4:3": (1440, 1080), "16:9": (1920, 1080)}


# Every aspect ratio and length once; in distributed mode one case is enough to exercise the
# queue and object storage (the rendering is the same code).
CASES = [("9:16", 1), ("3:4", 2), ("1:1", 3), ("4:3", 4), ("16:9", 2)]


@pytest.mark.parametrize("aspect, length", CASES[1:2] if DISTRIBUTED else CASES)
def test_each_aspect_ratio_and_length(server, aspect, length):
    with server.client() as client:
        images = [server.upload(client, encode_png(product_photo(kind)), "png") for kind in ("bottle", "round")]
        result, info, frames = _export(server, client, {
            "fileIds": images, "productName": "Glow Serum", "aspectRatio": aspect, "videoLengthType": length,
            "productDescription": "A light vitamin C serum that brightens dull skin. It absorbs in seconds."})
    assert (info.width, info.height) == SIZES[aspect]
    low, high = LENGTHS[length]
    assert low * 1000 <= info.duration_ms - 2_000 <= high * 1000, info.duration_ms
    assert max((np.abs(f.astype(int) - (220, 20, 160)).max(axis=-1) < 40).sum() for f in frames[::10]) > 1000


def test_uploaded_images_and_video_with_a_diy_script(server):
    diy = "Tired of dull skin? Glow Serum brightens it in a week. Order yours today!"
    with server.client() as client:
        image = server.upload(client, encode_png(product_photo("box")), "png")
        clip = server.upload(client, moving_clip(), "mp4")
        logo = server.upload(client, encode_png(product_photo("round", width=64, height=64)), "png")
        result, info, frames = _export(server, client, {
            "fileIds": [image, clip], "productName": "Glow Serum", "isDiyScript": True,
            "diyScriptDescription": diy, "videoLengthType": 2, "logoFileId": logo, "endcardBackgroundColor": "white"})
    [script] = result["scriptContentList"]
    assert " ".join(seg["segText"] for seg in script["scriptContents"]) == diy  # the user's own words
    assert result["videoSceneInfoList"] and result["videoSceneInfoList"][0]["videoSceneCoverUrl"]
    assert frames[-1][:40].min() > 225  # white end card
    # the logo (orange disc) sits in the top-right corner while the ad plays
    corner = frames[len(frames) // 2][: 1920 // 6, -1080 // 4:]
    assert (np.abs(corner.astype(int) - (245, 120, 20)).max(axis=-1) < 40).sum() > 100


MAGENTA = (220, 20, 160)


def _low_product_photo() -> np.ndarray:
    """A product shot with the product low in the picture: a magenta bottle on white."""
    image = np.full((360, 360, 3), 250, np.uint8)
    image[170:340, 125:235] = MAGENTA
    image[130:170, 160:200] = MAGENTA
    return image


def test_captions_keep_clear_of_the_product_and_the_face(server):
    """Neon Glow captions sit low by default, where the product shows in this ad's product
    shots (and near the product in the presenter's hand): in every frame, no caption pixel
    (the style's cyan outline and glow) lies on the product (its magenta pixels' box, as the
    camera moves) or on the presenter's face (a face detector's box), and the captions moved
    above the product rather than covering it."""
    from shopreel.media.captions import safe_area
    from shopreel.media.face import detect_faces
    from tests.support import colour_mask

    script = "Dull skin? Meet Glow Serum. It brightens skin in one week. Order yours today!"
    with server.client() as client:
        image = server.upload(client, encode_png(_low_product_photo()), "png")
        avatar = client.get("/v1/aiavatar/query", params={"pageSize": 1}).json()["result"]["data"][0]["aiavatarId"]
        caption = next(s["captionId"] for s in client.get("/v1/caption/list").json()["result"]
                       if s["captionName"] == "Neon Glow")
        submitted = client.post(SUBMIT, json={
            "fileIds": [image], "productName": "Glow Serum", "isDiyScript": True, "diyScriptDescription": script,
            "aiavatarId": avatar, "captionId": caption, "preview": True}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, QUERY, submitted["result"]["taskId"], timeout_s=600)
    assert result["status"] == "success", result
    [preview] = result["previewVideos"]
    _, frames = probe_bytes(httpx.get(preview["videoUrl"]).content)
    height, width = frames[0].shape[:2]
    safe = safe_area(width, height)
    default_centre = safe.y + 0.82 * safe.h  # where Neon Glow puts a caption by itself
    captioned = moved = with_face = 0
    for k, frame in enumerate(frames):
        cyan = colour_mask(frame, (0, 210, 255), tolerance=60)
        if cyan.sum() < 30:
            continue
        captioned += 1
        ys, xs = np.nonzero(colour_mask(frame, MAGENTA))
        if len(ys) > 200:
            assert not cyan[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].any(), k
            caption_rows = np.nonzero(cyan.any(axis=1))[0]
            if ys.min() < default_centre < ys.max() and caption_rows.max() < ys.min():
                moved += 1  # the caption went above a product that fills its own place
        for face in detect_faces(frame):
            with_face += 1
            box = face.box
            assert not cyan[box.y : box.y + box.h, box.x : box.x + box.w].any(), k
    assert captioned > 0.5 * len(frames) and moved > 10 and with_face > 10
