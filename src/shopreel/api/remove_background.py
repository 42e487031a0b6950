"""Common Task section: Remove Background (kept apart from ``common_task.py``'s image2video
routes; the same OpenAPI tag)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import RemoveBackgroundResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.jobs import remove_background

__all__ = ["router"]

router = APIRouter(tags=["Common Task"])


class RemoveBackgroundSubmit(remove_background.Params, WithNotice):
    pass


@router.post("/v1/common_task/remove_background/submit", summary="Remove Background submit", response_model=Envelope[SubmitResult])
def submit(body: RemoveBackgroundSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    ready_image(runtime, user.uid, body.product_image_file_id, "productImageFileId")
    return submit_task(runtime, user, request, kind="remove_background", params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/common_task/remove_background/query", summary="Remove Background query", response_model=Envelope[RemoveBackgroundResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, bgRemovedImageFileId, bgRemovedImagePath, bgRemovedImageWidth,
    bgRemovedImageHeight, maskImageFileId, maskImagePath, maskImageWidth, maskImageHeight,
    costCredit}``: the cut-out is an RGBA PNG the photo's size, the mask a PNG, white = product."""
    return ok(query_task(runtime, user, taskId, kinds=("remove_background",), cdn=needCloudFrontUrl))
