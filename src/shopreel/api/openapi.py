"""The OpenAPI document as the server answers: TopView's envelope around every JSON result
(each route names its result's model with ``response_model=Envelope[Model]``; only
``/healthz`` answers a bare body), the two credential headers, the ``429`` of a request
over its rate, and no ``422`` (validation errors are business codes in an HTTP 200
envelope)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

__all__ = ["Envelope", "SubmitResult", "install_openapi"]

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    """Every JSON answer. Business errors keep HTTP 200 and carry their code (`4000` bad value,
    `4001` unreadable body, `4003` missing parameter, `4004` not found, `4005` idempotency
    conflict, `4006` refused, `4007` too many unfinished tasks, `4100` credit not enough, `401` bad
    credentials) with `result: null`; `5003` over a per-user request rate comes with HTTP 429."""

    code: str = Field("200", description='"200" on success, else the business code.')
    message: str = "Success"
    result: T | None = None


class SubmitResult(BaseModel):
    """What every submit answers: the task, waiting to run."""

    taskId: str
    status: str = Field("init", description="The task's real state: init until a worker takes it.")
    errorMsg: str | None = None
    noticeUuid: str | None = Field(None, description="The uuid callbacks will carry, when noticeUrl was given.")


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the document described above (built once, then cached)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=app.openapi_tags)
            _drop_validation_errors(schema)
            _rate_limited(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def _drop_validation_errors(schema: dict[str, Any]) -> None:
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            operation.get("responses", {}).pop("422", None)
            if operation.get("security"):  # both headers at once, not either of them
                operation["security"] = [{name: [] for need in operation["security"] for name in need}]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)


_RATE_LIMITED = {
    "description": "Over the caller's rate for this route's class (submit, query, upload or catalog): "
                   "code `5003`, a message naming the rate, nothing done. Resend after `Retry-After`.",
    "headers": {"Retry-After": {"description": "Seconds to wait, rounded up.", "schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["code", "message", "result"],
        "properties": {"code": {"type": "string", "enum": ["5003"]}, "message": {"type": "string"},
                       "result": {"type": "null"}}}}},
}


def _rate_limited(schema: dict[str, Any]) -> None:
    """Every authenticated route may answer ``429`` (api/rate_limits.py)."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if operation.get("security"):
                operation.setdefault("responses", {})["429"] = _RATE_LIMITED
