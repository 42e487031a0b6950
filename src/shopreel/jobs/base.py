"""What a job sees: its context and its spec. Jobs reach the world only through ``JobContext``."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from shopreel.settings import Settings
from shopreel.store.avatars import AvatarRecord
from shopreel.store.files import StoredFile
from shopreel.store.photo_avatars import PhotoAvatarRecord
from shopreel.tasks.model import TaskRecord

__all__ = ["JobContext", "JobSpec", "Links", "StoredFile", "JobCanceled"]


class JobCanceled(Exception):
    """Raised inside a job when its task was canceled; the runner records nothing more."""


class JobContext(Protocol):
    task_id: str
    owner_uid: str
    settings: Settings
    #: The task's result from an earlier phase (a reopened task, e.g. an M2V export), else None.
    prior_result: dict[str, Any] | None

    def progress(self, percent: float) -> None:
        """Report progress 0–100; cheap to call often (writes are throttled)."""

    def cancelled(self) -> bool:
        """True once the task was canceled; frame loops call this between frames."""

    def check_cancelled(self) -> None:
        """Raise ``JobCanceled`` if the task was canceled."""

    def input_file(self, file_id: str, *, kinds: tuple[str, ...], field: str = "fileId") -> StoredFile:
        """The owner's ready file ``file_id`` of one of ``kinds``; raises NotFound/BadRequest
        naming ``field``."""

    def open_input(self, file_id: str) -> AbstractContextManager[Path]:
        """A local path holding the bytes of the owner's file ``file_id``."""

    def add_file(self, path: Path, *, fmt: str, source: str, file_name: str,
                 meta: dict[str, Any] | None = None) -> StoredFile:
        """Validate ``path`` like an upload and store it as a new file of the owner."""

    def custom_avatar(self, avatar_id: str) -> AvatarRecord:
        """The owner's custom avatar ``avatar_id``; raises NotFound."""

    def save_custom_avatar(self, *, name: str, source_kind: str, file_id: str, cover_file_id: str | None,
                           preview_file_id: str | None) -> AvatarRecord:
        """Keep a result as a custom avatar of the owner."""

    def photo_avatar(self, avatar_id: str) -> tuple[PhotoAvatarRecord, bytes] | None:
        """An operator-added photo avatar and its photo's bytes, or None."""

    def http_client(self, *, timeout_s: float | None = None) -> httpx.Client:
        """An outbound client that refuses private, loopback and metadata addresses."""

    def scratch_dir(self) -> AbstractContextManager[Path]:
        """A private temporary directory removed when the block ends."""


class Links(Protocol):
    """Turns stored file ids into URLs a client can fetch (presigned, or on the CDN)."""

    def file_url(self, file_id: str) -> str | None: ...


@dataclass(frozen=True)
class JobSpec:
    """A task kind: how to run it and how its query result looks.

    ``run`` returns the task's stored result (ids, numbers: no URLs, they expire);
    ``view`` turns a task record into the TopView query result, minting URLs through
    ``links``. The callback payload uses the same ``view``.
    """

    kind: str
    biz_type: str
    run: Callable[[JobContext, dict[str, Any]], dict[str, Any]]
    view: Callable[[TaskRecord, Links], dict[str, Any]]
    queue: str = "default"
    #: The callback's bizType when it depends on the task's phase (params); else ``biz_type``.
    biz_type_of: Callable[[dict[str, Any]], str] | None = None

    def notice_biz_type(self, params: dict[str, Any]) -> str:
        return self.biz_type_of(params) if self.biz_type_of else self.biz_type


