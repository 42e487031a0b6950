"""What the sync and async clients share: every request, retry and parse, written once.

Each operation is a *flow*: a generator that yields what it needs done (``_Send`` an HTTP
request, ``_Sleep`` a while) and receives the outcome (an ``httpx.Response``, or an
``httpx.TransportError`` thrown back in). ``ShopReel`` and ``AsyncShopReel`` only run flows, one
by blocking and one by awaiting, so the two can never drift apart.
"""

from __future__ import annotations

import io
import os
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx

from shopreel import __version__
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
    TaskFailedError,
    TaskTimeoutError,
    TooManyTasksError,
    UploadError,
)
from shopreel.client.kinds import TaskKind, route_for
from shopreel.client.models import ScrapeResult, TaskRef, TaskResult, TaskStatus, UploadCredential
from shopreel.formats import FORMATS

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT_S = 30.0

T = TypeVar("T")

UploadSource = str | os.PathLike[str] | bytes
ProgressCallback = Callable[[TaskResult], None]
UploadProgressCallback = Callable[[int, int], None]

_CHUNK_BYTES = 1024 * 1024
_MAX_BACKOFF_S = 30.0
_MAX_RETRY_AFTER_S = 60.0
_RETRIED_HTTP_STATUSES = (502, 503, 504)

_ERRORS_BY_CODE: dict[str, type[ShopReelAPIError]] = {
    "401": AuthenticationError,
    "4000": BadRequestError,
    "4001": BadRequestError,
    "4002": BadRequestError,
    "4003": BadRequestError,
    "4004": NotFoundError,
    "4005": ConflictError,
    "4006": RefusedError,
    "4007": TooManyTasksError,
    "4100": InsufficientCreditError,
    "5000": ServerError,
    "5001": ServerError,
    "5003": RateLimitedError,
    "5004": ServerError,
    "5005": ServerError,
    "6001": ContentRejectedError,
}
_ERRORS_BY_HTTP_STATUS: dict[int, type[ShopReelAPIError]] = {
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitedError,
}


@dataclass(frozen=True)
class _Send:
    request: httpx.Request


@dataclass(frozen=True)
class _Sleep:
    seconds: float


_Op = _Send | _Sleep
Flow = Generator[_Op, Any, T]


class _Steps(Iterator[_Op], Generic[T]):
    """Walks a flow for a driver: iterate to get each op, answer a ``_Send`` with ``reply`` or
    ``fail`` before the next step; ``value`` is the flow's return value once iteration ends."""

    def __init__(self, flow: Flow[T]) -> None:
        self._flow = flow
        self._reply: httpx.Response | None = None
        self._error: httpx.TransportError | None = None
        self.value: T

    def __next__(self) -> _Op:
        reply, error = self._reply, self._error
        self._reply, self._error = None, None
        try:
            return self._flow.send(reply) if error is None else self._flow.throw(error)
        except StopIteration as stop:
            self.value = stop.value
            raise

    def reply(self, response: httpx.Response) -> None:
        self._reply = response

    def fail(self, error: httpx.TransportError) -> None:
        self._error = error


@dataclass(frozen=True)
class _Envelope:
    code: str
    message: str
    result: Any
    http_status: int


def content_type_for(format: str) -> str:
    """The MIME type a presigned PUT of a ``format`` file is sent with."""
    return FORMATS.get(format.lower().lstrip("."), (None, "application/octet-stream"))[1]


class _UploadBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A file's bytes streamed in chunks, from the start again on every iteration (so a retried
    PUT resends it whole), reporting ``(sent, total)`` as it goes. Disk reads are small and
    blocking in the async iteration too."""

    def __init__(self, source: Path | bytes, size: int, on_progress: UploadProgressCallback | None):
        self._source = source
        self.size = size
        self._on_progress = on_progress

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        source = self._source
        with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as file:
            while chunk := file.read(_CHUNK_BYTES):
                sent += len(chunk)
                if self._on_progress is not None:
                    self._on_progress(sent, self.size)
                yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


def _upload_body(
    source: UploadSource, format: str | None, on_progress: UploadProgressCallback | None
) -> tuple[_UploadBody, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not format:
            raise ValueError("format is required when uploading bytes (e.g. format='png')")
        data = bytes(source)
        return _UploadBody(data, len(data), on_progress), format.lower().lstrip(".")
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"no such file to upload: {path}")
    format = format or path.suffix
    if not format:
        raise ValueError(f"cannot tell the format of {path.name!r} from its name; pass format=")
    return _UploadBody(path, path.stat().st_size, on_progress), format.lower().lstrip(".")


def _json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _retry_after_s(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds, given as delta-seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _api_error(code: str, message: str, response: httpx.Response) -> ShopReelAPIError:
    cls = _ERRORS_BY_CODE.get(code) or _ERRORS_BY_HTTP_STATUS.get(response.status_code)
    if cls is None:
        cls = ServerError if response.status_code >= 500 else ShopReelAPIError
    if cls is RateLimitedError:
        return RateLimitedError(
            code, message, response.status_code, retry_after_s=_retry_after_s(response)
        )
    return cls(code, message, response.status_code)


def _snippet(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:200] or "(empty body)"


def _parse_envelope(response: httpx.Response) -> _Envelope:
    body = _json_body(response)
    if not isinstance(body, dict) or "code" not in body:
        status = response.status_code
        raise _api_error(
            str(status), f"HTTP {status} without a TopView envelope: {_snippet(response)}", response
        )
    envelope = _Envelope(
        code=str(body["code"]),
        message=str(body.get("message") or ""),
        result=body.get("result"),
        http_status=response.status_code,
    )
    if envelope.code != "200":
        raise _api_error(envelope.code, envelope.message, response)
    return envelope


def _parsed(envelope: _Envelope, parse: Callable[[Mapping[str, Any]], T]) -> T:
    """Read ``result`` as the record it must be; a malformed one is the server's fault."""
    if isinstance(envelope.result, Mapping):
        try:
            return parse(envelope.result)
        except (KeyError, TypeError, ValueError) as exc:
            problem = f"missing or bad field {exc}"
    else:
        problem = f"result is {type(envelope.result).__name__}, not an object"
    raise ServerError(envelope.code, f"malformed answer: {problem}", envelope.http_status)


