"""Storage quota and retention over HTTP: a user whose storage is full is told so (uploads,
credentials and submits) until they delete something; files past their retention are swept
by the workers' periodic clean-up, and their URLs stop working."""

from __future__ import annotations

import time

import httpx
import numpy as np

from tests.support import encode_png, live_server, put_upload, test_settings

T2V, T2V_QUERY = "/v1/voice/text2voice/task/submit", "/v1/voice/text2voice/task/query"
LONG_TEXT = " ".join(["Fresh coffee beans, roasted this morning and shipped to your door by tomorrow."] * 12)


def _noise_png(megabytes: float) -> bytes:
    """A PNG of about ``megabytes`` (noise does not compress)."""
    side = int((megabytes * 2**20 / 3) ** 0.5)
    return encode_png(np.random.default_rng(int(megabytes * 100)).integers(0, 256, (side, side, 3), np.uint8))


def _speak(server, client, text: str) -> dict:
    voice = client.get("/v1/voice/query", params={"language": "en", "pageSize": 1}).json()["result"]["data"][0]
    submitted = client.post(T2V, json={"voiceText": text, "voiceId": voice["voiceId"]}).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, T2V_QUERY, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    return result


def test_a_full_storage_refuses_uploads_and_submits_until_something_is_deleted(tmp_path):
    with live_server(test_settings(tmp_path, storage_quota_mb=1)) as server, server.client() as client:
        server.upload(client, _noise_png(0.85), "png")
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        put_upload(ticket["uploadUrl"], _noise_png(0.3), "png")  # ShopReel's PUT says 4000; S3 takes the bytes
        check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
        assert check["result"] is False and "storage is full" in check["message"]
        # An output may take the user past the quota (the work was done); then nothing new fits.
        spoken = _speak(server, client, LONG_TEXT)
        refused = client.get("/v1/upload/credential", params={"format": "png"}).json()
        assert refused["code"] == "4006" and "POST /v1/task/delete" in refused["message"], refused
        voice_id = client.get("/v1/voice/query", params={"pageSize": 1}).json()["result"]["data"][0]["voiceId"]
        assert client.post(T2V, json={"voiceText": "Hi.", "voiceId": voice_id}).json()["code"] == "4006"
        assert client.post("/v1/task/delete", json={"taskId": spoken["taskId"]}).json()["code"] == "200"
        assert client.get("/v1/upload/credential", params={"format": "png"}).json()["code"] == "200"


def test_files_past_their_retention_are_swept_and_their_urls_stop_working(tmp_path):
    seconds = 3.0
    settings = test_settings(tmp_path, upload_retention_days=seconds / 86_400, output_retention_days=seconds / 86_400)
    with live_server(settings) as server, server.client() as client:
        upload = server.upload(client, _noise_png(0.05), "png")
        spoken = _speak(server, client, "Order today.")
        url = spoken["voice"]["demoAudioUrl"]
        assert httpx.get(url).status_code == 200
        deadline = time.monotonic() + seconds + 15  # the clean-up runs every few seconds
        while time.monotonic() < deadline and httpx.get(url).status_code == 200:
            time.sleep(0.5)
        assert httpx.get(url).status_code == 404
        assert client.get("/v1/upload/check", params={"fileId": upload}).json()["code"] == "4004"
        # The task stays; its result no longer links to the swept file.
        assert client.get(T2V_QUERY, params={"taskId": spoken["taskId"]}).json()["result"]["status"] == "success"
