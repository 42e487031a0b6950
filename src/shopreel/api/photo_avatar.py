"""Photo Avatar (Avatar 4) section: a talking video from one photo or an avatar, served by
the Video Avatar kind (its talking-photo path, ``avatarSourceFrom`` 3)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import PhotoAvatarResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, View, WithNotice, query_task, submit_task
from shopreel.api.video_avatar import custom_avatar_item, public_avatar_item
from shopreel.catalog.presenters import find_presenter
from shopreel.errors import NotFound
from shopreel.jobs import video_avatar
from shopreel.jobs.talking import check_audio_length
from shopreel.runtime import Runtime
from shopreel.store.avatars import get_custom_avatar
from shopreel.tasks.job import Links
from shopreel.tasks.model import TaskRecord

__all__ = ["router"]

router = APIRouter(tags=["Photo Avatar"])


class PhotoAvatarSubmit(video_avatar.PhotoRequest, WithNotice):
    pass


@router.post("/v1/photo_avatar/task/submit", summary="Photo Avatar (Avatar 4) submit", response_model=Envelope[SubmitResult])
def submit(body: PhotoAvatarSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """``templateImageFileId`` (a photo with a face) or ``avatarId``, ``scriptMode`` text
    (``ttsText`` + ``voiceId``) or audio (``audioFileId``), ``mode`` avatar4 (1080p) or
    avatar2/avatar4Fast (720p), ``customMotion`` (≤600 characters), ``captionId``,
    ``saveCustomAiAvatar``, ``boardId``."""
    params = body.params()
    if params.avatar_source_from == 3:
        ready_image(runtime, user.uid, params.image_file_id or "", "templateImageFileId")
    elif params.avatar_source_from == 2:
        get_custom_avatar(runtime.db, user.uid, params.ai_avatar_id or "")
    if not params.tts:
        check_audio_length(runtime.files.ready_file(user.uid, params.audio_file_id or "", kinds=("audio",),
                                                    field="audioFileId"))
    return submit_task(runtime, user, request, kind="video_avatar", params=params, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


def _photo_view(runtime: Runtime, uid: str, cdn: bool) -> View:
    """Avatar 4's query fields over Video Avatar's: ``finishedVideoUrl``,
    ``finishedVideoCoverUrl``, ``aiAvatar`` (the public avatar used, or the custom avatar
    saved or used; None for an unsaved photo), ``boardId`` echoed and ``boardTaskId`` None."""

    def view(record: TaskRecord, params: video_avatar.Params, result: Any, links: Links) -> dict[str, Any]:
        avatar = None
        presenter = find_presenter(params.ai_avatar_id or "") if params.avatar_source_from == 1 else None
        custom_id = (result.custom_ai_avatar_id if result else None) or (
            params.ai_avatar_id if params.avatar_source_from == 2 else None)
        if presenter is not None:
            avatar = public_avatar_item(runtime, presenter, created=presenter.created_ms)
        elif custom_id:
            try:
                avatar = custom_avatar_item(runtime, get_custom_avatar(runtime.db, uid, custom_id), cdn)
            except NotFound:  # deleted since
                avatar = None
        return {
            "finishedVideoUrl": links.file_url(result.video_file_id) if result else None,
            "finishedVideoCoverUrl": links.file_url(result.cover_file_id) if result else None,
            "aiAvatar": avatar,
            "boardId": params.board_id,
            "boardTaskId": None,
        }

    return view


@router.get("/v1/photo_avatar/task/query", summary="Photo Avatar (Avatar 4) query", response_model=Envelope[PhotoAvatarResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, finishedVideoUrl, finishedVideoCoverUrl, costCredit,
    aiAvatar, boardId, boardTaskId, videoDuration (ms), width, height}``."""
    return ok(query_task(runtime, user, taskId, kinds=("video_avatar",), cdn=needCloudFrontUrl,
                         view=_photo_view(runtime, user.uid, parse_bool(needCloudFrontUrl))))
