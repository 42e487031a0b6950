"""The one error family users can cause, each carrying its TopView business code.

Every layer raises these; only ``api/`` turns them into the response envelope, and
jobs turn them into a task's ``errorMsg``. Library errors are caught where they enter
our code and re-raised as one of these with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "ShopReelError",
    "BadRequest",
    "MissingParameter",
    "NotFound",
    "Conflict",
    "Refused",
    "TooManyUnfinished",
    "RateLimited",
    "InsufficientCredit",
    "PayloadTooLarge",
    "Unauthorized",
    "SignatureRejected",
    "MediaError",
    "BlockedAddress",
    "FetchError",
    "InvalidInput",
]


class ShopReelError(Exception):
    """Base of every error a user can cause; ``code`` is the TopView business code."""

    code: str = "5000"
    http_status: int = 200

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def headers(self) -> dict[str, str] | None:
        """HTTP headers the response carries besides the envelope."""
        return None


class BadRequest(ShopReelError):
    """A parameter has the wrong type or a value outside its enum or range."""

    code = "4000"


class MissingParameter(ShopReelError):
    code = "4003"


class NotFound(ShopReelError):
    """Unknown id, or an id owned by another user: the two are never told apart."""

    code = "4004"


class Conflict(ShopReelError):
    """Same Idempotency-Key with a different body (TopView's 'duplicated')."""

    code = "4005"


class Refused(ShopReelError):
    """The request is understood but not allowed in the object's current state."""

    code = "4006"


class TooManyUnfinished(ShopReelError):
    code = "4007"


class RateLimited(ShopReelError):
    """Over a per-user request rate: HTTP 429, as DECISIONS.md says, with ``Retry-After``
    in whole seconds (rounded up, so a client that waits that long is admitted)."""

    code = "5003"
    http_status = 429

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class InsufficientCredit(ShopReelError):
    """The user's credit balance does not cover what a submit costs (credits are on)."""

    code = "4100"


class PayloadTooLarge(ShopReelError):
    code = "4000"
    http_status = 413


class Unauthorized(ShopReelError):
    """Missing or wrong API credentials: HTTP 200 with code "401", as api.topview.ai answers
    (docs/api.md, "Auth failures", gives the evidence)."""

    code = "401"


class SignatureRejected(Unauthorized):
    """A signed file URL that is invalid or has expired: HTTP 401, as a storage service
    answers a bad presigned URL."""

    http_status = 401


class MediaError(BadRequest):
    """Media content that cannot be decoded or is out of bounds (size, pixels, duration)."""


class BlockedAddress(BadRequest):
    """An outbound URL that resolves to loopback, private, link-local or metadata addresses."""


class FetchError(BadRequest):
    """An outbound fetch failed: unreachable, timed out, too large, or a bad HTTP status."""


class InvalidInput(ValueError):
    """An engine (``media/``) cannot work with the values it was given: a wrong shape,
    dtype or range, or content it cannot use.

    Engines know no business codes, so this is not a ``ShopReelError``; the task runner fails
    the task quoting the message. It subclasses ``ValueError`` so callers that validate with
    an engine (``except ValueError``) keep working. Any other exception inside a job is a
    bug: it is logged with its traceback and the task fails with a generic message.
    """
