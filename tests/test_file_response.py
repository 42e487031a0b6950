"""The local store's file answers: a file swept while it is being sent is still sent whole,
one gone before the answer starts is a 404, and ranges (a <video> seeking) still work."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from shopreel.api.files import _HeldFile

DATA = bytes(range(256)) * 64  # 16 KiB


def _serve(response, *, headers=(), on_start=None) -> tuple[dict, bytes]:
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)
        if message["type"] == "http.response.start" and on_start:
            on_start()

    scope = {"type": "http", "method": "GET", "headers": list(headers), "asgi": {"spec_version": "2.4"}}
    # A thread of its own: an event loop may already run in this one (Playwright's, in a full run).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, response(scope, receive, send)).result()
    start = next(m for m in messages if m["type"] == "http.response.start")
    return start, b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")


def test_a_file_swept_while_it_is_sent_is_sent_whole(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(DATA)
    start, body = _serve(_HeldFile(path, media_type="video/mp4"), on_start=path.unlink)
    assert not path.exists()
    assert start["status"] == 200 and body == DATA


def test_a_file_gone_before_the_answer_is_a_404(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(DATA)
    response = _HeldFile(path, media_type="video/mp4")
    path.unlink()
    start, body = _serve(response)
    assert start["status"] == 404 and b'"4004"' in body


def test_a_range_is_served(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(DATA)
    start, body = _serve(_HeldFile(path, media_type="video/mp4"), headers=[(b"range", b"bytes=100-199")])
    assert start["status"] == 206 and body == DATA[100:200]
