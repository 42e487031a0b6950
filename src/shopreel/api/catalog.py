"""Catalogs: voices and caption styles, and the media the engines make for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from shopreel.api.deps import RuntimeDep, UserDep, parse_bool
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.results import CaptionItem, VoicePage
from shopreel.catalog.captions import CAPTION_STYLES
from shopreel.catalog.voices import query_voices
from shopreel.errors import BadRequest
from shopreel.runtime import Runtime

__all__ = ["router", "Page", "PageDep", "MAX_PAGE_SIZE", "page_result", "paged", "asset_url", "asset_response"]

router = APIRouter(tags=["Catalog"])

#: A larger ``pageSize`` is served as this many, and the result's ``pageSize`` says so.
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    """Which page of a list a client asked for."""

    no: int
    size: int


def _page(
    pageNo: Annotated[int | None, Query(description="1-based page number (default 1).")] = None,
    pageNum: Annotated[int | None, Query(description="Another name for pageNo that some clients send.")] = None,
    pageSize: Annotated[int, Query(description=f"Items per page (default 20); above {MAX_PAGE_SIZE} "
                                               f"serves {MAX_PAGE_SIZE}.")] = 20,
) -> Page:
    number = pageNo if pageNo is not None else pageNum if pageNum is not None else 1
    if number < 1:
        raise BadRequest(f"pageNo must be 1 or more, got {number}")
    if pageSize < 1:
        raise BadRequest(f"pageSize must be 1 or more, got {pageSize}")
    return Page(no=number, size=min(pageSize, MAX_PAGE_SIZE))


PageDep = Annotated[Page, Depends(_page)]


def page_result(total: int, page: Page, data: list[Any]) -> JSONResponse:
    """TopView's paged envelope: ``{total, pageNo, pageSize, data}``."""
    return ok({"total": total, "pageNo": page.no, "pageSize": page.size, "data": data})


def paged(items: list[Any], page: Page) -> JSONResponse:
    """One page of ``items`` (all of them already filtered and sorted)."""
    start = (page.no - 1) * page.size
    return page_result(len(items), page, items[start:start + page.size])


def asset_url(runtime: Runtime, path: str) -> str:
    return f"{runtime.settings.resolved_public_url}{path}"


@router.get("/v1/voice/query", summary="Voice Query", response_model=Envelope[VoicePage])
def voices(
    _: UserDep,
    runtime: RuntimeDep,
    page: PageDep,
    language: str | None = None,
    gender: str | None = None,
    age: str | None = None,
    style: str | None = None,
    accent: str | None = None,
    isCustom: str | None = None,
    voiceName: str | None = None,
) -> JSONResponse:
    """Paged ``{total, pageNo, pageSize, data[]}``; items ``{voiceId, voiceName, language,
    bestSupportLanguage, gender, age, style, accent, demoAudioUrl, isCustom, engine, quality}``.

    ``engine`` (extension) is ``piper`` for a neural voice, ``espeak-ng`` for a formant one;
    ``quality`` (extension) is a Piper voice's ``x_low``/``low``/``medium``/``high``, else
    null. ``gender`` is ``unknown`` and ``age``/``style`` null where a voice's files do not
    say (operator voices)."""
    total, voices = query_voices(
        language=language or None, gender=gender or None, age=age or None, style=style or None,
        accent=accent or None, voice_name=voiceName or None,
        is_custom=parse_bool(isCustom) if isCustom is not None else None, page_no=page.no, page_size=page.size,
        voices=runtime.voices,
    )
    data = [
        {
            "voiceId": v.voice_id, "voiceName": v.voice_name, "language": v.language,
            "bestSupportLanguage": v.language, "gender": v.gender, "age": v.age, "style": v.style,
            "accent": v.accent, "isCustom": False, "engine": v.engine, "quality": v.quality,
            "demoAudioUrl": asset_url(runtime, f"/catalog/voices/{v.voice_id}/demo.wav"),
        }
        for v in voices
    ]
    return page_result(total, page, data)


@router.get("/v1/caption/list", summary="Caption List", response_model=Envelope[list[CaptionItem]])
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
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})


@router.get("/catalog/voices/{voice_id}/demo.wav", include_in_schema=False)
def voice_demo(voice_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.voice_demo(voice_id), "audio/wav")


@router.get("/catalog/captions/{caption_id}/thumbnail.png", include_in_schema=False)
def caption_thumbnail(caption_id: str, runtime: RuntimeDep) -> Response:
    return asset_response(runtime, runtime.assets.caption_thumbnail(caption_id), "image/png")
