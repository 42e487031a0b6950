"""Submitting and querying tasks, shared by every section; plus the task extensions:
cancel, rerun, delete, query and list under ``/v1/task/``."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.catalog import MAX_PAGE_SIZE
from shopreel.api.results import AnyTaskResult, TaskDeleted, TaskListResult, TaskState
from shopreel.errors import BadRequest, MissingParameter, Refused
from shopreel.jobs.fields import OptionalText
from shopreel.notify.guard import check_public_url
from shopreel.runtime import Runtime
from shopreel.store.users import UserRecord
from shopreel.tasks.job import Links, TaskModel
from shopreel.tasks.model import TaskRecord, TaskStatus
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
    runtime.files.check_room(user.uid)  # what the task makes needs room
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


@router.post("/v1/task/cancel", summary="Cancel a task (extension)", response_model=Envelope[TaskState])
def cancel(body: CancelBody, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Cancel any unfinished task; it then reports ``status: fail`` with ``errorMsg: canceled``."""
    record = runtime.tasks.cancel(user.uid, require_text(body.taskId, "taskId"))
    return ok({"taskId": record.task_id, "status": record.status.value, "errorMsg": record.error_msg})


@router.post("/v1/task/rerun", summary="Run a task again (extension)", response_model=Envelope[SubmitResult])
def rerun(body: CancelBody, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Submit a new task of the same kind with the same parameters and ``noticeUrl`` as
    ``taskId`` (in any status), charged and capped like a submit. An M2V task starts from
    its scripts again, whatever it exported. Answers as a submit does: the new ``taskId``."""
    record = runtime.tasks.get(user.uid, require_text(body.taskId, "taskId"))
    try:
        params = runtime.tasks.jobs[record.kind].rerun_params(record.params)
    except ValidationError:  # a row an older version wrote, whose fields have changed since
        raise Refused(f"task {record.task_id}'s parameters are no longer valid on this server; "
                      "submit it again") from None
    runtime.files.check_room(user.uid)  # what the task makes needs room
    return ok(runtime.tasks.submit(user.uid, record.kind, params, notice_url=record.notice_url))


@router.post("/v1/task/delete", summary="Delete a task and its outputs (extension)",
             response_model=Envelope[TaskDeleted])
def delete(body: CancelBody, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Delete a finished task of yours with the files it made (their URLs stop working; a
    file your custom avatar is made of stays): ``{taskId, deletedFiles}``. Afterwards the
    task is unknown (``4004``). An unfinished task answers ``4006``: cancel it first."""
    task_id = require_text(body.taskId, "taskId")
    removed = runtime.tasks.delete(user.uid, task_id, runtime.files)
    return ok({"taskId": task_id, "deletedFiles": removed})


@router.get("/v1/task/query", summary="Query any task (extension)", response_model=Envelope[AnyTaskResult])
async def query_any(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """Any task by id, whatever its kind: ``{taskId, taskType, status, progress, errorMsg,
    createTime, updateTime, result}`` where ``result`` is the kind's own query result."""
    record = runtime.tasks.get(user.uid, require_text(taskId, "taskId"))
    return ok(_any_task(runtime, record, runtime.links(cdn=parse_bool(needCloudFrontUrl))))


def _any_task(runtime: Runtime, record: TaskRecord, links: Links) -> dict[str, Any]:
    result = runtime.tasks.present(record, links)
    return {
        "taskId": record.task_id, "taskType": record.kind, "status": record.status.value,
        "progress": result["progress"], "errorMsg": record.error_msg,
        "createTime": record.created_at, "updateTime": record.updated_at, "result": result,
    }


@router.get("/v1/task/list", summary="List your tasks (extension)", response_model=Envelope[TaskListResult])
def list_tasks(
    user: UserDep,
    runtime: RuntimeDep,
    status: Annotated[str | None, Query(description="Only these statuses, comma-separated: init, running, "
                                                    "success, fail.")] = None,
    taskType: Annotated[str | None, Query(description="Only these kinds, comma-separated (the taskType of "
                                                      "GET /v1/task/query, e.g. m2v, video_avatar).")] = None,
    pageSize: Annotated[int, Query(description=f"Tasks per page, 1 to {MAX_PAGE_SIZE} (default 20).")] = 20,
    cursor: Annotated[str | None, Query(description="The nextCursor of the page before; none for the first.")] = None,
    needCloudFrontUrl: CdnQuery = None,
) -> JSONResponse:
    """The user's tasks, newest first, each as ``GET /v1/task/query`` answers it, a page at a
    time: follow ``nextCursor`` until it is null. Tasks created while paging do not shift
    the pages (the cursor is a position, not an offset)."""
    if not 1 <= pageSize <= MAX_PAGE_SIZE:
        raise BadRequest(f"pageSize must be 1 to {MAX_PAGE_SIZE}, got {pageSize}")
    statuses = tuple(_listed(status, {s.value: s for s in TaskStatus}, "status"))
    kinds = tuple(_listed(taskType, {kind: kind for kind in runtime.tasks.jobs}, "taskType"))
    records, after = runtime.tasks.list(user.uid, statuses=statuses, kinds=kinds, limit=pageSize,
                                        after=_read_cursor(cursor) if cursor else None)
    links = runtime.links(cdn=parse_bool(needCloudFrontUrl))
    return ok({"data": [_any_task(runtime, record, links) for record in records], "pageSize": pageSize,
               "nextCursor": _cursor(after) if after else None})


def _listed(value: str | None, known: dict[str, Any], name: str) -> list[Any]:
    """The comma-separated ``value`` as known items; 4000 naming the known ones otherwise."""
    chosen = [part.strip() for part in (value or "").split(",") if part.strip()]
    unknown = [part for part in chosen if part not in known]
    if unknown:
        raise BadRequest(f"{name} {unknown[0]!r} is not one of: {', '.join(sorted(known))}")
    return [known[part] for part in chosen]


def _cursor(after: tuple[int, str]) -> str:
    return base64.urlsafe_b64encode(f"{after[0]}:{after[1]}".encode()).decode().rstrip("=")


def _read_cursor(cursor: str) -> tuple[int, str]:
    try:
        created, task_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")
        return int(created), task_id
    except ValueError:  # bad base64, bad UTF-8, no colon, not a number: all ValueErrors
        raise BadRequest("cursor is not one this server gave: pass the nextCursor of the page before") from None
