"""Scraper end to end: product pages served locally, media stored as the user's files,
the callback signed and retried."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.media.scrape import pages
from tests.support import jpeg_bytes, live_server, mp4_bytes, png_bytes, test_settings

QUERY = "/v1/scraper/task/query"


def _serve_images(web, count: int, *, prefix: str, fmt: str = "png") -> tuple[list[str], list[bytes]]:
    urls, blobs = [], []
    for index in range(count):
        data = png_bytes(120, 90, seed=index) if fmt == "png" else jpeg_bytes(120, 90, seed=index)
        content_type = "image/png" if fmt == "png" else "image/jpeg"
        urls.append(web.add(f"/cdn/{prefix}-{index}.{fmt}", data, content_type=content_type))
        blobs.append(data)
    return urls, blobs


def _scrape(server, client, link: str, **extra) -> dict:
    submitted = client.post("/v1/scraper/task/submit", json={"productLink": link, **extra}).json()
    assert submitted["code"] == "200", submitted
    return server.wait(client, QUERY, submitted["result"]["taskId"])


def _assert_media_are(result: dict, expected: list[bytes]) -> None:
    images = result["productImages"]
    assert len(images) == len(expected)
    for item, data in zip(images, expected):
        assert set(item) >= {"fileId", "fileName", "fileType", "fileUrl", "format"}
        assert item["fileType"] == "image"
        assert httpx.get(item["fileUrl"]).content == data


@pytest.mark.parametrize("kind", ["shopify", "woocommerce", "jsonld", "opengraph", "plain"])
def test_each_kind_of_product_page(server, web, kind):
    urls, blobs = _serve_images(web, 3, prefix=kind, fmt="jpg" if kind == "woocommerce" else "png")
    name, description = f"Aurora {kind} Serum", "A light serum with vitamin C & hyaluronic acid."
    if kind == "shopify":
        html = pages.shopify_page(title=name, description_html=f"<p>{description}</p>", vendor="Lumi",
                                  price_cents=2499, image_urls=urls)
    elif kind == "woocommerce":
        html = pages.woocommerce_page(title=name, description_html=f"<p>{description}</p>", price="24.99",
                                      currency="EUR", brand="Lumi", image_urls=urls)
    elif kind == "jsonld":
        html = pages.jsonld_only_page(name=name, description=description, price="24.99", currency="USD",
                                      brand="Lumi", image_urls=urls)
    elif kind == "opengraph":
        html = pages.opengraph_only_page(title=name, description=description, image_urls=urls)
    else:
        html = pages.plain_html_page(title=name, description=description, image_urls=urls)
    link = web.add(f"/products/{kind}", html)
    with server.client() as client:
        result = _scrape(server, client, link)
    assert result["status"] == "success", result
    assert result["productLink"] == link
    assert result["productName"] == name
    assert result["productDescription"] == description
    _assert_media_are(result, blobs)
    if kind in ("shopify", "woocommerce", "jsonld"):
        assert result["price"] == "24.99" and result["brand"] == "Lumi"


def test_product_video_and_duplicate_images_are_stored_once(server, web):
    urls, blobs = _serve_images(web, 2, prefix="dup")
    same_bytes_other_url = web.add("/cdn/dup-copy.png", blobs[0], content_type="image/png")
    clip_bytes = mp4_bytes()  # made once: two x264 runs on the same frames may differ by a byte
    video = web.add("/cdn/demo.mp4", clip_bytes, content_type="video/mp4")
    html = pages.jsonld_only_page(name="Mug", description="A mug.", price="9.00", currency="USD", brand="Cup",
                                  image_urls=[*urls, same_bytes_other_url], video_url=video)
    link = web.add("/products/mug", html)
    with server.client() as client:
        result = _scrape(server, client, link)
    assert result["status"] == "success", result
    _assert_media_are(result, blobs)
    [clip] = result["productVideos"]
    assert clip["fileType"] == "video" and clip["format"] == "mp4"
    assert httpx.get(clip["fileUrl"]).content == clip_bytes


def test_scraped_files_belong_to_the_user_and_work_as_file_ids(server, web):
    urls, _ = _serve_images(web, 1, prefix="own")
    link = web.add("/products/own", pages.opengraph_only_page(title="T", description="D", image_urls=urls))
    with server.client() as client:
        result = _scrape(server, client, link)
        file_id = result["productImages"][0]["fileId"]
        assert client.get("/v1/upload/check", params={"fileId": file_id}).json()["result"] is True
    with server.client(server.new_user()) as other:
        assert other.get(QUERY, params={"taskId": result["taskId"]}).json()["code"] == "4004"
        assert other.get("/v1/upload/check", params={"fileId": file_id}).json()["code"] == "4004"


def test_page_without_a_product_fails_with_a_reason(server, web):
    link = web.add("/empty", "<html><body>nothing here</body></html>")
    missing = web.base_url + "/gone"
    with server.client() as client:
        empty = _scrape(server, client, link)
        gone = _scrape(server, client, missing)
    assert empty["status"] == "fail" and "no product" in empty["errorMsg"]
    assert gone["status"] == "fail" and "404" in gone["errorMsg"]


def test_submit_errors(server):
    with server.client() as client:
        assert client.post("/v1/scraper/task/submit", json={}).json()["code"] == "4003"
        assert client.post("/v1/scraper/task/submit", json={"productLink": "  "}).json()["code"] == "4003"
        assert client.post("/v1/scraper/task/submit", json={"productLink": "file:///etc/passwd"}).json()["code"] == "4000"
        assert client.get(QUERY, params={"taskId": "0" * 32}).json()["code"] == "4004"
        assert client.get(QUERY).json()["code"] == "4003"


def test_loopback_and_metadata_links_are_refused_by_default(tmp_path):
    with live_server(test_settings(tmp_path, allow_private_urls=False)) as server, server.client() as client:
        for link in ("http://127.0.0.1:8000/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
                     "http://10.0.0.8/p", "http://localhost/p"):
            body = client.post("/v1/scraper/task/submit", json={"productLink": link}).json()
            assert body["code"] == "4000", (link, body)
            assert "private" in body["message"]
        notice = client.post("/v1/scraper/task/submit",
                             json={"productLink": "https://93.184.215.14/p", "noticeUrl": "http://127.0.0.1/cb"}).json()
        assert notice["code"] == "4000" and "noticeUrl" in notice["message"]


def test_callback_is_signed_and_retried_until_acknowledged(server, web):
    urls, _ = _serve_images(web, 1, prefix="cb")
    link = web.add("/products/cb", pages.opengraph_only_page(title="Lamp", description="A lamp.", image_urls=urls))
    attempts: list = []

    def receiver(request):
        attempts.append(request)
        if len(attempts) <= 2:
            return 500, {"Content-Type": "text/plain"}, b"try later"
        reply = {"code": "200", "message": "Success",
                 "result": {"uuid": json.loads(request.body)["uuid"], "topviewUid": server.credentials.uid,
                            "result": "success"}}
        return 200, {"Content-Type": "application/json"}, json.dumps(reply).encode()

    notice_url = web.add_responder("/callback", receiver)
    with server.client() as client:
        submitted = client.post("/v1/scraper/task/submit", json={"productLink": link, "noticeUrl": notice_url}).json()
        task_id, notice_uuid = submitted["result"]["taskId"], submitted["result"]["noticeUuid"]
        result = server.wait(client, QUERY, task_id)
    deadline = time.monotonic() + 15
    while len(attempts) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.8)  # a fourth attempt would come within the 0.2 s schedule
    assert len(attempts) == 3
    webhook = Webhook(server.credentials.webhook_secret)
    for request in attempts:
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert headers["topview-uid"] == server.credentials.uid
        assert headers["webhook-id"] == notice_uuid
        payload = webhook.verify(request.body, headers)
        assert payload["uuid"] == notice_uuid and payload["taskId"] == task_id
        assert payload["bizType"] == "SCRAPER" and payload["status"] == "success"
        assert payload["result"]["productName"] == result["productName"] == "Lamp"
    db = server.app.state.runtime.db
    from shopreel.store.models import Notice, NoticeAttempt

    with db.reader() as session:
        notice = session.get(Notice, notice_uuid)
        recorded = session.query(NoticeAttempt).filter_by(notice_uuid=notice_uuid).count()
    assert notice.status == "delivered" and notice.attempts == 3 and recorded == 3


def test_notice_url_check(server, web):
    good = web.add_responder("/ok", lambda r: (200, {"Content-Type": "application/json"},
                                                 json.dumps({"code": "200", "message": "Success", "result": {}}).encode()))
    bad = web.add_responder("/bad", lambda r: (200, {"Content-Type": "application/json"},
                                                 json.dumps({"code": "500", "message": "no"}).encode()))
    with server.client() as client:
        yes = client.post("/notice/notice_url/check", params={"noticeUrl": good}).json()
        assert yes["code"] == "200" and yes["result"] is True
        no = client.post("/notice/notice_url/check", json={"noticeUrl": bad}).json()
        assert no["code"] == "200" and no["result"] is False and "500" in no["message"]
        assert client.post("/notice/notice_url/check").json()["code"] == "4003"
    [probe] = web.received("/ok")
    assert json.loads(probe.body)["bizType"] == "CHECK"


def test_need_cloudfront_url_uses_the_cdn_base(tmp_path, web):
    settings = test_settings(tmp_path, cdn_base_url="https://cdn.shop.test")
    urls, _ = _serve_images(web, 1, prefix="cdn")
    link = web.add("/products/cdn", pages.opengraph_only_page(title="Cup", description="A cup.", image_urls=urls))
    with live_server(settings) as server, server.client() as client:
        result = _scrape(server, client, link)
        plain = result["productImages"][0]["fileUrl"]
        cdn = client.get(QUERY, params={"taskId": result["taskId"], "needCloudFrontUrl": "true"}).json()
        url = cdn["result"]["productImages"][0]["fileUrl"]
    assert url.startswith("https://cdn.shop.test/") and url.endswith(".png") and "?" not in url
    assert not plain.startswith("https://cdn.shop.test/")
