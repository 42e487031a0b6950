"""The task queue protocol, the table SQL both backends share, and the embedded queue.

In both backends the tasks table is the truth: a worker owns a task while the row says
``running`` with its ``worker_id``, and every change is a conditional ``UPDATE`` on that.
What differs is only how a waiting task reaches a worker (``enqueue``): embedded workers
poll the table; distributed ones get a Procrastinate job (``tasks/distributed.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shopreel.store.db import Database, now_ms
from shopreel.store.models import TaskRow
from shopreel.tasks.model import Claim, TaskStatus

__all__ = ["TaskQueue", "TableQueue", "EmbeddedQueue", "UNFINISHED"]

UNFINISHED = (TaskStatus.INIT, TaskStatus.RUNNING)


class TaskQueue(Protocol):
    """How a task reaches a worker and what the worker's hold on it is."""

    def enqueue(self, session: Session, task_id: str, kind: str, queue: str) -> None:
        """Queue a task whose row is ``init``, in the transaction that wrote the row, so a
        task is queued exactly when its row says so."""

    def claim(self, worker_id: str, *, task_id: str | None = None) -> Claim | None:
        """Take a waiting task for ``worker_id`` (the oldest, or ``task_id``); None if there
        is none (or ``task_id`` is not waiting)."""

    def heartbeat(self, worker_id: str, task_ids: Sequence[str]) -> None:
        """Mark the worker's tasks as alive."""

    def requeue(self, task_id: str, worker_id: str) -> bool:
        """Put a task back to ``init`` and queue it again, if ``worker_id`` still holds it."""

    def finish(self, session: Session, task_id: str, *, worker_id: str | None, values: dict[str, Any]) -> bool:
        """Write a final state (``values``) on an unfinished task, in ``session``; with
        ``worker_id``, only while that worker holds it. Returns whether it did."""


class TableQueue:
    """The SQL on the tasks table that both backends run; ``enqueue`` is theirs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(self, session: Session, task_id: str, kind: str, queue: str) -> None:
        raise NotImplementedError

    def claim(self, worker_id: str, *, task_id: str | None = None) -> Claim | None:
        now = now_ms()
        target: Any = task_id
        if target is None:
            target = (
                select(TaskRow.task_id)
                .where(TaskRow.status == TaskStatus.INIT)
                .order_by(TaskRow.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
        statement = (
            update(TaskRow)
            .where(TaskRow.task_id == target, TaskRow.status == TaskStatus.INIT)
            .values(status=TaskStatus.RUNNING, worker_id=worker_id, heartbeat_at=now,
                    attempts=TaskRow.attempts + 1, updated_at=now, started_at=now)
            .returning(TaskRow.task_id, TaskRow.kind, TaskRow.attempts)
        )
        with self.db.session() as session:
            row = session.execute(statement).first()
        if row is None:
            return None
        return Claim(task_id=row.task_id, kind=row.kind, worker_id=worker_id, attempt=row.attempts)

    def heartbeat(self, worker_id: str, task_ids: Sequence[str]) -> None:
        if not task_ids:
            return
        with self.db.session() as session:
            session.execute(
                update(TaskRow)
                .where(TaskRow.task_id.in_(list(task_ids)), TaskRow.worker_id == worker_id)
                .values(heartbeat_at=now_ms())
            )

    def requeue(self, task_id: str, worker_id: str) -> bool:
        with self.db.session() as session:
            row = session.execute(
                update(TaskRow)
                .where(TaskRow.task_id == task_id, TaskRow.status == TaskStatus.RUNNING,
                       TaskRow.worker_id == worker_id)
                .values(status=TaskStatus.INIT, worker_id=None, progress=0, updated_at=now_ms())
                .returning(TaskRow.kind, TaskRow.queue)
            ).first()
            if row is not None:
                self.enqueue(session, task_id, row.kind, row.queue)
        return row is not None

    def finish(self, session: Session, task_id: str, *, worker_id: str | None, values: dict[str, Any]) -> bool:
        conditions = [TaskRow.task_id == task_id, TaskRow.status.in_(UNFINISHED)]
        if worker_id is not None:
            conditions += [TaskRow.worker_id == worker_id, TaskRow.status == TaskStatus.RUNNING]
        return bool(session.execute(update(TaskRow).where(*conditions).values(**values)).rowcount)


class EmbeddedQueue(TableQueue):
    """Workers in this process claim ``init`` rows straight from the tasks table."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
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
