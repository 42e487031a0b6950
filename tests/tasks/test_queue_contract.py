"""One contract for every task queue: the embedded queue (SQLite) and Procrastinate
(the machine's PostgreSQL), through the ``TaskQueue`` protocol alone."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from shopreel.store.db import Database, now_ms
from shopreel.store.models import TaskRow
from shopreel.store.users import create_user
from shopreel.tasks.model import TaskStatus
from shopreel.tasks.queue import EmbeddedQueue
from tests.support import drop_database, fresh_database


def _postgresql_url() -> str:
    try:
        return fresh_database()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        pytest.skip(f"PostgreSQL is not reachable ({type(exc).__name__}); scripts/test.sh starts it")


@pytest.fixture(params=["embedded", "procrastinate"])
def queue(request, tmp_path):
    if request.param == "embedded":
        db = Database(f"sqlite:///{tmp_path / 'q.db'}")
        db.upgrade()
        yield EmbeddedQueue(db)
        db.dispose()
        return
    from shopreel.tasks.distributed import ProcrastinateQueue

    url = _postgresql_url()
    db = Database(url)
    db.upgrade()
    yield ProcrastinateQueue(db)
    db.dispose()
    drop_database(url)


def _add(queue, uid: str, task_id: str, *, created_at: int | None = None) -> None:
    """A waiting task, inserted and queued in one transaction like a submit."""
    now = created_at or now_ms()
    with queue.db.session() as session:
        session.add(TaskRow(task_id=task_id, kind="scraper", owner_uid=uid, params={}, status=TaskStatus.INIT,
                            progress=0, attempts=0, max_attempts=3, queue="io", created_at=now, updated_at=now))
        session.flush()
        queue.enqueue(session, task_id, "scraper", "io")


def _row(queue, task_id: str) -> TaskRow:
    with queue.db.reader() as session:
        return session.execute(select(TaskRow).where(TaskRow.task_id == task_id)).scalar_one()


def test_claim_takes_the_oldest_waiting_task_once(queue):
    uid = create_user(queue.db).uid
    _add(queue, uid, "b" * 32, created_at=2000)
    _add(queue, uid, "a" * 32, created_at=1000)
    first = queue.claim("w/1")
    assert first is not None and first.task_id == "a" * 32 and first.attempt == 1 and first.kind == "scraper"
    second = queue.claim("w/2")
    assert second is not None and second.task_id == "b" * 32
    assert queue.claim("w/3") is None
    row = _row(queue, "a" * 32)
    assert row.status == TaskStatus.RUNNING and row.worker_id == "w/1" and row.heartbeat_at > 0


def test_claim_by_id_takes_only_a_waiting_task(queue):
    uid = create_user(queue.db).uid
    _add(queue, uid, "c" * 32)
    assert queue.claim("w/1", task_id="d" * 32) is None  # no such task
    claim = queue.claim("w/1", task_id="c" * 32)
    assert claim is not None and claim.worker_id == "w/1"
    assert queue.claim("w/2", task_id="c" * 32) is None  # already running


def test_racing_claims_give_a_task_to_one_worker(queue):
    uid = create_user(queue.db).uid
    for n in range(6):
        _add(queue, uid, f"{n:032d}", created_at=1000 + n)
    won: list[str] = []
    lock = threading.Lock()

    def work(worker: str) -> None:
        while (claim := queue.claim(worker)) is not None:
            with lock:
                won.append(claim.task_id)

    threads = [threading.Thread(target=work, args=(f"w/{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(won) == [f"{n:032d}" for n in range(6)]


def test_heartbeat_requeue_and_finish_need_the_holding_worker(queue):
    uid = create_user(queue.db).uid
    _add(queue, uid, "e" * 32)
    claim = queue.claim("w/1")
    assert claim is not None
    with queue.db.session() as session:
        session.get(TaskRow, claim.task_id).heartbeat_at = 0
    queue.heartbeat("w/other", [claim.task_id])
    assert _row(queue, claim.task_id).heartbeat_at == 0
    queue.heartbeat("w/1", [claim.task_id])
    assert _row(queue, claim.task_id).heartbeat_at > 0

    assert not queue.requeue(claim.task_id, "w/other")
    assert queue.requeue(claim.task_id, "w/1")
    row = _row(queue, claim.task_id)
    assert row.status == TaskStatus.INIT and row.worker_id is None
    again = queue.claim("w/2")
    assert again is not None and again.task_id == claim.task_id and again.attempt == 2

    done = {"status": TaskStatus.SUCCESS, "result": {"ok": 1}, "updated_at": now_ms()}
    with queue.db.session() as session:
        assert not queue.finish(session, claim.task_id, worker_id="w/1", values=done)  # no longer its task
    with queue.db.session() as session:
        assert queue.finish(session, claim.task_id, worker_id="w/2", values=done)
    with queue.db.session() as session:
        assert not queue.finish(session, claim.task_id, worker_id=None, values=done)  # already finished
    assert _row(queue, claim.task_id).result == {"ok": 1}


def test_finish_without_a_worker_ends_a_waiting_task(queue):
    """Cancel: a task no worker holds yet ends at once and is never claimed."""
    uid = create_user(queue.db).uid
    _add(queue, uid, "f" * 32)
    with queue.db.session() as session:
        assert queue.finish(session, "f" * 32, worker_id=None, values={"status": TaskStatus.FAIL})
    assert queue.claim("w/1") is None
