"""Product Avatar, Replace Product Image: the customer's product in a presenter's hand.

Two kinds of template: a built-in illustrated presenter (``avatarId``), drawn holding the
product between its palm and fingers; or an uploaded photo (``templateImageFileId``) whose
held object is found, removed and replaced (``media/image/replace.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from shopreel.catalog.presenters import Presenter, find_presenter
from shopreel.errors import NotFound
from shopreel.jobs.base import JobContext, JobSpec, Links
from shopreel.jobs.inputs import load_image, product_cutout, quad_of, save_image
from shopreel.media.avatar import Pose, RigRender, render_rig
from shopreel.media.face import face_exists, skin_tone, swap_face
from shopreel.media.image.edit_prompt import parse_edit_prompt
from shopreel.media.image.replace import replace_held_object
from shopreel.media.image.io import decode_image
from shopreel.media.types import Alpha, Frame
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "PRODUCT_SIZE_SCALE", "OUTPUT_SIZE", "render_presenter_with_product"]

#: ``productSize`` → product size relative to the object it replaces ("2" ≈ the same size).
PRODUCT_SIZE_SCALE = {"1": 0.7, "2": 1.0, "3": 1.2, "4": 1.4, "5": 1.6, "6": 1.8}

#: Output size of presenter renders (portrait, like TopView's avatars).
OUTPUT_SIZE = (1080, 1920)


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


def run(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    rgb, alpha = product_cutout(ctx, params["productImageFileId"], field="productImageFileId")
    ctx.progress(20)
    intent = parse_edit_prompt(params["imageEditPrompt"])
    scale = PRODUCT_SIZE_SCALE[params.get("productSize") or "2"] * intent.scale
    face_file = params.get("userFaceImageFileId")
    ctx.check_cancelled()
    photo_avatar = None if params.get("templateImageFileId") else ctx.photo_avatar(params["avatarId"])
    if params.get("templateImageFileId") or photo_avatar:
        if photo_avatar:  # an operator's photo avatar: its held object's corners are known
            record, photo = photo_avatar
            template = decode_image(photo)
            location = np.array(record.quad, np.float32)
        else:
            template = load_image(ctx, params["templateImageFileId"], field="templateImageFileId")
            location = quad_of(params.get("location"))
        replaced = replace_held_object(template, rgb, alpha, location=location, scale=scale,
                                       tilt_deg=intent.tilt_deg, hand=intent.hand)
        image = replaced.image
        ctx.progress(70)
        if face_file:
            image = swap_face(image, load_image(ctx, face_file, field="userFaceImageFileId"))
        has_face = face_exists(image)
        meta: dict[str, Any] = {"template": "photo"}
    else:
        presenter = find_presenter(params["avatarId"])
        if presenter is None:
            raise NotFound(f"avatarId {params['avatarId']!r} not found")
        skin = skin_tone(load_image(ctx, face_file, field="userFaceImageFileId")) if face_file else None
        width, height = OUTPUT_SIZE
        image, _ = render_presenter_with_product(presenter, rgb, alpha, width=width, height=height, scale=scale,
                                                 tilt_deg=intent.tilt_deg, hand=intent.hand, skin=skin)
        has_face = True  # drawn by construction: every presenter faces the camera
        # image2Video animates the presenter itself, so it needs what the picture was made of.
        meta = {"template": "presenter", "avatarId": presenter.presenter_id,
                "productImageFileId": params["productImageFileId"], "scale": scale, "tiltDeg": intent.tilt_deg,
                "hand": intent.hand, "skin": list(skin) if skin else None}
    ctx.progress(90)
    stored = save_image(ctx, image, name="product-avatar.jpg", meta=meta)
    return {"productReplaceResult": [{"key": stored.file_id, "faceExistence": has_face}]}


def view(record: TaskRecord, links: Links) -> dict[str, Any]:
    items = (record.result or {}).get("productReplaceResult", [])
    return {
        "taskStatus": record.status.value,
        "productReplaceResult": [{**item, "url": links.file_url(item["key"])} for item in items],
    }


SPEC = JobSpec(kind="product_avatar_replace", biz_type="PRODUCT_AVATAR_REPLACE_PRODUCT_IMAGE", run=run, view=view,
               queue="cpu")
