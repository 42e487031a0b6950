"""Common Task image2Video over HTTP: clips that move, of the asked length and count."""

from __future__ import annotations

import httpx
import numpy as np
from skimage import data

from tests.support import encode_png, mp4_bytes, probe_bytes

SUBMIT, RESULT = "/v1/common_task/image2video/submit", "/v1/common_task/image2video/result"


def test_two_variants_of_a_five_second_clip(server):
    with server.client() as client:
        image = server.upload(client, encode_png(data.astronaut()), "png")
        submitted = client.post(SUBMIT, json={"imageFileId": image, "prompt": "slow zoom in", "duration": 5,
                                              "mode": "lite", "generatingCount": 2}).json()
        assert submitted["code"] == "200", submitted
        result = server.wait(client, RESULT, submitted["result"]["taskId"], timeout_s=240)
    assert result["status"] == "success", result
    assert result["costCredit"] == 0.0 and len(result["videos"]) == 2
    clips = []
    for video in result["videos"]:
        origin = video["originVideo"]
        info, frames = probe_bytes(httpx.get(origin["filePath"]).content)
        assert (info.width, info.height) == (origin["width"], origin["height"])
        assert abs(info.duration_ms - 5000) <= 1000 / info.fps + 1
        assert np.abs(frames[0].astype(int) - frames[-1]).mean() > 3  # it moves
        assert all(frame.std() > 10 for frame in frames[::10])  # no blank frame
        clips.append(frames)
    assert np.abs(clips[0][-1].astype(int) - clips[1][-1]).mean() > 2  # the variants differ


def test_bad_inputs(server):
    with server.client() as client:
        image = server.upload(client, encode_png(data.coffee()), "png")
        video = server.upload(client, mp4_bytes(), "mp4")
        base = {"imageFileId": image, "duration": 5, "mode": "lite", "generatingCount": 1}

        def post(**changes):
            return client.post(SUBMIT, json={k: v for k, v in {**base, **changes}.items() if v is not None}).json()

        assert post(duration=7)["code"] == "4000"
        assert post(duration=None)["code"] == "4003"
        assert post(mode="ultra")["code"] == "4000"
        assert post(generatingCount=5)["code"] == "4000"
        assert post(imageFileId=None)["code"] == "4003"
        assert post(imageFileId=video)["code"] == "4000"
        assert post(duration="ten")["code"] == "4000"
