"""Test helpers: a live ShopReel server on loopback, and a scriptable local web server
standing in for product sites and callback receivers."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import numpy as np
import uvicorn
from PIL import Image

from shopreel.api.app import create_app
from shopreel.settings import Settings
from shopreel.store.users import Credentials, create_user


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def png_bytes(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    """A small photo-like PNG (gradients and noise), different for each seed."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), (x + y + seed * 37) % 256], axis=-1)
    noise = rng.integers(0, 40, size=(height, width, 3))
    pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png_bytes(width, height, seed))).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Responder = Callable[[Recorded], tuple[int, dict[str, str], bytes]]


@dataclass
class WebServer:
    """Routes ``path -> responder``; records every request it gets."""

    base_url: str
    routes: dict[str, Responder] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    def add(self, path: str, body: bytes | str, *, content_type: str = "text/html; charset=utf-8", status: int = 200) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = lambda _req: (status, {"Content-Type": content_type}, data)
        return self.base_url + path

    def add_responder(self, path: str, responder: Responder) -> str:
        self.routes[path] = responder
        return self.base_url + path

    def received(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.split("?")[0] == path]


@contextmanager
def web_server() -> Iterator[WebServer]:
    port = free_port()
    server_state = WebServer(base_url=f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            record = Recorded(self.command, self.path, dict(self.headers.items()), body)
            server_state.requests.append(record)
            responder = server_state.routes.get(self.path.split("?")[0])
            if responder is None:
                status, headers, payload = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, payload = responder(record)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _handle

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class LiveServer:
    base_url: str
    settings: Settings
    credentials: Credentials
    app: Any

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials.api_key}", "Topview-Uid": self.credentials.uid}

    def client(self, credentials: Credentials | None = None) -> httpx.Client:
        creds = credentials or self.credentials
        return httpx.Client(
            base_url=self.base_url, timeout=30,
            headers={"Authorization": f"Bearer {creds.api_key}", "Topview-Uid": creds.uid},
        )

    def new_user(self) -> Credentials:
        return create_user(self.app.state.runtime.db, name="other")

    def upload(self, client: httpx.Client, data: bytes, fmt: str) -> str:
        ticket = client.get("/v1/upload/credential", params={"format": fmt}).json()["result"]
        put = httpx.put(ticket["uploadUrl"], content=data, timeout=30)
        assert put.status_code == 200, put.text
        assert put.json()["code"] == "200", put.text
        return ticket["fileId"]

    def wait(self, client: httpx.Client, path: str, task_id: str, timeout_s: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            body = client.get(path, params={"taskId": task_id}).json()
            assert body["code"] == "200", body
            status = body["result"].get("status") or body["result"].get("taskStatus")
            if status in ("success", "fail"):
                return body["result"]
            if time.monotonic() > deadline:
                raise AssertionError(f"task {task_id} still {status} after {timeout_s}s: {json.dumps(body)}")
            time.sleep(0.1)


def test_settings(tmp_path: Any, **overrides: Any) -> Settings:
    port = overrides.pop("port", None) or free_port()
    values: dict[str, Any] = dict(
        data_dir=tmp_path / "data", host="127.0.0.1", port=port, allow_private_urls=True, workers=2,
        webhook_retry_schedule_s=[0, 0.2, 0.2], heartbeat_s=0.5, stall_timeout_s=5, log_level="warning",
    )
    values.update(overrides)
    return Settings(**values)


test_settings.__test__ = False  # type: ignore[attr-defined]


@contextmanager
def live_server(settings: Settings) -> Iterator[LiveServer]:
    app = create_app(settings)
    credentials = create_user(app.state.runtime.db, name="test")
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(base_url=settings.resolved_public_url, settings=settings, credentials=credentials, app=app)
    finally:
        server.should_exit = True
        thread.join(15)


def mp4_bytes(width: int = 64, height: int = 48, frames: int = 10, fps: int = 10) -> bytes:
    """A tiny H.264 MP4 made in memory."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(frames):
            pixels = np.full((height, width, 3), (index * 20) % 256, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()