def _check_put(response: httpx.Response) -> None:
    """A presigned PUT succeeded on 2xx, unless ShopReel answered with an error envelope."""
    body = _json_body(response)
    envelope = body if isinstance(body, dict) and "code" in body else None
    if response.is_success and (envelope is None or str(envelope["code"]) == "200"):
        return
    status = response.status_code
    if envelope is not None:
        code = str(envelope["code"])
        message = str(envelope.get("message") or f"upload refused with HTTP {status}")
    else:
        code, message = str(status), f"HTTP {status}: {_snippet(response)}"
    raise UploadError(code, message, status)


def _query_param(name: str) -> str:
    """``page_no`` → ``pageNo``; names already in camelCase pass through."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(item) for item in value)
    return str(value)


def _catalog_params(filters: Mapping[str, object]) -> dict[str, str]:
    return {_query_param(k): _query_value(v) for k, v in filters.items() if v is not None}


class _ClientBase:
    """Builds requests, decides retries and parses envelopes; subclasses run the flows."""

    def __init__(
        self,
        http: httpx.Client | httpx.AsyncClient,
        *,
        api_key: str,
        uid: str,
        max_retries: int,
        backoff_s: float,
    ) -> None:
        if not api_key or not uid:
            raise ValueError("api_key and uid are both required")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        self._http = http
        self._auth = {"Authorization": f"Bearer {api_key}", "Topview-Uid": uid}
        self._max_retries = max_retries
        self._backoff_s = backoff_s

    @staticmethod
    def _http_options(base_url: str, timeout: float | httpx.Timeout) -> dict[str, Any]:
        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        return {
            "base_url": url,
            "timeout": timeout,
            "headers": {
                "User-Agent": f"shopreel-client/{__version__}",
                "Accept": "application/json",
            },
        }

    # -- sending, retrying, parsing --------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        delay = min(_MAX_BACKOFF_S, self._backoff_s * 2**attempt)
        return delay * random.uniform(0.5, 1.0)

    def _retry_delay(
        self, response: httpx.Response, attempt: int, retry_safe: bool
    ) -> float | None:
        """Seconds to wait before resending, or ``None`` to keep this response.

        A busy answer (``5003`` or HTTP 429) means the server did nothing, so any request is
        resent, after ``Retry-After`` when given (a wait longer than a minute is left to the
        caller). A bad gateway or a dropped connection may hide a request that was acted on, so
        only requests that are safe to repeat are resent then."""
        body = _json_body(response) if response.status_code in (200, 429) else None
        busy = response.status_code == 429 or (
            isinstance(body, dict) and str(body.get("code")) == "5003"
        )
        transient = busy or (retry_safe and response.status_code in _RETRIED_HTTP_STATUSES)
        if not transient:
            return None
        after = _retry_after_s(response)
        if after is None:
            return self._backoff(attempt)
        return after if after <= _MAX_RETRY_AFTER_S else None

    def _exchange(self, request: httpx.Request, *, retry_safe: bool) -> Flow[httpx.Response]:
        attempt = 0
        while True:
            exhausted = attempt >= self._max_retries
            try:
                response = yield _Send(request)
            except httpx.TransportError as exc:
                if exhausted or not retry_safe:
                    message = f"{request.method} {request.url} failed: {type(exc).__name__}: {exc}"
                    raise APIConnectionError(message) from exc
                delay = self._backoff(attempt)
            else:
                delay = None if exhausted else self._retry_delay(response, attempt, retry_safe)
                if delay is None:
                    return response
            yield _Sleep(delay)
            attempt += 1

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        retry_safe: bool = True,
    ) -> Flow[_Envelope]:
        request = self._http.build_request(
            method, path, params=params, json=json, headers={**self._auth, **(headers or {})}
        )
        response = yield from self._exchange(request, retry_safe=retry_safe)
        return _parse_envelope(response)

    # -- operations ------------------------------------------------------------------------

    def _upload_credential(self, format: str) -> Flow[UploadCredential]:
        envelope = yield from self._call("GET", "/v1/upload/credential", params={"format": format})
        return _parsed(envelope, UploadCredential.from_result)

    def _upload(
        self, source: UploadSource, format: str | None, on_progress: UploadProgressCallback | None
    ) -> Flow[str]:
        body, format = _upload_body(source, format, on_progress)
        credential = yield from self._upload_credential(format)
        url = httpx.URL(credential.upload_url)
        # A presigned URL is signed for exactly these headers: no auth, and a known length,
        # since S3 refuses chunked PUTs. ``stream=`` leaves Host to us.
        put = httpx.Request(
            "PUT",
            url,
            headers={
                "Host": url.netloc.decode("ascii"),
                "Content-Type": content_type_for(format),
                "Content-Length": str(body.size),
            },
            stream=body,
            extensions={"timeout": self._http.timeout.as_dict()},
        )
        _check_put((yield from self._exchange(put, retry_safe=True)))
        file_id = credential.file_id
        check = yield from self._call("GET", "/v1/upload/check", params={"fileId": file_id})
        if check.result is not True:
            # ShopReel explains a rejected file in the message; TopView just says "Success".
            reason = check.message if check.message not in ("", "Success") else "not received"
            raise UploadError("4000", f"file {file_id} was rejected: {reason}", check.http_status)
        return file_id

    def _submit(
        self, kind: str, body: Mapping[str, Any], idempotency_key: str | None
    ) -> Flow[TaskRef]:
        path = route_for(kind).submit
        key = idempotency_key or uuid.uuid4().hex
        headers = {"Idempotency-Key": key}
        envelope = yield from self._call("POST", path, json=dict(body), headers=headers)
        return _parsed(envelope, TaskRef.from_result)

    def _query(self, kind: str | None, task_id: str) -> Flow[TaskResult]:
        if kind is None:
            envelope = yield from self._call("GET", "/v1/task/query", params={"taskId": task_id})
            return _parsed(envelope, TaskResult.from_task_query)
        envelope = yield from self._call("GET", route_for(kind).query, params={"taskId": task_id})
        parse = partial(TaskResult.from_result, kind=TaskKind(kind).value, task_id=task_id)
        return _parsed(envelope, parse)

    def _cancel(self, task_id: str) -> Flow[TaskRef]:
        envelope = yield from self._call("POST", "/v1/task/cancel", json={"taskId": task_id})
        result = envelope.result if isinstance(envelope.result, Mapping) else {}
        return TaskRef.from_result({"taskId": task_id, **result})

    def _wait(
        self,
        kind: str | None,
        task_id: str,
        *,
        poll_s: float,
        timeout_s: float | None,
        on_progress: ProgressCallback | None,
        raise_on_fail: bool,
    ) -> Flow[TaskResult]:
        if poll_s <= 0:
            raise ValueError(f"poll_s must be > 0, got {poll_s}")
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        seen: tuple[TaskStatus, int | None] | None = None
        while True:
            result = yield from self._query(kind, task_id)
            if on_progress is not None and (result.status, result.progress) != seen:
                seen = (result.status, result.progress)
                on_progress(result)
            if result.done:
                if raise_on_fail and result.status is TaskStatus.FAIL:
                    raise TaskFailedError(result)
                return result
            delay = poll_s
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TaskTimeoutError(task_id, timeout_s or 0.0, result)
                delay = min(delay, remaining)
            yield _Sleep(delay)

    def _scrape(
        self, product_link: str, notice_url: str | None, idempotency_key: str | None
    ) -> Flow[TaskRef]:
        body = {"productLink": product_link}
        if notice_url:
            body["noticeUrl"] = notice_url
        return (yield from self._submit(TaskKind.SCRAPER, body, idempotency_key))

    def _get_scrape(self, task_id: str) -> Flow[ScrapeResult]:
        result = yield from self._query(TaskKind.SCRAPER, task_id)
        return ScrapeResult.from_result(result.raw)

    def _catalog(self, path: str, filters: Mapping[str, object]) -> Flow[Any]:
        envelope = yield from self._call("GET", path, params=_catalog_params(filters))
        return envelope.result

    def _check_notice_url(self, url: str) -> Flow[bool]:
        # Each check delivers a test notice: not resent when the outcome is unknown.
        envelope = yield from self._call(
            "POST", "/notice/notice_url/check", json={"noticeUrl": url}, retry_safe=False
        )
        return envelope.result is True
