"""A bound on API request bodies: a JSON body over ``max_request_bytes`` answers HTTP 413
with code ``4000`` and the limit, before anything reads it into memory.

Uploads (``PUT /files/...``) are not API requests: their route streams the body to disk
under the limit of the file's kind.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shopreel.api.envelope import error_response

__all__ = ["BodyLimit"]


class BodyLimit:
    """ASGI middleware: refuse a declared ``Content-Length`` over the limit at once, and stop
    a body sent without one (chunked) as soon as it passes the limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, exempt_prefixes: tuple[str, ...] = ("/files/",)) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt_prefixes):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = error_response("4000", _message(self.max_bytes), 413, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, _message(self.max_bytes))
            return message

        await self.app(scope, bounded, send)


def _message(max_bytes: int) -> str:
    return f"Request parameter error: the request body is over the limit of {max_bytes} bytes"

