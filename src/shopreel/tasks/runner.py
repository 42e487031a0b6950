"""Runs one claimed task: builds its context, calls its job, records the outcome.

Shared by the embedded worker pool and the distributed workers.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from shopreel.engines import EngineError
from shopreel.engines.registry import Engines
from shopreel.errors import InvalidInput, ShopReelError
from shopreel.media.video.pipeline import RenderCancelled
from shopreel.notify.guard import guarded_client
from shopreel.settings import Settings
from shopreel.store.avatars import AvatarRecord, create_custom_avatar, get_custom_avatar
from shopreel.store.files import FileService, StoredFile
from shopreel.store.photo_avatars import PhotoAvatarRecord, find_photo_avatar
from shopreel.tasks.job import JobCanceled, JobSpec
from shopreel.tasks.model import Claim
from shopreel.tasks.service import TaskService

__all__ = ["TaskRunner", "TaskContext", "SCRATCH_ROOT", "sweep_scratch"]

log = logging.getLogger("shopreel.worker")

#: Jobs' scratch folders, one folder per process (so a dead process's can be found).
SCRATCH_ROOT = Path(tempfile.gettempdir()) / "shopreel-scratch"

_PROGRESS_EVERY_S = 0.5
_CANCEL_CHECK_EVERY_S = 0.5


class TaskContext:
    """The ``JobContext`` a job gets: files of its owner, progress, cancellation, outbound HTTP."""

    def __init__(self, claim: Claim, owner_uid: str, service: TaskService, files: FileService, settings: Settings,
                 engines: Engines, prior_result: dict[str, Any] | None = None) -> None:
        self.task_id = claim.task_id
        self.owner_uid = owner_uid
        self.prior_result = prior_result
        self.settings = settings
        self.engines = engines
        self._claim = claim
        self._service = service
        self._files = files
        self._last_progress = (0.0, -1)
        self._last_cancel_check = 0.0
        self._cancelled = False

    def progress(self, percent: float) -> None:
        value = int(max(0, min(99, percent)))
        last_time, last_value = self._last_progress
        now = time.monotonic()
        if value != last_value and (now - last_time >= _PROGRESS_EVERY_S or value - last_value >= 10):
            self._service.set_progress(self.task_id, self._claim.worker_id, value)
            self._last_progress = (now, value)

    def cancelled(self) -> bool:
        now = time.monotonic()
        if not self._cancelled and now - self._last_cancel_check >= _CANCEL_CHECK_EVERY_S:
            self._last_cancel_check = now
            self._cancelled = self._service.is_cancelled(self.task_id, self._claim.worker_id)
        return self._cancelled

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise JobCanceled(self.task_id)

    def input_file(self, file_id: str, *, kinds: tuple[str, ...], field: str = "fileId") -> StoredFile:
        return self._files.ready_file(self.owner_uid, file_id, kinds=kinds, field=field)

    @contextmanager
    def open_input(self, file_id: str) -> Iterator[Path]:
        self._files.ready_file(self.owner_uid, file_id, kinds=("image", "audio", "video"))
        with self._files.blobs.local_copy(self._files.storage_key(file_id)) as path:
            yield path

    def add_file(self, path: Path, *, fmt: str, source: str, file_name: str) -> StoredFile:
        return self._files.add_file(self.owner_uid, path, fmt=fmt, source=source, file_name=file_name,
                                    task_id=self.task_id)

    def custom_avatar(self, avatar_id: str) -> AvatarRecord:
        return get_custom_avatar(self._service.db, self.owner_uid, avatar_id)

    def save_custom_avatar(self, *, name: str, source_kind: str, file_id: str, cover_file_id: str | None,
                           preview_file_id: str | None) -> AvatarRecord:
        return create_custom_avatar(self._service.db, self.owner_uid, name=name, source_kind=source_kind,
                                    file_id=file_id, cover_file_id=cover_file_id, preview_file_id=preview_file_id)

    def photo_avatar(self, avatar_id: str) -> tuple[PhotoAvatarRecord, bytes] | None:
        record = find_photo_avatar(self._service.db, avatar_id)
        if record is None:
            return None
        return record, self._files.blobs.get_bytes(record.storage_key)

    def http_client(self, *, timeout_s: float | None = None) -> httpx.Client:
        return guarded_client(
            allow_private=self.settings.allow_private_urls,
            timeout_s=timeout_s or self.settings.outbound_timeout_s,
        )

    @contextmanager
    def scratch_dir(self) -> Iterator[Path]:
        root = SCRATCH_ROOT / str(os.getpid())
        root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"{self.task_id[:8]}-", dir=root))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def sweep_scratch(root: Path | None = None) -> int:
    """Remove the scratch folders of processes that no longer run on this host (a killed
    worker cannot clean up after its tasks); returns how many went."""
    root = root or SCRATCH_ROOT
    removed = 0
    for folder in root.glob("*") if root.is_dir() else ():
        if folder.name.isdigit() and not _alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _brief(text: object, limit: int = 300) -> str:
    """A message for the log, cut short: failure messages can quote what a user sent."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


