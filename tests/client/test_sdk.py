from __future__ import annotations

import asyncio
import time
from collections import deque
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from shopreel.client import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ContentRejectedError,
    InsufficientCreditError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ShopReel,
    ShopReelAPIError,
    TaskFailedError,
    TaskKind,
    TaskResult,
    TaskStatus,
    TaskTimeoutError,
    TooManyTasksError,
    UploadError,
    route_for,
)

from .fake_server import (
    API_KEY,
    BASE_URL,
    UID,
    busy,
    connection_refused,
    envelope,
)

MIME = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "avi": "video/x-msvideo",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
}


def test_api_requests_carry_the_key_and_uid(client, server):
    credential = client.upload_credential("png")

    (request,) = server.requests
    assert request.method == "GET"
    assert request.url.path == "/v1/upload/credential"
    assert request.url.params["format"] == "png"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["Topview-Uid"] == UID
    assert credential.file_id in server.files
    assert credential.upload_url.startswith("http://blobs.test/upload/")
    assert credential.format == "png"


def test_base_url_keeps_its_path_prefix(server):
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return envelope([])

    transport = httpx.MockTransport(handler)
    with ShopReel("https://api.example.com/topview/", api_key="k", uid="u", transport=transport) as c:
        c.captions()

    assert str(seen[0]) == "https://api.example.com/topview/v1/caption/list"


@pytest.mark.parametrize("format", sorted(MIME))
def test_upload_puts_the_raw_bytes_without_auth(client, server, tmp_path, format):
    path = tmp_path / f"clip.{format.upper()}"
    path.write_bytes(b"\x00\x01media bytes")

    file_id = client.upload(path)

    (put,) = [r for r in server.requests if r.method == "PUT"]
    assert "Authorization" not in put.headers and "Topview-Uid" not in put.headers
    assert put.headers["Content-Type"] == MIME[format]
    assert put.headers["Content-Length"] == str(path.stat().st_size)
    assert "Transfer-Encoding" not in put.headers
    assert server.files[file_id]["body"] == path.read_bytes()
    assert [r.url.path for r in server.requests] == [
        "/v1/upload/credential", f"/upload/{file_id}", "/v1/upload/check"
    ]
    assert server.requests[2].url.params["fileId"] == file_id


def test_upload_streams_a_large_file_and_reports_progress(client, server, tmp_path):
    data = bytes(range(256)) * (5 * 1024 + 3)  # a bit over 1.25 MiB: more than one chunk
    path = tmp_path / "big.mp4"
    path.write_bytes(data)
    seen: list[tuple[int, int]] = []

    file_id = client.upload(path, on_progress=lambda sent, total: seen.append((sent, total)))

    assert server.files[file_id]["body"] == data
    assert len(seen) >= 2
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)
    assert seen[-1] == (len(data), len(data))


def test_upload_bytes_needs_a_format(client, server):
    with pytest.raises(ValueError, match="format"):
        client.upload(b"abc")
    assert server.requests == []

    file_id = client.upload(b"RIFF....WAVE", format="wav")
    assert server.files[file_id]["content_type"] == "audio/wav"


def test_upload_of_a_missing_file_sends_nothing(client, server, tmp_path):
    with pytest.raises(FileNotFoundError):
        client.upload(tmp_path / "nope.png")
    assert server.requests == []


def test_rejected_upload_raises_with_the_servers_reason(client, server):
    server.reject_uploads = "content does not decode as an image"

    with pytest.raises(UploadError) as caught:
        client.upload(b"not a png", format="png")

    assert "content does not decode as an image" in caught.value.message


def test_upload_over_the_limit_raises_the_413_message(client, server):
    server.max_upload_bytes = 4

    with pytest.raises(UploadError) as caught:
        client.upload(b"too large", format="png")

    assert caught.value.http_status == 413
    assert caught.value.code == "4000"
    assert caught.value.message == "file is larger than the 10 MB limit"
    assert server.sent("/v1/upload/check") == []


