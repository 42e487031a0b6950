"""Common Task section: image2Video."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, query_task, require_text, submit_task
from shopreel.errors import BadRequest, MissingParameter
from shopreel.media.motion import MODES

__all__ = ["router"]

router = APIRouter(tags=["Common Task"])


class Image2VideoSubmit(BaseModel):
    imageFileId: str | None = Field(None, description="The image to animate (required).")
    prompt: str | None = Field(None, description="Camera and effects in words: zoom in, pan left, orbit, shine...")
    negativePrompt: str | None = Field(None, description="Moves to leave out: zoom, pan, shake...")
    duration: int | None = Field(None, description="5 or 10 seconds (required).")
    mode: str | None = Field(None, description="lite | pro | plus | best (required).")
    generatingCount: int | None = Field(None, description="1–4 variants, default 1.")
    noticeUrl: str | None = None


@router.post("/v1/common_task/image2video/submit", summary="Image2Video submit")
def submit(body: Image2VideoSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    image_id = require_text(body.imageFileId, "imageFileId")
    if body.duration is None:
        raise MissingParameter("Required parameter cannot be null: duration")
    if body.duration not in (5, 10):
        raise BadRequest(f"duration must be 5 or 10, got {body.duration}")
    mode = require_text(body.mode, "mode")
    if mode not in MODES:
        raise BadRequest(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    count = 1 if body.generatingCount is None else body.generatingCount
    if not 1 <= count <= 4:
        raise BadRequest(f"generatingCount must be between 1 and 4, got {count}")
    ready_image(runtime, user.uid, image_id, "imageFileId")
    params = {"imageFileId": image_id, "prompt": body.prompt, "negativePrompt": body.negativePrompt,
              "duration": body.duration, "mode": mode, "generatingCount": count}
    return submit_task(runtime, user, request, kind="image2video", params=params, notice_url=body.noticeUrl,
                       idempotency_key=idempotency_key)


@router.get("/v1/common_task/image2video/result", summary="Image2Video result")
def result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, videos: [{originVideo: {filePath, width, height}}], costCredit}``."""
    return ok(query_task(runtime, user, taskId, kinds=("image2video",), cdn=needCloudFrontUrl))
