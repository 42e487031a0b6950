"""User credit over HTTP: credits are off, so the balance says it is unlimited."""

from __future__ import annotations

import httpx

from tests.support import check_documented


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
