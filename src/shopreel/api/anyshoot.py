"""Product AnyShoot section: scene templates and product shots."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from shopreel.api.catalog import PageDep, asset_response, asset_url, page_result
from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.images import check_location, check_same_size, ready_image
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import AnyShootResult, CategoryItem, TemplatePage
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.catalog.templates import STYLES, TEMPLATE_CATEGORIES, query_templates
from shopreel.errors import BadRequest
from shopreel.jobs import anyshoot

__all__ = ["router"]

router = APIRouter(tags=["Product AnyShoot"])


@router.get("/v1/product_anyShoot/template/category/list", summary="Template categories",
            response_model=Envelope[list[CategoryItem]])
def template_categories(_: UserDep) -> JSONResponse:
    return ok([{"categoryId": c.category_id, "categoryName": c.name} for c in TEMPLATE_CATEGORIES])


@router.get("/v1/product_anyShoot/template/list", summary="Templates", response_model=Envelope[TemplatePage])
def templates(_: UserDep, runtime: RuntimeDep, page: PageDep, categoryIds: str | None = None,
              style: str | None = None) -> JSONResponse:
    """Paged ``{templateId, templateName, style, coverUrl, templateImageUrl, templateMaskUrl,
    templateCategoryList}``; image and mask are 1080x1920, the mask white where the product goes."""
    if style and style not in STYLES:
        raise BadRequest(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    categories = [c.strip() for c in (categoryIds or "").split(",") if c.strip()]
    total, chosen = query_templates(category_ids=categories or None, style=style or None, page_no=page.no,
                                    page_size=page.size)

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
        for t in chosen
    ]
    return page_result(total, page, data)


@router.get("/catalog/templates/{template_id}/{part}.{ext}", include_in_schema=False)
def template_asset(template_id: str, part: str, ext: str, runtime: RuntimeDep) -> Response:
    media_type = "image/png" if ext == "png" else "image/jpeg"
    return asset_response(runtime, runtime.assets.template_image(template_id, part), media_type)


class AnyShootSubmit(anyshoot.Params, WithNotice):
    pass


@router.post("/v1/product_anyShoot/task/submit", summary="AnyShoot submit", response_model=Envelope[SubmitResult])
def submit(body: AnyShootSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    product = ready_image(runtime, user.uid, body.product_image_file_id, "productImageFileId")
    if body.product_mask_file_id:
        mask = ready_image(runtime, user.uid, body.product_mask_file_id, "productMaskFileId")
        check_same_size(mask, product, mask_field="productMaskFileId", image_field="productImageFileId")
    if body.template_image_file_id:
        template = ready_image(runtime, user.uid, body.template_image_file_id, "templateImageFileId")
        check_location(body.location, within=(template.width or 0, template.height or 0))
        if body.template_mask_file_id:
            mask = ready_image(runtime, user.uid, body.template_mask_file_id, "templateMaskFileId")
            check_same_size(mask, template, mask_field="templateMaskFileId", image_field="templateImageFileId")
    else:
        check_location(body.location, within=anyshoot.TEMPLATE_SIZE)
    return submit_task(runtime, user, request, kind="anyshoot", params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/product_anyShoot/task/result", summary="AnyShoot result", response_model=Envelope[AnyShootResult])
async def result(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, anyfitImages: [{key, url}]}``."""
    return ok(query_task(runtime, user, taskId, kinds=("anyshoot",), cdn=needCloudFrontUrl))
