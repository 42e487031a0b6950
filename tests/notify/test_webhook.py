from __future__ import annotations

import json

import httpx
from standardwebhooks.webhooks import Webhook

from shopreel.notify.webhook import NoticePayload, deliver

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
PAYLOAD = NoticePayload(uuid="u-1", biz_type="SCRAPER", task_id="t-1", status="success", error_msg=None,
                        result={"productName": "Mug"})


def _client(status: int, body: bytes, seen: list[httpx.Request]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_acknowledged_notice_is_signed_with_standard_webhooks():
    seen: list[httpx.Request] = []
    reply = json.dumps({"code": "200", "message": "Success", "result": {"uuid": "u-1"}}).encode()
    outcome = deliver(_client(200, reply, seen), "http://receiver/cb", PAYLOAD, uid="uid-1", secret=SECRET)
    assert outcome.ok and outcome.http_status == 200
    request = seen[0]
    assert request.headers["Topview-Uid"] == "uid-1"
    assert request.headers["webhook-id"] == "u-1"
    body = Webhook(SECRET).verify(request.content, dict(request.headers))
    assert body == {"uuid": "u-1", "bizType": "SCRAPER", "taskId": "t-1", "status": "success",
                    "errorMsg": None, "result": {"productName": "Mug"}}


def test_non_200_code_or_http_error_is_not_delivered():
    seen: list[httpx.Request] = []
    assert not deliver(_client(200, b'{"code": "500"}', seen), "http://r/cb", PAYLOAD, uid="u", secret=SECRET).ok
    assert not deliver(_client(503, b"", seen), "http://r/cb", PAYLOAD, uid="u", secret=SECRET).ok
    assert deliver(_client(204, b"", seen), "http://r/cb", PAYLOAD, uid="u", secret=SECRET).ok
