"""Fixtures: a fake server, a recorder of waits, and clients wired to both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from shopreel.client import AsyncShopReel, ShopReel

from .fake_server import API_KEY, BASE_URL, UID, FakeServer, Sleeps


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(server: FakeServer, sleeps: Sleeps) -> Iterator[ShopReel]:
    transport = httpx.MockTransport(server)
    options = {"transport": transport, "sleep": sleeps, "backoff_s": 0.01}
    with ShopReel(BASE_URL, api_key=API_KEY, uid=UID, **options) as c:
        yield c


@pytest.fixture
def make_async_client(server: FakeServer, sleeps: Sleeps) -> Callable[..., AsyncShopReel]:
    def make(**options: Any) -> AsyncShopReel:
        transport = httpx.MockTransport(server)
        return AsyncShopReel(
            BASE_URL,
            api_key=API_KEY,
            uid=UID,
            transport=transport,
            sleep=sleeps.asleep,
            backoff_s=0.01,
            **options,
        )

    return make