def test_upload_put_answered_with_an_error_envelope_raises(client, server):
    server.interrupt("/upload/file1", lambda _: envelope(code="4000", message="upload URL expired"))

    with pytest.raises(UploadError, match="upload URL expired"):
        client.upload(b"png", format="png")


def test_upload_put_refused_by_s3_raises_with_its_body(client, server):
    s3_error = "<Error><Code>AccessDenied</Code></Error>"
    server.interrupt("/upload/file1", lambda _: httpx.Response(403, text=s3_error))

    with pytest.raises(UploadError) as caught:
        client.upload(b"png", format="png")

    assert caught.value.http_status == 403
    assert "AccessDenied" in caught.value.message


@pytest.mark.parametrize(
    ("code", "http_status", "error"),
    [
        ("401", 401, AuthenticationError),
        ("4000", 200, BadRequestError),
        ("4003", 200, BadRequestError),
        ("4004", 200, NotFoundError),
        ("4007", 200, TooManyTasksError),
        ("4100", 200, InsufficientCreditError),
        ("5000", 500, ServerError),
        ("6001", 200, ContentRejectedError),
        ("4999", 200, ShopReelAPIError),
    ],
)
def test_error_codes_map_to_exception_classes(client, server, code, http_status, error):
    answer = envelope(code=code, message="the reason", status=http_status)
    server.interrupt("/v1/caption/list", lambda _: answer)

    with pytest.raises(error) as caught:
        client.captions()

    assert type(caught.value) is error
    error_seen = caught.value
    assert (error_seen.code, error_seen.message, error_seen.http_status) == (code, "the reason", http_status)


def test_a_wrong_key_is_an_authentication_error(server):
    with ShopReel(BASE_URL, api_key="sk-wrong", uid=UID, transport=httpx.MockTransport(server)) as c:
        with pytest.raises(AuthenticationError):
            c.captions()


def test_an_answer_without_envelope_is_an_error_naming_the_status(client, server):
    server.interrupt("/v1/caption/list", lambda _: httpx.Response(500, html="<h1>Internal Server Error</h1>"))

    with pytest.raises(ServerError) as caught:
        client.captions()

    assert caught.value.code == "500"
    assert "Internal Server Error" in caught.value.message


def test_a_malformed_result_is_a_server_error(client, server):
    server.interrupt("/v1/task/query", lambda _: envelope(None))

    with pytest.raises(ServerError, match="malformed answer: result is NoneType"):
        client.query(None, "t1")


def test_unknown_route_is_not_found(client, server):
    with pytest.raises(NotFoundError):
        client.query(None, "t404")


@pytest.mark.parametrize("http_status", [200, 429])
def test_busy_answers_are_retried_after_retry_after(client, server, sleeps, http_status):
    server.interrupt("/v1/caption/list", busy("2", status=http_status), busy("1", status=http_status))

    assert client.captions() == [{"captionId": "c1", "thumbnail": "http://blobs.test/c1.png"}]

    assert len(server.sent("/v1/caption/list")) == 3
    assert sleeps == [2.0, 1.0]


def test_retry_after_may_be_an_http_date(client, server, sleeps):
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    answer = envelope(code="5003", status=429, headers={"Retry-After": later})
    server.interrupt("/v1/caption/list", lambda _: answer)

    client.captions()

    (seconds,) = sleeps
    assert 25 < seconds <= 30


def test_busy_without_retry_after_backs_off_exponentially(client, server, sleeps):
    server.interrupt("/v1/caption/list", *[busy(None)] * 3)

    client.captions()

    assert len(sleeps) == 3
    for attempt, seconds in enumerate(sleeps):
        assert 0.01 * 2**attempt * 0.5 <= seconds <= 0.01 * 2**attempt


