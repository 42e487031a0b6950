"""Common Task image2Video v2 over HTTP: today's field names on the v1 engine, the same clip
as the v1 form, resolution and aspect ratio in the output, and clear 4000s for what the engine
does not do."""

from __future__ import annotations

import httpx
import numpy as np
from skimage import data

from tests.support import encode_png, probe_bytes

V1_SUBMIT, V1_RESULT = "/v1/common_task/image2video/submit", "/v1/common_task/image2video/result"
V2_SUBMIT, V2_QUERY = "/v2/common_task/image2video/task/submit", "/v2/common_task/image2video/task/query"


def test_v2_gives_the_v1_clip_and_its_fields(server):
    with server.client() as client:
        image = server.upload(client, encode_png(data.astronaut()), "png")
        v2 = client.post(V2_SUBMIT, json={"model": "Seedance 1.5 Pro", "firstFrameFileId": image,
                                          "prompt": "slow zoom in", "resolution": 480, "duration": 5,
                                          "sound": "off", "generatingCount": 0, "boardId": "b-1"}).json()
        v1 = client.post(V1_SUBMIT, json={"imageFileId": image, "prompt": "slow zoom in", "duration": 5,
                                          "mode": "lite", "generatingCount": 1}).json()
        wide = client.post(V2_SUBMIT, json={"model": "kling-v3", "firstFrameFileId": image, "aspectRatio": "16:9",
                                            "resolution": "720", "duration": "5"}).json()
        assert v2["code"] == v1["code"] == wide["code"] == "200", (v2, v1, wide)
        second = server.wait(client, V2_QUERY, v2["result"]["taskId"], timeout_s=240)
        first = server.wait(client, V1_RESULT, v1["result"]["taskId"], timeout_s=240)
        widened = server.wait(client, V2_QUERY, wide["result"]["taskId"], timeout_s=240)
    assert second["status"] == first["status"] == widened["status"] == "success"
    assert second["costCredit"] == 0.0 and second["boardId"] == "b-1" and second["boardTaskId"] is None
    [video] = second["videos"]  # generatingCount 0 means 1
    assert video["status"] == "success" and video["errorMsg"] is None
    info, frames = probe_bytes(httpx.get(video["filePath"]).content)
    assert (info.width, info.height) == (video["width"], video["height"]) == (960, 960)  # 480 → lite, square kept
    assert not info.has_audio and abs(info.duration_ms - 5000) <= 1000 / info.fps + 1
    assert np.abs(frames[0].astype(int) - frames[-1]).mean() > 3  # it moves
    _, frames_v1 = probe_bytes(httpx.get(first["videos"][0]["originVideo"]["filePath"]).content)
    assert len(frames_v1) == len(frames)
    assert max(np.abs(a.astype(int) - b).mean() for a, b in zip(frames, frames_v1)) < 0.5  # one engine

    [wide_video] = widened["videos"]
    wide_info, _ = probe_bytes(httpx.get(wide_video["filePath"]).content)
    assert (wide_info.width, wide_info.height) == (1280, 720)  # 16:9 at 720p


def test_bad_inputs_name_the_field(server):
    with server.client() as client:
        image = server.upload(client, encode_png(data.coffee()), "png")
        base = {"firstFrameFileId": image, "duration": 5}

        def post(**changes):
            return client.post(V2_SUBMIT, json={k: v for k, v in {**base, **changes}.items() if v is not None}).json()

        end = post(endFrameFileId=image)
        assert end["code"] == "4000" and "endFrameFileId" in end["message"]
        refs = post(referenceImageFileIds=[image, image])
        assert refs["code"] == "4000" and "referenceImageFileIds" in refs["message"]
        sound = post(sound="on")
        assert sound["code"] == "4000" and "silent" in sound["message"]
        seven = post(duration=7)
        assert seven["code"] == "4000" and "5 or 10" in seven["message"]
        assert post(resolution=2160)["code"] == "4000"
        assert post(aspectRatio="3:4")["code"] == "4000"
        assert post(generatingCount=5)["code"] == "4000"
        assert post(firstFrameFileId=None)["code"] == "4003"
        assert post(firstFrameFileId="f" * 32)["code"] == "4004"
        accepted = post(endFrameFileId="")  # blank is absent
        assert accepted["code"] == "200"
        client.post("/v1/task/cancel", json={"taskId": accepted["result"]["taskId"]})
        server.wait(client, V2_QUERY, accepted["result"]["taskId"])
