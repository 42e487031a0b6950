"""Avatar Marketing Video section: submit, query, scripts (list, update) and export."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import M2VResult, ScriptItem, TaskState
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, require_text, submit_task
from shopreel.errors import MissingParameter
from shopreel.jobs import m2v
from shopreel.notify.guard import check_public_url
from shopreel.tasks.model import TaskRecord

__all__ = ["router"]

router = APIRouter(tags=["Avatar Marketing Video"])

KINDS = (m2v.SPEC.kind,)


class M2VSubmit(m2v.Request, WithNotice):
    pass


@router.post("/v1/m2v/task/submit", summary="Avatar Marketing Video submit", response_model=Envelope[SubmitResult])
def submit(body: M2VSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    if body.product_link:
        check_public_url(body.product_link, field="productLink", allow_private=runtime.settings.allow_private_urls)
    for file_id in body.file_ids or ():
        runtime.files.ready_file(user.uid, file_id, kinds=("image", "video"), field="fileIds")
    for field, file_id in (("endcardFileId", body.endcard_file_id), ("logoFileId", body.logo_file_id)):
        if file_id:
            ready_image(runtime, user.uid, file_id, field)
    if body.music_file_id:
        runtime.files.ready_file(user.uid, body.music_file_id, kinds=("audio",), field="musicFileId")
    return submit_task(runtime, user, request, kind=m2v.SPEC.kind, params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/m2v/task/query", summary="Avatar Marketing Video query", response_model=Envelope[M2VResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    return ok(query_task(runtime, user, taskId, kinds=KINDS, cdn=needCloudFrontUrl))


def _result(record: TaskRecord) -> m2v.M2VResult:
    """The task's result so far (empty before its scripts are written)."""
    return m2v.SPEC.parse_result(record.result) or m2v.M2VResult(product_name="")


@router.get("/v1/m2v/script/list", summary="List scripts", response_model=Envelope[list[ScriptItem]])
def script_list(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None) -> JSONResponse:
    """``[{scriptId, scriptContents: [{segId, segText}]}]`` once the task has written them."""
    record = runtime.tasks.get(user.uid, require_text(taskId, "taskId"), kinds=KINDS)
    return ok(m2v.script_items(_result(record).script_content_list))


class Segment(BaseModel):
    segId: int | None = None
    segText: str | None = None


class ScriptUpdate(BaseModel):
    taskId: str | None = None
    scriptId: int | None = Field(None, description="0 or absent: the first script.")
    scriptContents: list[Segment] | None = Field(None, description="The complete new list of segments.")


@router.post("/v1/m2v/script/update", summary="Update a script", response_model=Envelope[TaskState])
def script_update(body: ScriptUpdate, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    task_id = require_text(body.taskId, "taskId")
    if not body.scriptContents:
        raise MissingParameter("Required parameter cannot be null: scriptContents")
    segments = tuple(
        m2v.Segment(seg_id=seg.segId if seg.segId is not None else index + 1,
                    seg_text=require_text(seg.segText, f"scriptContents[{index}].segText"))
        for index, seg in enumerate(body.scriptContents)
    )

    def change(result: m2v.M2VResult) -> m2v.M2VResult:
        chosen = result.script(body.scriptId).script_id
        scripts = tuple(s.model_copy(update={"script_contents": segments}) if s.script_id == chosen else s
                        for s in result.script_content_list)
        return result.model_copy(update={"script_content_list": scripts})

    runtime.tasks.update_result(user.uid, task_id, kinds=KINDS, change=change)
    return ok({"taskId": task_id, "status": "success", "errorMsg": None})


class Export(BaseModel):
    taskId: str | None = None
    scriptId: int | None = None
    noticeUrl: str | None = None


@router.post("/v1/m2v/export", summary="Export a script's video", response_model=Envelope[SubmitResult])
def export(body: Export, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Renders the script at full resolution; the video appears in the query's
    ``exportVideos`` (its item is ``running`` meanwhile)."""
    task_id = require_text(body.taskId, "taskId")
    record = runtime.tasks.get(user.uid, task_id, kinds=KINDS)
    chosen = _result(record).script(body.scriptId)
    if body.noticeUrl:
        check_public_url(body.noticeUrl, field="noticeUrl", allow_private=runtime.settings.allow_private_urls)
    params = m2v.SPEC.parse_params(record.params).model_copy(update={"export_script_id": chosen.script_id})
    return ok(runtime.tasks.reopen(record, params=params, notice_url=body.noticeUrl))
