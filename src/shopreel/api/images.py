"""What the image sections share at submit: checking the user's files and ``location``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from shopreel.errors import BadRequest
from shopreel.runtime import Runtime
from shopreel.store.files import StoredFile

__all__ = ["Point", "ready_image", "check_location", "check_same_size"]


class Point(BaseModel):
    x: float
    y: float


def ready_image(runtime: Runtime, uid: str, file_id: str, field: str) -> StoredFile:
    """The user's uploaded, checked image ``file_id``; 4004 if unknown, 4000 if not an image."""
    return runtime.files.ready_file(uid, file_id, kinds=("image",), field=field)


def check_location(points: list[Point] | None, *, within: tuple[int, int] | None = None) -> list[dict[str, Any]] | None:
    """TopView's ``location``: exactly four corners TL, TR, BR, BL, inside the image when its
    size is known."""
    if points is None:
        return None
    if len(points) != 4:
        raise BadRequest(f"location must have exactly 4 corner points (TL, TR, BR, BL), got {len(points)}")
    if within is not None:
        width, height = within
        for point in points:
            if not (0 <= point.x <= width and 0 <= point.y <= height):
                raise BadRequest(f"location point ({point.x:g}, {point.y:g}) is outside the {width}x{height} image")
    return [{"x": p.x, "y": p.y} for p in points]


def check_same_size(mask: StoredFile, image: StoredFile, *, mask_field: str, image_field: str) -> None:
    if (mask.width, mask.height) != (image.width, image.height):
        raise BadRequest(
            f"{mask_field} is {mask.width}x{mask.height} but {image_field} is {image.width}x{image.height}; "
            "the mask must be the same size as its image"
        )


LocationField = Field(None, description="Four corners [{x, y}] TL, TR, BR, BL in template pixels.")
