"""A fake ShopReel behind ``httpx.MockTransport``: the documented envelope, codes and upload flow.

It keeps every request it saw, so tests assert on what the SDK sent; ``interrupt`` makes the
next answers to a path fail (an error response, or a connection error) to exercise retries.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from shopreel.client import TaskKind, route_for

API_KEY = "sk-test"
UID = "uid-test"
BASE_URL = "http://shopreel.test"
BLOB_HOST = "http://blobs.test"
FORMATS = ("mp4", "mov", "avi", "png", "jpg", "jpeg", "bmp", "webp", "mp3", "wav", "m4a")

Answer = Callable[[httpx.Request], httpx.Response]


def envelope(result: Any = None, *, code: str = "200", message: str = "Success", status: int = 200,
             headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"code": code, "message": message, "result": result if code == "200" else None}
    return httpx.Response(status, json=body, headers=headers)


def busy(retry_after: str | None = "2", *, status: int = 200) -> Answer:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return lambda _: envelope(code="5003", message="Server is busy, please try again later!",
                              status=status, headers=headers)


def connection_refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@dataclass
class FakeTask:
    kind: str
    body: dict[str, Any]
    # (status, progress) seen by successive polls; the last one repeats.
    states: deque[tuple[str, int]] = field(
        default_factory=lambda: deque([("init", 0), ("running", 40), ("running", 80), ("success", 100)])
    )
    error_msg: str | None = None

    def poll(self) -> tuple[str, int]:
        return self.states.popleft() if len(self.states) > 1 else self.states[0]


class FakeServer:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.files: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, FakeTask] = {}
        self.idempotency: dict[str, str] = {}
        self.reject_uploads: str | None = None
        self.max_upload_bytes = 10_000_000
        self.scrape_result: dict[str, Any] = {
            "productLink": "https://shop.example/p/1",
            "productName": "Ceramic mug",
            "productDescription": "A mug that keeps coffee warm.",
            "productImages": [{"fileId": "f-img", "fileName": "mug.jpg", "fileType": "image",
                               "fileUrl": "http://blobs.test/mug.jpg", "format": "jpg"}],
            "productVideos": [],
            "price": 12.5, "currency": "EUR", "brand": "Mugs & Co",
        }
        self._interruptions: dict[str, deque[Answer]] = defaultdict(deque)
        self._ids = itertools.count(1)
        self._queries = {route_for(kind).query: kind for kind in TaskKind}
        self._submits = {route_for(kind).submit: kind for kind in TaskKind}

    def interrupt(self, path: str, *answers: Answer) -> None:
        """Answer the next requests to ``path`` with ``answers``, one each, before behaving."""
        self._interruptions[path].extend(answers)

    def sent(self, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == path]

    def add_task(self, kind: str, **fields: Any) -> str:
        task_id = f"t{next(self._ids)}"
        self.tasks[task_id] = FakeTask(kind, {}, **fields)
        return task_id

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if self._interruptions[path]:
            return self._interruptions[path].popleft()(request)
        if request.url.host == "blobs.test":
            return self._put(request)
        auth = (request.headers.get("Authorization"), request.headers.get("Topview-Uid"))
        if auth != (f"Bearer {API_KEY}", UID):
            return envelope(code="401", message="Unauthorized, need to login again", status=401)
        params = request.url.params
        if path == "/v1/upload/credential":
            return self._credential(params.get("format"))
        if path == "/v1/upload/check":
            file = self.files.get(params.get("fileId", ""))
            if file is None:
                return envelope(code="4004", message="Resource not found!")
            if file.get("rejected"):
                return envelope(False, message=file["rejected"])
            return envelope("body" in file)
        if path in self._submits:
            return self._submit(self._submits[path], request)
        if path in self._queries or path == "/v1/task/query":
            task_id = params.get("taskId", "")
            task = self.tasks.get(task_id)
            if task is None or (path != "/v1/task/query" and self._queries[path] != task.kind):
                return envelope(code="4004", message="Resource not found!")
            return envelope(self._query(task_id, task, generic=path == "/v1/task/query"))
        if path == "/v1/task/cancel":
            task_id = json.loads(request.content)["taskId"]
            if task_id not in self.tasks:
                return envelope(code="4004", message="Resource not found!")
            self.tasks[task_id].states = deque([("fail", 40)])
            self.tasks[task_id].error_msg = "canceled"
            return envelope({"taskId": task_id, "status": "fail", "errorMsg": "canceled"})
        if path == "/v1/caption/list":
            return envelope([{"captionId": "c1", "thumbnail": "http://blobs.test/c1.png"}])
        if path in ("/v1/voice/query", "/v1/aiavatar/query"):
            return envelope({"total": 0, "pageNo": int(params.get("pageNo", 1)), "pageSize": 20,
                             "data": [], "echo": dict(params)})
        if path == "/notice/notice_url/check":
            url = json.loads(request.content)["noticeUrl"]
            ok = url.startswith("https://")
            return envelope(ok, message="Success" if ok else "endpoint did not reply as required")
        return envelope(code="4004", message="Resource not found!", status=404)

    def _credential(self, format: str | None) -> httpx.Response:
        if not format:
            return envelope(code="4003", message="Required parameter cannot be null")
        if format not in FORMATS:
            return envelope(code="4000", message=f"format must be one of {', '.join(FORMATS)}")
        file_id = f"file{next(self._ids)}"
        self.files[file_id] = {"format": format}
        return envelope({"fileId": file_id, "uploadUrl": f"{BLOB_HOST}/upload/{file_id}?sig=abc&exp=9",
                         "fileName": f"{file_id}.{format}", "format": format})

    def _put(self, request: httpx.Request) -> httpx.Response:
        file_id = request.url.path.rsplit("/", 1)[-1]
        if request.method != "PUT" or request.url.params.get("sig") != "abc" or file_id not in self.files:
            return httpx.Response(403, text="<Error><Code>SignatureDoesNotMatch</Code></Error>")
        if len(request.content) > self.max_upload_bytes:
            return envelope(code="4000", message="file is larger than the 10 MB limit", status=413)
        if self.reject_uploads:
            self.files[file_id]["rejected"] = self.reject_uploads
        self.files[file_id].update(body=request.content, content_type=request.headers.get("Content-Type"))
        return httpx.Response(200)

    def _submit(self, kind: str, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("Idempotency-Key")
        if key in self.idempotency:
            task_id = self.idempotency[key]
        else:
            task_id = self.add_task(kind)
            self.tasks[task_id].body = json.loads(request.content)
            if key:
                self.idempotency[key] = task_id
        notice = self.tasks[task_id].body.get("noticeUrl")
        return envelope({"taskId": task_id, "status": "success", "errorMsg": None,
                         "noticeUuid": f"n-{task_id}" if notice else None})

    def _query(self, task_id: str, task: FakeTask, *, generic: bool) -> dict[str, Any]:
        status, progress = task.poll()
        status_key = "taskStatus" if task.kind == TaskKind.PRODUCT_AVATAR_REPLACE else "status"
        result: dict[str, Any] = {"taskId": task_id, status_key: status, "errorMsg": task.error_msg,
                                  "progress": progress}
        if task.kind == TaskKind.SCRAPER and status == "success":
            result.update(self.scrape_result)
        if not generic:
            return result
        return {"taskId": task_id, "taskType": task.kind, "status": status, "progress": progress,
                "errorMsg": task.error_msg, "createTime": 1, "updateTime": 2, "result": result}


class Sleeps(list[float]):
    """Records the waits the client asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.append(seconds)
