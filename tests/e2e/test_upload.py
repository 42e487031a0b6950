"""Upload over HTTP: credential → signed PUT → check, and everything that must be refused."""

from __future__ import annotations

import io
import time

import httpx
import numpy as np
from PIL import Image

from tests.support import png_bytes, test_settings, live_server


def test_credential_put_check_and_download_returns_the_same_bytes(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()
        assert ticket["code"] == "200"
        result = ticket["result"]
        assert set(result) == {"fileId", "uploadUrl", "fileName", "format"}
        assert result["format"] == "png" and result["fileName"].endswith(".png")

        before = client.get("/v1/upload/check", params={"fileId": result["fileId"]}).json()
        assert before["code"] == "200" and before["result"] is False

        data = png_bytes(80, 60, seed=3)
        put = httpx.put(result["uploadUrl"], content=data, headers={"Content-Type": "image/png"})
        assert put.status_code == 200 and put.json()["code"] == "200"

        after = client.get("/v1/upload/check", params={"fileId": result["fileId"]}).json()
        assert after == {"code": "200", "message": "Success", "result": True}

        # The stored file is served back byte for byte through a signed URL (via the files
        # service, as a task result would link it).
        url = server.app.state.runtime.files.url(result["fileId"])
        got = httpx.get(url)
        assert got.status_code == 200 and got.content == data
        assert Image.open(io.BytesIO(got.content)).size == (80, 60)


def test_corrupt_png_is_rejected_with_a_clear_message_and_check_stays_false(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        corrupt = b"\x89PNG\r\n\x1a\n" + b"definitely not image data" * 10
        put = httpx.put(ticket["uploadUrl"], content=corrupt)
        body = put.json()
        assert body["code"] == "4000"
        assert "not a valid image" in body["message"]
        check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
        assert check["result"] is False
        assert "not a valid image" in check["message"]
        assert "/" not in check["message"], "no server paths in messages"


def test_audio_declared_but_image_sent_is_rejected(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "wav"}).json()["result"]
        body = httpx.put(ticket["uploadUrl"], content=png_bytes()).json()
        assert body["code"] == "4000" and "audio" in body["message"]


def test_upload_over_the_limit_answers_413(tmp_path):
    settings = test_settings(tmp_path, max_image_bytes=2000)
    with live_server(settings) as server, server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        big = png_bytes(400, 400, seed=1)
        assert len(big) > 2000
        put = httpx.put(ticket["uploadUrl"], content=big)
        assert put.status_code == 413
        assert put.json()["code"] == "4000" and "limit" in put.json()["message"]
        assert client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()["result"] is False


def test_image_over_the_pixel_limit_is_refused_as_a_bomb(tmp_path):
    settings = test_settings(tmp_path, max_image_pixels=10_000)
    with live_server(settings) as server, server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        # 2000x2000 of one colour compresses to a few KB but decodes to 4 million pixels.
        buffer = io.BytesIO()
        Image.fromarray(np.zeros((2000, 2000, 3), np.uint8)).save(buffer, format="PNG")
        body = httpx.put(ticket["uploadUrl"], content=buffer.getvalue()).json()
        assert body["code"] == "4000" and "pixels" in body["message"]


def test_unknown_format_is_4000_and_missing_format_is_4003(server):
    with server.client() as client:
        bad = client.get("/v1/upload/credential", params={"format": "exe"}).json()
        assert bad["code"] == "4000" and "png" in bad["message"]
        missing = client.get("/v1/upload/credential").json()
        assert missing["code"] == "4003"


def test_tampered_or_expired_upload_url_is_refused(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        tampered = ticket["uploadUrl"].replace("signature=", "signature=0")
        put = httpx.put(tampered, content=png_bytes())
        assert put.status_code == 401
        store = server.app.state.runtime.blobs
        key = f"u/{ticket['fileId']}.png"
        expired = int(time.time()) - 1
        url = f"{server.base_url}/files/{key}?expires={expired}&signature={store.signer.signature('PUT', key, expired)}"
        assert httpx.put(url, content=png_bytes()).status_code == 401
        # a signed GET URL does not authorise a PUT
        get_url = store.presign_get(key, ttl_s=60)
        assert httpx.put(get_url, content=png_bytes()).status_code == 401


def test_other_users_file_is_not_found(server):
    with server.client() as client:
        file_id = server.upload(client, png_bytes(), "png")
    with server.client(server.new_user()) as other:
        body = other.get("/v1/upload/check", params={"fileId": file_id}).json()
        assert body["code"] == "4004" and body["result"] is None
        assert other.get("/v1/upload/check", params={"fileId": "f" * 32}).json()["code"] == "4004"


def test_a_checked_file_cannot_be_overwritten(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        assert httpx.put(ticket["uploadUrl"], content=png_bytes(seed=1)).json()["code"] == "200"
        again = httpx.put(ticket["uploadUrl"], content=png_bytes(seed=2)).json()
        assert again["code"] == "4006"
