"""Distributed mode with real worker processes: PostgreSQL + Procrastinate + S3.

Three `shopreel worker` processes share thirty tasks; one is killed with SIGKILL in the
middle of a task, which another worker then finishes. Every task ends exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from shopreel.store.models import TaskRow
from tests.media.scrape import pages
from tests.support import DISTRIBUTED, live_server, png_bytes, test_settings

pytestmark = pytest.mark.skipif(not DISTRIBUTED, reason="set SHOPREEL_TEST_MODE=distributed")

SUBMIT, QUERY = "/v1/scraper/task/submit", "/v1/scraper/task/query"


def _worker(settings, *, concurrency: int = 2) -> subprocess.Popen:
    env = {
        **os.environ,
        "SHOPREEL_DATABASE_URL": settings.resolved_database_url,
        "SHOPREEL_STORAGE_URL": settings.resolved_storage_url,
        "SHOPREEL_S3_ENDPOINT_URL": settings.s3_endpoint_url or "",
        "SHOPREEL_S3_REGION": "us-east-1",
        "SHOPREEL_DATA_DIR": str(settings.data_dir),
        "SHOPREEL_ALLOW_PRIVATE_URLS": "true",
        "SHOPREEL_HEARTBEAT_S": "0.5",
        "SHOPREEL_STALL_TIMEOUT_S": "3",
        "SHOPREEL_LOG_LEVEL": "warning",
    }
    return subprocess.Popen([sys.executable, "-m", "shopreel", "worker", "--concurrency", str(concurrency)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_three_workers_thirty_tasks_and_one_killed_mid_task(tmp_path, web):
    visits: Counter[str] = Counter()
    hang = threading.Event()
    image = web.add("/img.png", png_bytes(), content_type="image/png")

    def page(request):
        path = request.path
        visits[path] += 1
        if path == "/p/victim" and visits[path] == 1:
            hang.set()
            time.sleep(20)  # the worker holding this is killed meanwhile
        return 200, {"Content-Type": "text/html"}, pages.opengraph_only_page(
            title=path, description="d", image_urls=[image]).encode()

    links = [web.add_responder(f"/p/{n}", page) for n in range(29)] + [web.add_responder("/p/victim", page)]
    settings = test_settings(tmp_path, workers=0, stall_timeout_s=3, max_unfinished_tasks=100)
    with live_server(settings) as server, server.client() as client:
        workers = [_worker(settings) for _ in range(3)]
        try:
            task_ids = [client.post(SUBMIT, json={"productLink": link}).json()["result"]["taskId"] for link in links]
            assert hang.wait(60), "the victim task never started"
            db = server.app.state.runtime.db
            with db.reader() as session:
                holder = session.get(TaskRow, task_ids[-1]).worker_id
            pid = int(holder.split(":")[1])
            victim = next(w for w in workers if w.pid == pid)
            victim.send_signal(signal.SIGKILL)
            victim.wait(10)

            results = [server.wait(client, QUERY, task_id, timeout_s=120) for task_id in task_ids]
        finally:
            for process in workers:
                if process.poll() is None:
                    process.terminate()
            for process in workers:
                process.wait(20)

        assert [r["status"] for r in results] == ["success"] * 30, [r["errorMsg"] for r in results]
        with db.reader() as session:
            rows = {row.task_id: row for row in session.query(TaskRow).filter(TaskRow.task_id.in_(task_ids))}
        # A run visits its task's page at most once (a run killed early may not have got
        # there). Only the tasks the killed worker held (at most its concurrency, 2) ran twice:
        # once dying with it, once to completion.
        paths = [f"/p/{n}" for n in range(29)] + ["/p/victim"]
        assert all(1 <= visits[path] <= rows[t].attempts for path, t in zip(paths, task_ids))
        assert all(visits[path] == 1 for path, t in zip(paths, task_ids) if rows[t].attempts == 1)
        assert sum(rows[t].attempts for t in task_ids) - len(task_ids) <= 2
        assert visits["/p/victim"] == 2 and rows[task_ids[-1]].attempts == 2
        assert rows[task_ids[-1]].worker_id.split(":")[1] != str(pid)
        workers_used = {rows[t].worker_id.split(":")[1] for t in task_ids}
        assert len(workers_used) >= 2
