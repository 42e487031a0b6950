"""Product Avatar section: categories, public avatars, ethnicities, Replace Product Image."""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from shopreel.api.catalog import PageDep, asset_response, asset_url, paged
from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import check_location, ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import (
    AvatarVideoResult, AvatarVideoResultV2, CategoryItem, EthnicityPage, ProductAvatarPage, ReplaceResult,
    ReplaceResultV3,
)
from shopreel.api.tasks import (
    CdnQuery, IdempotencyKey, TaskIdQuery, View, WithNotice, query_task, require_text, submit_task,
)
from shopreel.api.video_avatar import public_avatar_item
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.assets import COVER_SIZE
from shopreel.catalog.presenters import CATEGORIES, ETHNICITIES, PRESENTERS, Presenter, find_presenter, query_presenters
from shopreel.catalog.voices import speaking_voice
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs import product_avatar, product_avatar_video
from shopreel.jobs.fields import RequiredText
from shopreel.jobs.product_avatar import HeldPose
from shopreel.jobs.talking import check_audio_length
from shopreel.media.avatar import RigRenderer
from shopreel.runtime import Runtime
from shopreel.store.photo_avatars import PhotoAvatarRecord, find_photo_avatar, list_photo_avatars
from shopreel.store.users import UserRecord
from shopreel.tasks.job import Links
from shopreel.tasks.model import TaskRecord

__all__ = ["router"]

router = APIRouter(tags=["Product Avatar"])


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@functools.lru_cache(maxsize=None)
def _object_mask_info(presenter_id: str) -> str:
    """Where the held object sits on the cover image: its box and corner polygon, as JSON
    (computed once per presenter: the cast is fixed)."""
    presenter = find_presenter(presenter_id)
    assert presenter is not None
    width, height = COVER_SIZE
    render = RigRenderer(presenter.spec, width=width, height=height).placement()
    box = render.held_box
    return json.dumps({
        "width": width, "height": height,
        "box": {"x": box.x, "y": box.y, "w": box.w, "h": box.h},
        "polygon": [{"x": round(float(x), 1), "y": round(float(y), 1)} for x, y in render.held_quad],
    }, separators=(",", ":"))


def _avatar_item(runtime: Runtime, presenter: Presenter) -> dict[str, Any]:
    ethnicities = {e.ethnicity_id: e.name for e in ETHNICITIES}
    categories = {c.category_id: c.name for c in CATEGORIES}
    return {
        "avatarId": presenter.presenter_id,
        "avatarName": presenter.name,
        "avatarImagePath": asset_url(runtime, f"/catalog/presenters/{presenter.presenter_id}/cover.jpg"),
        "voiceoverId": presenter.voice_among(available_voices(runtime.settings)).voice_id,
        "gender": presenter.gender,
        "age": presenter.spec.age,
        "avatarCategoryList": [{"categoryId": c, "categoryName": categories[c]} for c in presenter.category_ids],
        "objectMaskImageInfo": _object_mask_info(presenter.presenter_id),
        "avatarEthnicityList": [{"ethnicityId": e, "ethnicityName": ethnicities[e]} for e in presenter.ethnicity_ids],
        "minSubsType": "free",
    }


@router.get("/v1/product_avatar/category/list", summary="Product Avatar categories",
            response_model=Envelope[list[CategoryItem]])
def categories(_: UserDep) -> JSONResponse:
    return ok([{"categoryId": c.category_id, "categoryName": c.name} for c in CATEGORIES])


