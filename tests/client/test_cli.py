from __future__ import annotations

import json
from collections import deque
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner, Result

from shopreel.client import ShopReel, TaskKind
from shopreel.client.cli import CLIENT_FACTORY_KEY, ClientSettings, register

from .fake_server import API_KEY, BASE_URL, UID, FakeServer, Sleeps

ENV_NAMES = ("SHOPREEL_BASE_URL", "SHOPREEL_API_KEY", "SHOPREEL_UID", "SHOPREEL_DATA_DIR")
CLEAN_ENV: dict[str, str | None] = {name: None for name in ENV_NAMES}
CREDENTIALS = ["--base-url", BASE_URL, "--api-key", API_KEY, "--uid", UID]


class Invoker:
    """Runs the CLI against the fake server, recording the settings each client was made with."""

    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.settings: list[ClientSettings] = []
        self.app = typer.Typer()
        register(self.app)

    def make_client(self, settings: ClientSettings) -> ShopReel:
        self.settings.append(settings)
        transport = httpx.MockTransport(self.server)
        return ShopReel(settings.base_url, api_key=settings.api_key, uid=settings.uid, transport=transport,
                        sleep=Sleeps(), backoff_s=0.0)

    def __call__(self, *args: str, env: dict[str, str] | None = None, credentials: bool = True) -> Result:
        argv = [*args, *CREDENTIALS] if credentials else list(args)
        return CliRunner().invoke(
            self.app, argv, env={**CLEAN_ENV, **(env or {})}, obj={CLIENT_FACTORY_KEY: self.make_client}
        )


@pytest.fixture
def cli(server: FakeServer) -> Invoker:
    return Invoker(server)


def one_json(result: Result) -> dict[str, Any]:
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def assert_clean_failure(result: Result, exit_code: int) -> None:
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_upload_prints_the_file_id(cli, server, tmp_path):
    path = tmp_path / "mug.png"
    path.write_bytes(b"\x89PNG bytes")

    result = cli("upload", str(path))

    assert result.exit_code == 0, result.output
    (file_id,) = server.files
    assert file_id in result.stdout and "mug.png" in result.stdout
    assert server.files[file_id]["content_type"] == "image/png"


def test_upload_json(cli, server, tmp_path):
    path = tmp_path / "voice.bin"
    path.write_bytes(b"ID3 audio")

    result = cli("upload", str(path), "--format", "mp3", "--json")

    assert result.exit_code == 0, result.output
    out = one_json(result)
    assert out == {"fileId": next(iter(server.files)), "file": str(path), "bytes": 9}
    assert server.files[out["fileId"]]["content_type"] == "audio/mpeg"


def test_upload_rejected_by_the_server_exits_with_its_reason(cli, server, tmp_path):
    server.reject_uploads = "content does not decode as an image"
    path = tmp_path / "fake.png"
    path.write_bytes(b"not an image")

    result = cli("upload", str(path))

    assert_clean_failure(result, 1)
    assert "content does not decode as an image" in result.stderr


def test_upload_of_a_missing_file_is_a_usage_error(cli, tmp_path):
    result = cli("upload", str(tmp_path / "nope.png"), "--json")

    assert_clean_failure(result, 2)
    assert "nope.png" in one_json(result)["error"]["message"]


def test_scrape_submits_and_prints_the_task(cli, server):
    notice = "https://hooks.example.com/n"
    result = cli("scrape", "https://shop.example/p/1", "--notice-url", notice, "--json")

    assert result.exit_code == 0, result.output
    out = one_json(result)
    assert out["taskId"] in server.tasks and out["noticeUuid"] == f"n-{out['taskId']}"
    assert server.tasks[out["taskId"]].body == {
        "productLink": "https://shop.example/p/1", "noticeUrl": "https://hooks.example.com/n"
    }


def test_scrape_wait_shows_the_product(cli):
    result = cli("scrape", "https://shop.example/p/1", "--wait", "--poll", "0.1")

    assert result.exit_code == 0, result.output
    for shown in ("Ceramic mug", "12.5 EUR", "Mugs & Co", "f-img"):
        assert shown in result.stdout


def test_scrape_wait_json_is_the_final_task(cli):
    result = cli("scrape", "https://shop.example/p/1", "--wait", "--json")

    assert result.exit_code == 0, result.output
    out = one_json(result)
    assert (out["status"], out["progress"], out["taskType"]) == ("success", 100, "scraper")
    assert out["result"]["productName"] == "Ceramic mug"


def test_task_get(cli, server):
    task_id = server.add_task(TaskKind.M2V, states=deque([("running", 40)]))

    human = cli("task", "get", task_id)
    machine = cli("task", "get", task_id, "--json")

    assert human.exit_code == 0, human.output
    assert "running" in human.stdout and "40%" in human.stdout
    out = one_json(machine)
    assert (out["taskId"], out["taskType"], out["status"], out["progress"]) == (task_id, "m2v", "running", 40)
    assert {r.url.path for r in server.requests} == {"/v1/task/query"}


