"""The blocking client."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx

from shopreel.client._base import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT_S,
    Flow,
    ProgressCallback,
    T,
    UploadProgressCallback,
    UploadSource,
    _ClientBase,
    _Sleep,
    _Steps,
)
from shopreel.client.models import ScrapeResult, TaskRef, TaskResult, UploadCredential

__all__ = ["ShopReel"]


class ShopReel(_ClientBase):
    """A blocking client for ShopReel, or any server speaking the TopView OpenAPI v1.

    ``max_retries`` resends on ``5003``/HTTP 429 (after ``Retry-After`` when given), and on
    HTTP 502/503/504 or a dropped connection for requests that are safe to repeat (reads, and
    submits, which always carry an ``Idempotency-Key``); waits grow from ``backoff_s`` with
    jitter. ``transport`` and ``sleep`` replace the network and the clock's waiting (tests).

    >>> with ShopReel(api_key="sk-...", uid="...") as client:
    ...     file_id = client.upload("product.png")
    ...     ref = client.submit("image2video", {"imageFileId": file_id, "duration": 5,
    ...                                        "mode": "lite", "generatingCount": 1})
    ...     done = client.wait("image2video", ref.task_id)
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        api_key: str,
        uid: str,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_S,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        http = httpx.Client(transport=transport, **self._http_options(base_url, timeout))
        super().__init__(
            http, api_key=api_key, uid=uid, max_retries=max_retries, backoff_s=backoff_s
        )
        self._http: httpx.Client = http
        self._sleep = sleep

    def _run(self, flow: Flow[T]) -> T:
        steps = _Steps(flow)
        for op in steps:
            if isinstance(op, _Sleep):
                self._sleep(op.seconds)
                continue
            try:
                steps.reply(self._http.send(op.request))
            except httpx.TransportError as exc:
                steps.fail(exc)
        return steps.value

    def upload_credential(self, format: str) -> UploadCredential:
        """A ``fileId`` and presigned ``uploadUrl`` for one file of ``format`` (``png``...)."""
        return self._run(self._upload_credential(format))

    def upload(
        self,
        source: UploadSource,
        *,
        format: str | None = None,
        on_progress: UploadProgressCallback | None = None,
    ) -> str:
        """Upload a file (path, streamed from disk) or bytes and return its ``fileId``.

        Gets a credential, PUTs the bytes to the presigned URL without auth headers, then
        confirms with ``/v1/upload/check``. ``format`` defaults to the path's extension;
        ``on_progress(sent_bytes, total_bytes)`` follows the PUT. Raises ``UploadError`` with
        the server's reason when the bytes are refused or the stored file is rejected.
        """
        return self._run(self._upload(source, format, on_progress))

    def submit(
        self, kind: str, body: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> TaskRef:
        """Submit a task of ``kind`` (a ``TaskKind``) with its TopView body (camelCase keys).

        One ``Idempotency-Key`` (generated unless given) is sent on every retry of this call.
        """
        return self._run(self._submit(kind, body, idempotency_key))

    def query(self, kind: str | None, task_id: str) -> TaskResult:
        """A task's current state; ``kind=None`` asks ShopReel's ``/v1/task/query``."""
        return self._run(self._query(kind, task_id))

    def cancel(self, task_id: str) -> TaskRef:
        """Cancel a task (ShopReel extension); it then reports ``fail`` with ``canceled``."""
        return self._run(self._cancel(task_id))

    def wait(
        self,
        kind: str | None,
        task_id: str,
        *,
        poll_s: float = 3.0,
        timeout_s: float | None = None,
        on_progress: ProgressCallback | None = None,
        raise_on_fail: bool = False,
    ) -> TaskResult:
        """Poll until the task is ``success`` or ``fail`` and return its final state.

        ``on_progress`` gets each state whose status or progress changed. Raises
        ``TaskTimeoutError`` (a ``TimeoutError``) past ``timeout_s``, and ``TaskFailedError`` on
        ``fail`` when ``raise_on_fail``.
        """
        flow = self._wait(
            kind,
            task_id,
            poll_s=poll_s,
            timeout_s=timeout_s,
            on_progress=on_progress,
            raise_on_fail=raise_on_fail,
        )
        return self._run(flow)

    def scrape(
        self,
        product_link: str,
        *,
        notice_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> TaskRef:
        """Submit a scraper task for a product page."""
        return self._run(self._scrape(product_link, notice_url, idempotency_key))

    def get_scrape(self, task_id: str) -> ScrapeResult:
        """A scraper task's product, typed."""
        return self._run(self._get_scrape(task_id))

    def voices(self, **filters: object) -> Any:
        """``/v1/voice/query`` (paged); filters in snake_case or camelCase, e.g. ``page_no=2``."""
        return self._run(self._catalog("/v1/voice/query", filters))

    def captions(self) -> Any:
        """``/v1/caption/list``: ``[{captionId, thumbnail}]``."""
        return self._run(self._catalog("/v1/caption/list", {}))

    def aiavatars(self, **filters: object) -> Any:
        """``/v1/aiavatar/query`` (paged); list filters are sent comma-separated."""
        return self._run(self._catalog("/v1/aiavatar/query", filters))

    def check_notice_url(self, url: str) -> bool:
        """Whether the server could deliver a test notice to ``url`` and got the required reply."""
        return self._run(self._check_notice_url(url))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ShopReel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