def _photo_item(runtime: Runtime, avatar: PhotoAvatarRecord) -> dict[str, Any]:
    ethnicities = {e.ethnicity_id: e.name for e in ETHNICITIES}
    categories = {c.category_id: c.name for c in CATEGORIES}
    xs, ys = [x for x, _ in avatar.quad], [y for _, y in avatar.quad]
    box = {"x": round(min(xs)), "y": round(min(ys)), "w": round(max(xs) - min(xs)), "h": round(max(ys) - min(ys))}
    return {
        "avatarId": avatar.avatar_id,
        "avatarName": avatar.name,
        "avatarImagePath": asset_url(runtime, f"/catalog/photo-avatars/{avatar.avatar_id}/cover.jpg"),
        "voiceoverId": speaking_voice(avatar.gender, voices=available_voices(runtime.settings)).voice_id,
        "gender": avatar.gender,
        "age": None,
        "avatarCategoryList": [{"categoryId": c, "categoryName": categories.get(c, c)} for c in avatar.category_ids],
        "objectMaskImageInfo": json.dumps({
            "width": avatar.width, "height": avatar.height, "box": box,
            "polygon": [{"x": round(x, 1), "y": round(y, 1)} for x, y in avatar.quad],
        }, separators=(",", ":")),
        "avatarEthnicityList": [{"ethnicityId": e, "ethnicityName": ethnicities.get(e, e)} for e in avatar.ethnicity_ids],
        "minSubsType": "free",
    }


@router.get("/v1/product_avatar/public_avatar/query", summary="Public product avatars",
            response_model=Envelope[ProductAvatarPage])
def public_avatars(
    _: UserDep,
    runtime: RuntimeDep,
    page: PageDep,
    ethnicityIds: str | None = None,
    gender: str | None = None,
    sortingType: str | None = None,
    categoryIds: str | None = None,
) -> JSONResponse:
    """Paged presenters and the operator's photo avatars; ``objectMaskImageInfo`` is a JSON
    string ``{width, height, box, polygon}`` locating the held object on ``avatarImagePath``.
    ``Popularity`` lists the cast by rank, then photo avatars; ``Newest`` the newest first."""
    if gender and gender.lower() not in ("male", "female"):
        raise BadRequest(f"gender must be male or female, got {gender!r}")
    sorting = sortingType or "Popularity"
    if sorting not in ("Popularity", "Newest"):
        raise BadRequest(f"sortingType must be Popularity or Newest, got {sortingType!r}")
    ethnicities, categories = set(_split(ethnicityIds)), set(_split(categoryIds))
    _, cast = query_presenters(ethnicity_ids=list(ethnicities), gender=gender or None,
                               category_ids=list(categories), sorting=sorting, page_no=1, page_size=len(PRESENTERS))
    photos = [
        a for a in list_photo_avatars(runtime.db)
        if (not gender or a.gender == gender.lower()) and (not ethnicities or ethnicities & set(a.ethnicity_ids))
        and (not categories or categories & set(a.category_ids))
    ]
    ranked: list[tuple[int, dict[str, Any]]] = [(p.created_ms, _avatar_item(runtime, p)) for p in cast]
    ranked += [(a.created_at, _photo_item(runtime, a)) for a in photos]
    if sorting == "Newest":
        ranked.sort(key=lambda pair: pair[0], reverse=True)
    items = [item for _, item in ranked]
    return paged(items, page)


@router.get("/catalog/photo-avatars/{avatar_id}/cover.jpg", include_in_schema=False)
def photo_avatar_cover(avatar_id: str, runtime: RuntimeDep) -> Response:
    avatar = find_photo_avatar(runtime.db, avatar_id)
    if avatar is None:
        raise NotFound(f"avatar {avatar_id} not found")
    return asset_response(runtime, avatar.storage_key, "image/jpeg")


@router.get("/v1/ethnicity/list", summary="Ethnicities", response_model=Envelope[EthnicityPage])
def ethnicities(
    _: UserDep,
    page: PageDep,
    scene: Annotated[str | None, Query(description="video_avatar or product_avatar")] = None,
) -> JSONResponse:
    """Paged ``{ethnicityId, ethnicityName}``; both scenes draw on the same cast."""
    scene = require_text(scene, "scene")
    if scene not in ("video_avatar", "product_avatar"):
        raise BadRequest(f"scene must be video_avatar or product_avatar, got {scene!r}")
    items = [{"ethnicityId": e.ethnicity_id, "ethnicityName": e.name} for e in ETHNICITIES]
    return paged(items, page)


