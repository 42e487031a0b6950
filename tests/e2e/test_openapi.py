"""The OpenAPI document says what each route answers: every JSON answer names its model (a
typed ``result`` in the envelope), and the real answers of the catalog, check and
acknowledgement routes validate against those models, unknown fields refused.

The task queries are checked wherever the e2e tests poll them (``LiveServer.wait``); the
contract test (``tests/test_contract.py``) checks every answer a fuzzer provokes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from shopreel.api.app import create_app
from shopreel.settings import Settings
from tests.support import LiveServer, check_documented, live_server, png_bytes, test_settings

_TYPED = {"type", "$ref", "anyOf", "allOf", "oneOf"}


@pytest.fixture
def idle(tmp_path) -> Iterator[LiveServer]:
    """A server without workers: what is submitted stays waiting."""
    with live_server(test_settings(tmp_path, workers=0)) as running:
        yield running


def _documented(server: LiveServer, client: httpx.Client, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    """``method path`` through ``client``: a success, and what the document says it answers."""
    body = client.request(method, path, **kwargs).json()
    assert body["code"] == "200", (path, body)
    check_documented(server.app, method, path, body)
    return body


def test_every_json_answer_names_its_model(tmp_path):
    """No operation answers an untyped JSON body, and no envelope an untyped ``result``: a
    route that declares no ``response_model`` fails here."""
    schema = create_app(Settings(data_dir=tmp_path, workers=0), background=False).openapi()
    models = schema["components"]["schemas"]
    untyped = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            json_body = operation["responses"].get("200", {}).get("content", {}).get("application/json")
            if json_body is None:  # /metrics: Prometheus text
                continue
            model = models.get(json_body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1])
            result = (model or {}).get("properties", {}).get("result")  # None for /healthz: no envelope
            if model is None or (result is not None and not _TYPED & set(result)):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []
    assert list(schema["paths"]["/metrics"]["get"]["responses"]["200"]["content"]) == ["text/plain"]


def test_catalogs_answer_what_the_document_says(idle):
    from shopreel.store.avatars import create_custom_avatar
    from shopreel.store.photo_avatars import add_photo_avatar

    db = idle.app.state.runtime.db
    add_photo_avatar(db, name="Ana", gender="female", ethnicity_ids=[], category_ids=[], storage_key="k",
                     width=400, height=600, quad=[[10, 10], [90, 10], [90, 90], [10, 90]])
    with idle.client() as client:
        cover = idle.upload(client, png_bytes(), "png")
        create_custom_avatar(db, idle.credentials.uid, name="Me", source_kind="photo", file_id=cover,
                             cover_file_id=cover, preview_file_id=None)
        create_custom_avatar(db, idle.credentials.uid, name="Bare", source_kind="video", file_id=cover,
                             cover_file_id=None, preview_file_id=None)
        assert _documented(idle, client, "GET", "/v1/caption/list")["result"]
        assert _documented(idle, client, "GET", "/v1/product_avatar/category/list")["result"]
        for sorting in ("Popularity", "Newest"):
            page = _documented(idle, client, "GET", "/v1/product_avatar/public_avatar/query",
                               params={"sortingType": sorting, "pageSize": 100})["result"]
            assert None in [item["age"] for item in page["data"]]  # the photo avatar's
        for scene in ("video_avatar", "product_avatar"):
            _documented(idle, client, "GET", "/v1/ethnicity/list", params={"scene": scene})
        assert _documented(idle, client, "GET", "/v1/product_anyShoot/template/category/list")["result"]
        assert _documented(idle, client, "GET", "/v1/product_anyShoot/template/list")["result"]["data"]
        assert _documented(idle, client, "GET", "/v1/aiavatar/query")["result"]["data"]
        custom = _documented(idle, client, "GET", "/v1/aiavatar/query", params={"isCustom": "true"})["result"]
        assert sorted(item["coverUrl"] is None for item in custom["data"]) == [False, True]


def test_uploads_and_checks_answer_what_the_document_says(idle, web):
    good = web.add_responder("/ok", lambda _: (200, {"Content-Type": "application/json"},
                                                json.dumps({"code": "200", "message": "Success"}).encode()))
    with idle.client() as client:
        ticket = _documented(idle, client, "GET", "/v1/upload/credential", params={"format": "png"})["result"]
        waiting = _documented(idle, client, "GET", "/v1/upload/check", params={"fileId": ticket["fileId"]})
        assert waiting["result"] is False
        file_id = idle.upload(client, png_bytes(), "png")
        assert _documented(idle, client, "GET", "/v1/upload/check", params={"fileId": file_id})["result"] is True
        assert _documented(idle, client, "POST", "/v1/file/delete", json={"fileId": file_id})["result"] is True
        assert _documented(idle, client, "POST", "/notice/notice_url/check", params={"noticeUrl": good})["result"]
        refused = _documented(idle, client, "POST", "/notice/notice_url/check", json={"noticeUrl": web.base_url})
        assert refused["result"] is False
    health = httpx.get(f"{idle.base_url}/healthz").json()
    check_documented(idle.app, "GET", "/healthz", health)


def test_task_changes_answer_what_the_document_says(idle):
    from shopreel.jobs import m2v
    from shopreel.store.db import now_ms
    from shopreel.store.models import TaskRow

    scripts = m2v.M2VResult(product_name="Mug", script_content_list=(
        m2v.Script(script_id=1, script_contents=(m2v.Segment(seg_id=1, seg_text="A mug."),)),))
    params = m2v.Params(file_ids=("f",), product_name="Mug", product_description="A mug")
    with idle.app.state.runtime.db.session() as session:
        session.add(TaskRow(task_id="e" * 32, kind="m2v", owner_uid=idle.credentials.uid, params=params.stored(),
                            status="success", progress=100, result=scripts.stored(), attempts=1, max_attempts=2,
                            queue="cpu", created_at=now_ms(), updated_at=now_ms()))
    with idle.client() as client:
        updated = _documented(idle, client, "POST", "/v1/m2v/script/update",
                              json={"taskId": "e" * 32, "scriptContents": [{"segId": 1, "segText": "A big mug."}]})
        assert updated["result"] == {"taskId": "e" * 32, "status": "success", "errorMsg": None}
        submitted = client.post("/v1/scraper/task/submit", json={"productLink": "http://127.0.0.1:9/"}).json()
        task_id = submitted["result"]["taskId"]
        canceled = _documented(idle, client, "POST", "/v1/task/cancel", json={"taskId": task_id})["result"]
        assert canceled == {"taskId": task_id, "status": "fail", "errorMsg": "canceled"}
        deleted = _documented(idle, client, "POST", "/v1/task/delete", json={"taskId": task_id})["result"]
        assert deleted == {"taskId": task_id, "deletedFiles": 0}


def test_routes_not_offered_answer_an_empty_result_as_documented(idle):
    from shopreel.api.unsupported import UNSUPPORTED

    with idle.client() as client:
        for feature in UNSUPPORTED:
            for method, path in feature.routes:
                body = client.request(method, path).json()
                assert body["code"] == "4006" and body["result"] is None, (path, body)
                check_documented(idle.app, method, path, body)
