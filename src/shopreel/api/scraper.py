"""Scraper section: product pages into product name, description and media files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, query_task, require_text, submit_task
from shopreel.notify.guard import check_public_url

__all__ = ["router"]

router = APIRouter(tags=["Scraper"])


class ScraperSubmit(BaseModel):
    productLink: str | None = Field(None, description="Product page URL (required).")
    noticeUrl: str | None = Field(None, description="Callback URL, bizType SCRAPER.")


@router.post("/v1/scraper/task/submit", summary="Submit a scraper task")
def submit(body: ScraperSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    link = check_public_url(require_text(body.productLink, "productLink"), field="productLink",
                            allow_private=runtime.settings.allow_private_urls)
    return submit_task(runtime, user, request, kind="scraper", params={"productLink": link},
                       notice_url=body.noticeUrl, idempotency_key=idempotency_key)


@router.get("/v1/scraper/task/query", summary="Query a scraper task")
def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, productLink, productName, productDescription, productImages[],
    productVideos[], price, currency, brand}``; media items ``{fileId, fileName, fileType, fileUrl, format}``."""
    return ok(query_task(runtime, user, taskId, kinds=("scraper",), cdn=needCloudFrontUrl))
