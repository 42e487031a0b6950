"""Catalogs: voices and caption styles, and the media the engines make for them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.catalog.captions import CAPTION_STYLES
from shopreel.catalog.voices import query_voices
from shopreel.errors import BadRequest
from shopreel.runtime import Runtime

__all__ = ["router", "page_args", "page_result", "paged", "asset_url", "asset_response"]

router = APIRouter(tags=["Catalog"])

PageNo = Annotated[int, Query(description="1-based page number.")]
PageSize = Annotated[int, Query(description="Items per page, 1–100.")]


def page_args(page_no: int, page_size: int) -> tuple[int, int]:
    if page_no < 1:
        raise BadRequest(f"pageNo must be 1 or more, got {page_no}")
    if not 1 <= page_size <= 100:
        raise BadRequest(f"pageSize must be between 1 and 100, got {page_size}")
    return page_no, page_size


def page_result(total: int, page_no: int, page_size: int, data: list[Any]) -> JSONResponse:
    """TopView's paged envelope: ``{total, pageNo, pageSize, data}``."""
    return ok({"total": total, "pageNo": page_no, "pageSize": page_size, "data": data})


def paged(items: list[Any], page_no: int, page_size: int) -> JSONResponse:
    """One page of ``items`` (all of them already filtered and sorted)."""
    start = (page_no - 1) * page_size
    return page_result(len(items), page_no, page_size, items[start:start + page_size])


def asset_url(runtime: Runtime, path: str) -> str:
    return f"{runtime.settings.resolved_public_url}{path}"


@router.get("/v1/voice/query", summary="Voice Query")
def voices(
    _: UserDep,
    runtime: RuntimeDep,
    pageNo: PageNo = 1,
    pageSize: PageSize = 20,
    language: str | None = None,
    gender: str | None = None,
    age: str | None = None,
    style: str | None = None,
    accent: str | None = None,
    isCustom: str | None = None,
    voiceName: str | None = None,
) -> JSONResponse:
    """Paged ``{total, pageNo, pageSize, data[]}``; items ``{voiceId, voiceName, language,
    bestSupportLanguage, gender, age, style, accent, demoAudioUrl, isCustom}``."""
    page_no, page_size = page_args(pageNo, pageSize)
    total, page = query_voices(
        language=language or None, gender=gender or None, age=age or None, style=style or None,
        accent=accent or None, voice_name=voiceName or None,
        is_custom=parse_bool(isCustom) if isCustom is not None else None, page_no=page_no, page_size=page_size,
    )
    data = [
        {
            "voiceId": v.voice_id, "voiceName": v.voice_name, "language": v.language,
            "bestSupportLanguage": v.language, "gender": v.gender, "age": v.age, "style": v.style,
            "accent": v.accent, "isCustom": False,
            "demoAudioUrl": asset_url(runtime, f"/catalog/voices/{v.voice_id}/demo.wav"),
        }
        for v in page
    ]
    return page_result(total, page_no, page_size, data)


@router.get("/v1/caption/list", summary="Caption List")
def captions(_: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """``[{captionId, thumbnail, captionName, animation}]``: thumbnails are drawn by the
    caption engine itself."""
    return ok([
        {
            "captionId": style.caption_id,
            "thumbnail": asset_url(runtime, f"/catalog/captions/{style.caption_id}/thumbnail.png"),
            "captionName": style.name,
            "animation": style.animation.value,
        }
        for style in CAPTION_STYLES
    ])


def asset_response(runtime: Runtime, key: str, media_type: str) -> Response:
    return Response(runtime.blobs.get_bytes(key), media_type=media_type,
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/catalog/voices/{voice_id}/demo.wav", include_in_schema=False)
def voice_demo(voice_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.voice_demo(voice_id), "audio/wav")


@router.get("/catalog/captions/{caption_id}/thumbnail.png", include_in_schema=False)
def caption_thumbnail(caption_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.caption_thumbnail(caption_id), "image/png")
