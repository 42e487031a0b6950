"""Task lifecycle: submit (with idempotency, the unfinished cap and the credit charge),
query, cancel, progress, finish (refunding a failed task), and recovery of tasks whose
worker died."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from shopreel.errors import BadRequest, Conflict, NotFound, Refused, TooManyUnfinished
from shopreel.settings import Settings
from shopreel.store.credits import Credits
from shopreel.store.db import Database, now_ms
from shopreel.store.files import FileService
from shopreel.store.models import FileRow, IdempotencyKey, Notice, TaskRow
from shopreel.tasks.job import JobSpec, Links, TaskModel
from shopreel.tasks.model import CANCELED, TaskRecord, TaskStatus
from shopreel.tasks.queue import UNFINISHED, TaskQueue

__all__ = ["TaskService", "request_fingerprint", "record_of"]

log = logging.getLogger("shopreel.tasks")



def request_fingerprint(path: str, body: Mapping[str, Any]) -> str:
    """A stable hash of what a submit asked for, to compare Idempotency-Key replays."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{path}\n{canonical}".encode()).hexdigest()


#: The task columns a TaskRecord holds.
_RECORD_COLUMNS = ("task_id", "kind", "owner_uid", "params", "status", "progress", "result", "error_msg",
                   "notice_url", "notice_uuid", "attempts", "created_at", "updated_at", "cost_credit")


def _task_by_id() -> Select[Any]:
    table = TaskRow.__table__
    return select(*(table.c[name] for name in _RECORD_COLUMNS)).where(table.c.task_id == bindparam("task_id"))


def record_of(row: TaskRow) -> TaskRecord:
    return _record({name: getattr(row, name) for name in _RECORD_COLUMNS})


def _record(values: Mapping[str, Any]) -> TaskRecord:
    return TaskRecord(**{**values, "params": dict(values["params"] or {}), "status": TaskStatus(values["status"])})