def test_busy_after_every_retry_raises_rate_limited(client, server, sleeps):
    server.interrupt("/v1/caption/list", *[busy("3")] * 4)

    with pytest.raises(RateLimitedError) as caught:
        client.captions()

    assert len(server.sent("/v1/caption/list")) == 4  # the first try and max_retries=3
    assert caught.value.retry_after_s == 3.0
    assert sleeps == [3.0, 3.0, 3.0]


def test_retry_after_beyond_a_minute_is_left_to_the_caller(client, server, sleeps):
    server.interrupt("/v1/caption/list", busy("3600"))

    with pytest.raises(RateLimitedError):
        client.captions()
    assert sleeps == []


def test_connection_errors_are_retried(client, server, sleeps):
    server.interrupt("/v1/voice/query", connection_refused, connection_refused)

    client.voices()

    assert len(server.sent("/v1/voice/query")) == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] * 0.9


def test_connection_errors_past_the_retries_raise_ours(server, sleeps):
    server.interrupt("/v1/voice/query", *[connection_refused] * 5)
    transport = httpx.MockTransport(server)

    with ShopReel(BASE_URL, api_key=API_KEY, uid=UID, transport=transport, sleep=sleeps, max_retries=1) as c:
        with pytest.raises(APIConnectionError) as caught:
            c.voices()

    assert len(server.sent("/v1/voice/query")) == 2
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize("http_status", [502, 503, 504])
def test_gateway_errors_are_retried_for_safe_requests(client, server, http_status):
    server.interrupt("/v1/upload/credential", lambda _: httpx.Response(http_status, text="bad gateway"))

    assert client.upload_credential("mp4").format == "mp4"
    assert len(server.sent("/v1/upload/credential")) == 2


def test_a_notice_check_is_not_resent_after_a_gateway_error(client, server):
    server.interrupt("/notice/notice_url/check", lambda _: httpx.Response(502, text="bad gateway"))

    with pytest.raises(ServerError):
        client.check_notice_url("https://hooks.example.com/topview")
    assert len(server.sent("/notice/notice_url/check")) == 1


def test_a_notice_check_is_not_resent_after_a_dropped_connection(client, server):
    server.interrupt("/notice/notice_url/check", connection_refused)

    with pytest.raises(APIConnectionError):
        client.check_notice_url("https://hooks.example.com/topview")
    assert len(server.sent("/notice/notice_url/check")) == 1


def test_check_notice_url(client):
    assert client.check_notice_url("https://hooks.example.com/topview") is True
    assert client.check_notice_url("http://hooks.example.com/topview") is False


def test_one_submit_keeps_its_idempotency_key_across_retries(client, server):
    path = route_for("m2v").submit
    server.interrupt(path, connection_refused, lambda _: httpx.Response(503))

    ref = client.submit("m2v", {"productLink": "https://shop.example/p/1"})
    client.submit("m2v", {"productLink": "https://shop.example/p/2"})

    keys = [r.headers["Idempotency-Key"] for r in server.sent(path)]
    assert len(keys) == 4
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert ref.task_id in server.tasks and len(server.tasks) == 2


def test_a_given_idempotency_key_is_sent_as_is(client, server):
    body = {"imageFileId": "f1", "duration": 5, "mode": "lite", "generatingCount": 1}

    first = client.submit("image2video", body, idempotency_key="order-17")
    again = client.submit("image2video", body, idempotency_key="order-17")

    assert first == again
    assert [r.headers["Idempotency-Key"] for r in server.requests] == ["order-17", "order-17"]


@pytest.mark.parametrize("kind", list(TaskKind))
def test_every_kind_submits_and_queries_on_its_own_paths(client, server, kind):
    ref = client.submit(kind.value, {"noticeUrl": "https://hooks.example.com/n"})
    result = client.query(kind, ref.task_id)

    assert [r.url.path for r in server.requests] == [route_for(kind).submit, route_for(kind).query]
    assert server.requests[0].method == "POST"
    assert server.tasks[ref.task_id].body == {"noticeUrl": "https://hooks.example.com/n"}
    assert ref.status == "success" and ref.notice_uuid == f"n-{ref.task_id}"
    assert result.task_id == ref.task_id
    assert result.status is TaskStatus.INIT
    assert result.kind == kind.value


