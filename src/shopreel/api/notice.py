"""Callback URL check: ``POST /notice/notice_url/check`` sends a test notice."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.tasks import require_text
from shopreel.notify.guard import check_public_url, guarded_client
from shopreel.notify.webhook import NoticePayload, deliver

__all__ = ["router"]

router = APIRouter(tags=["Notice"])


@router.post("/notice/notice_url/check", summary="Check a callback URL", response_model=Envelope[bool])
async def check(request: Request, user: UserDep, runtime: RuntimeDep,
                noticeUrl: Annotated[str | None, Query()] = None) -> JSONResponse:
    """Sends a signed test notice (``bizType: CHECK``) to ``noticeUrl`` (query string or JSON
    body); ``result: true`` when the endpoint replied as TopView requires, else ``false`` with
    the reason in ``message``."""
    url = noticeUrl
    if url is None and await request.body():
        try:
            body = await request.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("noticeUrl"), str):
            url = body["noticeUrl"]
    url = check_public_url(require_text(url, "noticeUrl"), field="noticeUrl",
                           allow_private=runtime.settings.allow_private_urls)
    notice_id = str(uuid.uuid4())
    payload = NoticePayload(uuid=notice_id, biz_type="CHECK", task_id=notice_id, status="success",
                            error_msg=None, result={})

    def attempt() -> tuple[bool, str]:
        with guarded_client(allow_private=runtime.settings.allow_private_urls,
                            timeout_s=runtime.settings.webhook_timeout_s) as client:
            outcome = deliver(client, url, payload, uid=user.uid, secret=user.webhook_secret)
        return outcome.ok, outcome.error or "Success"

    delivered, message = await run_in_threadpool(attempt)
    return ok(delivered, message=message if delivered else f"the notice URL did not acknowledge: {message}")
