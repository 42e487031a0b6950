"""TopView's field forms, shared by the kinds' ``Params``: required values (absent, null or
blank all answer ``4003``), optional text where blank means absent, numbers given as strings,
defaults a client may send as null, and ``location`` corners.

Used in ``Annotated`` types, e.g. ``Annotated[str, Required]``; the API's validation handler
turns an error of type ``missing`` into ``4003`` and any other into ``4000``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from shopreel.tasks.job import TaskModel

__all__ = ["Required", "RequiredText", "OptionalText", "null_is", "one_of", "GeneratingCount", "Point", "Location"]


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


#: TopView's ``location``: four corners TL, TR, BR, BL in the template's pixels.
Location = Annotated[
    tuple[Point, ...] | None,
    Field(min_length=4, max_length=4, description="Four corners [{x, y}] TL, TR, BR, BL in template pixels."),
]
