"""Video Avatar section: talking-avatar videos, and the AI avatars they can use."""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from shopreel.api.catalog import PageDep, asset_response, asset_url, paged
from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.api.images import ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import AiAvatarPage, VideoAvatarResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.assets import COVER_SIZE
from shopreel.catalog.presenters import ETHNICITIES, PRESENTERS, Presenter, find_presenter
from shopreel.errors import BadRequest
from shopreel.jobs import video_avatar
from shopreel.jobs.talking import check_audio_length
from shopreel.media.avatar import RigRenderer
from shopreel.runtime import Runtime
from shopreel.store.avatars import AvatarRecord, get_custom_avatar, list_custom_avatars

__all__ = ["router", "public_avatar_item", "custom_avatar_item"]

router = APIRouter(tags=["Video Avatar"])


@functools.lru_cache(maxsize=None)
def _face_square(presenter_id: str) -> dict[str, float]:
    """The face's box on the cover, in pixels and as fractions of the cover (TopView's
    ``faceSquareConfig``)."""
    presenter = find_presenter(presenter_id)
    assert presenter is not None
    width, height = COVER_SIZE
    box = RigRenderer(presenter.spec, width=width, height=height).placement().face_box
    return {"x": box.x, "y": box.y, "w": box.w, "h": box.h,
            "x_f": round(box.x / width, 4), "y_f": round(box.y / height, 4),
            "w_f": round(box.w / width, 4), "h_f": round(box.h / height, 4)}


def public_avatar_item(runtime: Runtime, presenter: Presenter, created: int) -> dict[str, Any]:
    names = {e.ethnicity_id: e.name for e in ETHNICITIES}
    cover = asset_url(runtime, f"/catalog/presenters/{presenter.presenter_id}/cover.jpg")
    return {
        "aiavatarId": presenter.presenter_id, "aiavatarName": presenter.name, "gender": presenter.gender,
        "coverUrl": cover, "previewImageUrl": cover, "thumbnailUrl": cover,
        "previewVideoUrl": asset_url(runtime, f"/catalog/presenters/{presenter.presenter_id}/preview.mp4"),
        "ethnicities": [{"ethnicityId": e, "ethnicityName": names[e]} for e in presenter.ethnicity_ids],
        "voiceoverIdDefault": presenter.voice_among(available_voices(runtime.settings)).voice_id, "faceSquareConfig": _face_square(presenter.presenter_id),
        "type": 0, "isCustom": False, "createTime": created,
    }


def custom_avatar_item(runtime: Runtime, avatar: AvatarRecord, cdn: bool) -> dict[str, Any]:
    links = runtime.links(cdn=cdn)
    cover = links.file_url(avatar.cover_file_id) if avatar.cover_file_id else None
    return {
        "aiavatarId": avatar.avatar_id, "aiavatarName": avatar.name, "gender": None,
        "coverUrl": cover, "previewImageUrl": cover, "thumbnailUrl": cover,
        "previewVideoUrl": links.file_url(avatar.preview_file_id) if avatar.preview_file_id else None,
        "ethnicities": [], "voiceoverIdDefault": None, "faceSquareConfig": None,
        "type": 2 if avatar.source_kind == "photo" else 1, "isCustom": True, "createTime": avatar.created_at,
    }


@router.get("/v1/aiavatar/query", summary="AiAvatar Query", response_model=Envelope[AiAvatarPage])
def aiavatars(
    user: UserDep,
    runtime: RuntimeDep,
    page: PageDep,
    gender: str | None = None,
    ethnicityIdList: str | None = None,
    sortField: str | None = None,
    sortType: str | None = None,
    isCustom: str | None = None,
    needCloudFrontUrl: CdnQuery = None,
) -> JSONResponse:
    """Public avatars (the illustrated cast, ``type`` 0) and, with ``isCustom=true``, your own
    (``type`` 1 from a video, 2 from a photo). Sorted by ``sortField`` (``createTime`` or
    ``aiavatarName``) in ``sortType`` order (``asc``/``desc``)."""
    if sortType and sortType not in ("asc", "desc"):
        raise BadRequest(f"sortType must be asc or desc, got {sortType!r}")
    if sortField and sortField not in ("createTime", "aiavatarName"):
        raise BadRequest(f"sortField must be createTime or aiavatarName, got {sortField!r}")
    if parse_bool(isCustom) if isCustom is not None else False:
        items = [custom_avatar_item(runtime, a, parse_bool(needCloudFrontUrl)) for a in list_custom_avatars(runtime.db, user.uid)]
    else:
        wanted = {e.strip() for e in (ethnicityIdList or "").split(",") if e.strip()}
        chosen = [p for p in PRESENTERS if (not gender or p.gender == gender.lower())
                  and (not wanted or wanted & set(p.ethnicity_ids))]
        items = [public_avatar_item(runtime, p, created=p.created_ms) for p in chosen]
    if sortField:
        items.sort(key=lambda item: item[sortField] or "", reverse=sortType == "desc")
    return paged(items, page)


@router.get("/catalog/presenters/{presenter_id}/preview.mp4", include_in_schema=False)
def presenter_preview(presenter_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.presenter_preview(presenter_id, available_voices(runtime.settings)), "video/mp4")


class VideoAvatarSubmit(video_avatar.Params, WithNotice):
    pass


@router.post("/v1/video_avatar/task/submit", summary="Video Avatar submit", response_model=Envelope[SubmitResult])
def submit(body: VideoAvatarSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    source = body.avatar_source_from
    if source == 0:
        runtime.files.ready_file(user.uid, body.video_file_id or "", kinds=("video",), field="videoFileId")
    elif source == 2:
        get_custom_avatar(runtime.db, user.uid, body.ai_avatar_id or "")
    elif source == 3:
        ready_image(runtime, user.uid, body.image_file_id or "", "imageFileId")
    if not body.tts:
        check_audio_length(runtime.files.ready_file(user.uid, body.audio_file_id or "", kinds=("audio",),
                                                    field="audioFileId"))
    return submit_task(runtime, user, request, kind="video_avatar", params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/video_avatar/task/query", summary="Video Avatar query", response_model=Envelope[VideoAvatarResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, inputVideoFileId, inputAudioFileId, outputVideoUrl, coverUrl,
    videoDuration (ms), width, height, customAiAvatarId}``."""
    return ok(query_task(runtime, user, taskId, kinds=("video_avatar",), cdn=needCloudFrontUrl))
