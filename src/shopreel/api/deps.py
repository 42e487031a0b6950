"""Request dependencies: the runtime, the authenticated user, common query flags."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from shopreel.runtime import Runtime
from shopreel.store.users import UserRecord, authenticate

__all__ = ["get_runtime", "current_user", "RuntimeDep", "UserDep", "parse_bool"]


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def current_user(
    runtime: RuntimeDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    topview_uid: Annotated[str | None, Header(alias="Topview-Uid", include_in_schema=False)] = None,
) -> UserRecord:
    return authenticate(runtime.db, authorization=authorization, uid=topview_uid)


UserDep = Annotated[UserRecord, Depends(current_user)]


def parse_bool(value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
