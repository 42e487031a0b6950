"""Where the people and the product are in a picture: what text laid over it must leave clear."""

from __future__ import annotations

from dataclasses import dataclass

from shopreel.media.face import detect_faces
from shopreel.media.footage.backdrop import plain_backdrop
from shopreel.media.image.checks import check_frame
from shopreel.media.types import Box, Frame

__all__ = ["Subjects", "locate_subjects", "head_box"]

# A face detector's box covers eyes, nose and mouth; the head reaches this far past it, in
# shares of the box's width (each side) and height (above, below): forehead and hair, chin.
_HEAD_SIDES, _HEAD_ABOVE, _HEAD_BELOW = 0.2, 0.5, 0.25


@dataclass(frozen=True)
class Subjects:
    """``faces``: each person's head; ``product``: the product of a product shot (one centred
    subject on a plain backdrop, no person), else ``None``. Pixels of the picture."""

    faces: tuple[Box, ...]
    product: Box | None

    @property
    def boxes(self) -> tuple[Box, ...]:
        """Every box: the heads, then the product."""
        return self.faces + ((self.product,) if self.product is not None else ())


def head_box(face: Box, *, width: int, height: int, margin: float = 0.0) -> Box:
    """The head around a face detector's ``face`` box, grown by ``margin`` of its size on every
    side (room for the head to move), clipped to a ``width`` x ``height`` picture."""
    x0 = face.x - (_HEAD_SIDES + margin) * face.w
    x1 = face.x + face.w + (_HEAD_SIDES + margin) * face.w
    y0 = face.y - (_HEAD_ABOVE + margin) * face.h
    y1 = face.y + face.h + (_HEAD_BELOW + margin) * face.h
    left, top = max(0, int(x0)), max(0, int(y0))
    right, bottom = min(width, int(x1 + 0.999)), min(height, int(y1 + 0.999))
    return Box(x=min(left, width - 1), y=min(top, height - 1), w=max(1, right - left), h=max(1, bottom - top))


def locate_subjects(image: Frame, *, head_margin: float = 0.0) -> Subjects:
    """The heads and the product in ``image`` (``uint8 (H, W, 3)`` RGB).

    ``head_margin`` grows each head box by that share of its size on every side.

    Notes
    -----
    One face detection (see :func:`~shopreel.media.face.detect_faces`) and the plain-backdrop
    check behind :func:`~shopreel.media.footage.describe_image`'s close-ups: a photo with a
    face is about the person, and the subject of a busy photo cannot be told from its
    background, so only a product shot names a product box.
    """
    check_frame(image, "image")
    height, width = image.shape[:2]
    faces = tuple(head_box(face.box, width=width, height=height, margin=head_margin) for face in detect_faces(image))
    product = None
    backdrop = plain_backdrop(image)
    if not faces and backdrop is not None and backdrop.centred_subject and backdrop.subject_box is not None:
        left, top, right, bottom = backdrop.subject_box
        x0, y0 = int(left * width), int(top * height)
        x1, y1 = max(x0 + 1, round(right * width)), max(y0 + 1, round(bottom * height))
        product = Box(x=x0, y=y0, w=min(x1, width) - x0, h=min(y1, height) - y0)
    return Subjects(faces=faces, product=product)
