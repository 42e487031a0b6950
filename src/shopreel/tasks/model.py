"""Task records and states as they cross module boundaries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["TaskStatus", "TaskRecord", "Claim", "CANCELED"]

#: The errorMsg of a canceled task (DECISIONS.md): it reports ``fail`` so pollers stop.
CANCELED = "canceled"


class TaskStatus(StrEnum):
    INIT = "init"
    RUNNING = "running"
    SUCCESS = "success"
    FAIL = "fail"

    @property
    def finished(self) -> bool:
        return self in (TaskStatus.SUCCESS, TaskStatus.FAIL)


@dataclass(frozen=True)
class TaskRecord:
    task_id: str
    kind: str
    owner_uid: str
    params: dict[str, Any]
    status: TaskStatus
    progress: int
    result: dict[str, Any] | None
    error_msg: str | None
    notice_url: str | None
    notice_uuid: str | None
    attempts: int
    created_at: int
    updated_at: int
    #: Credits the task has cost its owner (0 while credits are off, and after a refund).
    cost_credit: int


@dataclass(frozen=True)
class Claim:
    """A task a worker has taken: it runs it and reports back with ``worker_id``."""

    task_id: str
    kind: str
    worker_id: str
    attempt: int