def test_product_avatar_replace_status_is_read_from_task_status(client, server):
    task_id = server.add_task(TaskKind.PRODUCT_AVATAR_REPLACE, states=deque([("running", 55)]))

    result = client.query("product_avatar_replace", task_id)

    assert "status" not in result.raw and result.raw["taskStatus"] == "running"
    assert result.status is TaskStatus.RUNNING and result.progress == 55


def test_unknown_kind_is_refused_before_sending(client, server):
    with pytest.raises(ValueError, match="unknown task kind 'avatar4'"):
        client.submit("avatar4", {})
    assert server.requests == []


def test_query_without_kind_reads_the_task_endpoint(client, server):
    task_id = server.add_task(TaskKind.SCRAPER, states=deque([("running", 40)]))

    result = client.query(None, task_id)

    (request,) = server.requests
    assert request.url.path == "/v1/task/query" and request.url.params["taskId"] == task_id
    assert result.kind == "scraper"
    assert (result.status, result.progress) == (TaskStatus.RUNNING, 40)
    assert result.raw["taskId"] == task_id and "taskType" not in result.raw


def test_wait_polls_until_success_reporting_progress(client, server, sleeps):
    task_id = server.add_task(TaskKind.M2V)
    seen: list[tuple[TaskStatus, int | None]] = []

    def on_progress(result: TaskResult) -> None:
        seen.append((result.status, result.progress))

    result = client.wait("m2v", task_id, poll_s=2.0, on_progress=on_progress)

    assert result.status is TaskStatus.SUCCESS and result.done
    assert seen == [("init", 0), ("running", 40), ("running", 80), ("success", 100)]
    assert sleeps == [2.0, 2.0, 2.0]


def test_wait_without_kind_uses_the_task_endpoint(client, server):
    task_id = server.add_task(TaskKind.ANYSHOOT)

    result = client.wait(None, task_id)

    assert result.kind == "anyshoot" and result.status is TaskStatus.SUCCESS
    assert {r.url.path for r in server.requests} == {"/v1/task/query"}


def test_a_failed_task_is_returned_unless_asked_to_raise(client, server):
    task_id = server.add_task(
        TaskKind.VIDEO_AVATAR,
        states=deque([("running", 20), ("fail", 30)]),
        error_msg="no face found in the video",
    )

    result = client.wait("video_avatar", task_id)
    assert result.status is TaskStatus.FAIL and result.error_msg == "no face found in the video"

    with pytest.raises(TaskFailedError) as caught:
        client.wait("video_avatar", task_id, raise_on_fail=True)
    assert caught.value.result.error_msg == "no face found in the video"


def test_wait_times_out(server):
    task_id = server.add_task(TaskKind.M2V, states=deque([("running", 10)]))
    transport = httpx.MockTransport(server)
    started = time.monotonic()

    with ShopReel(BASE_URL, api_key=API_KEY, uid=UID, transport=transport) as c:
        with pytest.raises(TimeoutError) as caught:
            c.wait("m2v", task_id, poll_s=0.01, timeout_s=0.05)

    assert isinstance(caught.value, TaskTimeoutError)
    assert caught.value.result is not None and caught.value.result.progress == 10
    assert time.monotonic() - started < 1.0


def test_cancel(client, server):
    task_id = server.add_task(TaskKind.IMAGE2VIDEO)

    ref = client.cancel(task_id)

    assert (ref.task_id, ref.status, ref.error_msg) == (task_id, "fail", "canceled")
    (request,) = server.requests
    assert request.method == "POST" and request.url.path == "/v1/task/cancel"
    assert client.query("image2video", task_id).status is TaskStatus.FAIL


