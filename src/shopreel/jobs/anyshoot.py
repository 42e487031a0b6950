"""Product AnyShoot: the product photographed into a scene template, in 1–4 variants."""

from __future__ import annotations

from typing import Any

import cv2

from shopreel.catalog.templates import find_template
from shopreel.errors import NotFound
from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import fit_long_side, load_image, load_mask, product_cutout, quad_of, save_image
from shopreel.media.image import shoot
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "MODE_SIZE", "UPLOAD_LONG_SIDE"]

#: Built-in templates render at this size per mode (portrait); ``location`` corners for a
#: built-in template are in the pixels of its 1080x1920 ``templateImageUrl``.
MODE_SIZE = {"lite": (720, 1280), "pro": (1080, 1920)}
#: Uploaded templates keep their size, capped on the long side per mode.
UPLOAD_LONG_SIDE = {"lite": 1280, "pro": 2048}
_TEMPLATE_REFERENCE = (1080, 1920)


def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    mode = params["mode"]
    rgb, alpha = product_cutout(ctx, params["productImageFileId"], field="productImageFileId",
                                mask_file_id=params.get("productMaskFileId"))
    ctx.progress(15)
    if params.get("templateImageFileId"):
        original = load_image(ctx, params["templateImageFileId"], field="templateImageFileId")
        scene = fit_long_side(original, UPLOAD_LONG_SIDE[mode])
        sx, sy = scene.shape[1] / original.shape[1], scene.shape[0] / original.shape[0]
        placement = quad_of(params.get("location"), scale_x=sx, scale_y=sy)
        if placement is None:
            mask = load_mask(ctx, params["templateMaskFileId"], field="templateMaskFileId",
                             shape=original.shape[:2], against="templateImageFileId")
            placement = cv2.resize(mask, (scene.shape[1], scene.shape[0]), interpolation=cv2.INTER_LINEAR)
        gloss, azimuth, kelvin = 0.0, -35.0, 5600.0
    else:
        template = find_template(params["templateId"])
        if template is None:
            raise NotFound(f"templateId {params['templateId']!r} not found")
        width, height = MODE_SIZE[mode]
        scene = template.render(width, height)
        ref_w, ref_h = _TEMPLATE_REFERENCE
        placement = quad_of(params.get("location"), scale_x=width / ref_w, scale_y=height / ref_h)
        if placement is None:
            placement = template.mask(width, height)
        gloss, azimuth, kelvin = template.glossiness, template.light_azimuth_deg, template.light_kelvin
    count = int(params.get("generatingCount") or 1)
    images = []
    for variant in range(count):
        ctx.check_cancelled()
        shot = shoot(rgb, alpha, scene, placement, variant=variant, glossiness=gloss, light_azimuth_deg=azimuth,
                     light_kelvin=kelvin)
        stored = save_image(ctx, shot, name=f"anyshoot-{variant + 1}.jpg")
        images.append({"key": stored.file_id})
        ctx.progress(15 + 85 * (variant + 1) / count)
    return {"anyfitImages": images}


def view(record: TaskRecord, links: Links) -> dict[str, Any]:
    items = (record.result or {}).get("anyfitImages", [])
    return {"anyfitImages": [{**item, "url": links.file_url(item["key"])} for item in items]}


SPEC = JobSpec(kind="anyshoot", biz_type="PRODUCT_ANY_SHOOT", run=run, view=view, queue="cpu")
