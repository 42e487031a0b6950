"""Upload over HTTP: credential → presigned PUT → check, and everything that must be refused.

Runs in both modes: embedded (ShopReel's own signed URLs judge the content on arrival) and
distributed (S3 presigned URLs; ShopReel judges the content when the upload is checked).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator

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
        if not DISTRIBUTED:  # ShopReel serves it (S3 serves its own)
            assert got.headers["x-content-type-options"] == "nosniff"
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


def _trickle(data: bytes, start: threading.Barrier) -> Iterator[bytes]:
    """The body in small chunks, sent after every racer is ready, so the writes interleave."""
    start.wait(10)
    for offset in range(0, len(data), 4096):
        yield data[offset:offset + 4096]
        time.sleep(0.001)


@pytest.mark.skipif(DISTRIBUTED, reason="the PUT goes to S3, where the last writer wins and the check judges it")
@pytest.mark.parametrize("racers", [2, 3, 4])
def test_racing_puts_to_one_upload_url_store_exactly_one_whole_body(server, racers):
    """A client retrying a PUT after a timeout races its own first attempt: one PUT is
    accepted, the others answer 4006, and the stored file is exactly the accepted body."""
    store_root = server.app.state.runtime.blobs.root
    with server.client() as client:
        for round_ in range(3):
            ticket = _ticket(client, "png")
            bodies = [png_bytes(160, 120, seed=100 * round_ + n) for n in range(racers)]
            start = threading.Barrier(racers)
            answers: list[dict] = [{} for _ in bodies]

            def put(n: int) -> None:
                response = httpx.put(ticket["uploadUrl"], content=_trickle(bodies[n], start),
                                     headers={"Content-Type": "image/png"}, timeout=30)
                answers[n] = response.json()

            threads = [threading.Thread(target=put, args=(n,)) for n in range(racers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)

            codes = sorted(answer["code"] for answer in answers)
            assert codes == ["200"] + ["4006"] * (racers - 1), answers
            winner = bodies[next(n for n, answer in enumerate(answers) if answer["code"] == "200")]
            assert all("already" in a["message"] for a in answers if a["code"] == "4006"), answers
            check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
            assert check == {"code": "200", "message": "Success", "result": True}
            stored = httpx.get(server.app.state.runtime.files.url(ticket["fileId"])).content
            assert stored == winner
            assert Image.open(io.BytesIO(stored)).size == (160, 120)
            leftovers = [p.name for p in store_root.rglob("*") if p.is_file() and not p.name.endswith(".png")]
            assert leftovers == [], "every losing PUT removes its staging file"


@pytest.mark.skipif(DISTRIBUTED, reason="the PUT goes to S3, where the last writer wins and the check judges it")
def test_a_corrupt_put_racing_a_good_one_does_not_spoil_it(server):
    """The corrupt body is refused for its content (4000) or, if the good one was accepted
    first, as a late PUT (4006); either way the good body is the stored file."""
    with server.client() as client:
        for round_ in range(3):
            ticket = _ticket(client, "png")
            good = png_bytes(160, 120, seed=round_)
            corrupt = good[: len(good) // 2]
            start = threading.Barrier(2)
            answers: dict[str, dict] = {}

            def put(name: str, data: bytes) -> None:
                response = httpx.put(ticket["uploadUrl"], content=_trickle(data, start),
                                     headers={"Content-Type": "image/png"}, timeout=30)
                answers[name] = response.json()

            threads = [threading.Thread(target=put, args=pair) for pair in (("good", good), ("corrupt", corrupt))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)

            assert answers["good"]["code"] == "200", answers
            assert answers["corrupt"]["code"] in ("4000", "4006"), answers
            check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
            assert check["result"] is True
            assert httpx.get(server.app.state.runtime.files.url(ticket["fileId"])).content == good


@pytest.mark.skipif(DISTRIBUTED, reason="S3 lets a presigned PUT overwrite; the checked file is what tasks use")
def test_a_rejected_upload_can_be_put_again(server):
    with server.client() as client:
        ticket = _ticket(client, "png")
        assert put_upload(ticket["uploadUrl"], b"\x89PNG\r\n\x1a\nnot an image", "png").json()["code"] == "4000"
        data = png_bytes(seed=5)
        assert put_upload(ticket["uploadUrl"], data, "png").json()["code"] == "200"
        assert client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()["result"] is True
        assert httpx.get(server.app.state.runtime.files.url(ticket["fileId"])).content == data


def test_uploads_nobody_can_finish_are_forgotten(server):
    """A pending upload whose URL expired an hour ago can never be completed: the upkeep
    removes it; a fresh one stays."""
    from shopreel.store.models import FileRow

    runtime = server.app.state.runtime
    with server.client() as client:
        old = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]["fileId"]
        fresh = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]["fileId"]
        with runtime.db.session() as session:
            session.get(FileRow, old).created_at -= (server.settings.upload_url_ttl_s + 3601) * 1000
        assert runtime.files.purge_expired_uploads() == 1
        assert client.get("/v1/upload/check", params={"fileId": old}).json()["code"] == "4004"
        assert client.get("/v1/upload/check", params={"fileId": fresh}).json()["result"] is False
