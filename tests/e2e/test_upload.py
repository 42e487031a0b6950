"""Upload over HTTP: credential → presigned PUT → check, and everything that must be refused.

Runs in both modes: embedded (ShopReel's own signed URLs judge the content on arrival) and
distributed (S3 presigned URLs; ShopReel judges the content when the upload is checked).
"""

from __future__ import annotations

import io
import time

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.support import DISTRIBUTED, live_server, png_bytes, put_upload, test_settings, upload_verdict


def _ticket(client: httpx.Client, fmt: str) -> dict:
    body = client.get("/v1/upload/credential", params={"format": fmt}).json()
    assert body["code"] == "200", body
    return body["result"]


def _assert_rejected(put: httpx.Response, check: dict, *words: str) -> None:
    if not DISTRIBUTED:  # judged on arrival: the PUT says why
        assert put.json()["code"] == "4000"
        assert all(word in put.json()["message"] for word in words), put.json()
    assert check["code"] == "200" and check["result"] is False
    assert all(word in check["message"] for word in words), check
    assert "/tmp" not in check["message"] and "/work" not in check["message"], "no server paths in messages"


def test_credential_put_check_and_download_returns_the_same_bytes(server):
    with server.client() as client:
        ticket = _ticket(client, "png")
        assert set(ticket) == {"fileId", "uploadUrl", "fileName", "format"}
        assert ticket["format"] == "png" and ticket["fileName"].endswith(".png")

        before = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
        assert before["code"] == "200" and before["result"] is False

        data = png_bytes(80, 60, seed=3)
        put, check = upload_verdict(client, ticket, data)
        assert put.status_code == 200
        assert check == {"code": "200", "message": "Success", "result": True}

        # The stored file is served back byte for byte through a presigned URL, as a task
        # result links it.
        url = server.app.state.runtime.files.url(ticket["fileId"])
        got = httpx.get(url)
        assert got.status_code == 200 and got.content == data
        assert Image.open(io.BytesIO(got.content)).size == (80, 60)


def test_corrupt_png_is_rejected_with_a_clear_message_and_check_stays_false(server):
    with server.client() as client:
        ticket = _ticket(client, "png")
        corrupt = b"\x89PNG\r\n\x1a\n" + b"definitely not image data" * 10
        put, check = upload_verdict(client, ticket, corrupt)
        _assert_rejected(put, check, "not a valid image")
        again = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
        assert again["result"] is False


def test_audio_declared_but_image_sent_is_rejected(server):
    with server.client() as client:
        put, check = upload_verdict(client, _ticket(client, "wav"), png_bytes())
        _assert_rejected(put, check, "audio")


def test_upload_over_the_limit_is_refused(tmp_path):
    settings = test_settings(tmp_path, max_image_bytes=2000)
    with live_server(settings) as server, server.client() as client:
        ticket = _ticket(client, "png")
        big = png_bytes(400, 400, seed=1)
        assert len(big) > 2000
        put, check = upload_verdict(client, ticket, big)
        if not DISTRIBUTED:
            assert put.status_code == 413 and put.json()["code"] == "4000" and "limit" in put.json()["message"]
        assert check["result"] is False and "limit" in check["message"]


def test_image_over_the_pixel_limit_is_refused_as_a_bomb(tmp_path):
    settings = test_settings(tmp_path, max_image_pixels=10_000)
    with live_server(settings) as server, server.client() as client:
        # 2000x2000 of one colour compresses to a few KB but decodes to 4 million pixels.
        buffer = io.BytesIO()
        Image.fromarray(np.zeros((2000, 2000, 3), np.uint8)).save(buffer, format="PNG")
        put, check = upload_verdict(client, _ticket(client, "png"), buffer.getvalue())
        _assert_rejected(put, check, "pixels")


def test_unknown_format_is_4000_and_missing_format_is_4003(server):
    with server.client() as client:
        bad = client.get("/v1/upload/credential", params={"format": "exe"}).json()
        assert bad["code"] == "4000" and "png" in bad["message"]
        missing = client.get("/v1/upload/credential").json()
        assert missing["code"] == "4003"


@pytest.mark.skipif(DISTRIBUTED, reason="S3 checks its own presigned URLs (the test S3 server does not)")
def test_tampered_or_expired_upload_url_is_refused(server):
    with server.client() as client:
        ticket = _ticket(client, "png")
        tampered = ticket["uploadUrl"].replace("signature=", "signature=0")
        assert put_upload(tampered, png_bytes(), "png").status_code == 401
        assert client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()["result"] is False
    store = server.app.state.runtime.blobs
    key = f"u/{ticket['fileId']}.png"
    expired = int(time.time()) - 1
    url = f"{server.base_url}/files/{key}?expires={expired}&signature={store.signer.signature('PUT', key, expired)}"
    assert put_upload(url, png_bytes(), "png").status_code == 401
    # a signed GET URL does not authorise a PUT
    assert put_upload(store.presign_get(key, ttl_s=60), png_bytes(), "png").status_code == 401


def test_other_users_file_is_not_found(server):
    with server.client() as client:
        file_id = server.upload(client, png_bytes(), "png")
    with server.client(server.new_user()) as other:
        body = other.get("/v1/upload/check", params={"fileId": file_id}).json()
        assert body["code"] == "4004" and body["result"] is None
        assert other.get("/v1/upload/check", params={"fileId": "f" * 32}).json()["code"] == "4004"


@pytest.mark.skipif(DISTRIBUTED, reason="S3 lets a presigned PUT overwrite; the checked file is what tasks use")
def test_a_checked_file_cannot_be_overwritten(server):
    with server.client() as client:
        ticket = _ticket(client, "png")
        assert put_upload(ticket["uploadUrl"], png_bytes(seed=1), "png").json()["code"] == "200"
        again = put_upload(ticket["uploadUrl"], png_bytes(seed=2), "png").json()
        assert again["code"] == "4006"