class TaskService:
    def __init__(self, db: Database, queue: TaskQueue, settings: Settings, jobs: Mapping[str, JobSpec[Any, Any]]) -> None:
        self.db = db
        self.queue = queue
        self.settings = settings
        self.jobs = jobs
        self.credits = Credits(db, initial_balance=settings.credits_initial_balance)
        self.on_finished: list[Any] = []  # callables(record, duration_s): metrics hooks

    # -- API side ---------------------------------------------------------------------

    def submit(
        self,
        uid: str,
        kind: str,
        params: TaskModel,
        *,
        notice_url: str | None = None,
        idempotency_key: str | None = None,
        fingerprint: str | None = None,
    ) -> dict[str, Any]:
        """Charge, insert and queue a task in one transaction; returns the submit ``result``.
        A replay of an Idempotency-Key answers the first response and is not charged again."""
        spec = self.jobs[kind]
        now = now_ms()
        stored = params.stored()
        queue = spec.queue_for(stored)
        with self.db.session() as session:
            if idempotency_key:
                replay = self._replay(session, uid, idempotency_key, fingerprint or "", now)
                if replay is not None:
                    return replay
            self._check_unfinished(session, uid)
            cost = self._price(session, uid, kind, stored)
            if cost:
                self.credits.charge(session, uid, cost)
            task_id = uuid.uuid4().hex
            notice_uuid = str(uuid.uuid4()) if notice_url else None
            session.add(
                TaskRow(
                    task_id=task_id, kind=kind, owner_uid=uid, params=stored, status=TaskStatus.INIT,
                    progress=0, notice_url=notice_url, notice_uuid=notice_uuid, attempts=0,
                    max_attempts=self.settings.task_max_attempts, queue=queue,
                    created_at=now, updated_at=now, cost_credit=cost, refundable_credit=cost,
                )
            )
            self.queue.enqueue(session, task_id, kind, queue)
            response = {"taskId": task_id, "status": TaskStatus.INIT.value, "errorMsg": None}
            if notice_uuid:
                response["noticeUuid"] = notice_uuid
            if idempotency_key:
                session.add(
                    IdempotencyKey(owner_uid=uid, key=idempotency_key, request_hash=fingerprint or "",
                                   response=response, created_at=now)
                )
        return response

    def _check_unfinished(self, session: Session, uid: str) -> None:
        """``4007`` when ``uid`` already has the most unfinished tasks allowed."""
        unfinished = session.scalar(
            select(func.count()).select_from(TaskRow)
            .where(TaskRow.owner_uid == uid, TaskRow.status.in_(UNFINISHED))
        )
        if unfinished >= self.settings.max_unfinished_tasks:
            raise TooManyUnfinished(
                f"Exists unfinished task, please wait until the previous task is completed: "
                f"{unfinished} of your tasks are still running (limit {self.settings.max_unfinished_tasks})"
            )

    def _price(self, session: Session, uid: str, kind: str, stored_params: dict[str, Any]) -> int:
        """The credits a run of ``kind`` with ``stored_params`` costs ``uid``; 0 while
        credits are off."""
        if not self.settings.credits_enabled:
            return 0

        def media_ms(file_id: str) -> int:
            return session.scalar(
                select(FileRow.duration_ms).where(FileRow.file_id == file_id, FileRow.owner_uid == uid)
            ) or 0

        return self.jobs[kind].price(stored_params, self.settings, media_ms)

    def _replay(self, session, uid: str, key: str, fingerprint: str, now: int) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
        if len(key) > 200:
            raise BadRequest("Idempotency-Key must be at most 200 characters")
        row = session.get(IdempotencyKey, (uid, key))
        if row is None:
            return None
        if row.created_at < now - self.settings.idempotency_ttl_s * 1000:
            session.delete(row)
            session.flush()
            return None
        if not secrets.compare_digest(row.request_hash, fingerprint):
            raise Conflict("Idempotency-Key was already used with a different request body")
        return dict(row.response)

    def get(self, uid: str, task_id: str | None, *, kinds: tuple[str, ...] | None = None) -> TaskRecord:
        """The owner's task; another user's or another kind's id is 'not found' too."""
        if not task_id:
            raise NotFound("taskId is empty")
        row = self.db.read_one(_task_by_id, task_id=task_id)
        if row is None or row["owner_uid"] != uid or (kinds is not None and row["kind"] not in kinds):
            raise NotFound(f"task {task_id} not found")
        return _record(row)

    def list(self, uid: str, *, statuses: tuple[TaskStatus, ...] = (), kinds: tuple[str, ...] = (),
             limit: int = 20, after: tuple[int, str] | None = None) -> tuple[list[TaskRecord], tuple[int, str] | None]:
        """The owner's tasks, newest first, ``limit`` at a time, optionally of some ``statuses``
        and ``kinds``; ``after`` is the ``(created_at, task_id)`` of the last task of the
        page before. Returns the page and the position after it (None on the last page)."""
        table = TaskRow.__table__
        query = select(*(table.c[name] for name in _RECORD_COLUMNS)).where(table.c.owner_uid == uid)
        if statuses:
            query = query.where(table.c.status.in_([status.value for status in statuses]))
        if kinds:
            query = query.where(table.c.kind.in_(kinds))
        if after is not None:
            created, task_id = after
            query = query.where((table.c.created_at < created)
                                | ((table.c.created_at == created) & (table.c.task_id < task_id)))
        query = query.order_by(table.c.created_at.desc(), table.c.task_id.desc()).limit(limit + 1)
        with self.db.reader() as session:
            rows = [_record(row._mapping) for row in session.execute(query)]
        page = rows[:limit]
        return page, ((page[-1].created_at, page[-1].task_id) if len(rows) > limit else None)

    def get_any(self, task_id: str) -> TaskRecord:
        """A task by id whoever owns it (workers, callbacks)."""
        with self.db.reader() as session:
            row = session.get(TaskRow, task_id)
            if row is None:
                raise NotFound(f"task {task_id} not found")
            return record_of(row)

    def present(self, record: TaskRecord, links: Links) -> dict[str, Any]:
        """The query ``result`` of a task: its kind's view plus the common fields."""
        view = self.jobs[record.kind].present(record, links)
        return {
            "taskId": record.task_id,
            "status": record.status.value,
            "errorMsg": record.error_msg,
            **view,
            "progress": 100 if record.status == TaskStatus.SUCCESS else record.progress,
            "createTime": record.created_at,
            "updateTime": record.updated_at,
            "costCredit": float(record.cost_credit),
        }

    def reopen(self, record: TaskRecord, *, params: TaskModel, notice_url: str | None) -> dict[str, Any]:
        """Run a finished task again with new ``params`` (a next phase, e.g. an M2V export),
        charging what that phase costs; its result so far is kept for the job. Only a task
        that ended in ``success`` can."""
        task_id = record.task_id
        if record.status != TaskStatus.SUCCESS:
            raise Refused(f"task {task_id} is {record.status.value}; only a task that succeeded can go on")
        notice_uuid = str(uuid.uuid4()) if notice_url else None
        now = now_ms()
        stored = params.stored()
        queue = self.jobs[record.kind].queue_for(stored)
        with self.db.session() as session:
            self._check_unfinished(session, record.owner_uid)
            cost = self._price(session, record.owner_uid, record.kind, stored)
            changed = session.execute(
                update(TaskRow)
                .where(TaskRow.task_id == task_id, TaskRow.status == TaskStatus.SUCCESS)
                .values(status=TaskStatus.INIT, params=stored, progress=0, error_msg=None,
                        notice_url=notice_url, notice_uuid=notice_uuid, attempts=0, worker_id=None,
                        finished_at=None, updated_at=now, cost_credit=TaskRow.cost_credit + cost,
                        refundable_credit=cost, queue=queue)
            ).rowcount
            if not changed:
                raise Refused(f"task {task_id} changed meanwhile; query it and try again")
            # The user's row after the task's, the order _finish refunds in: a refund and a
            # charge for the same task can never wait on each other (a deadlock).
            if cost:
                self.credits.charge(session, record.owner_uid, cost)
            self.queue.enqueue(session, task_id, record.kind, queue)
        response: dict[str, Any] = {"taskId": task_id, "status": TaskStatus.INIT.value, "errorMsg": None}
        if notice_uuid:
            response["noticeUuid"] = notice_uuid
        return response

    def update_result(self, uid: str, task_id: str, *, kinds: tuple[str, ...],
                      change: Callable[[Any], TaskModel]) -> TaskModel:
        """Edit the result of a finished task (e.g. M2V scripts) while it is not running:
        ``change`` gets the kind's result model and returns the new one."""
        record = self.get(uid, task_id, kinds=kinds)
        if record.status != TaskStatus.SUCCESS:
            raise Refused(f"task {task_id} is {record.status.value}; its result can be edited once it succeeded")
        result = change(self.jobs[record.kind].parse_result(record.result or {}))
        with self.db.session() as session:
            changed = session.execute(
                update(TaskRow)
                .where(TaskRow.task_id == task_id, TaskRow.status == TaskStatus.SUCCESS)
                .values(result=result.stored(), updated_at=now_ms())
            ).rowcount
        if not changed:
            raise Refused(f"task {task_id} changed meanwhile; query it and try again")
        return result

    def delete(self, uid: str, task_id: str, files: FileService) -> int:
        """Remove the owner's finished task, its callbacks and the files it made (their objects
        too, so their URLs stop working; files a saved custom avatar is made of stay).
        Returns how many files went. An unfinished task is refused (4006): cancel it first."""
        record = self.get(uid, task_id)
        with self.db.session() as session:
            gone = session.execute(delete(TaskRow).where(
                TaskRow.task_id == task_id, TaskRow.owner_uid == uid,
                TaskRow.status.in_([TaskStatus.SUCCESS.value, TaskStatus.FAIL.value])))
            if not gone.rowcount:  # type: ignore[attr-defined]
                raise Refused(f"task {task_id} is {record.status.value}: cancel it (POST /v1/task/cancel) or let "
                              f"it finish, then delete it")
            keys = files.forget(session, FileRow.owner_uid == uid, FileRow.task_id == task_id)
        files.delete_objects(keys)
        return len(keys)

    def cancel(self, uid: str, task_id: str) -> TaskRecord:
        """Cancel an unfinished task: it reports ``fail`` / ``canceled`` at once."""
        record = self.get(uid, task_id)
        if record.status.finished:
            raise BadRequest(f"task {task_id} already finished with status {record.status.value}")
        self._finish(task_id, TaskStatus.FAIL, error_msg=CANCELED, worker_id=None, cancel=True)
        return self.get(uid, task_id)

    # -- worker side ------------------------------------------------------------------

    def set_progress(self, task_id: str, worker_id: str, percent: int) -> None:
        with self.db.session() as session:
            session.execute(
                update(TaskRow)
                .where(TaskRow.task_id == task_id, TaskRow.worker_id == worker_id,
                       TaskRow.status == TaskStatus.RUNNING)
                .values(progress=max(0, min(99, percent)), updated_at=now_ms(), heartbeat_at=now_ms())
            )

    def is_cancelled(self, task_id: str, worker_id: str) -> bool:
        """True when the task is no longer this worker's to finish (canceled or taken back)."""
        with self.db.reader() as session:
            row = session.execute(
                select(TaskRow.status, TaskRow.worker_id, TaskRow.cancel_requested).where(TaskRow.task_id == task_id)
            ).first()
        return row is None or row.cancel_requested or row.status != TaskStatus.RUNNING or row.worker_id != worker_id

    def succeed(self, task_id: str, worker_id: str, result: dict[str, Any]) -> bool:
        return self._finish(task_id, TaskStatus.SUCCESS, result=result, worker_id=worker_id)

    def fail(self, task_id: str, worker_id: str | None, error_msg: str) -> bool:
        return self._finish(task_id, TaskStatus.FAIL, error_msg=error_msg, worker_id=worker_id)

    def _finish(
        self,
        task_id: str,
        status: TaskStatus,
        *,
        worker_id: str | None,
        result: dict[str, Any] | None = None,
        error_msg: str | None = None,
        cancel: bool = False,
    ) -> bool:
        """Move an unfinished task to ``status``, refund a failed one, and queue its
        callback, atomically.

        With ``worker_id`` the task must still be running for that worker: a worker whose
        task was canceled or recovered meanwhile changes nothing. Returns whether it did.
        Only one caller moves a task out of ``init``/``running``, so a charge is given back
        at most once.
        """
        now = now_ms()
        values: dict[str, Any] = dict(status=status, updated_at=now, finished_at=now, error_msg=error_msg)
        if result is not None:
            values.update(result=result, progress=100)
        if cancel:
            values["cancel_requested"] = True
        with self.db.session() as session:
            if not self.queue.finish(session, task_id, worker_id=worker_id, values=values):
                return False
            row = session.get(TaskRow, task_id)
            assert row is not None
            session.refresh(row)
            if row.refundable_credit:
                if status == TaskStatus.FAIL:
                    self.credits.refund(session, row.owner_uid, row.refundable_credit)
                    row.cost_credit -= row.refundable_credit
                row.refundable_credit = 0
            if row.notice_url and row.notice_uuid:
                session.add(
                    Notice(uuid=row.notice_uuid, task_id=task_id, owner_uid=row.owner_uid, url=row.notice_url,
                           biz_type=self.jobs[row.kind].notice_biz_type(row.params or {}), status="pending", attempts=0,
                           next_attempt_at=now, created_at=now)
                )
            record = record_of(row)
            started = row.started_at or row.created_at
        for hook in self.on_finished:
            hook(record, (now - started) / 1000)
        return True

    def recover_stalled(self, *, older_than_s: float, exclude_worker_prefix: str | None = None) -> list[str]:
        """Tasks left ``running`` by a worker that stopped heartbeating: run them again,
        or fail them with a clear message once they used up their attempts."""
        cutoff = now_ms() - int(older_than_s * 1000)
        with self.db.reader() as session:
            rows = session.execute(
                select(TaskRow.task_id, TaskRow.kind, TaskRow.queue, TaskRow.worker_id, TaskRow.attempts,
                       TaskRow.max_attempts)
                .where(TaskRow.status == TaskStatus.RUNNING, TaskRow.heartbeat_at < cutoff)
            ).all()
        recovered = []
        for row in rows:
            if exclude_worker_prefix and (row.worker_id or "").startswith(exclude_worker_prefix):
                continue
            if row.attempts < row.max_attempts:
                if self.queue.requeue(row.task_id, row.worker_id):
                    log.warning("task %s: worker %s stopped; running it again", row.task_id, row.worker_id)
                    recovered.append(row.task_id)
            else:
                message = (
                    f"the worker running this task stopped unexpectedly {row.attempts} time(s); "
                    "giving up. Submit the task again, and tell the operator if it keeps happening"
                )
                if self._finish(row.task_id, TaskStatus.FAIL, error_msg=message, worker_id=row.worker_id):
                    log.error("task %s failed after %d attempts", row.task_id, row.attempts)
                    recovered.append(row.task_id)
        return recovered

    def purge_idempotency_keys(self) -> int:
        cutoff = now_ms() - self.settings.idempotency_ttl_s * 1000
        with self.db.session() as session:
            return session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff)).rowcount

    def counts(self) -> list[tuple[str, str, int]]:
        """(kind, status, count) for metrics."""
        with self.db.reader() as session:
            rows = session.execute(
                select(TaskRow.kind, TaskRow.status, func.count()).group_by(TaskRow.kind, TaskRow.status)
            ).all()
        return [(kind, status, count) for kind, status, count in rows]
