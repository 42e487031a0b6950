"""Product Avatar, Replace Product Image: the customer's product in a presenter's hand.

Two kinds of template: a built-in illustrated presenter (``avatarId``), drawn holding the
product between its palm and fingers; or an uploaded photo (``templateImageFileId``) whose
held object is found, removed and replaced (``media/image/replace.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BeforeValidator, Field, model_validator

from shopreel.catalog.presenters import Presenter, find_presenter
from shopreel.engines import Capability
from shopreel.errors import MissingParameter, NotFound
from shopreel.jobs.fields import MAX_PROMPT_CHARS, Location, OptionalText, null_is
from shopreel.jobs.inputs import load_image, product_cutout, quad_of, save_image
from shopreel.jobs.refine import refine
from shopreel.media.avatar import Pose, RigRender, render_rig
from shopreel.media.face import face_exists, skin_tone, swap_face
from shopreel.media.image.edit_prompt import parse_edit_prompt
from shopreel.media.image import warp_to_quad
from shopreel.media.image.replace import replace_held_object
from shopreel.media.image.io import decode_image
from shopreel.media.types import Alpha, Frame
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "view_v3", "HeldPose", "ReplacedPicture", "Replaced", "PRODUCT_SIZE_SCALE", "OUTPUT_SIZE",
           "render_presenter_with_product"]

#: ``productSize`` → product size relative to the object it replaces ("2" ≈ the same size).
PRODUCT_SIZE_SCALE = {"1": 0.7, "2": 1.0, "3": 1.2, "4": 1.4, "5": 1.6, "6": 1.8}

#: Output size of presenter renders (portrait, like TopView's avatars).
OUTPUT_SIZE = (1080, 1920)

#: What the product_replace editor is asked when ``imageEditPrompt`` says nothing.
DEFAULT_EDIT_PROMPT = "the person holds the product naturally, lit like the rest of the photo"


def _text(value: Any) -> Any:
    return str(value).strip() if isinstance(value, int | float | str) else value


class Params(TaskModel):
    """A public avatar (``avatarId``) or a photo of a person holding something
    (``templateImageFileId``, with ``location`` of the held object when known). One kind
    serves v1 and v3: the v3 fields are optional, recorded, and shown by ``view_v3``."""

    product_image_file_id: OptionalText = Field(
        None, alias="productImageFileId",
        description="The product photo, cut out by matting (this or productImageWithoutBackgroundFileId is required).")
    product_image_without_background_file_id: OptionalText = Field(
        None, alias="productImageWithoutBackgroundFileId",
        description="An already cut-out product (a PNG with transparency, e.g. remove_background's "
                    "bgRemovedImageFileId): its alpha is used as is, and it wins over productImageFileId.")
    image_edit_prompt: OptionalText = Field(
        None, alias="imageEditPrompt", max_length=MAX_PROMPT_CHARS,
        description="Edit instruction (required in v1, optional in v3); left/right hand, bigger/smaller, tilt are read.")
    product_size: Annotated[Literal["1", "2", "3", "4", "5", "6"], BeforeValidator(_text), null_is("2")] = Field(
        "2", alias="productSize", description='"1"…"6", default "2" (about the size of the held object).')
    avatar_id: OptionalText = Field(None, alias="avatarId",
                                    description="A public avatar (one of avatarId / templateImageFileId).")
    template_image_file_id: OptionalText = Field(None, alias="templateImageFileId",
                                                 description="A photo of a person holding an object.")
    user_face_image_file_id: OptionalText = Field(None, alias="userFaceImageFileId")
    location: Location = None
    generate_image_mode: Annotated[Literal["auto", "manual"], null_is("auto")] = Field(
        "auto", alias="generateImageMode",
        description="auto (default): the held object is found (or `location` used when given); manual: "
                    "`location` marks it and is required with templateImageFileId.")
    keep_target: Annotated[Literal["model", "product"] | None, null_is(None)] = Field(
        None, alias="keepTarget",
        description="Recorded only: ShopReel always keeps both the person (pixels outside the replaced "
                    "object) and the product (pasted from its cut-out, never redrawn).")
    version: Annotated[Literal["v3", "v4"] | None, null_is(None)] = Field(
        None, description="v3 | v4: recorded only; both use the same replace engine.")
    project_id: OptionalText = Field(None, alias="projectId", description="Accepted and recorded; ShopReel has no projects.")
    board_id: OptionalText = Field(None, alias="boardId", description="Accepted, recorded and echoed in the query.")

    @model_validator(mode="after")
    def _a_template(self) -> Params:
        if not self.product_image_file_id and not self.product_image_without_background_file_id:
            raise MissingParameter(
                "Required parameter cannot be null: productImageFileId or productImageWithoutBackgroundFileId")
        if not self.template_image_file_id and not self.avatar_id:
            raise MissingParameter("Required parameter cannot be null: avatarId or templateImageFileId")
        if self.generate_image_mode == "manual" and self.template_image_file_id and not self.location:
            raise MissingParameter("Required parameter cannot be null: location (generateImageMode is manual)")
        return self

    @property
    def product(self) -> tuple[str, str]:
        """The product's file id and the field that named it (a cut-out keeps its own
        transparency: see ``jobs.inputs.product_matte``)."""
        if self.product_image_without_background_file_id:
            return self.product_image_without_background_file_id, "productImageWithoutBackgroundFileId"
        return self.product_image_file_id or "", "productImageFileId"


class HeldPose(TaskModel):
    """How a presenter of the cast holds the product in a picture: what image2Video needs
    to animate that very picture."""

    avatar_id: str = Field(alias="avatarId")
    product_image_file_id: str = Field(alias="productImageFileId")
    scale: float = 1.0
    tilt_deg: float = Field(0.0, alias="tiltDeg")
    hand: Literal["left", "right"] | None = None
    skin: tuple[int, int, int] | None = None


class ReplacedPicture(TaskModel):
    key: str
    face_existence: bool = Field(alias="faceExistence")
    #: Set when a presenter of the cast holds the product (None for photo templates).
    presenter: HeldPose | None = None


class Replaced(TaskModel):
    product_replace_result: tuple[ReplacedPicture, ...] = Field((), alias="productReplaceResult")


def render_presenter_with_product(
    presenter: Presenter,
    product_rgb: Frame,
    product_alpha: Alpha,
    *,
    width: int,
    height: int,
    scale: float = 1.0,
    tilt_deg: float = 0.0,
    hand: str | None = None,
    skin: tuple[int, int, int] | None = None,
) -> tuple[Frame, RigRender]:
    """The presenter holding the product: fingers over it, scaled and tilted as asked,
    in the asked hand, with the skin tone of the user's face when one is given."""
    spec = presenter.spec
    if hand and hand != spec.holding:
        spec = dataclasses.replace(spec, holding=hand)
    if skin is not None:
        spec = dataclasses.replace(spec, skin_tone=skin)
    return render_rig(spec, width=width, height=height, pose=Pose(hand_tilt_deg=tilt_deg),
                      held=(product_rgb, product_alpha), held_scale=scale)


