"""Common Task section: image2Video."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import Image2VideoResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.jobs import image2video

__all__ = ["router"]

router = APIRouter(tags=["Common Task"])


class CommonImage2VideoSubmit(image2video.Params, WithNotice):
    pass


@router.post("/v1/common_task/image2video/submit", summary="Image2Video submit", response_model=Envelope[SubmitResult])
def submit(body: CommonImage2VideoSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    ready_image(runtime, user.uid, body.image_file_id, "imageFileId")
    return submit_task(runtime, user, request, kind="image2video", params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/common_task/image2video/result", summary="Image2Video result", response_model=Envelope[Image2VideoResult])
def result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, videos: [{originVideo: {filePath, width, height}}], costCredit}``."""
    return ok(query_task(runtime, user, taskId, kinds=("image2video",), cdn=needCloudFrontUrl))
