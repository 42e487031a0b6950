"""Avatar Marketing Video section: submit, query, scripts (list, update) and export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, query_task, require_text, submit_task
from shopreel.catalog.captions import find_caption
from shopreel.catalog.presenters import find_presenter
from shopreel.catalog.voices import find_voice
from shopreel.errors import BadRequest, MissingParameter, NotFound
from shopreel.jobs.m2v import ASPECT_SIZES
from shopreel.media.script import LANGUAGES, LENGTH_TYPES, STYLES, canonical_style
from shopreel.notify.guard import check_public_url

__all__ = ["router"]

router = APIRouter(tags=["Avatar Marketing Video"])

#: TopView allows only these voices for Thai (TOPVIEW_API.md 1.1).
THAI_VOICES = {"5d188a658b5a424e98bf0dbbcb8f97d8", "eea5e5a4fb534231a5b4cf4766dd7a5f",
               "537e2643719c47bdac1d8a2c7f0c844a", "e22db502aa8d40d9ba791083c9f4ab35"}
ENDCARD_RATIOS = ("all", *ASPECT_SIZES)
KINDS = ("m2v",)


class M2VSubmit(BaseModel):
    productLink: str | None = None
    fileIds: list[str] | None = None
    productName: str | None = None
    productDescription: str | None = None
    aspectRatio: str | None = Field(None, description="9:16 (default), 3:4, 1:1, 4:3, 16:9.")
    language: str | None = Field(None, description="One of the 33 TopView languages; default en.")
    voiceId: str | None = None
    captionId: str | None = None
    aiavatarId: str | None = Field(None, description="A presenter from AiAvatar Query; none: voice over b-roll.")
    videoLengthType: int | None = Field(None, description="1 30–50 s (default), 2 15–30 s, 3 30–45 s, 4 45–60 s.")
    endcardFileId: str | None = None
    endcardAspectRatio: str | None = None
    endcardBackgroundColor: str | None = None
    logoFileId: str | None = None
    preview: bool | None = None
    isDiyScript: bool | None = None
    diyScriptDescription: str | None = None
    diyStyle: str | None = None
    diyScriptStyle: str | None = None
    diyScriptPrompt: str | None = None
    targetAudience: str | None = None
    musicFileId: str | None = None
    noticeUrl: str | None = None


def _one_of(value: str | None, allowed: tuple[str, ...] | set[str], name: str, default: str) -> str:
    value = value or default
    if value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(sorted(allowed))}, got {value!r}")
    return value


@router.post("/v1/m2v/task/submit", summary="Avatar Marketing Video submit")
def submit(body: M2VSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    params: dict[str, Any] = {}
    if body.productLink:
        params["productLink"] = check_public_url(body.productLink, field="productLink",
                                                 allow_private=runtime.settings.allow_private_urls)
    if body.fileIds:
        for file_id in body.fileIds:
            runtime.files.ready_file(user.uid, file_id, kinds=("image", "video"), field="fileIds")
        params["fileIds"] = list(body.fileIds)
    if not params:
        raise MissingParameter("Required parameter cannot be null: productLink or fileIds")
    diy = bool(body.isDiyScript)
    if not body.productLink:
        params["productName"] = require_text(body.productName, "productName")
        if not diy:
            params["productDescription"] = require_text(body.productDescription, "productDescription")
    else:
        params.update(productName=body.productName, productDescription=body.productDescription)
    params["aspectRatio"] = _one_of(body.aspectRatio, tuple(ASPECT_SIZES), "aspectRatio", "9:16")
    params["language"] = language = _one_of(body.language, set(LANGUAGES), "language", "en")
    if body.voiceId:
        voice = find_voice(body.voiceId)
        if voice is None:
            raise NotFound(f"voiceId {body.voiceId!r} not found")
        if language == "th" and body.voiceId not in THAI_VOICES:
            raise BadRequest("for language th only these voiceIds work: " + ", ".join(sorted(THAI_VOICES)))
        params["voiceId"] = body.voiceId
    if body.captionId:
        if find_caption(body.captionId) is None:
            raise NotFound(f"captionId {body.captionId!r} not found")
        params["captionId"] = body.captionId
    if body.aiavatarId:
        if find_presenter(body.aiavatarId) is None:
            raise NotFound(f"aiavatarId {body.aiavatarId!r} not found")
        params["aiavatarId"] = body.aiavatarId
    length = body.videoLengthType or 1
    if length not in LENGTH_TYPES:
        raise BadRequest(f"videoLengthType must be 1, 2, 3 or 4, got {length}")
    params["videoLengthType"] = length
    for field in ("endcardFileId", "logoFileId"):
        if getattr(body, field):
            ready_image(runtime, user.uid, getattr(body, field), field)
            params[field] = getattr(body, field)
    if body.musicFileId:
        runtime.files.ready_file(user.uid, body.musicFileId, kinds=("audio",), field="musicFileId")
        params["musicFileId"] = body.musicFileId
    params["endcardAspectRatio"] = _one_of(body.endcardAspectRatio, ENDCARD_RATIOS, "endcardAspectRatio", "all")
    params["endcardBackgroundColor"] = _one_of(body.endcardBackgroundColor, ("black", "white"),
                                               "endcardBackgroundColor", "black")
    params["preview"] = bool(body.preview)
    params["isDiyScript"] = diy
    if diy:
        style = body.diyStyle
        if style not in (None, "diyScriptStyle", "diyScriptPrompt"):
            raise BadRequest(f"diyStyle must be diyScriptStyle or diyScriptPrompt, got {style!r}")
        if style == "diyScriptPrompt":
            params["diyScriptPrompt"] = require_text(body.diyScriptPrompt, "diyScriptPrompt")
        elif style == "diyScriptStyle":
            try:
                params["diyScriptStyle"] = canonical_style(require_text(body.diyScriptStyle, "diyScriptStyle"))
            except ValueError as exc:
                raise BadRequest(f"diyScriptStyle must be one of {', '.join(STYLES)}") from exc
        else:
            params["diyScriptDescription"] = require_text(body.diyScriptDescription, "diyScriptDescription")
        params["diyStyle"] = style
    params["targetAudience"] = body.targetAudience
    return submit_task(runtime, user, request, kind="m2v", params=params, notice_url=body.noticeUrl,
                       idempotency_key=idempotency_key)


@router.get("/v1/m2v/task/query", summary="Avatar Marketing Video query")
def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    return ok(query_task(runtime, user, taskId, kinds=KINDS, cdn=needCloudFrontUrl))


@router.get("/v1/m2v/script/list", summary="List scripts")
def script_list(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None) -> JSONResponse:
    """``[{scriptId, scriptContents: [{segId, segText}]}]`` once the task has written them."""
    record = runtime.tasks.get(user.uid, require_text(taskId, "taskId"), kinds=KINDS)
    scripts = (record.result or {}).get("scriptContentList", [])
    return ok([{"scriptId": s["scriptId"], "scriptContents": [{"segId": c["segId"], "segText": c["segText"]}
                                                              for c in s["scriptContents"]]} for s in scripts])


class Segment(BaseModel):
    segId: int | None = None
    segText: str | None = None


class ScriptUpdate(BaseModel):
    taskId: str | None = None
    scriptId: int | None = Field(None, description="0 or absent: the first script.")
    scriptContents: list[Segment] | None = Field(None, description="The complete new list of segments.")


def _script_id(result: dict[str, Any], script_id: int | None) -> int:
    ids = [s["scriptId"] for s in result.get("scriptContentList", [])]
    if not ids:
        raise NotFound("this task has no scripts yet")
    chosen = script_id or ids[0]
    if chosen not in ids:
        raise NotFound(f"scriptId {chosen} not found; this task has {ids}")
    return chosen


@router.post("/v1/m2v/script/update", summary="Update a script")
def script_update(body: ScriptUpdate, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    task_id = require_text(body.taskId, "taskId")
    if not body.scriptContents:
        raise MissingParameter("Required parameter cannot be null: scriptContents")
    segments = []
    for index, seg in enumerate(body.scriptContents):
        text = require_text(seg.segText, f"scriptContents[{index}].segText")
        segments.append({"segId": seg.segId if seg.segId is not None else index + 1, "segText": text, "role": ""})

    def change(result: dict[str, Any]) -> dict[str, Any]:
        chosen = _script_id(result, body.scriptId)
        result["scriptContentList"] = [
            {**s, "scriptContents": segments} if s["scriptId"] == chosen else s
            for s in result["scriptContentList"]
        ]
        return result

    runtime.tasks.update_result(user.uid, task_id, kinds=KINDS, change=change)
    return ok({"taskId": task_id, "status": "success", "errorMsg": None})


class Export(BaseModel):
    taskId: str | None = None
    scriptId: int | None = None
    noticeUrl: str | None = None


@router.post("/v1/m2v/export", summary="Export a script's video")
def export(body: Export, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Renders the script at full resolution; the video appears in the query's
    ``exportVideos`` (its item is ``running`` meanwhile)."""
    task_id = require_text(body.taskId, "taskId")
    record = runtime.tasks.get(user.uid, task_id, kinds=KINDS)
    chosen = _script_id(record.result or {}, body.scriptId)
    if body.noticeUrl:
        check_public_url(body.noticeUrl, field="noticeUrl", allow_private=runtime.settings.allow_private_urls)
    return ok(runtime.tasks.reopen(user.uid, task_id, kinds=KINDS, params={"phase": "export", "exportScriptId": chosen},
                                   notice_url=body.noticeUrl))
