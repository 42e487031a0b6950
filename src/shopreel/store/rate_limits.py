"""Request budgets per (user, bucket): the generic cell rate algorithm (GCRA).

A budget is one number, its theoretical arrival time (TAT): when the requests counted so far
would be over had they come one interval apart; the budget is whole again once now reaches
it. A request at ``now`` is admitted while
``max(TAT, now)`` is at most ``(burst - 1)`` intervals ahead of ``now``, and then moves it
one interval on; a refused request changes nothing. This is a token bucket without a
refill loop: ``burst`` requests may come at once, then one per interval.

Two backends: in embedded mode one process serves the API, so its budgets live in memory; in
distributed mode every API process shares them through one PostgreSQL row per budget
(``rate_limits_pg.py``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

from shopreel.store.db import Database, libpq_url

__all__ = ["Rate", "RateLimiter", "MemoryRateLimiter", "make_rate_limiter"]


@dataclass(frozen=True)
class Rate:
    """``per_minute`` requests a minute on average, up to ``burst`` of them at once."""

    per_minute: int
    burst: int

    def __post_init__(self) -> None:
        if self.per_minute < 1 or self.burst < 1:
            raise ValueError(f"a rate needs per_minute >= 1 and burst >= 1, got {self}")

    @property
    def interval_us(self) -> int:
        """Time between two requests at the steady rate, microseconds."""
        return 60_000_000 // self.per_minute

    @property
    def slack_us(self) -> int:
        """How far ahead of now the TAT may be for a request to be admitted, microseconds."""
        return (self.burst - 1) * self.interval_us


class RateLimiter(Protocol):
    def acquire(self, uid: str, bucket: str, rate: Rate) -> int:
        """Count one request of ``uid`` against ``bucket`` at ``rate``: 0 when admitted, else
        the microseconds until one would be (the refused request is not counted)."""
        ...

    def close(self) -> None: ...


class MemoryRateLimiter:
    """Budgets in this process: correct where one process serves the API (embedded mode).

    One entry per (user, bucket) that was ever used: a few per user, never swept.
    """

    def __init__(self) -> None:
        self._tats_us: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def acquire(self, uid: str, bucket: str, rate: Rate) -> int:
        key = (uid, bucket)
        with self._lock:
            now_us = time.monotonic_ns() // 1000
            start_us = max(self._tats_us.get(key, now_us), now_us)
            wait_us = start_us - now_us - rate.slack_us
            if wait_us > 0:
                return wait_us
            self._tats_us[key] = start_us + rate.interval_us
            return 0

    def close(self) -> None:
        pass


def make_rate_limiter(db: Database) -> RateLimiter:
    """Budgets in memory for SQLite (one server process), in the database for PostgreSQL."""
    if db.is_sqlite:
        return MemoryRateLimiter()
    from shopreel.store.rate_limits_pg import PostgresRateLimiter  # psycopg: distributed mode only

    return PostgresRateLimiter(libpq_url(db.url))
