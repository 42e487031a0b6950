"""The distributed queue: Procrastinate on the same PostgreSQL as the task rows.

API hosts defer a Procrastinate job in the transaction that inserts the task row, so a task
exists exactly when its job does. Workers (``shopreel worker``) run that job: claim the task
row (``init`` → ``running`` for this worker, the same SQL as embedded), run it with the shared ``TaskRunner``, and keep
the row's heartbeat fresh. Recovery is the same as embedded: a ``running`` task without
heartbeat is put back to ``init`` and deferred again (or failed after its attempts), by any
worker's recovery loop; the conditional updates make sure only one of them does it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from typing import Any

from sqlalchemy.orm import Session

from shopreel.store.db import Database, libpq_url
from shopreel.tasks.queue import TableQueue

__all__ = ["ProcrastinateQueue", "DistributedWorker", "TASK_NAME", "make_app"]

log = logging.getLogger("shopreel.worker")

#: The one Procrastinate task every ShopReel job runs through.
TASK_NAME = "shopreel.run_task"


def make_app(database_url: str, *, pool_size: int = 4) -> Any:
    """A Procrastinate app on the database (async connector, for workers)."""
    import procrastinate

    connector = procrastinate.PsycopgConnector(conninfo=libpq_url(database_url), min_size=1, max_size=pool_size)
    return procrastinate.App(connector=connector)


class ProcrastinateQueue(TableQueue):
    """The tasks table plus a Procrastinate job per waiting task (workers claim the one
    task their job names)."""

    def __init__(self, db: Database) -> None:
        import procrastinate
        from procrastinate.manager import JobManager

        super().__init__(db)
        self._jobs = JobManager(procrastinate.SyncPsycopgConnector(conninfo=libpq_url(db.url)))
        self._job_class = procrastinate.jobs.Job

    def enqueue(self, session: Session, task_id: str, kind: str, queue: str) -> None:
        connection = session.connection().connection.driver_connection
        # A task is queued again only when its worker died: close that worker's job so
        # Procrastinate's own listings do not show it running forever.
        connection.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' "
            "WHERE task_name = %s AND status = 'doing' AND args->>'task_id' = %s",
            (TASK_NAME, task_id),
        )
        job = self._job_class(
            id=None, queue=queue or "default", lock=None, queueing_lock=None,
            task_name=TASK_NAME, task_kwargs={"task_id": task_id},
        )
        self._jobs.defer_job(job, connection=connection)


class DistributedWorker:
    """One ``shopreel worker`` process: a Procrastinate worker whose jobs run ShopReel tasks
    in threads (``concurrency`` at a time), plus the shared upkeep."""

    def __init__(self, runtime: Any, *, queues: list[str] | None, concurrency: int) -> None:
        from shopreel.tasks.worker import Upkeep

        settings = runtime.settings
        self.runtime = runtime
        self.queues = queues or None
        self.concurrency = concurrency
        self.upkeep = Upkeep(runtime.tasks, heartbeat_s=settings.heartbeat_s, stall_timeout_s=settings.stall_timeout_s,
                             sweep=runtime.files.sweep)
        self.app = make_app(settings.resolved_database_url, pool_size=concurrency + 2)
        self._counter = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None

        @self.app.task(name=TASK_NAME, pass_context=False)
        def run_task(task_id: str) -> None:
            worker_id = f"{self.upkeep.prefix}/{next(self._counter)}"
            claim = runtime.queue.claim(worker_id, task_id=task_id)
            if claim is None:
                log.info("task %s is no longer waiting; nothing to run", task_id)
                return
            self.upkeep.run(runtime.runner, claim)

    async def _run(self, *, install_signal_handlers: bool) -> None:
        async with self.app.open_async():
            await self.app.run_worker_async(
                queues=self.queues, concurrency=self.concurrency, name=self.upkeep.prefix,
                install_signal_handlers=install_signal_handlers, delete_jobs="successful",
                fetch_job_polling_interval=1.0,
            )

    def run(self) -> None:
        """Run until SIGINT/SIGTERM (the CLI)."""
        self.upkeep.start()
        self.runtime.notices.start()
        try:
            asyncio.run(self._run(install_signal_handlers=True))
        finally:
            self.upkeep.stop()
            self.runtime.notices.stop()

    def start_in_thread(self) -> None:
        """Run in a background thread of this process (tests, benchmarks)."""
        ready = threading.Event()

        def main() -> None:
            self._loop = asyncio.new_event_loop()
            self._main = self._loop.create_task(self._run(install_signal_handlers=False))
            ready.set()
            try:
                self._loop.run_until_complete(self._main)
            except asyncio.CancelledError:
                pass
            finally:
                self._loop.close()

        self.upkeep.start()
        self._thread = threading.Thread(target=main, name="shopreel-procrastinate", daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self) -> None:
        if self._loop and self._main:
            self._loop.call_soon_threadsafe(self._main.cancel)
        if self._thread:
            self._thread.join(15)
        self.upkeep.stop()