def _product_keep(rgb: Frame, alpha: Alpha, quad: np.ndarray, shape: tuple[int, ...], *, keep_aspect: bool) -> Alpha:
    """Where the product is in the composite: its own matte, warped onto ``quad`` as the
    compositor placed it (the photo path keeps its aspect in the quad; the rig's quad is the
    product image's own corners). An editor must leave these pixels the product."""
    return warp_to_quad(rgb, alpha, np.asarray(quad, np.float32), shape, keep_aspect=keep_aspect)[1]


def run(ctx: JobContext, params: Params) -> Replaced:
    product_file, product_field = params.product
    rgb, alpha = product_cutout(ctx, product_file, field=product_field)
    ctx.progress(20)
    intent = parse_edit_prompt(params.image_edit_prompt or "")
    scale = PRODUCT_SIZE_SCALE[params.product_size] * intent.scale
    face_file = params.user_face_image_file_id
    ctx.check_cancelled()
    photo_avatar = None if params.template_image_file_id else ctx.photo_avatar(params.avatar_id or "")
    pose = None
    if params.template_image_file_id or photo_avatar:
        if photo_avatar:  # an operator's photo avatar: its held object's corners are known
            record, photo = photo_avatar
            template = decode_image(photo)
            location = np.array(record.quad, np.float32)
        else:
            template = load_image(ctx, params.template_image_file_id or "", field="templateImageFileId")
            location = quad_of(params.location, size=(template.shape[1], template.shape[0]))
        replaced = replace_held_object(template, rgb, alpha, location=location, scale=scale,
                                       tilt_deg=intent.tilt_deg, hand=intent.hand)
        ctx.progress(60)
        image = refine(ctx, Capability.PRODUCT_REPLACE, replaced.image,
                       keep=_product_keep(rgb, alpha, replaced.product_quad, replaced.image.shape, keep_aspect=True),
                       prompt=params.image_edit_prompt or DEFAULT_EDIT_PROMPT, progress=(60, 70))
        ctx.progress(70)
        if face_file:
            image = swap_face(image, load_image(ctx, face_file, field="userFaceImageFileId"))
        has_face = face_exists(image)
    else:
        presenter = find_presenter(params.avatar_id or "")
        if presenter is None:
            raise NotFound(f"avatarId {params.avatar_id!r} not found")
        skin = skin_tone(load_image(ctx, face_file, field="userFaceImageFileId")) if face_file else None
        width, height = OUTPUT_SIZE
        drawn, rig = render_presenter_with_product(presenter, rgb, alpha, width=width, height=height, scale=scale,
                                                   tilt_deg=intent.tilt_deg, hand=intent.hand, skin=skin)
        image = refine(ctx, Capability.PRODUCT_REPLACE, drawn, keep=_product_keep(rgb, alpha, rig.held_quad, drawn.shape, keep_aspect=False),
                       prompt=params.image_edit_prompt or DEFAULT_EDIT_PROMPT, progress=(20, 90))
        has_face = True  # drawn by construction: every presenter faces the camera
        # image2Video animates the presenter itself, so it needs what the picture was made of.
        pose = HeldPose(avatar_id=presenter.presenter_id, product_image_file_id=product_file,
                        scale=scale, tilt_deg=intent.tilt_deg, hand=intent.hand, skin=skin)
    ctx.progress(90)
    stored = save_image(ctx, image, name="product-avatar.jpg")
    return Replaced(product_replace_result=(ReplacedPicture(key=stored.file_id, face_existence=has_face,
                                                            presenter=pose),))