def test_task_get_with_a_kind_uses_its_topview_endpoint(cli, server):
    task_id = server.add_task(TaskKind.PRODUCT_AVATAR_REPLACE, states=deque([("success", 100)]))

    result = cli("task", "get", task_id, "--kind", "product_avatar_replace", "--json")

    assert one_json(result)["status"] == "success"
    assert server.requests[-1].url.path == "/v1/product_avatar/task/image_replace/result"


def test_task_wait_ends_with_the_result(cli, server):
    task_id = server.add_task(TaskKind.IMAGE2VIDEO)

    result = cli("task", "wait", task_id, "--poll", "0.1", "--json")

    assert result.exit_code == 0, result.output
    assert one_json(result)["status"] == "success"
    assert len(server.sent("/v1/task/query")) == 4


def test_task_wait_on_a_failed_task_exits_3(cli, server):
    task_id = server.add_task(TaskKind.VIDEO_AVATAR, states=deque([("fail", 10)]), error_msg="no face found")

    result = cli("task", "wait", task_id)

    assert_clean_failure(result, 3)
    assert "no face found" in result.stdout


def test_task_wait_timeout_exits_4(cli, server):
    task_id = server.add_task(TaskKind.M2V, states=deque([("running", 10)]))

    result = cli("task", "wait", task_id, "--poll", "0.1", "--timeout", "0")

    assert_clean_failure(result, 4)
    assert task_id in result.stderr


def test_task_cancel(cli, server):
    task_id = server.add_task(TaskKind.ANYSHOOT)

    result = cli("task", "cancel", task_id, "--json")

    out = one_json(result)
    assert out == {"taskId": task_id, "status": "fail", "errorMsg": "canceled", "noticeUuid": None}


def test_api_errors_exit_1_with_code_and_message(cli):
    human = cli("task", "get", "t-unknown")
    machine = cli("task", "get", "t-unknown", "--json")

    assert_clean_failure(human, 1)
    assert "4004" in human.stderr and "Resource not found!" in human.stderr
    assert human.stdout == ""
    assert_clean_failure(machine, 1)
    assert one_json(machine) == {"error": {"code": "4004", "message": "Resource not found!"}}


def test_credentials_come_from_the_environment(cli, server):
    task_id = server.add_task(TaskKind.M2V)
    env = {"SHOPREEL_BASE_URL": "http://other.test", "SHOPREEL_API_KEY": API_KEY, "SHOPREEL_UID": UID}

    result = cli("task", "get", task_id, env=env, credentials=False)

    assert result.exit_code == 0, result.output
    assert cli.settings == [ClientSettings("http://other.test", API_KEY, UID)]
    assert server.requests[0].url.host == "other.test"


def test_credentials_fall_back_to_the_servers_bootstrap_file(cli, server, tmp_path):
    (tmp_path / "bootstrap-credentials.json").write_text(
        json.dumps({"uid": UID, "apiKey": API_KEY, "webhookSecret": "whsec_x"})
    )
    task_id = server.add_task(TaskKind.M2V)

    by_option = cli("task", "get", task_id, "--data-dir", str(tmp_path), credentials=False)
    by_env = cli("task", "get", task_id, env={"SHOPREEL_DATA_DIR": str(tmp_path)}, credentials=False)

    assert by_option.exit_code == 0 and by_env.exit_code == 0, by_option.output + by_env.output
    assert cli.settings == [ClientSettings("http://127.0.0.1:8000", API_KEY, UID)] * 2


def test_missing_credentials_exit_2_saying_where_to_put_them(cli, server, tmp_path):
    result = cli("task", "get", "t1", "--data-dir", str(tmp_path), credentials=False)

    assert_clean_failure(result, 2)
    assert "SHOPREEL_API_KEY" in result.stderr and "bootstrap-credentials.json" in result.stderr
    assert server.requests == []


def test_an_unreachable_server_exits_1_without_traceback(server):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def make_client(settings: ClientSettings) -> ShopReel:
        return ShopReel(settings.base_url, api_key=settings.api_key, uid=settings.uid,
                        transport=httpx.MockTransport(refuse), sleep=Sleeps())

    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["task", "get", "t1", *CREDENTIALS], env=CLEAN_ENV,
                                obj={CLIENT_FACTORY_KEY: make_client})

    assert_clean_failure(result, 1)
    assert "connection refused" in result.stderr


def test_register_extends_an_existing_task_app(cli, server):
    app = typer.Typer()
    task_app = typer.Typer()
    app.add_typer(task_app, name="task")

    @task_app.command("list")
    def list_tasks() -> None:
        typer.echo("server-side listing")

    assert register(app, task_app=task_app) is task_app
    task_id = server.add_task(TaskKind.M2V)

    listed = CliRunner().invoke(app, ["task", "list"])
    got = CliRunner().invoke(app, ["task", "get", task_id, "--json", *CREDENTIALS], env=CLEAN_ENV,
                             obj={CLIENT_FACTORY_KEY: cli.make_client})

    assert listed.stdout.strip() == "server-side listing"
    assert one_json(got)["taskId"] == task_id
