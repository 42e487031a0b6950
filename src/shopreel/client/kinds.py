"""Task kinds and where each one is submitted and queried (TOPVIEW_API.md §1–§7)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["TaskKind", "TaskRoute", "route_for"]


class TaskKind(StrEnum):
    """The kinds of task; the values are ShopReel's ``taskType`` names."""

    SCRAPER = "scraper"
    M2V = "m2v"
    VIDEO_AVATAR = "video_avatar"
    PRODUCT_AVATAR_REPLACE = "product_avatar_replace"
    PRODUCT_AVATAR_I2V = "product_avatar_i2v"
    ANYSHOOT = "anyshoot"
    IMAGE2VIDEO = "image2video"
    REMOVE_BACKGROUND = "remove_background"
    TEXT2VOICE = "text2voice"


@dataclass(frozen=True)
class TaskRoute:
    submit: str
    query: str


_ROUTES: dict[TaskKind, TaskRoute] = {
    TaskKind.SCRAPER: TaskRoute("/v1/scraper/task/submit", "/v1/scraper/task/query"),
    TaskKind.M2V: TaskRoute("/v1/m2v/task/submit", "/v1/m2v/task/query"),
    TaskKind.VIDEO_AVATAR: TaskRoute("/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"),
    TaskKind.PRODUCT_AVATAR_REPLACE: TaskRoute(
        "/v1/product_avatar/task/image_replace/submit", "/v1/product_avatar/task/image_replace/result"
    ),
    TaskKind.PRODUCT_AVATAR_I2V: TaskRoute(
        "/v1/product_avatar/task/image2Video/submit", "/v1/product_avatar/task/image2Video/result"
    ),
    TaskKind.ANYSHOOT: TaskRoute("/v1/product_anyShoot/task/submit", "/v1/product_anyShoot/task/result"),
    TaskKind.IMAGE2VIDEO: TaskRoute(
        "/v1/common_task/image2video/submit", "/v1/common_task/image2video/result"
    ),
    TaskKind.REMOVE_BACKGROUND: TaskRoute(
        "/v1/common_task/remove_background/submit", "/v1/common_task/remove_background/query"
    ),
    TaskKind.TEXT2VOICE: TaskRoute("/v1/voice/text2voice/task/submit", "/v1/voice/text2voice/task/query"),
}


def route_for(kind: str) -> TaskRoute:
    """The submit and query paths of ``kind`` (a ``TaskKind`` or its value)."""
    try:
        return _ROUTES[TaskKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in TaskKind)
        raise ValueError(f"unknown task kind {kind!r}; expected one of: {known}") from None
