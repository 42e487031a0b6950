"""One callback attempt: the TopView notice payload, Standard Webhooks signing, the verdict."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

__all__ = ["NoticePayload", "AttemptOutcome", "signed_headers", "deliver"]


@dataclass(frozen=True)
class NoticePayload:
    uuid: str
    biz_type: str
    task_id: str
    status: str
    error_msg: str | None
    result: dict[str, Any] | None

    def body(self) -> str:
        return json.dumps(
            {
                "uuid": self.uuid,
                "bizType": self.biz_type,
                "taskId": self.task_id,
                "status": self.status,
                "errorMsg": self.error_msg,
                "result": self.result,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


@dataclass(frozen=True)
class AttemptOutcome:
    ok: bool
    http_status: int | None
    error: str | None
    duration_ms: int


def signed_headers(*, uid: str, secret: str, msg_id: str, body: str, at: datetime | None = None) -> dict[str, str]:
    """Headers of a notice: TopView's plus the Standard Webhooks signature."""
    timestamp = at or datetime.now(tz=timezone.utc)
    return {
        "Topview-Uid": uid,
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, timestamp, body),
    }


def _verdict(response: httpx.Response) -> str | None:
    """None when the receiver acknowledged the notice, else why not."""
    if not 200 <= response.status_code < 300:
        return f"HTTP {response.status_code}"
    try:
        reply = response.json()
    except ValueError:
        return None  # a 2xx without a JSON body counts as delivered
    if isinstance(reply, dict) and "code" in reply and str(reply["code"]) != "200":
        return f"receiver answered code {reply['code']!r}"
    return None


def deliver(client: httpx.Client, url: str, payload: NoticePayload, *, uid: str, secret: str) -> AttemptOutcome:
    """POST one notice and judge the reply; never raises for network trouble."""
    body = payload.body()
    started = time.monotonic()
    try:
        response = client.post(url, content=body.encode(), headers=signed_headers(uid=uid, secret=secret, msg_id=payload.uuid, body=body))
    except httpx.HTTPError as exc:
        elapsed = int((time.monotonic() - started) * 1000)
        return AttemptOutcome(ok=False, http_status=None, error=f"{type(exc).__name__}: {exc}"[:500], duration_ms=elapsed)
    elapsed = int((time.monotonic() - started) * 1000)
    problem = _verdict(response)
    return AttemptOutcome(ok=problem is None, http_status=response.status_code, error=problem, duration_ms=elapsed)
