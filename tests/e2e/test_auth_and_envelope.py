"""The wire contract every endpoint shares: auth, envelope, codes, unknown routes, docs."""

from __future__ import annotations

import httpx


def test_missing_key_and_wrong_uid_answer_401(server):
    plain = httpx.get(f"{server.base_url}/v1/upload/credential", params={"format": "png"})
    assert plain.status_code == 401 and plain.json()["code"] == "401" and plain.json()["result"] is None
    wrong_uid = httpx.get(
        f"{server.base_url}/v1/upload/credential", params={"format": "png"},
        headers={"Authorization": f"Bearer {server.credentials.api_key}", "Topview-Uid": "someoneelse"},
    )
    assert wrong_uid.status_code == 401 and wrong_uid.json()["code"] == "401"
    wrong_key = httpx.get(
        f"{server.base_url}/v1/upload/credential", params={"format": "png"},
        headers={"Authorization": "Bearer sk-nope", "Topview-Uid": server.credentials.uid},
    )
    assert wrong_key.status_code == 401


def test_revoked_key_stops_working(server):
    from shopreel.store.users import create_key, revoke_key

    db = server.app.state.runtime.db
    extra = create_key(db, server.credentials.uid)
    with server.client(extra) as client:
        assert client.get("/v1/upload/credential", params={"format": "png"}).json()["code"] == "200"
        revoke_key(db, extra.api_key)
        assert client.get("/v1/upload/credential", params={"format": "png"}).status_code == 401


def test_unknown_route_is_404_4004_and_bad_json_is_4001(server):
    with server.client() as client:
        missing = client.get("/v1/no/such/route")
        assert missing.status_code == 404 and missing.json()["code"] == "4004"
        bad = client.post("/v1/scraper/task/submit", content=b"{not json", headers={"Content-Type": "application/json"})
        assert bad.status_code == 200 and bad.json()["code"] == "4001"
        wrong_type = client.post("/v1/scraper/task/submit", json={"productLink": ["a", "list"]})
        assert wrong_type.json()["code"] == "4000"


def test_healthz_metrics_and_openapi(server):
    assert httpx.get(f"{server.base_url}/healthz").json()["status"] == "ok"
    with server.client() as client:
        client.get("/v1/upload/credential", params={"format": "png"})
    metrics = httpx.get(f"{server.base_url}/metrics").text
    assert 'shopreel_http_requests_total{method="GET",route="/v1/upload/credential",status="200"}' in metrics
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    assert "/v1/scraper/task/submit" in spec["paths"] and "/v1/upload/check" in spec["paths"]
    assert httpx.get(f"{server.base_url}/docs").status_code == 200