class TaskRunner:
    def __init__(self, service: TaskService, files: FileService, settings: Settings,
                 jobs: Mapping[str, JobSpec[Any, Any]], engines: Engines | None = None) -> None:
        self.service = service
        self.files = files
        self.settings = settings
        self.jobs = jobs
        self.engines = engines if engines is not None else Engines(settings)

    def run(self, claim: Claim) -> None:
        record = self.service.get_any(claim.task_id)
        spec = self.jobs.get(record.kind)
        if spec is None:
            self.service.fail(claim.task_id, claim.worker_id, f"this server has no worker for task kind {record.kind!r}")
            return
        ctx = TaskContext(claim, record.owner_uid, self.service, self.files, self.settings, self.engines,
                          prior_result=record.result)
        log.info("task %s (%s) attempt %d started by %s", claim.task_id, record.kind, claim.attempt, claim.worker_id)
        try:
            result = spec.run(ctx, spec.parse_params(record.params)).stored()
        except (JobCanceled, RenderCancelled):
            # A render stops with RenderCancelled when the ctx.cancelled() it polls says so:
            # the task was canceled, and that is no crash.
            log.info("task %s stopped: canceled", claim.task_id)
            return
        except ShopReelError as exc:
            log.info("task %s failed: %s", claim.task_id, _brief(exc.message))
            self.service.fail(claim.task_id, claim.worker_id, exc.message)
            return
        except ValidationError as exc:
            # Params are validated at submit; a stored row that no longer validates was
            # written by an older version whose fields have since changed.
            log.warning("task %s has parameters this version cannot read: %s", claim.task_id,
                        [(".".join(map(str, e["loc"])), e["type"]) for e in exc.errors()])
            self.service.fail(claim.task_id, claim.worker_id,
                              "this task's parameters are no longer valid on this server; submit it again")
            return
        except EngineError as exc:
            # An engine that refuses its own output (a neural edit that changed the product)
            # or cannot run says why in words: the user's task ends with that reason.
            log.warning("task %s failed in its engine: %s", claim.task_id, _brief(str(exc)))
            self.service.fail(claim.task_id, claim.worker_id, str(exc))
            return
        except InvalidInput as exc:
            # Engines check their inputs and name the culprit (STYLE.md): that is a message
            # a user can act on, for inputs only the engine could judge. Any other
            # ValueError is a bug and falls through to the generic branch below.
            log.info("task %s failed on its inputs: %s", claim.task_id, _brief(exc))
            self.service.fail(claim.task_id, claim.worker_id, f"the inputs could not be processed: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - every task must end, whatever broke
            log.exception("task %s crashed", claim.task_id)
            self.service.fail(
                claim.task_id, claim.worker_id,
                f"internal error while running the task ({type(exc).__name__}); the server log has details",
            )
            return
        if not self.service.succeed(claim.task_id, claim.worker_id, result):
            log.info("task %s finished but was canceled or taken back meanwhile", claim.task_id)
