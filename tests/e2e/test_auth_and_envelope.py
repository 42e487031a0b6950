"""The wire contract every endpoint shares: auth, envelope, codes, unknown routes, docs."""

from __future__ import annotations

import httpx

from tests.support import png_bytes


def test_missing_key_and_wrong_uid_answer_code_401_with_http_200_like_topview(server):
    """The official TopView client raises on any HTTP error before it reads the body, yet maps
    the envelope code "401" to "log in again": api.topview.ai answers HTTP 200 + "401"."""
    plain = httpx.get(f"{server.base_url}/v1/upload/credential", params={"format": "png"})
    assert plain.status_code == 200 and plain.json()["code"] == "401" and plain.json()["result"] is None
    wrong_uid = httpx.get(
        f"{server.base_url}/v1/upload/credential", params={"format": "png"},
        headers={"Authorization": f"Bearer {server.credentials.api_key}", "Topview-Uid": "someoneelse"},
    )
    assert wrong_uid.status_code == 200 and wrong_uid.json()["code"] == "401"
    wrong_key = httpx.get(
        f"{server.base_url}/v1/upload/credential", params={"format": "png"},
        headers={"Authorization": "Bearer sk-nope", "Topview-Uid": server.credentials.uid},
    )
    assert wrong_key.status_code == 200 and wrong_key.json()["code"] == "401"


def test_revoked_key_stops_working(server):
    from shopreel.store.users import create_key, revoke_key

    db = server.app.state.runtime.db
    extra = create_key(db, server.credentials.uid)
    with server.client(extra) as client:
        assert client.get("/v1/upload/credential", params={"format": "png"}).json()["code"] == "200"
        revoke_key(db, extra.api_key)
        assert client.get("/v1/upload/credential", params={"format": "png"}).json()["code"] == "401"


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


def test_doubled_slashes_are_served_like_single_ones(server):
    with server.client() as client:
        for path in ("//v1/caption/list", "/v1//caption/list", "//v1/voice/query?pageSize=2"):
            answer = httpx.get(f"{server.base_url}{path}", headers=server.headers)
            assert answer.status_code == 200 and answer.json()["code"] == "200", path
        assert httpx.get(f"{server.base_url}//v1/caption/list", headers=server.headers).json()["result"] == \
            client.get("/v1/caption/list").json()["result"]


def test_bodies_that_cannot_be_read_answer_4001(server):
    with server.client() as client:
        for body in (b'{"productLink": "\xff\xfe"}', b"[" * 100_000):
            answer = client.post("/v1/scraper/task/submit", content=body, headers={"Content-Type": "application/json"})
            assert answer.status_code == 200 and answer.json()["code"] == "4001", answer.text[:200]


def test_lists_take_pagenum_and_clamp_a_large_pagesize(server):
    with server.client() as client:
        first = client.get("/v1/voice/query", params={"pageNo": 2, "pageSize": 3}).json()["result"]
        same = client.get("/v1/voice/query", params={"pageNum": 2, "pageSize": 3}).json()["result"]
        assert same == first and same["pageNo"] == 2
        big = client.get("/v1/voice/query", params={"pageSize": 500}).json()
        assert big["code"] == "200" and big["result"]["pageSize"] == 100 and len(big["result"]["data"]) == 100
        for path, params in (("/v1/product_avatar/public_avatar/query", {}), ("/v1/aiavatar/query", {}),
                             ("/v1/ethnicity/list", {"scene": "video_avatar"}),
                             ("/v1/product_anyShoot/template/list", {})):
            answer = client.get(path, params={**params, "pageNum": 1, "pageSize": 1000}).json()
            assert answer["code"] == "200" and answer["result"]["pageSize"] == 100, path


def test_routes_this_server_does_not_offer_say_so_with_4006(server):
    from shopreel.api.unsupported import UNSUPPORTED

    with server.client() as client:
        for feature in UNSUPPORTED:
            for method, path in feature.routes:
                answer = client.request(method, path, json={} if method == "POST" else None)
                assert answer.status_code == 200 and answer.json()["code"] == "4006", (method, path)
                assert "not offered by this ShopReel server" in answer.json()["message"]
        assert client.post("/v1/common_task/text2image/task/submitt", json={}).json()["code"] == "4004"
    unauthenticated = httpx.post(f"{server.base_url}/v1/common_task/text2video/task/submit", json={})
    assert unauthenticated.json()["code"] == "401"


def test_hostile_inputs_get_business_codes_not_500s(server):
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
        path = f"{server.base_url}/files/u/{ticket['fileId']}.png"  # ShopReel's own signed-URL route
        for query in ("expires=%C2%B2&signature=x", "expires=9999999999&signature=%C3%A9", "expires=&signature="):
            answer = httpx.put(f"{path}?{query}", content=b"x")
            assert answer.status_code == 401 and answer.json()["code"] == "401", query
        for link in (f"http://{'a' * 64}.example/p", "http://a..example/p"):
            for body in ({"productLink": link}, {"productLink": "http://shop.example/p", "noticeUrl": link}):
                answer = client.post("/v1/scraper/task/submit", json=body)
                assert answer.status_code == 200 and answer.json()["code"] == "4000", body
        lone = b'{"productLink": "http://shop.example/\\ud800"}'
        answer = client.post("/v1/scraper/task/submit", content=lone, headers={"Content-Type": "application/json"})
        assert answer.status_code == 200 and answer.json()["code"] == "4000"
        assert "productLink" in answer.json()["message"] and "unicode" in answer.json()["message"].lower()
        tts = b'{"aiAvatarId": "x", "ttsText": "Hi \\udc00 there"}'
        answer = client.post("/v1/video_avatar/task/submit", content=tts, headers={"Content-Type": "application/json"})
        assert answer.json()["code"] in ("4000", "4004")


def test_request_bodies_and_text_fields_have_limits(server):
    limit = server.settings.max_request_bytes
    with server.client() as client:
        big = b'{"productLink": "http://shop.example/' + b"a" * limit + b'"}'
        for headers, content in (({"Content-Type": "application/json"}, big),
                                 ({"Content-Type": "application/json"}, iter([big[:1000], big[1000:]]))):
            answer = client.post("/v1/scraper/task/submit", content=content, headers=headers)
            assert answer.status_code == 413 and answer.json()["code"] == "4000"
            assert str(limit) in answer.json()["message"]
        image = server.upload(client, png_bytes(), "png")
        long_prompt = client.post("/v1/common_task/image2video/submit", json={
            "imageFileId": image, "duration": 5, "mode": "lite", "prompt": "zoom in " * 300}).json()
        assert long_prompt["code"] == "4000" and "prompt" in long_prompt["message"] and "2000" in long_prompt["message"]
        many = client.post("/v1/m2v/task/submit", json={
            "fileIds": [image] * 10_000, "productName": "Mug", "productDescription": "A mug"}).json()
        assert many["code"] == "4000" and "fileIds" in many["message"] and "20" in many["message"]


def test_metrics_can_require_a_token(tmp_path):
    from tests.support import live_server, test_settings

    with live_server(test_settings(tmp_path, metrics_token="s3cret")) as server:
        assert httpx.get(f"{server.base_url}/metrics").status_code == 401
        assert httpx.get(f"{server.base_url}/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        scraped = httpx.get(f"{server.base_url}/metrics", headers={"Authorization": "Bearer s3cret"})
        assert scraped.status_code == 200 and "shopreel_http_requests_total" in scraped.text
