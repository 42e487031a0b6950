"""Python SDK for ShopReel and any server speaking the TopView OpenAPI v1.

``ShopReel`` blocks, ``AsyncShopReel`` is awaited; both share one base that builds every request
and parses every envelope, so they behave the same.
"""

from shopreel.client._async import AsyncShopReel
from shopreel.client._base import DEFAULT_BASE_URL, content_type_for
from shopreel.client._sync import ShopReel
from shopreel.client.errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContentRejectedError,
    InsufficientCreditError,
    NotFoundError,
    RateLimitedError,
    RefusedError,
    ServerError,
    ShopReelAPIError,
    ShopReelClientError,
    TaskFailedError,
    TaskTimeoutError,
    TooManyTasksError,
    UploadError,
)
from shopreel.client.kinds import TaskKind, TaskRoute, route_for
from shopreel.client.models import (
    ScrapedMedia,
    ScrapeResult,
    TaskRef,
    TaskResult,
    TaskStatus,
    UploadCredential,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "ShopReel",
    "AsyncShopReel",
    "TaskKind",
    "TaskRoute",
    "route_for",
    "content_type_for",
    "TaskStatus",
    "UploadCredential",
    "TaskRef",
    "TaskResult",
    "ScrapedMedia",
    "ScrapeResult",
    "ShopReelClientError",
    "ShopReelAPIError",
    "AuthenticationError",
    "BadRequestError",
    "NotFoundError",
    "ConflictError",
    "RefusedError",
    "TooManyTasksError",
    "InsufficientCreditError",
    "RateLimitedError",
    "ServerError",
    "ContentRejectedError",
    "UploadError",
    "APIConnectionError",
    "TaskFailedError",
    "TaskTimeoutError",
]
