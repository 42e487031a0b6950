"""The runner records how a job ended and logs it, on the real embedded queue and database."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import numpy as np
import pytest

from shopreel.engines import EngineError
from shopreel.jobs import JOBS
from shopreel.media.video import encode_frames
from shopreel.settings import Settings
from shopreel.store.blobs import LocalBlobStore, UrlSigner
from shopreel.store.db import Database
from shopreel.store.files import FileService
from shopreel.store.users import create_user
from shopreel.tasks.job import JobContext, JobSpec, TaskModel
from shopreel.tasks.model import TaskStatus
from shopreel.tasks.queue import EmbeddedQueue
from shopreel.tasks.runner import TaskRunner
from shopreel.tasks.service import TaskService


class _Nothing(TaskModel):
    pass


def _endless_render(ctx: JobContext, _params: _Nothing) -> _Nothing:
    """A render that only stops when its task is canceled, as every job's video does."""
    frames = (np.zeros((32, 32, 3), np.uint8) for _ in iter(int, 1))
    with ctx.scratch_dir() as folder:
        encode_frames(frames, n_frames=10_000, width=32, height=32, fps=10, path=folder / "out.mp4",
                      cancelled=ctx.cancelled)
    return _Nothing()


RENDER = JobSpec(kind="endless_render", biz_type="test", params=_Nothing, result=_Nothing, run=_endless_render,
                 view=lambda *_: {})


def _refused_edit(ctx: JobContext, _params: _Nothing) -> _Nothing:
    raise EngineError("the edit changed the product (colour error 41.0); try the classical engine")


REFUSED = JobSpec(kind="refused_edit", biz_type="test", params=_Nothing, result=_Nothing, run=_refused_edit,
                  view=lambda *_: {})


@pytest.fixture
def runner(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 't.db'}")
    db.upgrade()
    settings = Settings(data_dir=tmp_path)
    jobs = {**JOBS, RENDER.kind: RENDER, REFUSED.kind: REFUSED}
    service = TaskService(db, EmbeddedQueue(db), settings, jobs)
    blobs = LocalBlobStore(tmp_path / "blobs", public_url="http://h", signer=UrlSigner(b"s" * 32))
    yield TaskRunner(service, FileService(db, blobs, settings), settings, jobs)
    db.dispose()


def test_a_render_stopped_by_a_cancel_is_one_info_line_not_a_crash(runner, caplog):
    uid = create_user(runner.service.db).uid
    task_id = runner.service.submit(uid, RENDER.kind, _Nothing())["taskId"]
    claim = runner.service.queue.claim("w/0")
    assert claim is not None and claim.task_id == task_id
    runner.service.cancel(uid, task_id)
    with caplog.at_level(logging.INFO, logger="shopreel.worker"):
        runner.run(claim)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not any(r.exc_info for r in caplog.records), "no traceback for a cancel"
    assert f"task {task_id} stopped: canceled" in [r.getMessage() for r in caplog.records]
    record = runner.service.get(uid, task_id)
    assert record.status == TaskStatus.FAIL and record.error_msg == "canceled"


def test_scratch_folders_of_dead_processes_are_swept(tmp_path):
    from shopreel.tasks.runner import sweep_scratch

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead = tmp_path / finished.stdout.strip()
    alive = tmp_path / str(os.getpid())
    for folder in (dead / "abc123-x", alive / "def456-y"):
        folder.mkdir(parents=True)
        (folder / "frame.bin").write_bytes(b"x" * 100)
    assert sweep_scratch(tmp_path) == 1
    assert not dead.exists() and (alive / "def456-y" / "frame.bin").exists()


def test_an_engine_error_ends_the_task_with_its_reason(runner, caplog):
    uid = create_user(runner.service.db).uid
    task_id = runner.service.submit(uid, REFUSED.kind, _Nothing())["taskId"]
    claim = runner.service.queue.claim("w/0")
    with caplog.at_level(logging.INFO, logger="shopreel.worker"):
        runner.run(claim)
    record = runner.service.get(uid, task_id)
    assert record.status == TaskStatus.FAIL
    assert record.error_msg == "the edit changed the product (colour error 41.0); try the classical engine"
    assert not any(r.exc_info for r in caplog.records), "no traceback for an engine's refusal"