@router.get("/catalog/presenters/{presenter_id}/cover.jpg", include_in_schema=False)
def presenter_cover(presenter_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.presenter_cover(presenter_id), "image/jpeg")


class ReplaceSubmit(product_avatar.Params, WithNotice):
    """v1: ``productImageFileId`` and ``imageEditPrompt`` are required."""

    product_image_file_id: RequiredText = Field(alias="productImageFileId", description="The product photo (required).")
    image_edit_prompt: RequiredText = Field(
        alias="imageEditPrompt", description="Edit instruction (required); left/right hand, bigger/smaller, tilt are read.")


class ReplaceV3Submit(product_avatar.Params, WithNotice):
    pass


def _submit_replace(body: product_avatar.Params, notice_url: str | None, request: Request, user: UserRecord,
                    runtime: Runtime, idempotency_key: str | None) -> JSONResponse:
    product_file, product_field = body.product
    ready_image(runtime, user.uid, product_file, product_field)
    if body.template_image_file_id:
        template = ready_image(runtime, user.uid, body.template_image_file_id, "templateImageFileId")
        check_location(body.location, within=(template.width or 0, template.height or 0))
    elif body.avatar_id and find_presenter(body.avatar_id) is None and find_photo_avatar(runtime.db, body.avatar_id) is None:
        raise NotFound(f"avatarId {body.avatar_id!r} not found")
    if body.user_face_image_file_id:
        ready_image(runtime, user.uid, body.user_face_image_file_id, "userFaceImageFileId")
    return submit_task(runtime, user, request, kind="product_avatar_replace", params=body,
                       notice_url=notice_url, idempotency_key=idempotency_key)


@router.post("/v1/product_avatar/task/image_replace/submit", summary="Replace Product Image", response_model=Envelope[SubmitResult])
def replace_submit(body: ReplaceSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
                   idempotency_key: IdempotencyKey = None) -> JSONResponse:
    return _submit_replace(body, body.notice_url, request, user, runtime, idempotency_key)


@router.post("/v3/product_avatar/task/image_replace/submit", summary="Replace Product Image (v3)", response_model=Envelope[SubmitResult])
def replace_submit_v3(body: ReplaceV3Submit, request: Request, user: UserDep, runtime: RuntimeDep,
                      idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """The v1 task with v3's fields: ``productImageWithoutBackgroundFileId`` (a cut-out used
    as is), optional ``imageEditPrompt``, ``generateImageMode``, ``location`` as two or four
    ``[x, y]`` points in pixels or 0–1 fractions, ``keepTarget``/``version``/``projectId``
    recorded, ``boardId`` echoed."""
    return _submit_replace(body, body.notice_url, request, user, runtime, idempotency_key)


@router.get("/v3/product_avatar/task/image_replace/query", summary="Replace Product Image query (v3)", response_model=Envelope[ReplaceResultV3])
async def replace_query_v3(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None,
                     needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, resultImageUrl, replaceProductResult: [{imageId,
    faceExistence, url}], productReplaceResult (v1), finishedVideoUrl: null, costCredit,
    boardId, boardTaskId}``; ``imageId`` feeds v2 image2Video's ``replaceProductTaskImageId``."""
    return ok(query_task(runtime, user, taskId, kinds=("product_avatar_replace",), cdn=needCloudFrontUrl,
                         view=product_avatar.view_v3))


@router.get("/v1/product_avatar/task/image_replace/result", summary="Replace Product Image result", response_model=Envelope[ReplaceResult])
async def replace_result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None,
                   needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, taskStatus, status, errorMsg, productReplaceResult: [{key, faceExistence, url}]}``;
    ``key`` feeds image2Video's ``productReplaceResultKey``."""
    return ok(query_task(runtime, user, taskId, kinds=("product_avatar_replace",), cdn=needCloudFrontUrl))


class AvatarImage2VideoSubmit(product_avatar_video.Request, WithNotice):
    pass


