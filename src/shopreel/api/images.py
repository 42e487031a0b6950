"""What the image sections share at submit: checking the user's files and ``location``."""

from __future__ import annotations

from shopreel.errors import BadRequest
from shopreel.jobs.fields import Point
from shopreel.runtime import Runtime
from shopreel.store.files import StoredFile

__all__ = ["ready_image", "check_location", "check_same_size"]


def ready_image(runtime: Runtime, uid: str, file_id: str, field: str) -> StoredFile:
    """The user's uploaded, checked image ``file_id``; 4004 if unknown, 4000 if not an image."""
    return runtime.files.ready_file(uid, file_id, kinds=("image",), field=field)


def check_location(points: tuple[Point, ...] | None, *, within: tuple[int, int]) -> None:
    """Every corner of TopView's ``location`` (four, checked by ``Params``) lies inside the
    ``within`` (width, height) image it is given for."""
    width, height = within
    for point in points or ():
        if not (0 <= point.x <= width and 0 <= point.y <= height):
            raise BadRequest(f"location point ({point.x:g}, {point.y:g}) is outside the {width}x{height} image")


def check_same_size(mask: StoredFile, image: StoredFile, *, mask_field: str, image_field: str) -> None:
    if (mask.width, mask.height) != (image.width, image.height):
        raise BadRequest(
            f"{mask_field} is {mask.width}x{mask.height} but {image_field} is {image.width}x{image.height}; "
            "the mask must be the same size as its image"
        )

