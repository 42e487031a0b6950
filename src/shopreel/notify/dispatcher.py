"""Delivers queued notices: due ones are claimed with a lease (one attempt in flight per
notice), sent, recorded, and rescheduled on the retry schedule until one is acknowledged."""

from __future__ import annotations

import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from sqlalchemy import select, update

from shopreel.notify.guard import guarded_client
from shopreel.notify.webhook import AttemptOutcome, NoticePayload, deliver
from shopreel.store.db import Database, now_ms
from shopreel.store.models import Notice, NoticeAttempt, User

__all__ = ["NoticeDispatcher"]

log = logging.getLogger("shopreel.notify")


class NoticeDispatcher:
    """``build_result(task_id)`` returns ``(status, errorMsg, result)`` of the task's query."""

    def __init__(
        self,
        db: Database,
        *,
        build_result: Callable[[str], tuple[str, str | None, dict[str, Any]]],
        schedule_s: list[float],
        timeout_s: float,
        allow_private: bool,
        parallel: int = 4,
    ) -> None:
        if not schedule_s:
            raise ValueError("webhook retry schedule must have at least one entry")
        self.db = db
        self._build_result = build_result
        self._schedule = schedule_s
        self._timeout_s = timeout_s
        self._allow_private = allow_private
        self._parallel = parallel
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None

    def start(self) -> None:
        self._pool = ThreadPoolExecutor(self._parallel, thread_name_prefix="shopreel-notify")
        self._thread = threading.Thread(target=self._loop, name="shopreel-notices", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(5)
        if self._pool:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                claimed = self._claim_due()
            except Exception:  # noqa: BLE001
                log.exception("claiming notices failed")
                claimed = []
            for uuid in claimed:
                assert self._pool is not None
                self._pool.submit(self._attempt, uuid)
            if not claimed:
                self._wake.wait(0.25)
                self._wake.clear()

    def _claim_due(self, limit: int = 8) -> list[str]:
        now = now_ms()
        lease_ms = int((self._timeout_s + 30) * 1000)
        with self.db.session() as session:
            due = session.scalars(
                select(Notice.uuid)
                .where(Notice.status == "pending", Notice.next_attempt_at <= now,
                       (Notice.locked_until.is_(None)) | (Notice.locked_until < now))
                .order_by(Notice.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if due:
                session.execute(update(Notice).where(Notice.uuid.in_(due)).values(locked_until=now + lease_ms))
        return list(due)

    def attempt_now(self, uuid: str) -> AttemptOutcome:
        return self._attempt(uuid)

    def _attempt(self, uuid: str) -> AttemptOutcome:
        with self.db.reader() as session:
            notice = session.get(Notice, uuid)
            user = session.get(User, notice.owner_uid) if notice else None
            if notice is None or user is None:
                return AttemptOutcome(ok=False, http_status=None, error="notice vanished", duration_ms=0)
            url, task_id, biz_type, attempt_no = notice.url, notice.task_id, notice.biz_type, notice.attempts + 1
            uid, secret = user.uid, user.webhook_secret
        started = now_ms()
        try:
            status, error_msg, result = self._build_result(task_id)
            payload = NoticePayload(uuid=uuid, biz_type=biz_type, task_id=task_id, status=status,
                                    error_msg=error_msg, result=result)
            with guarded_client(allow_private=self._allow_private, timeout_s=self._timeout_s) as client:
                outcome = deliver(client, url, payload, uid=uid, secret=secret)
        except Exception as exc:  # noqa: BLE001 - record it and retry like a failed delivery
            log.exception("building notice %s failed", uuid)
            outcome = AttemptOutcome(ok=False, http_status=None, error=f"{type(exc).__name__}: {exc}"[:500], duration_ms=0)
        self._record(uuid, attempt_no, started, outcome)
        return outcome

    def _record(self, uuid: str, attempt_no: int, started: int, outcome: AttemptOutcome) -> None:
        now = now_ms()
        with self.db.session() as session:
            session.add(NoticeAttempt(notice_uuid=uuid, attempt_no=attempt_no, started_at=started,
                                      duration_ms=outcome.duration_ms, http_status=outcome.http_status,
                                      ok=outcome.ok, error=outcome.error))
            notice = session.get(Notice, uuid)
            assert notice is not None
            notice.attempts = attempt_no
            notice.locked_until = None
            if outcome.ok:
                notice.status, notice.delivered_at, notice.last_error = "delivered", now, None
                log.info("notice %s delivered on attempt %d", uuid, attempt_no)
            elif attempt_no >= len(self._schedule):
                notice.status, notice.last_error = "failed", outcome.error
                log.warning("notice %s gave up after %d attempts: %s", uuid, attempt_no, outcome.error)
            else:
                delay_s = self._schedule[attempt_no] * random.uniform(0.9, 1.1)
                notice.next_attempt_at, notice.last_error = now + int(delay_s * 1000), outcome.error
                log.info("notice %s attempt %d failed (%s); next in %.1fs", uuid, attempt_no, outcome.error, delay_s)