def _held_pose(runtime: Runtime, uid: str, key: str, field: str = "productReplaceResultKey") -> HeldPose | None:
    """How the presenter holds the product in the picture ``key``, from the Replace Product
    Image task that made it (None for a photo template)."""
    picture = runtime.files.ready_file(uid, key, kinds=("image",), field=field)
    source = runtime.tasks.get(uid, picture.task_id) if picture.task_id else None
    if source is None or source.kind != product_avatar.SPEC.kind:
        raise BadRequest(f"{field} must be a key from a Replace Product Image result")
    replaced = product_avatar.SPEC.parse_result(source.result)
    items = replaced.product_replace_result if replaced else ()
    return next((item.presenter for item in items if item.key == key), None)


@router.post("/v1/product_avatar/task/image2Video/submit", summary="Product Avatar image2Video", response_model=Envelope[SubmitResult])
def image2video_submit(body: AvatarImage2VideoSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
                       idempotency_key: IdempotencyKey = None) -> JSONResponse:
    pose = _held_pose(runtime, user.uid, body.product_replace_result_key)
    if body.audio_file_id:  # Request: not with ttsText
        check_audio_length(runtime.files.ready_file(user.uid, body.audio_file_id, kinds=("audio",), field="audioFileId"))
    params = product_avatar_video.Params(**body.stored(), presenter=pose)
    return submit_task(runtime, user, request, kind="product_avatar_i2v", params=params, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/product_avatar/task/image2Video/result", summary="Product Avatar image2Video result", response_model=Envelope[AvatarVideoResult])
async def image2video_result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None,
                       needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, videoUrl, coverUrl, videoDuration (ms), width, height}``."""
    return ok(query_task(runtime, user, taskId, kinds=("product_avatar_i2v",), cdn=needCloudFrontUrl))


class AvatarImage2VideoV2Submit(product_avatar_video.RequestV2, WithNotice):
    pass


@router.post("/v2/product_avatar/task/image2Video/submit", summary="Product Avatar image2Video (v2)", response_model=Envelope[SubmitResult])
def image2video_submit_v2(body: AvatarImage2VideoV2Submit, request: Request, user: UserDep, runtime: RuntimeDep,
                          idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """The v1 task in v2's words: ``replaceProductTaskImageId`` is the picture, ``mode``
    lite/avatar4Fast → 720p and pro/avatar2/avatar4 → 1080p, ``scriptMode`` picks ttsText +
    voiceId or audioFileId."""
    pose = _held_pose(runtime, user.uid, body.replace_product_task_image_id, "replaceProductTaskImageId")
    _, audio_file_id = body.speech
    if audio_file_id:
        check_audio_length(runtime.files.ready_file(user.uid, audio_file_id, kinds=("audio",), field="audioFileId"))
    return submit_task(runtime, user, request, kind="product_avatar_i2v", params=body.params(pose),
                       notice_url=body.notice_url, idempotency_key=idempotency_key)


def _image2video_v2_view(runtime: Runtime) -> View:
    """v2's query: ``finishedVideoUrl``, and ``aiAvatar`` (the cast presenter's catalog
    entry, as AiAvatar Query lists it; None for a photo template), over the v1 fields."""

    def view(record: TaskRecord, params: product_avatar_video.Params, result: Any, links: Links) -> dict[str, Any]:
        presenter = find_presenter(params.presenter.avatar_id) if params.presenter else None
        return {
            "finishedVideoUrl": links.file_url(result.video_file_id) if result else None,
            "aiAvatar": public_avatar_item(runtime, presenter, created=presenter.created_ms) if presenter else None,
        }

    return view


@router.get("/v2/product_avatar/task/image2Video/query", summary="Product Avatar image2Video query (v2)", response_model=Envelope[AvatarVideoResultV2])
async def image2video_query_v2(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None,
                         needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, finishedVideoUrl, aiAvatar, videoUrl, coverUrl,
    videoDuration (ms), width, height}``."""
    return ok(query_task(runtime, user, taskId, kinds=("product_avatar_i2v",), cdn=needCloudFrontUrl,
                         view=_image2video_v2_view(runtime)))
