"""User credit over HTTP: off by default (an unlimited balance, nothing charged); on, a
balance charged at submit, refused with 4100 when short, refunded when a task fails."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.media.scrape import pages
from tests.support import check_documented, live_server, test_settings

SUBMIT, QUERY = "/v1/scraper/task/submit", "/v1/scraper/task/query"
#: A product link nothing listens on: the scraper fails at once.
DEAD_LINK = "http://127.0.0.1:9/p"


def _balance(client: httpx.Client) -> float:
    body = client.get("/user/credit/detail").json()
    assert body["code"] == "200", body
    return body["result"]["remainCredit"]


def _query(client: httpx.Client, task_id: str) -> dict:
    return client.get(QUERY, params={"taskId": task_id}).json()["result"]


def test_credit_detail_says_the_balance_is_unlimited(server):
    with server.client() as client:
        body = client.get("/user/credit/detail").json()
    assert body["code"] == "200", body
    check_documented(server.app, "GET", "/user/credit/detail", body)
    result = body["result"]
    assert result["uid"] == server.credentials.uid
    assert result["creditsEnabled"] is False and result["unlimited"] is True
    # A number a client can compare to any task's cost before it submits.
    assert isinstance(result["remainCredit"], float) and result["remainCredit"] >= 1e6
    assert result["expiredTime"] is None and result["apiKeyMap"] == {}
    assert "unlimited" in body["message"]


def test_credit_detail_needs_credentials(server):
    anonymous = httpx.get(server.base_url + "/user/credit/detail")
    assert anonymous.json()["code"] == "401" and anonymous.json()["result"] is None
    wrong = httpx.get(server.base_url + "/user/credit/detail",
                      headers={"Authorization": "Bearer sk-wrong", "Topview-Uid": server.credentials.uid})
    assert wrong.json()["code"] == "401"


def test_credits_off_charge_nothing(tmp_path):
    settings = test_settings(tmp_path, workers=0, credits_initial_balance=0, credit_cost_scraper=3)
    with live_server(settings) as server, server.client() as client:
        submitted = client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()
        assert submitted["code"] == "200", submitted
        assert _query(client, submitted["result"]["taskId"])["costCredit"] == 0.0


def test_a_submit_is_charged_and_refused_with_4100_once_the_balance_is_short(tmp_path):
    settings = test_settings(tmp_path, workers=0, credits_enabled=True, credits_initial_balance=7,
                             credit_cost_scraper=3)
    with live_server(settings) as server, server.client() as client:
        detail = client.get("/user/credit/detail").json()
        check_documented(server.app, "GET", "/user/credit/detail", detail)
        assert detail["result"]["remainCredit"] == 7.0
        assert detail["result"]["creditsEnabled"] is True and detail["result"]["unlimited"] is False
        first = client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()
        assert first["code"] == "200", first
        assert _balance(client) == 4.0
        result = _query(client, first["result"]["taskId"])
        assert result["costCredit"] == 3.0 and isinstance(result["costCredit"], float)
        assert client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()["code"] == "200"
        short = client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()
        assert short["code"] == "4100" and short["result"] is None
        assert "costs 3 credits" in short["message"] and "balance is 1" in short["message"]
        assert _balance(client) == 1.0
        with server.client(server.new_user()) as other:  # balances are per user
            assert _balance(other) == 7.0


def test_an_idempotent_replay_is_not_charged_again(tmp_path):
    settings = test_settings(tmp_path, workers=0, credits_enabled=True, credits_initial_balance=10,
                             credit_cost_scraper=4)
    with live_server(settings) as server, server.client() as client:
        headers = {"Idempotency-Key": "order-7"}
        first = client.post(SUBMIT, json={"productLink": DEAD_LINK}, headers=headers).json()
        again = client.post(SUBMIT, json={"productLink": DEAD_LINK}, headers=headers).json()
        assert first["code"] == again["code"] == "200" and again["result"] == first["result"]
        assert _balance(client) == 6.0


def test_a_canceled_task_is_refunded_once(tmp_path):
    settings = test_settings(tmp_path, workers=0, credits_enabled=True, credits_initial_balance=5,
                             credit_cost_scraper=2)
    with live_server(settings) as server, server.client() as client:
        task_id = client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()["result"]["taskId"]
        assert _balance(client) == 3.0
        canceled = client.post("/v1/task/cancel", json={"taskId": task_id}).json()
        assert canceled["result"] == {"taskId": task_id, "status": "fail", "errorMsg": "canceled"}
        assert _balance(client) == 5.0
        assert _query(client, task_id)["costCredit"] == 0.0
        assert client.post("/v1/task/cancel", json={"taskId": task_id}).json()["code"] == "4000"
        assert _balance(client) == 5.0


def test_a_failed_task_is_refunded_and_a_successful_one_keeps_its_charge(tmp_path, web):
    settings = test_settings(tmp_path, credits_enabled=True, credits_initial_balance=10, credit_cost_scraper=2)
    link = web.add("/mug", pages.opengraph_only_page(title="Mug", description="A mug.", image_urls=[]))
    with live_server(settings) as server, server.client() as client:
        failing = client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()["result"]["taskId"]
        working = client.post(SUBMIT, json={"productLink": link}).json()["result"]["taskId"]
        assert _balance(client) == 6.0
        failed = server.wait(client, QUERY, failing)
        succeeded = server.wait(client, QUERY, working)
        assert failed["status"] == "fail" and failed["costCredit"] == 0.0
        assert succeeded["status"] == "success" and succeeded["costCredit"] == 2.0
        time.sleep(0.3)  # nothing more happens to a finished task's charge
        assert _balance(client) == 8.0
        generic = client.get("/v1/task/query", params={"taskId": working}).json()["result"]
        assert generic["result"]["costCredit"] == 2.0


def test_concurrent_submits_never_spend_more_than_the_balance(tmp_path):
    settings = test_settings(tmp_path, workers=0, max_unfinished_tasks=100, credits_enabled=True,
                             credits_initial_balance=10, credit_cost_scraper=1)
    with live_server(settings) as server, server.client() as client:
        def submit(_: int) -> str:
            return client.post(SUBMIT, json={"productLink": DEAD_LINK}).json()["code"]

        with ThreadPoolExecutor(max_workers=50) as pool:
            codes = list(pool.map(submit, range(50)))
        assert codes.count("200") == 10 and codes.count("4100") == 40, codes
        assert _balance(client) == 0.0
