"""Typed, frozen views of the results users read most.

Each record keeps to what the wire carries and parses leniently (``from_result``), so the same
classes read answers from api.topview.ai, from ShopReel, and the ``result`` of a callback body.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = [
    "TaskStatus",
    "UploadCredential",
    "TaskRef",
    "TaskResult",
    "ScrapedMedia",
    "ScrapeResult",
]


class TaskStatus(StrEnum):
    INIT = "init"
    RUNNING = "running"
    SUCCESS = "success"
    FAIL = "fail"

    @property
    def done(self) -> bool:
        return self in (TaskStatus.SUCCESS, TaskStatus.FAIL)

    @classmethod
    def parse(cls, value: object) -> TaskStatus:
        """Read a wire status; ``failed`` (seen in some clients) is ``fail``, anything else unknown
        is treated as still running so that pollers keep going."""
        if value is None or value == "":
            return cls.INIT
        text = str(value).strip().lower()
        if text == "failed":
            return cls.FAIL
        try:
            return cls(text)
        except ValueError:
            return cls.RUNNING


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def _number(value: object) -> float | None:
    try:
        return None if value is None or value == "" else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _progress(value: object) -> int | None:
    number = _number(value)
    return None if number is None else min(100, max(0, round(number)))


@dataclass(frozen=True)
class UploadCredential:
    file_id: str
    upload_url: str
    file_name: str
    format: str

    @classmethod
    def from_result(cls, data: Mapping[str, Any]) -> UploadCredential:
        return cls(
            file_id=str(data["fileId"]),
            upload_url=str(data["uploadUrl"]),
            file_name=str(data.get("fileName") or ""),
            format=str(data.get("format") or ""),
        )


@dataclass(frozen=True)
class TaskRef:
    """A submit's answer. ``status`` is the raw string: TopView says ``success`` here when the task
    was *accepted*, so read the real state with ``query``."""

    task_id: str
    status: str | None
    error_msg: str | None
    notice_uuid: str | None

    @classmethod
    def from_result(cls, data: Mapping[str, Any]) -> TaskRef:
        return cls(
            task_id=str(data["taskId"]),
            status=_text(data, "status"),
            error_msg=_text(data, "errorMsg"),
            notice_uuid=_text(data, "noticeUuid"),
        )


@dataclass(frozen=True)
class TaskResult:
    """A query's answer. ``raw`` is the kind's whole query result (its media URLs, scripts...);
    ``kind`` is known when the answer came from ShopReel's kind-agnostic ``/v1/task/query``."""

    task_id: str
    status: TaskStatus
    error_msg: str | None
    progress: int | None
    raw: Mapping[str, Any] = field(repr=False, hash=False)
    kind: str | None = None

    @property
    def done(self) -> bool:
        return self.status.done

    @classmethod
    def from_result(
        cls, data: Mapping[str, Any], *, kind: str | None = None, task_id: str | None = None
    ) -> TaskResult:
        """Parse a kind's query result; the product-avatar replace query names its status
        ``taskStatus``."""
        status = data.get("status", data.get("taskStatus"))
        return cls(
            task_id=str(data.get("taskId") or task_id or ""),
            status=TaskStatus.parse(status),
            error_msg=_text(data, "errorMsg"),
            progress=_progress(data.get("progress")),
            raw=dict(data),
            kind=kind,
        )

    @classmethod
    def from_task_query(cls, data: Mapping[str, Any]) -> TaskResult:
        """Parse ShopReel's ``/v1/task/query`` answer: the task's state around the kind's result."""
        inner = data.get("result")
        outer = cls.from_result(data, kind=_text(data, "taskType"))
        if not isinstance(inner, Mapping):
            return outer
        return replace(outer, raw=dict(inner))


@dataclass(frozen=True)
class ScrapedMedia:
    file_id: str
    file_name: str | None
    file_type: str | None
    file_url: str | None
    format: str | None

    @classmethod
    def from_result(cls, data: Mapping[str, Any]) -> ScrapedMedia:
        return cls(
            file_id=str(data.get("fileId") or ""),
            file_name=_text(data, "fileName"),
            file_type=_text(data, "fileType"),
            file_url=_text(data, "fileUrl"),
            format=_text(data, "format"),
        )




@dataclass(frozen=True)
class ScrapeResult:
    """A scraper task's product; the ``fileId`` of each media item can feed M2V ``fileIds``."""

    task_id: str
    status: TaskStatus
    error_msg: str | None
    product_link: str | None
    product_name: str | None
    product_description: str | None
    product_images: tuple[ScrapedMedia, ...]
    product_videos: tuple[ScrapedMedia, ...]
    price: float | None
    currency: str | None
    brand: str | None

    @classmethod
    def from_result(cls, data: Mapping[str, Any]) -> ScrapeResult:
        def media(key: str) -> tuple[ScrapedMedia, ...]:
            return tuple(ScrapedMedia.from_result(item) for item in data.get(key) or ())

        task = TaskResult.from_result(data)
        return cls(
            task_id=task.task_id,
            status=task.status,
            error_msg=task.error_msg,
            product_link=_text(data, "productLink"),
            product_name=_text(data, "productName"),
            product_description=_text(data, "productDescription"),
            product_images=media("productImages"),
            product_videos=media("productVideos"),
            price=_number(data.get("price")),
            currency=_text(data, "currency"),
            brand=_text(data, "brand"),
        )
