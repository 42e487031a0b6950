"""Paths with doubled slashes (``//v1/caption/list``) are served as if written once.

A published TopView client joins a base URL ending in ``/`` with paths starting with ``/``
on every call, and api.topview.ai serves it; so does ShopReel.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CollapseSlashes"]

_RUNS = re.compile(r"/{2,}")
_RAW_RUNS = re.compile(rb"/{2,}")


class CollapseSlashes:
    """ASGI middleware: every run of slashes in the request path becomes one slash."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and "//" in scope.get("path", ""):
            scope = dict(scope)
            scope["path"] = _RUNS.sub("/", scope["path"])
            if scope.get("raw_path"):
                scope["raw_path"] = _RAW_RUNS.sub(b"/", scope["raw_path"])
        await self.app(scope, receive, send)
