"""TopView's field forms, shared by the kinds' ``Params``: required values (absent, null or
blank all answer ``4003``), optional text where blank means absent, numbers given as strings,
defaults a client may send as null, and ``location`` corners.

Used in ``Annotated`` types, e.g. ``Annotated[str, Required]``; the API's validation handler
turns an error of type ``missing`` into ``4003`` and any other into ``4000``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from shopreel.tasks.job import TaskModel

__all__ = ["MAX_PROMPT_CHARS", "MAX_TEXT_CHARS", "MAX_URL_CHARS", "Required", "RequiredText", "OptionalText", "null_is", "one_of", "GeneratingCount", "Point", "Location",
           "normalised"]


#: Limits on free text (documented in docs/api.md): a prompt, a long text (a description,
#: a script), a URL.
MAX_PROMPT_CHARS = 2000
MAX_TEXT_CHARS = 5000
MAX_URL_CHARS = 2048


def _present(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        raise PydanticCustomError("missing", "Field required")
    return value


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    return None if value == "" else value


#: A required value: absent, null or blank is "missing" (4003); strings are stripped.
Required = BeforeValidator(_present)
RequiredText = Annotated[str, Required]
#: Optional text: blank is the same as absent.
OptionalText = Annotated[str | None, BeforeValidator(_blank_is_none)]


def null_is(default: Any) -> BeforeValidator:
    """A field whose explicit null (or blank text) means its default (TopView's clients
    send both)."""
    return BeforeValidator(lambda value: default if value is None or _blank_is_none(value) is None else value)


def one_of(*allowed: int) -> AfterValidator:
    """A number that must be one of ``allowed`` (a number given as a string, ``"5"``, is
    read first, which ``Literal[5, 10]`` would refuse)."""

    def check(value: int) -> int:
        if value not in allowed:
            raise PydanticCustomError("enum", "Input should be {expected}",
                                      {"expected": " or ".join(str(a) for a in allowed)})
        return value

    return AfterValidator(check)


def _one_when_unset(value: Any) -> Any:
    value = _blank_is_none(value)
    return 1 if value is None or value in (0, "0") else value


#: How many variants to make, 1–4; absent, null and 0 (the value in TopView's own example
#: request) mean one.
GeneratingCount = Annotated[int, BeforeValidator(_one_when_unset), Field(ge=1, le=4)]


class Point(TaskModel):
    x: float
    y: float


def _corners(value: Any) -> Any:
    """Points as ``{x, y}`` objects or ``[x, y]`` pairs; two points (a box's opposite
    corners, as Product Avatar v3 clients send) become its four corners TL, TR, BR, BL."""
    if not isinstance(value, list | tuple):
        return value
    points = [{"x": p[0], "y": p[1]} if isinstance(p, list | tuple) and len(p) == 2 else p for p in value]
    if len(points) == 2:
        try:
            (x0, y0), (x1, y1) = ((float(p["x"]), float(p["y"])) for p in points)
        except (TypeError, KeyError, ValueError):
            return points  # left for Point to refuse, naming the field
        left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        points = [{"x": left, "y": top}, {"x": right, "y": top}, {"x": right, "y": bottom}, {"x": left, "y": bottom}]
    return points


def normalised(location: tuple[Point, ...] | None) -> bool:
    """True when every coordinate of ``location`` lies in [0, 1]: fractions of the image's
    width and height rather than pixels (no meaningful pixel box fits in 1 x 1)."""
    return bool(location) and all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in location or ())


#: TopView's ``location``: four corners TL, TR, BR, BL, or two opposite corners of a box;
#: as ``{x, y}`` objects or ``[x, y]`` pairs; in the template's pixels, or as fractions of its
#: width and height when every value is within [0, 1] (see ``normalised``).
_POINT_SCHEMA = {"anyOf": [
    {"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"}}, "required": ["x", "y"]},
    {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
]}

Location = Annotated[
    Annotated[tuple[Point, ...], Field(min_length=4, max_length=4)] | None,
    BeforeValidator(_corners),
    WithJsonSchema({"anyOf": [{"type": "array", "items": _POINT_SCHEMA, "minItems": 2, "maxItems": 4},
                              {"type": "null"}]}),
    Field(description=(
        "Four corners TL, TR, BR, BL, or two opposite corners of a box, as [{x, y}] or [[x, y]]; "
        "in template pixels, or fractions of its width/height when every value is within 0–1.")),
]
