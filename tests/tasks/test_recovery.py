"""Recovery of tasks whose worker died, on the real embedded queue and database."""

from __future__ import annotations

import pytest

from shopreel.jobs import JOBS, scraper
from shopreel.settings import Settings
from shopreel.store.db import Database
from shopreel.store.models import TaskRow
from shopreel.store.users import create_user
from shopreel.tasks.model import TaskStatus
from shopreel.tasks.queue import EmbeddedQueue
from shopreel.tasks.service import TaskService


@pytest.fixture
def service(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 't.db'}")
    db.upgrade()
    settings = Settings(data_dir=tmp_path, task_max_attempts=2)
    yield TaskService(db, EmbeddedQueue(db), settings, JOBS)
    db.dispose()


def _age_heartbeat(service: TaskService, task_id: str) -> None:
    with service.db.session() as session:
        session.get(TaskRow, task_id).heartbeat_at = 0


def test_dead_worker_task_runs_again_then_fails_with_a_reason(service):
    uid = create_user(service.db).uid
    task_id = service.submit(uid, "scraper", scraper.Params(product_link="http://x"))["taskId"]

    first = service.queue.claim("host:1:a/0")
    assert first is not None and first.task_id == task_id and first.attempt == 1
    assert service.queue.claim("host:1:a/1") is None  # nothing else to take
    _age_heartbeat(service, task_id)
    assert service.recover_stalled(older_than_s=1) == [task_id]
    assert service.get(uid, task_id).status == TaskStatus.INIT

    second = service.queue.claim("host:2:b/0")
    assert second is not None and second.attempt == 2
    assert not service.succeed(task_id, "host:1:a/0", {})  # the dead worker's late answer is ignored
    _age_heartbeat(service, task_id)
    assert service.recover_stalled(older_than_s=1) == [task_id]
    record = service.get(uid, task_id)
    assert record.status == TaskStatus.FAIL
    assert "stopped unexpectedly 2 time(s)" in record.error_msg


def test_fresh_heartbeats_are_left_alone(service):
    uid = create_user(service.db).uid
    service.submit(uid, "scraper", scraper.Params(product_link="http://x"))
    assert service.queue.claim("w/0") is not None
    assert service.recover_stalled(older_than_s=60) == []
