"""The task queue protocol and the embedded queue: the tasks table itself.

Distributed mode puts Procrastinate behind the same protocol; jobs never see which.
"""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shopreel.store.db import Database, now_ms
from shopreel.store.models import TaskRow
from shopreel.tasks.model import Claim, TaskStatus

__all__ = ["TaskQueue", "EmbeddedQueue"]


class TaskQueue(Protocol):
    """How a submitted task reaches a worker: queued in the transaction that inserts (or,
    on recovery, resets) its row, so a task is queued exactly when its row says ``init``."""

    def enqueue(self, session: Session, task_id: str, kind: str, queue: str) -> None: ...


class EmbeddedQueue:
    """Workers in this process claim ``init`` rows straight from the tasks table."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._wake = threading.Condition()

    def enqueue(self, session: Session, task_id: str, kind: str, queue: str) -> None:
        # The row (status init) is the queue entry; workers are woken after commit.
        session.info.setdefault("after_commit", []).append(self.notify)

    def notify(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def wait_for_work(self, timeout_s: float) -> None:
        with self._wake:
            self._wake.wait(timeout_s)

    def claim(self, worker_id: str) -> Claim | None:
        now = now_ms()
        oldest = (
            select(TaskRow.task_id)
            .where(TaskRow.status == TaskStatus.INIT)
            .order_by(TaskRow.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        statement = (
            update(TaskRow)
            .where(TaskRow.task_id == oldest, TaskRow.status == TaskStatus.INIT)
            .values(
                status=TaskStatus.RUNNING, worker_id=worker_id, heartbeat_at=now,
                attempts=TaskRow.attempts + 1, updated_at=now,
                started_at=now,
            )
            .returning(TaskRow.task_id, TaskRow.kind, TaskRow.attempts)
        )
        with self.db.session() as session:
            row = session.execute(statement).first()
        if row is None:
            return None
        return Claim(task_id=row.task_id, kind=row.kind, worker_id=worker_id, attempt=row.attempts)
