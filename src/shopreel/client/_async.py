"""The asyncio (or trio) client: the same operations as ``ShopReel``, awaited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any

import anyio
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

__all__ = ["AsyncShopReel"]


class AsyncShopReel(_ClientBase):
    """The async twin of ``ShopReel``: same arguments, same methods (see there), awaited.

    ``sleep`` is awaited for backoff and polling waits (default ``anyio.sleep``).
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
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] = anyio.sleep,
    ) -> None:
        http = httpx.AsyncClient(transport=transport, **self._http_options(base_url, timeout))
        super().__init__(
            http, api_key=api_key, uid=uid, max_retries=max_retries, backoff_s=backoff_s
        )
        self._http: httpx.AsyncClient = http
        self._sleep = sleep

    async def _run(self, flow: Flow[T]) -> T:
        steps = _Steps(flow)
        for op in steps:
            if isinstance(op, _Sleep):
                await self._sleep(op.seconds)
                continue
            try:
                steps.reply(await self._http.send(op.request))
            except httpx.TransportError as exc:
                steps.fail(exc)
        return steps.value

    async def upload_credential(self, format: str) -> UploadCredential:
        return await self._run(self._upload_credential(format))

    async def upload(
        self,
        source: UploadSource,
        *,
        format: str | None = None,
        on_progress: UploadProgressCallback | None = None,
    ) -> str:
        return await self._run(self._upload(source, format, on_progress))

    async def submit(
        self, kind: str, body: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> TaskRef:
        return await self._run(self._submit(kind, body, idempotency_key))

    async def query(self, kind: str | None, task_id: str) -> TaskResult:
        return await self._run(self._query(kind, task_id))

    async def cancel(self, task_id: str) -> TaskRef:
        return await self._run(self._cancel(task_id))

    async def wait(
        self,
        kind: str | None,
        task_id: str,
        *,
        poll_s: float = 3.0,
        timeout_s: float | None = None,
        on_progress: ProgressCallback | None = None,
        raise_on_fail: bool = False,
    ) -> TaskResult:
        flow = self._wait(
            kind,
            task_id,
            poll_s=poll_s,
            timeout_s=timeout_s,
            on_progress=on_progress,
            raise_on_fail=raise_on_fail,
        )
        return await self._run(flow)

    async def scrape(
        self,
        product_link: str,
        *,
        notice_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> TaskRef:
        return await self._run(self._scrape(product_link, notice_url, idempotency_key))

    async def get_scrape(self, task_id: str) -> ScrapeResult:
        return await self._run(self._get_scrape(task_id))

    async def voices(self, **filters: object) -> Any:
        return await self._run(self._catalog("/v1/voice/query", filters))

    async def captions(self) -> Any:
        return await self._run(self._catalog("/v1/caption/list", {}))

    async def aiavatars(self, **filters: object) -> Any:
        return await self._run(self._catalog("/v1/aiavatar/query", filters))

    async def check_notice_url(self, url: str) -> bool:
        return await self._run(self._check_notice_url(url))

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncShopReel:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
