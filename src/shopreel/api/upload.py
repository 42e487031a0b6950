"""Upload section: credential (presigned PUT URL) and check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.results import UploadCredential
from shopreel.api.tasks import require_text

__all__ = ["router"]

router = APIRouter(tags=["Upload"])


@router.get("/v1/upload/credential", summary="Get an upload credential", response_model=Envelope[UploadCredential])
def credential(
    user: UserDep,
    runtime: RuntimeDep,
    format: Annotated[str | None, Query(description="mp4 mov avi png jpg jpeg bmp webp mp3 wav m4a")] = None,
    needAccelerateUrl: Annotated[str | None, Query(description="Accepted; the same URL is returned.")] = None,
) -> JSONResponse:
    """``{fileId, uploadUrl, fileName, format}``: PUT the raw bytes to ``uploadUrl`` (no auth
    headers), then poll ``/v1/upload/check``."""
    ticket = runtime.files.create_upload(user.uid, require_text(format, "format"))
    return ok({"fileId": ticket.file_id, "uploadUrl": ticket.upload_url, "fileName": ticket.file_name,
               "format": ticket.format})


@router.get("/v1/upload/check", summary="Check an upload", response_model=Envelope[bool])
async def check(user: UserDep, runtime: RuntimeDep, fileId: Annotated[str | None, Query()] = None) -> JSONResponse:
    """``result: true`` once the bytes arrived and decoded as the declared kind; ``false``
    before, or when they were rejected (``message`` says why)."""
    file_id = require_text(fileId, "fileId")
    verdict = runtime.files.known_verdict(user.uid, file_id)
    if verdict is None:  # a direct upload to object storage: look there, and decode it once
        verdict = await run_in_threadpool(runtime.files.check, user.uid, file_id)
    return ok(verdict.ready, message=verdict.message)


class FileIdBody(BaseModel):
    fileId: str | None = None


@router.post("/v1/file/delete", summary="Delete a file (extension)", tags=["Files (ShopReel extensions)"],
             response_model=Envelope[bool])
def delete_file(body: FileIdBody, user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """Delete one of your files (an upload, a scraped picture or a task's output): it is
    removed from storage and its URLs stop working. ``result: true``. A file your custom
    avatar is made of answers ``4006``; another user's or an unknown id ``4004``."""
    runtime.files.delete(user.uid, require_text(body.fileId, "fileId"))
    return ok(True)
