"""What the SDK raises: one family, with the API's business code where there is one.

``ShopReelAPIError`` and its subclasses carry the envelope's ``code`` and ``message`` and the
HTTP status; the subclass is chosen by the code (and by the HTTP status when a proxy answered
without an envelope), so callers catch what they can act on::

    try:
        client.submit("m2v", body)
    except TooManyTasksError:
        ...  # wait for a running task to finish, then submit again
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shopreel.client.models import TaskResult

__all__ = [
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


class ShopReelClientError(Exception):
    """Base of everything the SDK raises on purpose."""


class ShopReelAPIError(ShopReelClientError):
    """The server answered with a business code other than ``"200"``."""

    def __init__(self, code: str, message: str, http_status: int) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status


class AuthenticationError(ShopReelAPIError):
    """``401``: missing or wrong API key or uid."""


class BadRequestError(ShopReelAPIError):
    """``4000``–``4003``: a parameter is missing, malformed or out of range."""


class NotFoundError(ShopReelAPIError):
    """``4004``: unknown id (or one owned by another user), or unknown route."""


class ConflictError(ShopReelAPIError):
    """``4005``: the Idempotency-Key was used before with a different body."""


class RefusedError(ShopReelAPIError):
    """``4006``: not allowed in the object's current state."""


class TooManyTasksError(ShopReelAPIError):
    """``4007``: too many unfinished tasks; submit again once one finishes."""


class InsufficientCreditError(ShopReelAPIError):
    """``4100``: the account's credit does not cover the task."""


class RateLimitedError(ShopReelAPIError):
    """``5003`` or HTTP 429, still answered after the SDK's retries."""

    def __init__(
        self, code: str, message: str, http_status: int, *, retry_after_s: float | None = None
    ) -> None:
        super().__init__(code, message, http_status)
        self.retry_after_s = retry_after_s


class ServerError(ShopReelAPIError):
    """``5000``/``5001``/``5004``/``5005`` or an HTTP 5xx without an envelope."""


class ContentRejectedError(ShopReelAPIError):
    """``6001``: the content filter refused the input."""


class UploadError(ShopReelAPIError):
    """The upload URL refused the bytes, or the server's check rejected the stored file."""


class APIConnectionError(ShopReelClientError):
    """The server could not be reached (or kept dropping the connection) after the retries."""


class TaskFailedError(ShopReelClientError):
    """A waited-for task ended with ``fail``; ``result`` is its final state."""

    def __init__(self, result: TaskResult) -> None:
        super().__init__(f"task {result.task_id} failed: {result.error_msg or 'no reason given'}")
        self.result = result


class TaskTimeoutError(ShopReelClientError, TimeoutError):
    """A wait ran past its timeout; ``result`` is the last state seen (``None`` before any)."""

    def __init__(self, task_id: str, timeout_s: float, result: TaskResult | None) -> None:
        super().__init__(f"task {task_id} not finished after {timeout_s:g} s")
        self.task_id = task_id
        self.result = result
