"""Task lifecycle over HTTP: idempotent submits, the unfinished cap, cancel, and recovery
after the server is killed mid-task."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

import pytest

from shopreel.settings import Settings
from shopreel.store.db import Database
from shopreel.store.studio_links import redeem_link
from tests.media.scrape import pages
from tests.support import DISTRIBUTED, free_port, live_server, png_bytes, test_settings

embedded_only = pytest.mark.skipif(DISTRIBUTED, reason="embedded server process; test_distributed.py kills workers")

SUBMIT, QUERY = "/v1/scraper/task/submit", "/v1/scraper/task/query"


def test_idempotency_key_replays_and_conflicts(server, web):
    link = web.add("/p", pages.opengraph_only_page(title="A", description="B", image_urls=[]))
    with server.client() as client:
        headers = {"Idempotency-Key": "order-42"}
        first = client.post(SUBMIT, json={"productLink": link}, headers=headers).json()
        again = client.post(SUBMIT, json={"productLink": link}, headers=headers).json()
        assert first["code"] == again["code"] == "200"
        assert again["result"] == first["result"]
        other = client.post(SUBMIT, json={"productLink": link + "?x=1"}, headers=headers).json()
        assert other["code"] == "4005"
        fresh = client.post(SUBMIT, json={"productLink": link}, headers={"Idempotency-Key": "order-43"}).json()
        assert fresh["result"]["taskId"] != first["result"]["taskId"]
    with server.client(server.new_user()) as stranger:  # keys are per user
        theirs = stranger.post(SUBMIT, json={"productLink": link}, headers=headers).json()
        assert theirs["code"] == "200" and theirs["result"]["taskId"] != first["result"]["taskId"]


def test_unfinished_task_cap_answers_4007(tmp_path):
    settings = test_settings(tmp_path, workers=0, max_unfinished_tasks=2)
    with live_server(settings) as server, server.client() as client:
        body = {"productLink": "http://127.0.0.1:9/p"}
        assert client.post(SUBMIT, json=body).json()["code"] == "200"
        assert client.post(SUBMIT, json=body).json()["code"] == "200"
        third = client.post(SUBMIT, json=body).json()
        assert third["code"] == "4007" and "unfinished" in third["message"]
        with server.client(server.new_user()) as other:  # the cap is per user
            assert other.post(SUBMIT, json=body).json()["code"] == "200"


def test_cancel_a_running_task(server, web):
    gate = threading.Event()

    def slow(_request):
        gate.wait(10)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    link = web.add_responder("/slow", slow)
    with server.client() as client:
        task_id = client.post(SUBMIT, json={"productLink": link}).json()["result"]["taskId"]
        deadline = time.monotonic() + 10
        while client.get(QUERY, params={"taskId": task_id}).json()["result"]["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        cancelled = client.post("/v1/task/cancel", json={"taskId": task_id}).json()
        assert cancelled["code"] == "200"
        assert cancelled["result"] == {"taskId": task_id, "status": "fail", "errorMsg": "canceled"}
        gate.set()
        time.sleep(0.5)  # the worker finishing afterwards must not overwrite the cancel
        final = client.get(QUERY, params={"taskId": task_id}).json()["result"]
        assert final["status"] == "fail" and final["errorMsg"] == "canceled"
        again = client.post("/v1/task/cancel", json={"taskId": task_id}).json()
        assert again["code"] == "4000" and "already finished" in again["message"]
        generic = client.get("/v1/task/query", params={"taskId": task_id}).json()["result"]
        assert generic["taskType"] == "scraper" and generic["status"] == "fail"
    with server.client(server.new_user()) as other:
        assert other.post("/v1/task/cancel", json={"taskId": task_id}).json()["code"] == "4004"


def test_cancel_a_waiting_task(tmp_path):
    with live_server(test_settings(tmp_path, workers=0)) as server, server.client() as client:
        task_id = client.post(SUBMIT, json={"productLink": "http://127.0.0.1:9/"}).json()["result"]["taskId"]
        assert client.post("/v1/task/cancel", json={"taskId": task_id}).json()["result"]["status"] == "fail"
        result = client.get(QUERY, params={"taskId": task_id}).json()["result"]
        assert result["status"] == "fail" and result["errorMsg"] == "canceled"


def _start_server(data_dir: Path, port: int, *, stdout: int = subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "SHOPREEL_ALLOW_PRIVATE_URLS": "true", "SHOPREEL_LOG_LEVEL": "warning",
           "SHOPREEL_HEARTBEAT_S": "0.5"}
    process = subprocess.Popen(
        [sys.executable, "-m", "shopreel", "serve", "--data-dir", str(data_dir), "--port", str(port)],
        env=env, stdout=stdout, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"server did not start: {process.stdout.read() if process.stdout else ''}")
        time.sleep(0.1)


@embedded_only
def test_task_survives_the_server_being_killed(tmp_path, web):
    visits = []

    def first_visit_hangs(_request):
        visits.append(time.monotonic())
        if len(visits) == 1:
            time.sleep(30)
        return 200, {"Content-Type": "text/html"}, pages.opengraph_only_page(
            title="Survivor", description="Still here.", image_urls=[web.base_url + "/img.png"]).encode()

    web.add("/img.png", png_bytes(), content_type="image/png")
    link = web.add_responder("/survivor", first_visit_hangs)
    data_dir, port = tmp_path / "data", free_port()
    first = _start_server(data_dir, port)
    try:
        credentials = json.loads((data_dir / "bootstrap-credentials.json").read_text())
        assert oct((data_dir / "bootstrap-credentials.json").stat().st_mode & 0o777) == "0o600"
        headers = {"Authorization": f"Bearer {credentials['apiKey']}", "Topview-Uid": credentials["uid"]}
        base = f"http://127.0.0.1:{port}"
        task_id = httpx.post(base + SUBMIT, json={"productLink": link}, headers=headers).json()["result"]["taskId"]
        deadline = time.monotonic() + 20
        while not visits:
            assert time.monotonic() < deadline, "the task never started"
            time.sleep(0.05)
        status = httpx.get(base + QUERY, params={"taskId": task_id}, headers=headers).json()["result"]["status"]
        assert status == "running"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    second = _start_server(data_dir, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            result = httpx.get(base + QUERY, params={"taskId": task_id}, headers=headers).json()["result"]
            if result["status"] in ("success", "fail"):
                break
            assert time.monotonic() < deadline, f"task stuck in {result['status']}"
            time.sleep(0.2)
        assert result["status"] == "success", result
        assert result["productName"] == "Survivor"
        assert len(visits) == 2
    finally:
        second.terminate()
        second.wait(15)


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode()


@embedded_only
@pytest.mark.parametrize("terminal", [False, True], ids=["log", "terminal"])
def test_first_start_shows_the_api_key_on_a_terminal_and_never_in_a_log(tmp_path, terminal):
    data_dir = tmp_path / "data"
    if terminal:
        reader, writer = pty.openpty()
        process = _start_server(data_dir, free_port(), stdout=writer)
        os.close(writer)
    else:
        process = _start_server(data_dir, free_port())
    process.terminate()
    output = _read_all(reader) if terminal else process.communicate(timeout=15)[0]
    process.wait(15)
    if terminal:
        os.close(reader)
    credentials_file = data_dir / "bootstrap-credentials.json"
    credentials = json.loads(credentials_file.read_text())
    assert str(credentials_file.resolve()) in output, output
    assert credentials["webhookSecret"] not in output
    if terminal:
        assert f"Authorization: Bearer {credentials['apiKey']}" in output
        # ...and a Studio sign-in link that works.
        [link] = [line.strip() for line in output.splitlines() if "/studio/#link=" in line]
        db = Database(Settings(data_dir=data_dir).resolved_database_url)
        assert redeem_link(db, link.split("#link=", 1)[1]).uid == credentials["uid"]
        db.dispose()
    else:
        assert credentials["apiKey"] not in output, "the API key must not reach a log"
        assert "#link=" not in output and "run `shopreel studio-link`" in output.lower(), output


@embedded_only
def test_a_second_server_on_the_same_data_dir_refuses_to_start(tmp_path):
    data_dir = tmp_path / "data"
    first = _start_server(data_dir, free_port())
    try:
        second = subprocess.run(
            [sys.executable, "-m", "shopreel", "serve", "--data-dir", str(data_dir), "--port", str(free_port())],
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode == 1
        assert "another ShopReel server is using" in second.stderr
    finally:
        first.terminate()
        first.wait(15)


def test_m2v_export_counts_against_the_unfinished_cap(tmp_path):
    """An export runs the task again, so it is one more unfinished task like a submit."""
    from shopreel.jobs import m2v
    from shopreel.store.db import now_ms
    from shopreel.store.models import TaskRow

    settings = test_settings(tmp_path, workers=0, max_unfinished_tasks=2)
    with live_server(settings) as server, server.client() as client:
        done = m2v.M2VResult(product_name="Mug", script_content_list=(
            m2v.Script(script_id=1, script_contents=(m2v.Segment(seg_id=1, seg_text="A mug."),)),))
        params = m2v.Params(file_ids=("f",), product_name="Mug", product_description="A mug")
        now = now_ms()
        with server.app.state.runtime.db.session() as session:
            session.add(TaskRow(task_id="e" * 32, kind="m2v", owner_uid=server.credentials.uid,
                                params=params.stored(), status="success", progress=100, result=done.stored(),
                                attempts=1, max_attempts=2, queue="cpu", created_at=now, updated_at=now))
        for _ in range(2):
            assert client.post(SUBMIT, json={"productLink": "http://127.0.0.1:9/p"}).json()["code"] == "200"
        refused = client.post("/v1/m2v/export", json={"taskId": "e" * 32, "scriptId": 1}).json()
        assert refused["code"] == "4007" and "unfinished" in refused["message"]
        assert client.get("/v1/m2v/task/query", params={"taskId": "e" * 32}).json()["result"]["status"] == "success"
