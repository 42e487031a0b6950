"""Signing in to the Studio over HTTP: a sign-in link trades once, without credentials, for
a new API key of its user that works on the API; a used, expired or made-up link answers
code 401 saying how to get a new one."""

from __future__ import annotations

import httpx

from shopreel.store.studio_links import issue_link
from tests.support import check_documented

SESSION = "/studio/session"


def test_a_link_signs_in_once(server):
    db = server.app.state.runtime.db
    token = issue_link(db, server.credentials.uid)
    with httpx.Client(base_url=server.base_url, timeout=30) as anonymous:  # no credentials at all
        signed_in = anonymous.post(SESSION, json={"link": token})
        body = signed_in.json()
        check_documented(server.app, "POST", SESSION, body)
        assert body["code"] == "200" and body["result"]["uid"] == server.credentials.uid, body
        assert signed_in.headers["cache-control"] == "no-store"
        key = body["result"]["apiKey"]
        assert key.startswith("sk-") and key != server.credentials.api_key

        # The key works like any other on the API.
        headers = {"Authorization": f"Bearer {key}", "Topview-Uid": body["result"]["uid"]}
        assert anonymous.get("/v1/task/list", headers=headers).json()["code"] == "200"

        again = anonymous.post(SESSION, json={"link": token})
        expired = anonymous.post(SESSION, json={"link": issue_link(db, server.credentials.uid, ttl_s=0)})
        made_up = anonymous.post(SESSION, json={"link": "x" * 43})
        for refused in (again, expired, made_up):
            assert refused.status_code == 200 and refused.json()["code"] == "401", refused.text
            assert refused.json()["result"] is None
            assert "expired or was already used" in refused.json()["message"]
            assert "shopreel studio-link" in refused.json()["message"]
        assert anonymous.post(SESSION, json={}).json()["code"] == "4003"
        broken = anonymous.post(SESSION, content=b"{", headers={"Content-Type": "application/json"})
        assert broken.json()["code"] == "4001"
