"""Request dependencies: the runtime, the authenticated user, common query flags."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from shopreel.runtime import Runtime
from shopreel.store.users import UserRecord, authenticate

__all__ = ["get_runtime", "current_user", "RuntimeDep", "UserDep", "parse_bool"]


async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


#: The two headers every API call sends; declared as security schemes so the OpenAPI
#: document says so (``auto_error=False``: ``authenticate`` answers the missing ones itself).
_API_KEY = HTTPBearer(auto_error=False, scheme_name="ApiKey",
                      description="`Authorization: Bearer <API key>` (`shopreel key create UID`).")
_UID = APIKeyHeader(name="Topview-Uid", auto_error=False, scheme_name="TopviewUid",
                    description="The uid the API key belongs to.")


async def current_user(
    runtime: RuntimeDep,
    request: Request,
    _key: Annotated[object, Security(_API_KEY)] = None,
    uid: Annotated[str | None, Security(_UID)] = None,
) -> UserRecord:
    """The caller, once its credentials check out and its request fits its rate (429 + 5003
    otherwise): both before the route's handler does any work."""
    # The raw header, not the parsed credentials: a scheme other than Bearer gets its own message.
    user = authenticate(runtime.db, authorization=request.headers.get("authorization"), uid=uid)
    request.app.state.rate_limits.check(user.uid, request.scope["route"])
    return user


UserDep = Annotated[UserRecord, Depends(current_user)]


def parse_bool(value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
