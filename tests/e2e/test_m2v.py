"""Avatar Marketing Video over HTTP: from a product page to previews, an edited script and
an exported ad that shows the product, speaks the script, and ends on the end card."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.media.scrape import pages
from tests.support import DISTRIBUTED, colour_mask, dominant_colour_share, encode_png, moving_clip, png_bytes, probe_bytes, product_photo

SUBMIT, QUERY = "/v1/m2v/task/submit", "/v1/m2v/task/query"


def _audio_of(data: bytes) -> tuple[np.ndarray, int]:
    import tempfile

    from shopreel.media.video.audio import load_audio

    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(data)
        handle.flush()
        return load_audio(handle.name, sample_rate=16_000), 16_000


MAGENTA, YELLOW = (220, 20, 160), (250, 220, 30)  # product_photo("bottle")


def _product_similarity(frame: np.ndarray, photo: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """How well ``frame`` inside ``box`` shows the product cut out of ``photo``: the mean colour
    error over the product's solid pixels, and the correlation of their brightness."""
    import cv2

    from shopreel.media.image import cutout, trim_to_alpha

    rgb, alpha, _ = trim_to_alpha(photo, cutout(photo))
    crop = frame[box[1]:box[3], box[0]:box[2]].astype(np.float32)
    size = (crop.shape[1], crop.shape[0])
    expected = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    solid = cv2.resize(alpha, size, interpolation=cv2.INTER_AREA) > 0.95
    error = float(np.abs(crop - expected)[solid].mean())
    correlation = float(np.corrcoef(crop.mean(axis=-1)[solid], expected.mean(axis=-1)[solid])[0, 1])
    return error, correlation


def _largest_blob(mask: np.ndarray) -> tuple[int, int, int, int]:
    """The box ``(left, top, right, bottom)`` of the largest connected part of ``mask``."""
    import cv2

    joined = cv2.dilate(mask.astype(np.uint8), np.ones((9, 9), np.uint8))  # bridge anti-aliased seams
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    x, y, w, h, _ = stats[1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))]
    return int(x) + 4, int(y) + 4, int(x + w) - 4, int(y + h) - 4


def _shows_the_bottle_card(frame: np.ndarray, text, *, parts=("name", "button"), backdrop: str = "designed"):
    """Assert ``frame`` is the end card designed for product_photo("bottle") and ``text``: the
    bottle drawn from its cut-out (found by its colours, the largest patch of them: the price
    and button wear its magenta too), and the words where the card's design puts them,
    pixel for pixel up to the codec. Returns the bottle's box and the expected design."""
    from shopreel.media.endcard import Backdrop, design_end_card
    from shopreel.media.image import cutout, trim_to_alpha

    photo = product_photo("bottle")
    if backdrop == "designed":
        assert dominant_colour_share(frame) < 0.7  # a designed background, not a flat fill
    box = _largest_blob(colour_mask(frame, MAGENTA, tolerance=45) | colour_mask(frame, YELLOW, tolerance=45))
    error, correlation = _product_similarity(frame, photo, box)
    assert error < 20 and correlation > 0.9, (error, correlation)
    rgb, alpha, _ = trim_to_alpha(photo, cutout(photo), pad_px=2)
    design = design_end_card(rgb, alpha, text, width=frame.shape[1], height=frame.shape[0], backdrop=Backdrop(backdrop))
    for part in parts:
        b = getattr(design.layout, part)
        region = (slice(b.y, b.y + b.h), slice(b.x, b.x + b.w))
        assert np.abs(frame[region].astype(int) - design.rest[region]).mean() < 8, part
        assert np.abs(design.rest[region].astype(int) - design.background[region]).max(axis=-1).mean() > 20, part
    return box, design


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
    # The end card is last: the bottle (the first image) on a background of its colours, with the
    # scraped name, price and brand, and the call to action.
    from shopreel.media.endcard import CardText

    text = CardText("Glow Serum", "Shop now", price="$24.99", brand="Lumi")
    _shows_the_bottle_card(frames[-1], text, parts=("brand", "name", "price", "button"))
    # The product (magenta bottle, cyan box, orange disc) is on screen in the b-roll.
    colours = [(220, 20, 160), (20, 200, 220), (245, 120, 20)]
    seen = [max((np.abs(f.astype(int) - c).max(axis=-1) < 40).sum() for f in frames[::15]) for c in colours]
    assert max(seen) > 2000
    # Music under the voice: during the end card (no speech) the soundtrack is not silent.
    audio, rate = _audio_of(data)
    tail = audio[-int(1.5 * rate):-int(0.3 * rate)]
    assert np.sqrt(np.mean(tail**2)) > 0.003


