"""Workers: the embedded pool (threads in the server process claiming from the tasks
table) and the upkeep every worker process runs (heartbeats, recovery of dead workers' tasks)."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable

from shopreel.tasks.model import Claim
from shopreel.tasks.queue import EmbeddedQueue
from shopreel.tasks.runner import TaskRunner, sweep_scratch
from shopreel.tasks.service import TaskService

__all__ = ["WorkerPool", "Upkeep", "process_worker_prefix"]

log = logging.getLogger("shopreel.worker")


def process_worker_prefix() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Upkeep:
    """Tracks the tasks this process runs, refreshes their heartbeats, and recovers tasks
    whose worker stopped heartbeating (in any process)."""

    def __init__(self, service: TaskService, *, heartbeat_s: float, stall_timeout_s: float,
                 sweep: Callable[[], object] | None = None) -> None:
        self.service = service
        #: Leftovers to clear on the recovery loop's beat (expired uploads, dead scratch folders).
        self._sweep = sweep
        self.prefix = process_worker_prefix()
        self._heartbeat_s = heartbeat_s
        self._stall_timeout_s = stall_timeout_s
        self._running: dict[str, str] = {}  # worker_id -> task_id
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        sweep_scratch()  # a previous process on this host may have died mid-task
        for target, name in ((self._heartbeats, "heartbeat"), (self._recovery, "recovery")):
            thread = threading.Thread(target=target, name=f"shopreel-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout_s)

    def run(self, runner: TaskRunner, claim: Claim) -> None:
        """Run a claimed task with its heartbeat kept fresh."""
        with self._lock:
            self._running[claim.worker_id] = claim.task_id
        try:
            runner.run(claim)
        finally:
            with self._lock:
                self._running.pop(claim.worker_id, None)

    def _heartbeats(self) -> None:
        while not self._stop.wait(self._heartbeat_s):
            with self._lock:
                running = dict(self._running)
            for worker_id, task_id in running.items():
                try:
                    self.service.queue.heartbeat(worker_id, [task_id])
                except Exception:  # noqa: BLE001 - a database hiccup must not stop heartbeats
                    log.exception("heartbeat failed")

    def _recovery(self) -> None:
        while not self._stop.wait(max(1.0, self._stall_timeout_s / 2)):
            try:
                self.service.recover_stalled(older_than_s=self._stall_timeout_s)
                self.service.purge_idempotency_keys()
                sweep_scratch()
                if self._sweep is not None:
                    self._sweep()
            except Exception:  # noqa: BLE001
                log.exception("recovering stalled tasks failed")


class WorkerPool:
    """Embedded mode: ``threads`` workers claiming the oldest waiting task from the table."""

    def __init__(
        self,
        *,
        runner: TaskRunner,
        queue: EmbeddedQueue,
        service: TaskService,
        threads: int,
        heartbeat_s: float,
        stall_timeout_s: float,
        sweep: Callable[[], object] | None = None,
    ) -> None:
        self.runner = runner
        self.queue = queue
        self.upkeep = Upkeep(service, heartbeat_s=heartbeat_s, stall_timeout_s=stall_timeout_s, sweep=sweep)
        self._threads = threads
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def start(self, *, recover_all: bool) -> None:
        """Start the threads. ``recover_all``: this process owns the database (embedded
        mode holds the data-dir lock), so every ``running`` task belongs to a dead process."""
        if recover_all:
            recovered = self.upkeep.service.recover_stalled(older_than_s=0, exclude_worker_prefix=self.upkeep.prefix)
            if recovered:
                log.warning("recovered %d task(s) left running by a previous process", len(recovered))
        for n in range(self._threads):
            thread = threading.Thread(target=self._work, args=(f"{self.upkeep.prefix}/{n}",),
                                      name=f"shopreel-worker-{n}", daemon=True)
            thread.start()
            self._workers.append(thread)
        self.upkeep.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self.queue.notify()
        for thread in self._workers:
            thread.join(timeout_s)
        self.upkeep.stop(timeout_s)

    def _work(self, worker_id: str) -> None:
        while not self._stop.is_set():
            try:
                claim = self.queue.claim(worker_id)
            except Exception:  # noqa: BLE001 - a database hiccup must not kill the worker
                log.exception("claiming a task failed")
                self._stop.wait(1.0)
                continue
            if claim is None:
                self.queue.wait_for_work(1.0)
                continue
            self.upkeep.run(self.runner, claim)