def test_scrape_and_its_typed_result(client, server):
    ref = client.scrape("https://shop.example/p/1", notice_url="https://hooks.example.com/n")
    assert server.tasks[ref.task_id].body == {
        "productLink": "https://shop.example/p/1", "noticeUrl": "https://hooks.example.com/n"
    }
    server.tasks[ref.task_id].states = deque([("success", 100)])

    product = client.get_scrape(ref.task_id)

    assert product.status is TaskStatus.SUCCESS
    assert product.product_name == "Ceramic mug"
    assert (product.price, product.currency, product.brand) == (12.5, "EUR", "Mugs & Co")
    (image,) = product.product_images
    assert (image.file_id, image.file_type, image.format) == ("f-img", "image", "jpg")
    assert product.product_videos == ()


def test_catalog_filters_are_sent_in_camel_case(client, server):
    voices = client.voices(page_no=2, is_custom=False, language="en", gender=None)
    avatars = client.aiavatars(ethnicityIdList=["e1", "e2"], sort_type="desc")

    assert voices["echo"] == {"pageNo": "2", "isCustom": "false", "language": "en"}
    assert avatars["echo"] == {"ethnicityIdList": "e1,e2", "sortType": "desc"}
    assert [r.url.path for r in server.requests] == ["/v1/voice/query", "/v1/aiavatar/query"]


def test_a_closed_client_sends_nothing(server):
    with ShopReel(BASE_URL, api_key=API_KEY, uid=UID, transport=httpx.MockTransport(server)) as c:
        pass
    with pytest.raises(RuntimeError):
        c.captions()
    assert server.requests == []


@pytest.mark.parametrize("bad", [{"api_key": ""}, {"uid": ""}, {"base_url": "ftp://x"}, {"max_retries": -1}])
def test_bad_settings_are_refused(bad):
    options: dict[str, object] = {"base_url": BASE_URL, "api_key": API_KEY, "uid": UID, **bad}
    with pytest.raises(ValueError):
        ShopReel(**options)  # type: ignore[arg-type]


def test_async_client_does_what_the_sync_one_does(make_async_client, server, sleeps, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8 jpeg bytes" * 1000)
    submit_path = route_for("image2video").submit
    server.interrupt(submit_path, busy("1.5"), connection_refused)
    seen: list[int | None] = []

    async def scenario() -> None:
        async with make_async_client() as client:
            file_id = await client.upload(path)
            assert server.files[file_id]["body"] == path.read_bytes()
            assert server.files[file_id]["content_type"] == "image/jpeg"
            ref = await client.submit("image2video", {"imageFileId": file_id, "duration": 5})
            result = await client.wait(
                "image2video", ref.task_id, poll_s=0.5, on_progress=lambda r: seen.append(r.progress)
            )
            assert result.status is TaskStatus.SUCCESS
            with pytest.raises(NotFoundError):
                await client.query("m2v", ref.task_id)
            assert await client.captions() == [{"captionId": "c1", "thumbnail": "http://blobs.test/c1.png"}]
            assert (await client.cancel(ref.task_id)).error_msg == "canceled"

    asyncio.run(scenario())

    (put,) = [r for r in server.requests if r.method == "PUT"]
    assert "Authorization" not in put.headers
    keys = {r.headers["Idempotency-Key"] for r in server.sent(submit_path)}
    assert len(server.sent(submit_path)) == 3 and len(keys) == 1
    assert seen == [0, 40, 80, 100]
    assert sleeps[0] == 1.5 and sleeps[-3:] == [0.5, 0.5, 0.5]


def test_async_upload_rejection_carries_the_servers_reason(make_async_client, server):
    server.reject_uploads = "video has no frames"

    async def scenario() -> None:
        async with make_async_client() as client:
            await client.upload(b"....", format="mp4")

    with pytest.raises(UploadError, match="video has no frames"):
        asyncio.run(scenario())
