"""Common Task Remove Background: a product photo in, its cut-out (RGBA PNG, the photo's
size, transparent around the product) and the product's mask (white = product) out."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import AliasChoices, Field

from shopreel.engines import Capability
from shopreel.jobs.fields import RequiredText
from shopreel.jobs.inputs import product_matte, save_image
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "BackgroundRemoved"]


class Params(TaskModel):
    product_image_file_id: RequiredText = Field(
        validation_alias=AliasChoices("productImageFileId", "imageFileId"), serialization_alias="productImageFileId",
        description="The product photo (required); `imageFileId` is accepted as another name for it.",
    )


class BackgroundRemoved(TaskModel):
    cutout_file_id: str = Field(alias="bgRemovedImageFileId")
    mask_file_id: str = Field(alias="maskImageFileId")
    width: int
    height: int


def run(ctx: JobContext, params: Params) -> BackgroundRemoved:
    image, alpha = product_matte(ctx, params.product_image_file_id, field="productImageFileId")
    ctx.progress(70)
    opacity = np.round(alpha * 255).astype(np.uint8)
    cutout = save_image(ctx, np.dstack([image, opacity]), name="bg-removed.png", fmt="png")
    mask = save_image(ctx, opacity, name="mask.png", fmt="png")
    height, width = opacity.shape
    return BackgroundRemoved(cutout_file_id=cutout.file_id, mask_file_id=mask.file_id, width=width, height=height)


def view(record: TaskRecord, params: Params, result: BackgroundRemoved | None, links: Links) -> dict[str, Any]:
    cutout, mask = (result.cutout_file_id, result.mask_file_id) if result else (None, None)
    width, height = (result.width, result.height) if result else (None, None)
    return {
        "bgRemovedImageFileId": cutout,
        "bgRemovedImagePath": links.file_url(cutout) if cutout else None,
        "bgRemovedImageWidth": width,
        "bgRemovedImageHeight": height,
        "maskImageFileId": mask,
        "maskImagePath": links.file_url(mask) if mask else None,
        "maskImageWidth": width,
        "maskImageHeight": height,
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    return settings.credit_cost_remove_background


SPEC = JobSpec(kind="remove_background", biz_type="COMMON_TASK_REMOVE_BACKGROUND", params=Params,
               result=BackgroundRemoved, run=run, view=view, queue=Capability.MATTING.value, cost=cost)
