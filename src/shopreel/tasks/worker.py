"""The embedded worker pool: threads in the server process that claim and run tasks,
keep their heartbeats fresh, and bring back tasks whose process died."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading

from shopreel.tasks.queue import TaskQueue
from shopreel.tasks.runner import TaskRunner
from shopreel.tasks.service import TaskService

__all__ = ["WorkerPool", "process_worker_prefix"]

log = logging.getLogger("shopreel.worker")


def process_worker_prefix() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class WorkerPool:
    def __init__(
        self,
        *,
        runner: TaskRunner,
        queue: TaskQueue,
        service: TaskService,
        threads: int,
        heartbeat_s: float,
        stall_timeout_s: float,
    ) -> None:
        self.runner = runner
        self.queue = queue
        self.service = service
        self.prefix = process_worker_prefix()
        self._threads = threads
        self._heartbeat_s = heartbeat_s
        self._stall_timeout_s = stall_timeout_s
        self._stop = threading.Event()
        self._running: dict[str, str] = {}  # worker_id -> task_id
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def start(self, *, recover_all: bool) -> None:
        """Start the threads. ``recover_all``: this process owns the database (embedded
        mode holds the data-dir lock), so every ``running`` task belongs to a dead process."""
        if recover_all:
            recovered = self.service.recover_stalled(older_than_s=0, exclude_worker_prefix=self.prefix)
            if recovered:
                log.warning("recovered %d task(s) left running by a previous process", len(recovered))
        for n in range(self._threads):
            thread = threading.Thread(target=self._work, args=(f"{self.prefix}/{n}",), name=f"shopreel-worker-{n}", daemon=True)
            thread.start()
            self._workers.append(thread)
        for target, name in ((self._heartbeats, "heartbeat"), (self._recovery, "recovery")):
            thread = threading.Thread(target=target, name=f"shopreel-{name}", daemon=True)
            thread.start()
            self._workers.append(thread)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        notify = getattr(self.queue, "notify", None)
        if notify:
            notify()
        for thread in self._workers:
            thread.join(timeout_s)

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
            with self._lock:
                self._running[worker_id] = claim.task_id
            try:
                self.runner.run(claim)
            finally:
                with self._lock:
                    self._running.pop(worker_id, None)

    def _heartbeats(self) -> None:
        while not self._stop.wait(self._heartbeat_s):
            with self._lock:
                running = dict(self._running)
            for worker_id, task_id in running.items():
                try:
                    self.service.heartbeat(worker_id, [task_id])
                except Exception:  # noqa: BLE001
                    log.exception("heartbeat failed")

    def _recovery(self) -> None:
        while not self._stop.wait(max(1.0, self._stall_timeout_s / 2)):
            try:
                self.service.recover_stalled(older_than_s=self._stall_timeout_s)
                self.service.purge_idempotency_keys()
            except Exception:  # noqa: BLE001
                log.exception("recovering stalled tasks failed")
