"""Loading a task's input files as arrays and storing its output images: shared by the
image jobs (Product Avatar, AnyShoot)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from shopreel.engines import Capability
from shopreel.errors import BadRequest
from shopreel.jobs.fields import Point, normalised
from shopreel.media.image import cutout, trim_to_alpha
from shopreel.media.image.io import encode_image, read_image, read_mask, read_rgba
from shopreel.media.types import Alpha, Frame
from shopreel.store.files import StoredFile
from shopreel.tasks.job import JobContext

__all__ = ["load_image", "load_mask", "product_matte", "product_cutout", "save_image", "quad_of", "fit_long_side"]


def load_image(ctx: JobContext, file_id: str, *, field: str) -> Frame:
    ctx.input_file(file_id, kinds=("image",), field=field)
    with ctx.open_input(file_id) as path:
        return read_image(path)


def load_mask(ctx: JobContext, file_id: str, *, field: str, shape: tuple[int, int], against: str) -> Alpha:
    """A mask file that must be exactly ``shape`` (the image it belongs to, named ``against``)."""
    ctx.input_file(file_id, kinds=("image",), field=field)
    with ctx.open_input(file_id) as path:
        mask = read_mask(path)
    if mask.shape != shape:
        raise BadRequest(
            f"{field} is {mask.shape[1]}x{mask.shape[0]} but {against} is {shape[1]}x{shape[0]}; "
            "the mask must be the same size as its image"
        )
    if mask.max() < 0.5:
        raise BadRequest(f"{field} is empty: nothing is white (selected) in it")
    return mask


def product_matte(ctx: JobContext, file_id: str, *, field: str, mask_file_id: str | None = None) -> tuple[Frame, Alpha]:
    """The product photo (full size, RGB) and the product's soft matte: the user's mask,
    else the photo's own transparency (a photo whose background was already removed is
    taken as cut out), else the configured matting engine. A photo that is both
    transparent and given a mask keeps what both select."""
    ctx.input_file(file_id, kinds=("image",), field=field)
    with ctx.open_input(file_id) as path:
        image, own_alpha = read_rgba(path)
    if mask_file_id:
        mask = load_mask(ctx, mask_file_id, field="productMaskFileId", shape=image.shape[:2], against=field)
        alpha = cutout(image, mask=mask)
        if own_alpha is not None:
            alpha = np.minimum(alpha, own_alpha)
    elif own_alpha is not None:
        alpha = own_alpha
    else:
        with ctx.engines.use(Capability.MATTING) as matter:
            alpha = matter.cutout(image)
    if float(alpha.max()) < 0.5:
        raise BadRequest(f"no product could be found in {field}: the cut-out is empty")
    return image, alpha


def product_cutout(ctx: JobContext, file_id: str, *, field: str, mask_file_id: str | None = None) -> tuple[Frame, Alpha]:
    """The product cut out of its photo (see :func:`product_matte`) and trimmed to its
    bounding box."""
    image, alpha = product_matte(ctx, file_id, field=field, mask_file_id=mask_file_id)
    rgb, alpha, _ = trim_to_alpha(image, alpha, pad_px=2)
    return rgb, alpha


def save_image(ctx: JobContext, image: Frame, *, name: str, fmt: str = "jpg") -> StoredFile:
    with ctx.scratch_dir() as folder:
        path = Path(folder) / f"out.{fmt}"
        path.write_bytes(encode_image(image, fmt=fmt))
        return ctx.add_file(path, fmt=fmt, source="output", file_name=name)


def quad_of(location: tuple[Point, ...] | None, *, scale_x: float = 1.0, scale_y: float = 1.0,
            size: tuple[int, int] | None = None) -> np.ndarray | None:
    """TopView's ``location`` (four corners TL, TR, BR, BL) as ``float32 (4, 2)``; with the
    image's ``size`` (width, height), normalised corners (all within [0, 1]) become pixels."""
    if not location:
        return None
    if size is not None and normalised(location):
        scale_x, scale_y = scale_x * size[0], scale_y * size[1]
    return np.array([[p.x * scale_x, p.y * scale_y] for p in location], np.float32)


def fit_long_side(image: Frame, max_px: int) -> Frame:
    """Downscale so the long side is at most ``max_px`` (never upscales)."""
    height, width = image.shape[:2]
    factor = max_px / max(height, width)
    if factor >= 1:
        return image
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)