def view(record: TaskRecord, params: Params, result: Replaced | None, links: Links) -> dict[str, Any]:
    items = result.product_replace_result if result else ()
    return {
        "taskStatus": record.status.value,
        "productReplaceResult": [{"key": item.key, "faceExistence": item.face_existence,
                                  "url": links.file_url(item.key)} for item in items],
    }


def view_v3(record: TaskRecord, params: Params, result: Replaced | None, links: Links) -> dict[str, Any]:
    """The v3 query (``/v3/product_avatar/task/image_replace/query``): the v1 fields, plus
    ``resultImageUrl`` (the first picture), ``replaceProductResult: [{imageId,
    faceExistence, url}]``, ``finishedVideoUrl`` (None: an image task), and the echoed
    ``boardId`` (``boardTaskId`` None: ShopReel has no boards)."""
    shown = view(record, params, result, links)
    items = shown["productReplaceResult"]
    return {
        **shown,
        "resultImageUrl": items[0]["url"] if items else None,
        "replaceProductResult": [{"imageId": item["key"], "faceExistence": item["faceExistence"], "url": item["url"]}
                                 for item in items],
        "finishedVideoUrl": None,
        "boardId": params.board_id,
        "boardTaskId": None,
        "projectId": params.project_id,
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    """``credit_cost_replace_image`` for the one picture a task makes."""
    return settings.credit_cost_replace_image


SPEC = JobSpec(kind="product_avatar_replace", biz_type="PRODUCT_AVATAR_REPLACE_PRODUCT_IMAGE", params=Params,
               result=Replaced, run=run, view=view, queue=Capability.PRODUCT_REPLACE.value, cost=cost)
