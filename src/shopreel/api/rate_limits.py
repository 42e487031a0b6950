"""Per-user request rates by route class, checked right after authentication.

Every authenticated route belongs to one class, each with its own budget per user
(``SHOPREEL_RATE_LIMIT_<CLASS>_PER_MIN`` and ``_BURST``; a rate of 0 is no limit):

- ``upload``: ``/v1/upload/*`` (credentials and checks);
- ``submit``: every other method than GET: submits, export, script update, cancel, notice check;
- ``query``: a GET that takes a ``taskId``: task queries and results, M2V script lists;
- ``catalog``: the other GETs: voices, avatars, captions, templates, categories, credit.

So a client that polls hard still submits, and one user's flood leaves the others alone.
Over a rate the request answers HTTP 429 + ``5003`` with ``Retry-After`` before its handler
does any work.
"""

from __future__ import annotations

import math
from enum import StrEnum

from fastapi.routing import APIRoute

from shopreel.errors import RateLimited
from shopreel.settings import Settings
from shopreel.store.rate_limits import Rate, RateLimiter

__all__ = ["RouteClass", "route_class", "RateLimits"]


class RouteClass(StrEnum):
    SUBMIT = "submit"
    QUERY = "query"
    UPLOAD = "upload"
    CATALOG = "catalog"


#: How a message counts the requests of each class.
_NOUNS = {
    RouteClass.SUBMIT: "submits",
    RouteClass.QUERY: "task queries",
    RouteClass.UPLOAD: "upload calls",
    RouteClass.CATALOG: "catalog calls",
}


def route_class(route: APIRoute) -> RouteClass:
    """The class of ``route``, from its path, method and parameters (see the module's doc)."""
    if route.path.startswith("/v1/upload/"):
        return RouteClass.UPLOAD
    if route.methods != {"GET"}:
        return RouteClass.SUBMIT
    if any(param.alias == "taskId" for param in route.dependant.query_params):
        return RouteClass.QUERY
    return RouteClass.CATALOG


def _rates(settings: Settings) -> dict[RouteClass, Rate]:
    """The limited classes' rates; a class at 0 requests a minute has none."""
    configured = {
        RouteClass.SUBMIT: (settings.rate_limit_submit_per_min, settings.rate_limit_submit_burst),
        RouteClass.QUERY: (settings.rate_limit_query_per_min, settings.rate_limit_query_burst),
        RouteClass.UPLOAD: (settings.rate_limit_upload_per_min, settings.rate_limit_upload_burst),
        RouteClass.CATALOG: (settings.rate_limit_catalog_per_min, settings.rate_limit_catalog_burst),
    }
    return {cls: Rate(per_minute, burst) for cls, (per_minute, burst) in configured.items() if per_minute}


class RateLimits:
    """The rate of each route class, counted by ``limiter`` (in memory or in PostgreSQL)."""

    def __init__(self, settings: Settings, limiter: RateLimiter) -> None:
        self._rates = _rates(settings)
        self._limiter = limiter
        #: Each route's class and rate (None: unlimited) by its ``unique_id`` (routes are not
        #: hashable), worked out on its first request.
        self._routes: dict[str, tuple[RouteClass, Rate | None]] = {}

    def check(self, uid: str, route: APIRoute) -> None:
        """Count a request of ``uid`` to ``route``; raise ``RateLimited`` when it is over."""
        limit = self._routes.get(route.unique_id)
        if limit is None:
            cls = route_class(route)
            limit = self._routes[route.unique_id] = (cls, self._rates.get(cls))
        cls, rate = limit
        if rate is None:
            return
        wait_us = self._limiter.acquire(uid, cls.value, rate)
        if wait_us:
            seconds = math.ceil(wait_us / 1_000_000)
            raise RateLimited(
                f"Rate limit of {rate.per_minute} {_NOUNS[cls]} per minute reached; retry in {seconds} s",
                retry_after_s=seconds,
            )

    def close(self) -> None:
        self._limiter.close()
