"""Distributed-mode throughput: tasks/minute with 1, 2 and 4 `shopreel worker` processes,
and the queue's pickup latency (submit → running).

Uses the machine's PostgreSQL (a fresh database per run, dropped after) and local file
storage; the task kind is the scraper against a small page on loopback, so the figures
measure the queue and the task lifecycle, not media work. The reference is the embedded
mode on SQLite with the same number of worker threads.

    .venv/bin/python bench/scale.py [--tasks 60] [--pg postgresql://postgres@127.0.0.1/postgres]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg

from shopreel.settings import Settings
from shopreel.store.models import TaskRow
from shopreel.store.users import create_user
from shopreel.runtime import Runtime

PAGE = (b'<html><head><meta property="og:title" content="Bench mug">'
        b'<meta property="og:description" content="A mug."></head><body><h1>Bench mug</h1></body></html>')


def _page_server() -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/p"


def _wait_done(runtime: Runtime, ids: list[str]) -> list[TaskRow]:
    while True:
        with runtime.db.reader() as session:
            rows = session.query(TaskRow).filter(TaskRow.task_id.in_(ids)).all()
        if all(row.status in ("success", "fail") for row in rows):
            return rows
        time.sleep(0.01)


def _run(settings: Settings, link: str, tasks: int, start_workers) -> tuple[float, float, float]:
    """Submit ``tasks`` tasks at once and wait for all (tasks/min), then submit tasks one at
    a time to an idle queue (pickup latency p50 and max, ms)."""
    runtime = Runtime.build(settings)
    uid = create_user(runtime.db).uid
    params = runtime.tasks.jobs["scraper"].parse_params({"productLink": link})
    stop = start_workers(runtime)
    try:
        started = time.monotonic()
        ids = [runtime.tasks.submit(uid, "scraper", params)["taskId"] for _ in range(tasks)]
        rows = _wait_done(runtime, ids)
        elapsed = time.monotonic() - started
        singles = [_wait_done(runtime, [runtime.tasks.submit(uid, "scraper", params)["taskId"]])[0]
                   for _ in range(10)]
    finally:
        stop()
    failed = [row.error_msg for row in rows + singles if row.status != "success"]
    if failed:
        raise RuntimeError(f"{len(failed)} tasks failed: {failed[:3]}")
    pickup = sorted(row.started_at - row.created_at for row in singles)
    runtime.close()
    return tasks / elapsed * 60, statistics.median(pickup), pickup[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    server, link = _page_server()
    rows = []
    for workers in (1, 2, 4):
        data_dir = Path(tempfile.mkdtemp(prefix="shopreel-scale-"))
        common = dict(data_dir=data_dir, allow_private_urls=True, max_unfinished_tasks=10_000, log_level="warning")

        # Reference: embedded mode (SQLite), the same number of worker threads.
        embedded = Settings(**common, workers=workers)

        def start_embedded(runtime: Runtime):
            runtime.start_background()
            return lambda: None

        ref = _run(embedded, link, args.tasks, start_embedded)

        name = f"shopreel_scale_{secrets.token_hex(4)}"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        database_url = args.pg.rsplit("/", 1)[0] + f"/{name}"
        distributed = Settings(**{**common, "data_dir": data_dir / "pg"}, database_url=database_url, workers=0)

        def start_distributed(runtime: Runtime):
            env = {**os.environ, "SHOPREEL_DATABASE_URL": database_url, "SHOPREEL_DATA_DIR": str(data_dir / "pg"),
                   "SHOPREEL_ALLOW_PRIVATE_URLS": "true", "SHOPREEL_LOG_LEVEL": "warning"}
            procs = [subprocess.Popen([sys.executable, "-m", "shopreel", "worker", "--concurrency", "1"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
            # Measure the queue, not interpreter start-up: wait until every worker registered.
            deadline = time.monotonic() + 120
            with psycopg.connect(database_url, autocommit=True) as conn:
                while conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0] < workers:
                    if time.monotonic() > deadline:
                        raise RuntimeError("workers did not start")
                    time.sleep(0.1)

            def stop() -> None:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    proc.wait(20)

            return stop

        try:
            ours = _run(distributed, link, args.tasks, start_distributed)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        rows.append((workers, ours, ref))
    server.shutdown()

    print(f"\nDistributed queue (PostgreSQL + Procrastinate), {args.tasks} scraper tasks submitted at once per run, "
          f"{os.cpu_count()} cores; pickup = submit → running for single tasks on an idle queue;\n"
          f"reference: embedded mode (SQLite) with as many worker threads\n")
    print(f"{'workers':>7} {'tasks/min':>10} {'ref tasks/min':>14} {'ratio':>6} "
          f"{'pickup p50 ms':>14} {'pickup max ms':>14} {'ref p50 ms':>11}")
    for workers, (tpm, p50, p95), (rtpm, rp50, _rp95) in rows:
        print(f"{workers:>7} {tpm:>10.0f} {rtpm:>14.0f} {tpm / rtpm:>6.2f} {p50:>14.0f} {p95:>14.0f} {rp50:>11.0f}")


if __name__ == "__main__":
    main()
