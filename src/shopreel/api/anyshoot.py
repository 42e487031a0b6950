"""Product AnyShoot section: scene templates and product shots."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from shopreel.api.catalog import asset_response, asset_url, page_args, page_result
from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import LocationField, Point, check_location, check_same_size, ready_image
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, query_task, require_text, submit_task
from shopreel.catalog.templates import STYLES, TEMPLATE_CATEGORIES, find_template, query_templates
from shopreel.errors import BadRequest, MissingParameter, NotFound
from shopreel.jobs.anyshoot import MODE_SIZE

__all__ = ["router"]

router = APIRouter(tags=["Product AnyShoot"])


@router.get("/v1/product_anyShoot/template/category/list", summary="Template categories")
def template_categories(_: UserDep) -> JSONResponse:
    return ok([{"categoryId": c.category_id, "categoryName": c.name} for c in TEMPLATE_CATEGORIES])


@router.get("/v1/product_anyShoot/template/list", summary="Templates")
def templates(_: UserDep, runtime: RuntimeDep, categoryIds: str | None = None, style: str | None = None,
              pageNo: int = 1, pageSize: int = 20) -> JSONResponse:
    """Paged ``{templateId, templateName, style, coverUrl, templateImageUrl, templateMaskUrl,
    templateCategoryList}``; image and mask are 1080x1920, the mask white where the product goes."""
    page_no, page_size = page_args(pageNo, pageSize)
    if style and style not in STYLES:
        raise BadRequest(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    categories = [c.strip() for c in (categoryIds or "").split(",") if c.strip()]
    total, page = query_templates(category_ids=categories or None, style=style or None, page_no=page_no,
                                  page_size=page_size)

    def url(template_id: str, part: str, ext: str) -> str:
        return asset_url(runtime, f"/catalog/templates/{template_id}/{part}.{ext}")

    data = [
        {
            "templateId": t.template_id, "templateName": t.name, "style": t.style,
            "coverUrl": url(t.template_id, "cover", "jpg"),
            "templateImageUrl": url(t.template_id, "image", "jpg"),
            "templateMaskUrl": url(t.template_id, "mask", "png"),
            "templateCategoryList": [{"categoryId": c.category_id, "categoryName": c.name} for c in t.categories],
        }
        for t in page
    ]
    return page_result(total, page_no, page_size, data)


@router.get("/catalog/templates/{template_id}/{part}.{ext}", include_in_schema=False)
def template_asset(template_id: str, part: str, ext: str, runtime: RuntimeDep) -> Response:
    media_type = "image/png" if ext == "png" else "image/jpeg"
    return asset_response(runtime, runtime.assets.template_image(template_id, part), media_type)


class AnyShootSubmit(BaseModel):
    productImageFileId: str | None = Field(None, description="The product photo (required).")
    productMaskFileId: str | None = Field(None, description="White where the product is; same size as the photo.")
    templateId: str | None = Field(None, description="A built-in template (one of templateId / templateImageFileId).")
    templateImageFileId: str | None = Field(None, description="An uploaded scene; wins over templateId.")
    templateMaskFileId: str | None = Field(None, description="Where the product goes in the uploaded scene; same size.")
    mode: str | None = Field(None, description="lite (720p) or pro (1080p); required.")
    generatingCount: int | None = Field(None, description="1–4 different shots, default 1.")
    location: list[Point] | None = LocationField
    noticeUrl: str | None = None


@router.post("/v1/product_anyShoot/task/submit", summary="AnyShoot submit")
def submit(body: AnyShootSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    product_id = require_text(body.productImageFileId, "productImageFileId")
    mode = require_text(body.mode, "mode")
    if mode not in MODE_SIZE:
        raise BadRequest(f"mode must be lite or pro, got {mode!r}")
    count = 1 if body.generatingCount is None else body.generatingCount
    if not 1 <= count <= 4:
        raise BadRequest(f"generatingCount must be between 1 and 4, got {count}")
    product = ready_image(runtime, user.uid, product_id, "productImageFileId")
    params: dict[str, Any] = {"productImageFileId": product_id, "mode": mode, "generatingCount": count}
    if body.productMaskFileId:
        mask = ready_image(runtime, user.uid, body.productMaskFileId, "productMaskFileId")
        check_same_size(mask, product, mask_field="productMaskFileId", image_field="productImageFileId")
        params["productMaskFileId"] = body.productMaskFileId
    if body.templateImageFileId:
        template = ready_image(runtime, user.uid, body.templateImageFileId, "templateImageFileId")
        params["templateImageFileId"] = body.templateImageFileId
        params["location"] = check_location(body.location, within=(template.width or 0, template.height or 0))
        if body.templateMaskFileId:
            mask = ready_image(runtime, user.uid, body.templateMaskFileId, "templateMaskFileId")
            check_same_size(mask, template, mask_field="templateMaskFileId", image_field="templateImageFileId")
            params["templateMaskFileId"] = body.templateMaskFileId
        elif params["location"] is None:
            raise MissingParameter("Required parameter cannot be null: templateMaskFileId (or location) "
                                   "with templateImageFileId")
    elif body.templateId:
        if find_template(body.templateId) is None:
            raise NotFound(f"templateId {body.templateId!r} not found")
        params["templateId"] = body.templateId
        params["location"] = check_location(body.location, within=(1080, 1920))
    else:
        raise MissingParameter("Required parameter cannot be null: templateId or templateImageFileId")
    return submit_task(runtime, user, request, kind="anyshoot", params=params, notice_url=body.noticeUrl,
                       idempotency_key=idempotency_key)


@router.get("/v1/product_anyShoot/task/result", summary="AnyShoot result")
def result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, anyfitImages: [{key, url}]}``."""
    return ok(query_task(runtime, user, taskId, kinds=("anyshoot",), cdn=needCloudFrontUrl))
