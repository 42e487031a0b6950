"""One contract for both request-budget backends: in memory (embedded mode) and the
``rate_limits`` table (the machine's PostgreSQL), through the ``RateLimiter`` protocol alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from shopreel.store.db import Database, libpq_url
from shopreel.store.rate_limits import MemoryRateLimiter, Rate, RateLimiter
from shopreel.store.rate_limits_pg import PostgresRateLimiter
from shopreel.store.users import create_user
from tests.support import drop_database, fresh_database

FAST = Rate(per_minute=600, burst=3)  # one request every 100 ms, three at once


class Backend:
    """New users, and limiters that share their budgets like the API processes of one
    installation: the same object in memory, one connection each on PostgreSQL."""

    def __init__(self, db: Database, limiter: Callable[[], RateLimiter]) -> None:
        self.db = db
        self._limiter = limiter
        self._made: list[RateLimiter] = []

    def limiter(self) -> RateLimiter:
        made = self._limiter()
        self._made.append(made)
        return made

    def uid(self) -> str:
        return create_user(self.db).uid

    def close(self) -> None:
        for made in self._made:
            made.close()
        self.db.dispose()


@pytest.fixture(params=["memory", "postgresql"])
def backend(request, tmp_path) -> Iterator[Backend]:
    if request.param == "memory":
        db = Database(f"sqlite:///{tmp_path / 'r.db'}")
        db.upgrade()
        shared = MemoryRateLimiter()
        made = Backend(db, lambda: shared)
        yield made
        made.close()
        return
    try:
        url = fresh_database()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        pytest.skip(f"PostgreSQL is not reachable ({type(exc).__name__}); scripts/test.sh starts it")
    db = Database(url)
    db.upgrade()
    made = Backend(db, lambda: PostgresRateLimiter(libpq_url(db.url)))
    yield made
    made.close()
    drop_database(url)


def test_a_burst_passes_then_the_next_request_waits_at_most_one_interval(backend):
    limiter, uid = backend.limiter(), backend.uid()
    assert [limiter.acquire(uid, "submit", FAST) for _ in range(FAST.burst)] == [0] * FAST.burst
    assert 0 < limiter.acquire(uid, "submit", FAST) <= FAST.interval_us


def test_a_refused_request_is_not_counted_and_its_wait_is_enough(backend):
    limiter, uid = backend.limiter(), backend.uid()
    for _ in range(FAST.burst):
        limiter.acquire(uid, "submit", FAST)
    limiter.acquire(uid, "submit", FAST)
    wait_us = limiter.acquire(uid, "submit", FAST)
    assert wait_us > 0
    time.sleep(wait_us / 1e6 + 0.005)
    assert limiter.acquire(uid, "submit", FAST) == 0
    assert limiter.acquire(uid, "submit", FAST) > 0


def test_users_and_buckets_have_budgets_of_their_own(backend):
    limiter, first, second = backend.limiter(), backend.uid(), backend.uid()
    for _ in range(FAST.burst):
        limiter.acquire(first, "submit", FAST)
    assert limiter.acquire(first, "submit", FAST) > 0
    assert limiter.acquire(first, "query", FAST) == 0
    assert limiter.acquire(second, "submit", FAST) == 0


def test_concurrent_requests_from_several_limiters_pass_exactly_the_burst(backend):
    """Four limiters (four API processes on PostgreSQL) race twelve requests each; at one
    request a minute nothing refills meanwhile, so exactly the burst passes."""
    rate, uid = Rate(per_minute=1, burst=5), backend.uid()
    limiters = [backend.limiter() for _ in range(4)]
    admitted: list[int] = []
    start = threading.Barrier(len(limiters))

    def race(limiter: RateLimiter) -> None:
        start.wait()
        admitted.extend(1 for _ in range(12) if limiter.acquire(uid, "submit", rate) == 0)

    threads = [threading.Thread(target=race, args=(limiter,)) for limiter in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == rate.burst


def test_the_postgresql_limiter_reconnects_when_the_server_drops_its_connection(backend):
    if isinstance(backend.limiter(), MemoryRateLimiter):
        pytest.skip("the memory limiter has no connection")
    limiter, uid = backend.limiter(), backend.uid()
    assert limiter.acquire(uid, "submit", FAST) == 0
    with backend.db.engine.begin() as connection:  # what a server restart does to it
        connection.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert limiter.acquire(uid, "submit", FAST) == 0
    assert limiter.acquire(uid, "submit", FAST) == 0
    assert limiter.acquire(uid, "submit", FAST) > 0


def test_a_rate_needs_at_least_one_request_a_minute_and_a_burst_of_one():
    with pytest.raises(ValueError, match="per_minute >= 1"):
        Rate(per_minute=0, burst=1)
    with pytest.raises(ValueError, match="burst >= 1"):
        Rate(per_minute=60, burst=0)
