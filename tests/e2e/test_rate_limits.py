"""Per-user request rates by route class (api/rate_limits.py), over HTTP like a client.

Every class gets 30 requests a minute with bursts of 2: two requests pass at once, the third
answers 429 + 5003, and a request passes again two seconds later.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from shopreel.api.app import create_app
from shopreel.client import ShopReel
from tests.support import DISTRIBUTED, LiveServer, live_server, test_settings

PER_MIN, BURST = 30, 2
LIMITED = {f"rate_limit_{cls}_{knob}": value for cls in ("submit", "query", "upload", "catalog")
           for knob, value in (("per_min", PER_MIN), ("burst", BURST))}

SUBMIT = "/v1/scraper/task/submit"
PRODUCT = {"productLink": "http://127.0.0.1:9/p"}  # no worker runs: the task only waits

#: One request of each route class, and the code it answers once admitted (the query asks
#: for an unknown task: its handler ran and found nothing).
CALLS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "submit": ("POST", SUBMIT, {"json": PRODUCT}, "200"),
    "query": ("GET", "/v1/task/query", {"params": {"taskId": "f" * 32}}, "4004"),
    "upload": ("GET", "/v1/upload/credential", {"params": {"format": "png"}}, "200"),
    "catalog": ("GET", "/v1/caption/list", {}, "200"),
}
NOUNS = {"submit": "submits", "query": "task queries", "upload": "upload calls", "catalog": "catalog calls"}


@pytest.fixture
def limited(tmp_path) -> Iterator[LiveServer]:
    with live_server(test_settings(tmp_path, workers=0, **LIMITED)) as running:
        yield running


def call(client: httpx.Client | TestClient, route_class: str) -> httpx.Response:
    method, path, options, _ = CALLS[route_class]
    return client.request(method, path, **options)


def assert_admitted(response: httpx.Response, route_class: str) -> None:
    assert response.status_code == 200, response.text
    assert response.json()["code"] == CALLS[route_class][3], response.text


def assert_refused(response: httpx.Response, route_class: str) -> int:
    """The 429 answer's Retry-After, once the answer is checked."""
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["code"] == "5003" and body["result"] is None
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 60 // PER_MIN
    assert body["message"] == (f"Rate limit of {PER_MIN} {NOUNS[route_class]} per minute reached; "
                               f"retry in {retry_after} s")
    return retry_after


def exhaust(client: httpx.Client | TestClient, route_class: str) -> int:
    """Spend the burst of ``route_class``; returns the Retry-After of the request after it."""
    for _ in range(BURST):
        assert_admitted(call(client, route_class), route_class)
    return assert_refused(call(client, route_class), route_class)


def test_a_burst_over_the_rate_answers_429_5003_until_retry_after_has_passed(limited):
    with limited.client() as client:
        retry_after = exhaust(client, "submit")
        assert_refused(call(client, "submit"), "submit")  # a refused request is not counted...
        time.sleep(retry_after)
        assert_admitted(call(client, "submit"), "submit")  # ...so the budget is back on time
        assert_refused(call(client, "submit"), "submit")


def test_each_route_class_has_its_own_budget(limited):
    """Each class passes its whole burst while the classes before it are spent: polling hard
    does not stop a client from submitting, nor a flood of submits from polling."""
    with limited.client() as client:
        for route_class in CALLS:
            exhaust(client, route_class)


def test_one_user_over_the_rate_leaves_the_others_alone(limited):
    with limited.client() as first, limited.client(limited.new_user()) as second:
        exhaust(first, "submit")
        exhaust(second, "submit")


def test_a_rate_of_zero_is_no_limit(tmp_path):
    settings = test_settings(tmp_path, workers=0, **{**LIMITED, "rate_limit_submit_per_min": 0})
    with live_server(settings) as server, server.client() as client:
        for _ in range(3 * BURST):
            assert_admitted(call(client, "submit"), "submit")
        exhaust(client, "query")


@pytest.mark.skipif(not DISTRIBUTED, reason="embedded mode is one API process; set SHOPREEL_TEST_MODE=distributed")
def test_api_processes_on_one_database_share_each_users_budget(limited):
    """A second app on the same PostgreSQL database, like a second `shopreel serve` host:
    a user's requests count against one budget whichever host answers them."""
    other_host = create_app(limited.settings, background=False)
    with limited.client() as first, TestClient(other_host, headers=limited.headers) as second:
        assert_admitted(call(first, "submit"), "submit")
        assert_admitted(call(second, "submit"), "submit")
        assert_refused(call(first, "submit"), "submit")
        retry_after = assert_refused(call(second, "submit"), "submit")
        time.sleep(retry_after)
        assert_admitted(call(second, "submit"), "submit")
        assert_refused(call(first, "submit"), "submit")


def test_the_sdk_waits_retry_after_and_gets_through(limited):
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    with limited.client() as client:
        exhaust(client, "submit")
    credentials = limited.credentials
    with ShopReel(limited.base_url, api_key=credentials.api_key, uid=credentials.uid, sleep=sleep) as sdk:
        ref = sdk.submit("scraper", PRODUCT)
        assert sdk.query("scraper", ref.task_id).status == "init"
    assert slept and all(seconds in (1, 2) for seconds in slept)


def test_the_openapi_document_gives_authenticated_routes_a_429(limited):
    spec = httpx.get(f"{limited.base_url}/openapi.json").json()
    refused = spec["paths"][SUBMIT]["post"]["responses"]["429"]
    assert "5003" in refused["description"] and refused["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    assert "429" in spec["paths"]["/v1/caption/list"]["get"]["responses"]
    assert "429" not in spec["paths"]["/healthz"]["get"]["responses"]
