"""The app factory: one router per TopView section, the error handlers, metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from shopreel import __version__
from shopreel.api import (
    anyshoot, catalog, common_task, files, health, m2v, notice, photo_avatar, product_avatar, remove_background,
    scraper, studio, studio_session, tasks, unsupported, upload, user, video_avatar, voice,
)
from shopreel.api.envelope import install_error_handlers
from shopreel.api.limits import BodyLimit
from shopreel.api.metrics import Metrics, MetricsMiddleware
from shopreel.api.openapi import install_openapi
from shopreel.api.rate_limits import RateLimits
from shopreel.api.slashes import CollapseSlashes
from shopreel.runtime import Runtime
from shopreel.settings import Settings
from shopreel.store.rate_limits import make_rate_limiter

__all__ = ["create_app"]

_DESCRIPTION = """
ShopReel speaks the TopView OpenAPI (v1): point a TopView client at this server by changing
only its base URL. Every call sends `Authorization: Bearer <API key>` and `Topview-Uid: <uid>`.
Every JSON answer is `{"code": "200", "message": "Success", "result": ...}`; business errors
keep HTTP 200 and carry their code (`401` bad credentials, `4000` bad value, `4001` unreadable
body, `4003` missing parameter, `4004` not found, `4005` idempotency conflict, `4006`
refused, including features this server does not offer, `4007` too many unfinished tasks);
HTTP `413` for an upload over the limit, `404` + `4004` for an unknown route, `429` + `5003`
with `Retry-After` (seconds) over a per-user request rate (submits, task queries, uploads and
catalog lists each have their own).
"""


def create_app(settings: Settings, *, runtime: Runtime | None = None, background: bool = True) -> FastAPI:
    """Build the ASGI app. ``background``: run embedded workers and callback delivery in
    this process (the default for ``shopreel serve``)."""
    runtime = runtime or Runtime.build(settings)
    rate_limits = RateLimits(settings, make_rate_limiter(runtime.db))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if background:
            runtime.start_background()
        try:
            yield
        finally:
            rate_limits.close()
            runtime.close()

    app = FastAPI(title="ShopReel", version=__version__, description=_DESCRIPTION, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.rate_limits = rate_limits
    metrics = Metrics(runtime.tasks.counts)
    app.state.metrics = metrics
    runtime.tasks.on_finished.append(
        lambda record, seconds: metrics.task_seconds.labels(record.kind, record.status.value).observe(seconds)
    )
    install_error_handlers(app)
    install_openapi(app)
    for module in (upload, files, scraper, notice, tasks, catalog, product_avatar, anyshoot, common_task,
                   remove_background, video_avatar, photo_avatar, voice, m2v, user, studio_session, unsupported, health,
                   studio):
        # The routes themselves, not include_router: FastAPI matches an included router's
        # routes through a wrapper per router, which took 60% of an unknown route's time
        # and a third of a task query's. Our routers set no prefix or dependencies.
        app.router.routes.extend(module.router.routes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(CollapseSlashes)
    return app