def _heard_as(audio: np.ndarray, rate: int, script: str) -> None:
    """Assert that Whisper hears ``script`` in ``audio`` with a word error rate of at most 15 %
    (espeak-ng's English voices score 30 to 65 % on a short script)."""
    from shopreel.media.speech import WhisperRecognizer, shipped_model_dir
    from shopreel.media.speech.listen import word_error_rate
    from shopreel.settings import Settings

    heard = WhisperRecognizer(shipped_model_dir(Settings().resolved_cache_dir)).recognize(audio, sample_rate=rate)
    wer = word_error_rate(script, heard.text)
    assert heard.language == "en" and wer <= 0.15, (wer, heard.text)


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
    info, frames = probe_bytes(httpx.get(ad["videoUrl"]).content, fps=3)
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
    assert max((np.abs(f.astype(int) - (220, 20, 160)).max(axis=-1) < 40).sum() for f in frames) > 1000


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
    # the logo (orange disc) sits in the top-right corner while the ad plays; the end card shows
    # it above the product instead
    corner = frames[len(frames) // 2][: 1920 // 6, -1080 // 4:]
    assert colour_mask(corner, (245, 120, 20)).sum() > 100
    assert colour_mask(frames[-1][: 1920 // 6, -1080 // 4:], (245, 120, 20)).sum() == 0
    assert colour_mask(frames[-1][192:400, 340:740], (245, 120, 20)).sum() > 1000
    # No voice named and no audience: the English default, the neural voice, reads the script
    # (music and all, the recognizer hears it back), and the presenter cast for the ad is a
    # man, who speaks with it.
    from shopreel.catalog.presenters import find_presenter

    assert find_presenter(result["aiavatarId"]).gender == "male"
    _heard_as(*_audio_of(httpx.get(result["exportVideos"][0]["videoUrl"]).content), diy)


def test_the_end_card_is_designed_from_the_product(server):
    """Without endcardBackgroundColor the ad ends on the product cut out of its photo, on a
    background of its colours, with its name and a call to action (16:9: product left, words right)."""
    from shopreel.media.endcard import CardText

    with server.client() as client:
        image = server.upload(client, encode_png(product_photo("bottle")), "png")
        _, info, frames = _export(server, client, {
            "fileIds": [image], "productName": "Glow Serum", "aspectRatio": "16:9", "isDiyScript": True,
            "diyScriptDescription": "Meet Glow Serum."})
    assert (info.width, info.height) == (1920, 1080)
    box, design = _shows_the_bottle_card(frames[-1], CardText("Glow Serum", "Shop now"))
    assert box[2] < 960 < design.layout.name.x and box[3] - box[1] > 0.55 * 1080  # large, left; words right
    name = design.layout.name
    ink = frames[-1][name.y:name.y + name.h, name.x:name.x + name.w].max(axis=-1) < 90
    assert ink.mean() > 0.15  # dark letters on the light background


def test_an_explicit_colour_and_an_uploaded_card_are_honoured(server):
    """endcardBackgroundColor black: the designed card on plain black. endcardFileId for the
    video's ratio: that card, whole; for another ratio: the designed card. Previews (a third of
    the size) draw the same cards."""
    from shopreel.media.endcard import CardText

    green = np.full((160, 90, 3), (30, 200, 60), np.uint8)
    with server.client() as client:
        image = server.upload(client, encode_png(product_photo("bottle")), "png")
        uploaded = server.upload(client, encode_png(green), "png")
        base = {"fileIds": [image], "productName": "Glow Serum", "isDiyScript": True, "preview": True,
                "diyScriptDescription": "Meet Glow Serum."}
        cases = {"black": {"endcardBackgroundColor": "black"},
                 "uploaded": {"endcardFileId": uploaded, "endcardAspectRatio": "9:16"},
                 "other ratio": {"endcardFileId": uploaded, "endcardAspectRatio": "16:9"}}
        task_ids = {}
        for name, extra in cases.items():
            submitted = client.post(SUBMIT, json={**base, **extra}).json()
            assert submitted["code"] == "200", submitted
            task_ids[name] = submitted["result"]["taskId"]
        last = {}
        for name, task_id in task_ids.items():
            result = server.wait(client, QUERY, task_id, timeout_s=300)
            assert result["status"] == "success", result
            [preview] = result["previewVideos"]
            info, frames = probe_bytes(httpx.get(preview["videoUrl"]).content)
            assert (info.width, info.height) == (360, 640)
            last[name] = frames[-1]
    black = last["black"]
    assert max(black[:20, :20].max(), black[-20:, -20:].max(), black[:20, -20:].max()) < 20
    _shows_the_bottle_card(black, CardText("Glow Serum", "Shop now"), backdrop="black")
    assert colour_mask(last["uploaded"][200:440, 120:240], (30, 200, 60)).mean() > 0.95
    assert colour_mask(last["other ratio"], (30, 200, 60)).mean() < 0.01
    _shows_the_bottle_card(last["other ratio"], CardText("Glow Serum", "Shop now"))


def _shots(frames: list[np.ndarray], fps: float) -> list[tuple[float, float]]:
    """Shots found in ``frames`` by their picture changing: a cut (or a dissolve) is where
    the frame differs from the one 6 frames back by far more than motion makes it."""
    small = [f[::2, ::2].astype(np.int16) for f in frames]
    change = np.array([0.0] * 6 + [float(np.abs(small[i] - small[i - 6]).mean()) for i in range(6, len(small))])
    cuts = [0]
    for i in range(1, len(change) - 1):
        if change[i] > 16 and change[i] >= change[i - 1] and change[i] >= change[i + 1] and i - cuts[-1] > fps / 2:
            cuts.append(i - 3)  # the middle of the 6-frame window
    cuts.append(len(frames))
    return [(a / fps, b / fps) for a, b in zip(cuts, cuts[1:])]


def test_an_ad_from_one_photo_is_led_by_a_cast_presenter_in_short_distinct_shots(server):
    """No aiavatarId, one photo: a presenter ShopReel casts opens and closes the ad (their face
    is found in the first and the last shots), and the rest is cut into at least six shots of
    at most 5 s, each different from the one before."""
    from shopreel.catalog.presenters import find_presenter
    from shopreel.media.face import detect_faces
    from shopreel.media.video.probe import read_frames

    with server.client() as client:
        photo = server.upload(client, encode_png(product_photo("bottle", width=480, height=720)), "png")
        submitted = client.post(SUBMIT, json={
            "fileIds": [photo], "productName": "Glow Serum", "videoLengthType": 2, "targetAudience": "busy moms",
            "productDescription": "A light vitamin C serum that brightens dull skin in a week. It absorbs in "
                                  "seconds, leaves no film and smells of fresh citrus."}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, QUERY, submitted["result"]["taskId"], timeout_s=600)
        assert result["status"] == "success", result
        presenter = find_presenter(result["aiavatarId"] or "")
        assert presenter is not None and presenter.gender == "female"  # the audience named: busy moms
        video = httpx.get(result["exportVideos"][0]["videoUrl"]).content
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(video)
        handle.flush()
        fps = 10.0
        frames = list(read_frames(handle.name, size=(270, 480), fps=fps))
    shots = _shots(frames, fps)[:-1]  # the last is the end card
    lengths = [round(b - a, 2) for a, b in shots]
    assert len(shots) >= 6, lengths
    assert max(lengths) <= 5.0 + 0.3, lengths  # 5 s, give or take the detector's window
    first, last = shots[0], shots[-1]
    for start, end in (first, last):
        middle = frames[int((start + end) / 2 * fps)]
        assert detect_faces(middle, min_score=0.5), f"no presenter face in the shot {start:.1f}-{end:.1f} s"


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
        # The presenter's face scores about 0.93; a scene's arch or window can pass for a face
        # at about 0.6, and there is no face there to keep clear of.
        for face in detect_faces(frame, min_score=0.8):
            with_face += 1
            box = face.box
            assert not cyan[box.y : box.y + box.h, box.x : box.x + box.w].any(), k
    assert captioned > 0.5 * len(frames) and moved > 10 and with_face > 10
