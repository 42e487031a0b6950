"""Scraper section: product pages into product name, description and media files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import ScraperResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.jobs import scraper
from shopreel.notify.guard import check_public_url

__all__ = ["router"]

router = APIRouter(tags=["Scraper"])


class ScraperSubmit(scraper.Params, WithNotice):
    """Callbacks have bizType SCRAPER."""


@router.post("/v1/scraper/task/submit", summary="Submit a scraper task", response_model=Envelope[SubmitResult])
def submit(body: ScraperSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    check_public_url(body.product_link, field="productLink", allow_private=runtime.settings.allow_private_urls)
    return submit_task(runtime, user, request, kind="scraper", params=body,
                       notice_url=body.notice_url, idempotency_key=idempotency_key)


@router.get("/v1/scraper/task/query", summary="Query a scraper task", response_model=Envelope[ScraperResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, productLink, productName, productDescription, productImages[],
    productVideos[], price, currency, brand}``; media items ``{fileId, fileName, fileType, fileUrl, format}``."""
    return ok(query_task(runtime, user, taskId, kinds=("scraper",), cdn=needCloudFrontUrl))
