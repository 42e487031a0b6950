"""The TopView envelope and the one place errors become responses."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shopreel.errors import ShopReelError

__all__ = ["ok", "error_response", "install_error_handlers"]

log = logging.getLogger("shopreel.api")


def ok(result: Any, message: str = "Success") -> JSONResponse:
    return JSONResponse({"code": "200", "message": message, "result": result})


def error_response(code: str, message: str, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "result": None}, status_code=status, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "header", "path")]
    return ".".join(parts) or "body"


async def _shopreel_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ShopReelError)
    return error_response(exc.code, exc.message, exc.http_status, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    missing = [e for e in errors if e.get("type") == "missing"]
    if missing:
        names = ", ".join(_field(tuple(e["loc"])) for e in missing)
        return error_response("4003", f"Required parameter cannot be null: {names}")
    first = errors[0] if errors else {}
    not_an_object = first.get("type") in ("model_attributes_type", "dict_type") and tuple(first.get("loc", ())) == ("body",)
    if first.get("type") == "json_invalid" or not_an_object:
        return _unreadable_body()
    details = "; ".join(f"{_field(tuple(e['loc']))}: {e['msg']}" for e in errors[:5])
    return error_response("4000", f"Request parameter error: {details}")


def _unreadable_body() -> JSONResponse:
    return error_response("4001", "Request data format does not match! The body must be a JSON object in UTF-8")


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # FastAPI could not read the body at all: not UTF-8, nested too deep
        return _unreadable_body()
    if exc.status_code == 404:
        return error_response("4004", "Resource not found! No such route", 404)
    if exc.status_code == 413:  # api/limits.py: a body over the limit, sent without Content-Length
        return error_response("4000", str(exc.detail), 413, headers={"Connection": "close"})
    if exc.status_code == 405:
        return error_response("4000", "Request parameter error: method not allowed on this route", 405)
    return error_response(str(exc.status_code), str(exc.detail), exc.status_code)


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response("5000", "Internal server error! The server log has the details", 500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ShopReelError, _shopreel_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
