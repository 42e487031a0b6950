from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import LiveServer, WebServer, live_server, test_settings, web_server


@pytest.fixture
def server(tmp_path) -> Iterator[LiveServer]:
    with live_server(test_settings(tmp_path)) as running:
        yield running


@pytest.fixture
def web() -> Iterator[WebServer]:
    with web_server() as running:
        yield running
