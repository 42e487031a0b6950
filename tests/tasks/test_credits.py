"""Credits through a task's life, on the real embedded queue and database: a run again
after a dead worker is not charged again, every way to fail gives the charge back once, and
an M2V export is a charge of its own."""

from __future__ import annotations

import pytest

from shopreel.errors import InsufficientCredit
from shopreel.jobs import JOBS, m2v, scraper
from shopreel.settings import Settings
from shopreel.store.db import Database
from shopreel.store.models import TaskRow
from shopreel.store.users import create_user
from shopreel.tasks.model import TaskStatus
from shopreel.tasks.queue import EmbeddedQueue
from shopreel.tasks.service import TaskService

PAGE = scraper.Params(product_link="http://x")


@pytest.fixture
def service(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 't.db'}")
    db.upgrade()
    settings = Settings(data_dir=tmp_path, task_max_attempts=2, credits_enabled=True, credits_initial_balance=10,
                        credit_cost_scraper=4, credit_cost_m2v_export=5)
    yield TaskService(db, EmbeddedQueue(db), settings, JOBS)
    db.dispose()


def _worker_died(service: TaskService, task_id: str) -> None:
    with service.db.session() as session:
        session.get(TaskRow, task_id).heartbeat_at = 0
    service.recover_stalled(older_than_s=1)


def test_a_task_whose_worker_died_is_charged_once_and_refunded_once_when_it_gives_up(service):
    uid = create_user(service.db).uid
    task_id = service.submit(uid, "scraper", PAGE)["taskId"]
    for attempt in (1, 2):
        assert service.queue.claim(f"w/{attempt}") is not None
        _worker_died(service, task_id)
        assert service.credits.balance(uid) == (6 if attempt == 1 else 10)
    record = service.get(uid, task_id)
    assert record.status == TaskStatus.FAIL and record.cost_credit == 0
    assert not service.fail(task_id, "w/2", "late answer")  # the dead worker's failure changes nothing
    assert service.credits.balance(uid) == 10


def test_a_worker_failing_a_canceled_task_does_not_refund_it_again(service):
    uid = create_user(service.db).uid
    task_id = service.submit(uid, "scraper", PAGE)["taskId"]
    assert service.queue.claim("w/0") is not None
    service.cancel(uid, task_id)
    assert not service.fail(task_id, "w/0", "stopped")
    assert service.credits.balance(uid) == 10


def test_a_short_balance_creates_no_task(service):
    uid = create_user(service.db).uid
    service.submit(uid, "scraper", PAGE)
    service.submit(uid, "scraper", PAGE)
    with pytest.raises(InsufficientCredit, match="costs 4 credits and your balance is 2"):
        service.submit(uid, "scraper", PAGE)
    assert sum(count for _, _, count in service.counts()) == 2


def test_an_m2v_export_is_charged_and_its_failure_gives_back_only_its_own_charge(service):
    uid = create_user(service.db).uid
    service.credits.grant(uid, 5)
    params = m2v.Params(product_link="http://x", preview=False)
    task_id = service.submit(uid, "m2v", params)["taskId"]  # no preview: exports at once
    assert service.queue.claim("w/0") is not None
    assert service.succeed(task_id, "w/0", {})
    assert service.credits.balance(uid) == 10

    export = params.model_copy(update={"export_script_id": 1})
    service.reopen(service.get(uid, task_id), params=export, notice_url=None)
    assert service.credits.balance(uid) == 5 and service.get(uid, task_id).cost_credit == 10
    assert service.queue.claim("w/1") is not None
    assert service.fail(task_id, "w/1", "render failed")
    assert service.credits.balance(uid) == 10 and service.get(uid, task_id).cost_credit == 5


def test_m2v_previews_are_free(service):
    uid = create_user(service.db).uid
    task_id = service.submit(uid, "m2v", m2v.Params(product_link="http://x", preview=True))["taskId"]
    assert service.get(uid, task_id).cost_credit == 0 and service.credits.balance(uid) == 10
