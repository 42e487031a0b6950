"""Builds ShopReel's services from settings: database, blob store, files, tasks, workers,
notices. The API, the CLI and the workers all start from here."""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopreel.catalog.assets import CatalogAssets
from shopreel.catalog.voice_folder import available_voices
from shopreel.catalog.voices import Voice
from shopreel.engines.registry import Engines
from shopreel.jobs import JOBS
from shopreel.tasks.job import JobSpec, Links
from shopreel.notify.dispatcher import NoticeDispatcher
from shopreel.settings import Settings
from shopreel.store.blobs import BlobStore, LocalBlobStore, UrlSigner
from shopreel.store.db import Database
from shopreel.store.files import FileService
from shopreel.tasks.queue import EmbeddedQueue, TaskQueue
from shopreel.tasks.runner import TaskRunner
from shopreel.tasks.service import TaskService
from shopreel.tasks.worker import WorkerPool

__all__ = ["Runtime", "FileLinks", "DataDirLocked"]

log = logging.getLogger("shopreel")


class DataDirLocked(RuntimeError):
    pass


class FileLinks:
    """``Links`` over the file service: presigned URLs, or CDN URLs when asked and set."""

    def __init__(self, files: FileService, *, cdn: bool = False) -> None:
        self._files = files
        self._cdn = cdn

    def file_url(self, file_id: str) -> str | None:
        return self._files.url(file_id, cdn=self._cdn)


def _signing_key(settings: Settings) -> bytes:
    if settings.signing_key is not None:
        return settings.signing_key.get_secret_value().encode()
    path = settings.data_dir / "signing.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def make_blob_store(settings: Settings) -> BlobStore:
    url = settings.resolved_storage_url
    if url.startswith("file://"):
        return LocalBlobStore(Path(url.removeprefix("file://")), public_url=settings.resolved_public_url,
                              signer=UrlSigner(_signing_key(settings)))
    if url.startswith("s3://"):
        from shopreel.store.s3 import S3BlobStore

        return S3BlobStore(url, endpoint_url=settings.s3_endpoint_url, region=settings.s3_region)
    raise ValueError(f"unsupported SHOPREEL_STORAGE_URL {url!r}: use file://PATH or s3://bucket/prefix")


def make_queue(settings: Settings, db: Database) -> TaskQueue:
    if settings.resolved_queue == "procrastinate":
        if not settings.is_postgresql:
            raise ValueError("SHOPREEL_QUEUE=procrastinate needs a PostgreSQL SHOPREEL_DATABASE_URL")
        from shopreel.tasks.distributed import ProcrastinateQueue

        return ProcrastinateQueue(db)
    return EmbeddedQueue(db)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    blobs: BlobStore
    files: FileService
    queue: TaskQueue
    tasks: TaskService
    runner: TaskRunner
    jobs: dict[str, JobSpec[Any, Any]]
    notices: NoticeDispatcher
    assets: CatalogAssets
    #: The engines of this process, one per capability, loaded on first use.
    engines: Engines
    #: The voices this server lists: the built-in catalog and the operator's folder.
    voices: tuple[Voice, ...] = ()
    pool: WorkerPool | None = None
    _lock_handle: Any = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings, *, migrate: bool = True, engines: Engines | None = None) -> Runtime:
        """Every service from ``settings``; ``engines`` when a caller loaded them already
        (a worker checks its engines before it touches the database)."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.resolved_database_url)
        if migrate:
            db.upgrade()
        blobs = make_blob_store(settings)
        files = FileService(db, blobs, settings)
        queue = make_queue(settings, db)
        jobs = dict(JOBS)
        tasks = TaskService(db, queue, settings, jobs)
        engines = engines if engines is not None else Engines(settings)
        runner = TaskRunner(tasks, files, settings, jobs, engines)

        def build_result(task_id: str) -> tuple[str, str | None, dict[str, Any]]:
            record = tasks.get_any(task_id)
            return record.status.value, record.error_msg, tasks.present(record, FileLinks(files))

        notices = NoticeDispatcher(
            db, build_result=build_result, schedule_s=settings.webhook_retry_schedule_s,
            timeout_s=settings.webhook_timeout_s, allow_private=settings.allow_private_urls,
        )
        tasks.on_finished.append(lambda _record, _duration: notices.wake())
        return cls(settings=settings, db=db, blobs=blobs, files=files, queue=queue, tasks=tasks,
                   runner=runner, jobs=jobs, notices=notices, assets=CatalogAssets(blobs, engines), engines=engines,
                   voices=available_voices(settings))

    def links(self, *, cdn: bool = False) -> Links:
        return FileLinks(self.files, cdn=cdn)

    def lock_data_dir(self) -> None:
        """Embedded mode owns its data dir: a second server on it would corrupt task state."""
        handle = open(self.settings.data_dir / ".lock", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            raise DataDirLocked(
                f"another ShopReel server is using {self.settings.data_dir.resolve()}; "
                "stop it or pass a different --data-dir"
            ) from exc
        self._lock_handle = handle

    def start_background(self) -> None:
        """Start the embedded workers and the notice dispatcher in this process."""
        if isinstance(self.queue, EmbeddedQueue) and self.settings.workers > 0:
            self.pool = WorkerPool(
                runner=self.runner, queue=self.queue, service=self.tasks, threads=self.settings.workers,
                heartbeat_s=self.settings.heartbeat_s, stall_timeout_s=self.settings.stall_timeout_s,
                sweep=self.files.sweep,
            )
            self.pool.start(recover_all=self._lock_handle is not None)
        self.notices.start()

    def close(self) -> None:
        if self.pool:
            self.pool.stop()
        self.notices.stop()
        self.db.dispose()
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
