"""Submitting and querying tasks, shared by every section; plus the task extensions:
``POST /v1/task/cancel`` and ``GET /v1/task/query``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.results import AnyTaskResult
from shopreel.errors import MissingParameter
from shopreel.jobs.fields import OptionalText
from shopreel.notify.guard import check_public_url
from shopreel.runtime import Runtime
from shopreel.store.users import UserRecord
from shopreel.tasks.job import Links, TaskModel
from shopreel.tasks.model import TaskRecord
from shopreel.tasks.service import request_fingerprint

__all__ = ["router", "submit_task", "query_task", "WithNotice", "IdempotencyKey", "TaskIdQuery", "CdnQuery",
           "require_text", "View"]

router = APIRouter(tags=["Tasks (ShopReel extensions)"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Same key + same body within 24 h returns the original response."),
]
TaskIdQuery = Annotated[str | None, Query(description="The taskId a submit returned.")]
CdnQuery = Annotated[str | None, Query(description="true: media URLs on the CDN base URL when one is set.")]


def require_text(value: str | None, name: str) -> str:
    """Treat a missing, null or blank required string as missing (4003)."""
    if value is None or not str(value).strip():
        raise MissingParameter(f"Required parameter cannot be null: {name}")
    return str(value).strip()


class WithNotice(TaskModel):
    """The callback URL every submit body may carry; it is the task's, not a parameter of
    its job (``exclude``: never stored with the params)."""

    notice_url: OptionalText = Field(None, alias="noticeUrl", exclude=True,
                                     description="Callback URL: the result is POSTed there when the task ends.")


def submit_task(
    runtime: Runtime,
    user: UserRecord,
    request: Request,
    *,
    kind: str,
    params: TaskModel,
    notice_url: str | None,
    idempotency_key: str | None,
) -> JSONResponse:
    """Queue a task of ``kind`` with the validated ``params`` (the body, less ``noticeUrl``)."""
    if notice_url:
        check_public_url(notice_url, field="noticeUrl", allow_private=runtime.settings.allow_private_urls)
    fingerprint = request_fingerprint(request.url.path, {**params.stored(), "noticeUrl": notice_url})
    result = runtime.tasks.submit(
        user.uid, kind, params, notice_url=notice_url or None,
        idempotency_key=(idempotency_key or "").strip() or None, fingerprint=fingerprint,
    )
    return ok(result)


#: A route's own presentation of a kind's task (e.g. a v3 query of a v1 kind):
#: ``view(record, params, result | None, links)``, merged over the kind's view.
View = Callable[[TaskRecord, Any, Any, Links], dict[str, Any]]


def query_task(runtime: Runtime, user: UserRecord, task_id: str | None, *, kinds: tuple[str, ...], cdn: str | None,
               view: View | None = None) -> dict[str, Any]:
    record = runtime.tasks.get(user.uid, require_text(task_id, "taskId"), kinds=kinds)
    links = runtime.links(cdn=parse_bool(cdn))
    shown = runtime.tasks.present(record, links)
    if view is not None:
        spec = runtime.tasks.jobs[record.kind]
        shown.update(view(record, spec.parse_params(record.params), spec.parse_result(record.result), links))
    return shown


class CancelBody(BaseModel):
    taskId: str | None = None


@router.post("/v1/task/cancel", summary="Cancel a task (extension)")
def cancel(body: CancelBody, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Cancel any unfinished task; it then reports ``status: fail`` with ``errorMsg: canceled``."""
    record = runtime.tasks.cancel(user.uid, require_text(body.taskId, "taskId"))
    return ok({"taskId": record.task_id, "status": record.status.value, "errorMsg": record.error_msg})


@router.get("/v1/task/query", summary="Query any task (extension)", response_model=Envelope[AnyTaskResult])
async def query_any(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """Any task by id, whatever its kind: ``{taskId, taskType, status, progress, errorMsg,
    createTime, updateTime, result}`` where ``result`` is the kind's own query result."""
    record = runtime.tasks.get(user.uid, require_text(taskId, "taskId"))
    result = runtime.tasks.present(record, runtime.links(cdn=parse_bool(needCloudFrontUrl)))
    return ok({
        "taskId": record.task_id, "taskType": record.kind, "status": record.status.value,
        "progress": result["progress"], "errorMsg": record.error_msg,
        "createTime": record.created_at, "updateTime": record.updated_at, "result": result,
    })
