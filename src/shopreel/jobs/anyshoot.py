"""Product AnyShoot: the product photographed into a scene template, in 1–4 variants."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import cv2
from pydantic import Field, model_validator

from shopreel.catalog.templates import find_template
from shopreel.engines import Capability
from shopreel.errors import MissingParameter, NotFound
from shopreel.jobs.fields import GeneratingCount, Location, OptionalText, Required, RequiredText
from shopreel.jobs.inputs import fit_long_side, load_image, load_mask, product_cutout, quad_of, save_image
from shopreel.jobs.refine import refine
from shopreel.media.image import compose_shot
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "Shot", "Shots", "MODE_SIZE", "UPLOAD_LONG_SIDE", "TEMPLATE_SIZE"]

#: Built-in templates render at this size per mode (portrait); ``location`` corners for a
#: built-in template are in the pixels of its 1080x1920 ``templateImageUrl``.
MODE_SIZE = {"lite": (720, 1280), "pro": (1080, 1920)}
#: Uploaded templates keep their size, capped on the long side per mode.
UPLOAD_LONG_SIDE = {"lite": 1280, "pro": 2048}
#: The size of a built-in template's ``templateImageUrl``, the pixels ``location`` is given in.
TEMPLATE_SIZE = (1080, 1920)
#: What the scene_composite editor is asked (AnyShoot has no prompt).
EDIT_PROMPT = "a product photograph: the product stands in the scene, lit by its light, with natural shadows"
#: ``mode`` → a model editor's denoising steps (lite is quicker, pro finer).
EDIT_STEPS = {"lite": 20, "pro": 30}


class Params(TaskModel):
    """A built-in template (``templateId``) or an uploaded scene (``templateImageFileId``,
    which wins) with where the product goes: ``templateMaskFileId`` or ``location``."""

    product_image_file_id: RequiredText = Field(alias="productImageFileId", description="The product photo (required).")
    product_mask_file_id: OptionalText = Field(None, alias="productMaskFileId",
                                               description="White where the product is; same size as the photo.")
    template_id: OptionalText = Field(None, alias="templateId",
                                      description="A built-in template (one of templateId / templateImageFileId).")
    template_image_file_id: OptionalText = Field(None, alias="templateImageFileId",
                                                 description="An uploaded scene; wins over templateId.")
    template_mask_file_id: OptionalText = Field(None, alias="templateMaskFileId",
                                                description="Where the product goes in the uploaded scene; same size.")
    mode: Annotated[Literal["lite", "pro"], Required] = Field(description="lite (720p) or pro (1080p); required.")
    generating_count: GeneratingCount = Field(1, alias="generatingCount", description="1–4 different shots, default 1.")
    location: Location = None

    @model_validator(mode="after")
    def _a_template_and_a_place(self) -> Params:
        if self.template_image_file_id:
            if not self.template_mask_file_id and self.location is None:
                raise MissingParameter("Required parameter cannot be null: templateMaskFileId (or location) "
                                       "with templateImageFileId")
        elif not self.template_id:
            raise MissingParameter("Required parameter cannot be null: templateId or templateImageFileId")
        elif find_template(self.template_id) is None:
            raise NotFound(f"templateId {self.template_id!r} not found")
        return self


class Shot(TaskModel):
    key: str


class Shots(TaskModel):
    anyfit_images: tuple[Shot, ...] = Field((), alias="anyfitImages")


def run(ctx: JobContext, params: Params) -> Shots:
    mode = params.mode
    rgb, alpha = product_cutout(ctx, params.product_image_file_id, field="productImageFileId",
                                mask_file_id=params.product_mask_file_id)
    ctx.progress(15)
    if params.template_image_file_id:
        original = load_image(ctx, params.template_image_file_id, field="templateImageFileId")
        scene = fit_long_side(original, UPLOAD_LONG_SIDE[mode])
        sx, sy = scene.shape[1] / original.shape[1], scene.shape[0] / original.shape[0]
        placement = quad_of(params.location, scale_x=sx, scale_y=sy, size=(original.shape[1], original.shape[0]))
        if placement is None:
            assert params.template_mask_file_id is not None  # Params: a mask or a location
            mask = load_mask(ctx, params.template_mask_file_id, field="templateMaskFileId",
                             shape=original.shape[:2], against="templateImageFileId")
            placement = cv2.resize(mask, (scene.shape[1], scene.shape[0]), interpolation=cv2.INTER_LINEAR)
        gloss, azimuth, kelvin = 0.0, -35.0, 5600.0
    else:
        template = find_template(params.template_id or "")
        if template is None:
            raise NotFound(f"templateId {params.template_id!r} not found")
        width, height = MODE_SIZE[mode]
        scene = template.render(width, height)
        ref_w, ref_h = TEMPLATE_SIZE
        placement = quad_of(params.location, scale_x=width / ref_w, scale_y=height / ref_h, size=TEMPLATE_SIZE)
        if placement is None:
            placement = template.mask(width, height)
        gloss, azimuth, kelvin = template.glossiness, template.light_azimuth_deg, template.light_kelvin
    count = params.generating_count
    images = []
    for variant in range(count):
        ctx.check_cancelled()
        shot = compose_shot(rgb, alpha, scene, placement, variant=variant, glossiness=gloss,
                            light_azimuth_deg=azimuth, light_kelvin=kelvin)
        start = 15 + 85 * variant / count
        image = refine(ctx, Capability.SCENE_COMPOSITE, shot.image, keep=shot.product, prompt=EDIT_PROMPT,
                       seed=variant, steps=EDIT_STEPS[mode], progress=(start, start + 80 / count))
        stored = save_image(ctx, image, name=f"anyshoot-{variant + 1}.jpg")
        images.append(Shot(key=stored.file_id))
        ctx.progress(15 + 85 * (variant + 1) / count)
    return Shots(anyfit_images=tuple(images))


def view(record: TaskRecord, params: Params, result: Shots | None, links: Links) -> dict[str, Any]:
    shots = result.anyfit_images if result else ()
    return {"anyfitImages": [{"key": shot.key, "url": links.file_url(shot.key)} for shot in shots]}


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """``credit_cost_anyshoot_image`` for each shot asked for."""
    return settings.credit_cost_anyshoot_image * params.generating_count


SPEC = JobSpec(kind="anyshoot", biz_type="PRODUCT_ANY_SHOOT", params=Params, result=Shots, run=run, view=view,
               queue=Capability.SCENE_COMPOSITE.value, cost=cost)
