"""Common Task section: image2Video (v1 and v2, one kind)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import Image2VideoResult, Image2VideoResultV2
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
async def result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, videos: [{originVideo: {filePath, width, height}}], costCredit}``."""
    return ok(query_task(runtime, user, taskId, kinds=("image2video",), cdn=needCloudFrontUrl))


class CommonImage2VideoV2Submit(image2video.RequestV2, WithNotice):
    pass


@router.post("/v2/common_task/image2video/task/submit", summary="Image2Video submit (v2)", response_model=Envelope[SubmitResult])
def submit_v2(body: CommonImage2VideoV2Submit, request: Request, user: UserDep, runtime: RuntimeDep,
              idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """The v1 task in v2's words: ``firstFrameFileId`` is the picture, ``resolution``
    480/720/1080 picks the size, ``duration`` 5 or 10, ``generatingCount`` 1–4 (0 = 1);
    ``model`` is recorded, ``endFrameFileId``, ``referenceImageFileIds`` and ``sound: on``
    answer 4000 (one picture, silent clips)."""
    ready_image(runtime, user.uid, body.first_frame_file_id, "firstFrameFileId")
    return submit_task(runtime, user, request, kind="image2video", params=body.params(), notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v2/common_task/image2video/task/query", summary="Image2Video query (v2)", response_model=Envelope[Image2VideoResultV2])
async def query_v2(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None,
             needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, videos: [{status, filePath, width, height, errorMsg,
    videoDuration}], costCredit, boardId, boardTaskId}``."""
    return ok(query_task(runtime, user, taskId, kinds=("image2video",), cdn=needCloudFrontUrl,
                         view=image2video.view_v2))
