"""File records: upload credentials, arrival checks, files made by tasks, and their URLs."""

from __future__ import annotations

import hashlib
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from shopreel.errors import BadRequest, MediaError, NotFound, Refused
from shopreel.media.inspect import FORMATS, MediaInfo, MediaKind, inspect_media, kind_of_format
from shopreel.settings import Settings
from shopreel.store.blobs import BlobStore
from shopreel.store.db import Database, now_ms
from shopreel.store.models import CustomAvatar, FileRow

_CONCURRENT_CHECKS = 2

__all__ = ["FileService", "StoredFile", "UploadTicket", "CheckResult", "sha256_of"]

_ALREADY_ACCEPTED = "this file was already uploaded and checked; request a new upload credential"


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    kind: str
    format: str
    file_name: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    #: The task that made this file (outputs), else None (uploads, scraped media).
    task_id: str | None = None


@dataclass(frozen=True)
class UploadTicket:
    file_id: str
    upload_url: str
    file_name: str
    format: str


@dataclass(frozen=True)
class CheckResult:
    ready: bool
    message: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stored(row: FileRow) -> StoredFile:
    return StoredFile(
        file_id=row.file_id,
        kind=row.kind,
        format=row.format,
        file_name=row.file_name,
        size=row.size or 0,
        width=row.width,
        height=row.height,
        duration_ms=row.duration_ms,
        task_id=row.task_id,
    )


def _file_status() -> Select[Any]:
    table = FileRow.__table__
    return select(table.c.owner_uid, table.c.status, table.c.error).where(table.c.file_id == bindparam("file_id"))


class FileService:
    def __init__(self, db: Database, blobs: BlobStore, settings: Settings) -> None:
        self.db = db
        self.blobs = blobs
        self.settings = settings
        #: How many files this process checks at once (each holds up to ~50 MB while decoded).
        self._checking = threading.BoundedSemaphore(_CONCURRENT_CHECKS)

    def _inspect(self, path: Path, *, kind: MediaKind) -> MediaInfo:
        with self._checking:
            return inspect_media(path, kind=kind, max_pixels=self.settings.max_image_pixels)

    def max_bytes(self, kind: MediaKind) -> int:
        return {
            "image": self.settings.max_image_bytes,
            "audio": self.settings.max_audio_bytes,
            "video": self.settings.max_video_bytes,
        }[kind]

    def content_type(self, fmt: str) -> str:
        return FORMATS[fmt][1]

    # -- uploads -------------------------------------------------------------------

    def create_upload(self, uid: str, fmt: str) -> UploadTicket:
        fmt = fmt.strip().lower().lstrip(".")
        kind = kind_of_format(fmt)
        self.check_room(uid)
        file_id = secrets.token_hex(16)
        key = f"u/{file_id}.{fmt}"
        now = now_ms()
        with self.db.session() as session:
            session.add(
                FileRow(
                    file_id=file_id, owner_uid=uid, kind=kind, format=fmt, status="pending",
                    storage_key=key, source="upload", file_name=f"{file_id}.{fmt}",
                    created_at=now, updated_at=now,
                )
            )
        url = self.blobs.presign_put(key, ttl_s=self.settings.upload_url_ttl_s, content_type=FORMATS[fmt][1])
        return UploadTicket(file_id=file_id, upload_url=url, file_name=f"{file_id}.{fmt}", format=fmt)

    # -- quota and retention ------------------------------------------------------------

    def used_bytes(self, uid: str) -> int:
        """What the user's stored files take: uploads, scraped media and outputs."""
        with self.db.reader() as session:
            used = session.scalar(select(func.coalesce(func.sum(FileRow.size), 0)).where(
                FileRow.owner_uid == uid, FileRow.status == "ready"))
        return int(used or 0)

    def _full(self, uid: str, *, adding: int = 0) -> str | None:
        """Why ``adding`` more bytes would not fit the user's quota (None: they fit, or no quota)."""
        quota = self.settings.storage_quota_mb * 1024 * 1024
        if not quota:
            return None
        used = self.used_bytes(uid)
        if (used + adding <= quota) if adding else (used < quota):
            return None
        return (f"your storage is full: {used / 2**20:.1f} MB of {quota / 2**20:.0f} MB used"
                f"{f', and this file is {adding / 2**20:.1f} MB' if adding else ''}; delete files "
                f"(POST /v1/file/delete) or tasks (POST /v1/task/delete) to make room")

    def check_room(self, uid: str) -> None:
        """Refuse (4006) new uploads and tasks of a user whose storage quota is used up."""
        full = self._full(uid)
        if full:
            raise Refused(full)

    def sweep(self) -> int:
        """The periodic clean-up (every worker process runs it): uploads nobody can finish,
        then files past their retention. Returns how many files went."""
        return self.purge_expired_uploads() + self.expire_files()

    def expire_files(self, *, batch: int = 500) -> int:
        """Delete files older than their retention (``upload_retention_days`` for uploads and
        scraped media, ``output_retention_days`` for outputs), records and objects, so their
        URLs stop working. Returns how many went."""
        rules = [(("upload", "scrape"), self.settings.upload_retention_days),
                 (("output",), self.settings.output_retention_days)]
        gone = 0
        for sources, days in rules:
            if not days:
                continue
            cutoff = now_ms() - int(days * 86_400_000)
            with self.db.session() as session:
                keys = self.forget(session, FileRow.source.in_(sources), FileRow.status != "pending",
                                   FileRow.created_at < cutoff, batch=batch)
            self.delete_objects(keys)
            gone += len(keys)
        return gone

    def purge_expired_uploads(self, *, batch: int = 500) -> int:
        """Forget uploads nobody can finish any more: still ``pending`` an hour after their
        upload URL expired (with object storage, what a client PUT but never checked goes
        too). Returns how many went."""
        cutoff = now_ms() - (self.settings.upload_url_ttl_s + 3600) * 1000
        with self.db.session() as session:
            rows = session.execute(
                select(FileRow.file_id, FileRow.storage_key)
                .where(FileRow.status == "pending", FileRow.created_at < cutoff).limit(batch)
            ).all()
            if rows:
                session.execute(delete(FileRow).where(FileRow.file_id.in_([r.file_id for r in rows]),
                                                      FileRow.status == "pending"))
        if self.blobs.direct_uploads:
            for row in rows:
                self.blobs.delete(row.storage_key)
        return len(rows)

    def pending_upload(self, key: str) -> FileRow:
        """The file record a signed PUT for ``key`` may write; refuses finished ones."""
        with self.db.reader() as session:
            row = session.scalar(select(FileRow).where(FileRow.storage_key == key))
        if row is None or row.source != "upload":
            raise NotFound("no upload is waiting for this URL")
        if row.status == "ready":
            raise Refused(_ALREADY_ACCEPTED)
        return row

    def accept_upload(
        self, file_id: str, staged: Path, *, size: int, sha256: str, commit: Callable[[], None]
    ) -> CheckResult:
        """Validate bytes that arrived for ``file_id`` at ``staged`` and record the verdict;
        ``commit`` moves accepted bytes into place before the file is marked ready.

        Several arrivals for one upload (a client retrying after a timeout) may race: the
        first accepted one wins, and every later verdict raises ``Refused`` and changes nothing.
        """
        with self.db.reader() as session:
            row = session.get(FileRow, file_id)
        if row is None:
            raise NotFound("unknown file")
        full = self._full(row.owner_uid, adding=size)
        if full:
            self._settle(file_id, status="rejected", error=f"rejected: {full}", size=size, sha256=sha256)
            return CheckResult(ready=False, message=f"rejected: {full}")
        try:
            info = self._inspect(staged, kind=row.kind)  # type: ignore[arg-type]
        except MediaError as exc:
            message = f"rejected: the uploaded {row.format} is not a valid {row.kind}: {exc.message}"
            self._settle(file_id, status="rejected", error=message, size=size, sha256=sha256)
            return CheckResult(ready=False, message=message)
        self._settle(
            file_id, commit=commit, status="ready", error=None, size=size, sha256=sha256,
            width=info.width, height=info.height, duration_ms=info.duration_ms,
        )
        return CheckResult(ready=True, message="Success")

    def reject(self, file_id: str, reason: str) -> None:
        """Record why an upload was refused; ``/v1/upload/check`` repeats it.
        Raises ``Refused`` if another arrival was accepted meanwhile."""
        self._settle(file_id, status="rejected", error=f"rejected: {reason}")

    def _settle(self, file_id: str, *, commit: Callable[[], None] | None = None, **values: object) -> None:
        """Record an upload's verdict unless the upload was accepted already.

        A conditional update, so two verdicts never both land: the update holds the row
        (SQLite's write lock, a PostgreSQL row lock) until the transaction ends, and
        ``commit`` runs inside it, so the bytes are in place before anyone reads ``ready``
        and only the arrival that won moves its bytes there.
        """
        with self.db.session() as session:
            settled = session.execute(
                update(FileRow)
                .where(FileRow.file_id == file_id, FileRow.status != "ready")
                .values(**values, updated_at=now_ms())
            )
            if settled.rowcount == 0:  # type: ignore[attr-defined]
                raise Refused(_ALREADY_ACCEPTED)
            if commit is not None:
                commit()

    def check(self, uid: str, file_id: str) -> CheckResult:
        verdict = self.known_verdict(uid, file_id)
        if verdict is None:
            return self._check_direct_upload(self._owned(uid, file_id))
        return verdict

    def known_verdict(self, uid: str, file_id: str) -> CheckResult | None:
        """What ``check`` answers, from one point read of the database; None where only a
        look into object storage can tell (a direct upload still pending), which ``check``
        does. Cheap enough for the event loop: clients poll it."""
        if not isinstance(file_id, str) or not file_id:
            raise NotFound("fileId is empty")
        row = self.db.read_one(_file_status, file_id=file_id)
        if row is None or row["owner_uid"] != uid:
            raise NotFound(f"file {file_id} not found")
        if row["status"] == "pending" and self.blobs.direct_uploads:
            return None
        if row["status"] == "ready":
            return CheckResult(ready=True, message="Success")
        if row["status"] == "rejected":
            return CheckResult(ready=False, message=row["error"] or "rejected")
        return CheckResult(ready=False, message="the file has not been uploaded yet")

    def _check_direct_upload(self, row: FileRow) -> CheckResult:
        """An upload PUT straight to the store: check it the first time it is seen there."""
        size = self.blobs.size(row.storage_key)
        if size is None:
            return CheckResult(ready=False, message="the file has not been uploaded yet")
        limit = self.max_bytes(row.kind)  # type: ignore[arg-type]
        if size > limit:
            self.blobs.delete(row.storage_key)
            self.reject(row.file_id, f"the {row.kind} is {size} bytes; the limit is {limit} bytes")
            return CheckResult(ready=False, message=f"rejected: the {row.kind} is {size} bytes; the limit is {limit} bytes")
        try:
            with self.blobs.local_copy(row.storage_key) as path:
                verdict = self.accept_upload(row.file_id, path, size=size, sha256=sha256_of(path), commit=lambda: None)
        except Refused:  # a concurrent check of the same upload accepted it
            return CheckResult(ready=True, message="Success")
        if not verdict.ready:
            self.blobs.delete(row.storage_key)
        return verdict

    # -- files used and made by tasks ------------------------------------------------

    def _owned(self, uid: str, file_id: str) -> FileRow:
        if not isinstance(file_id, str) or not file_id:
            raise NotFound("fileId is empty")
        with self.db.reader() as session:
            row = session.get(FileRow, file_id)
        if row is None or row.owner_uid != uid:
            raise NotFound(f"file {file_id} not found")
        return row

    def ready_file(self, uid: str, file_id: str, *, kinds: tuple[str, ...], field: str = "fileId") -> StoredFile:
        """The owner's file, checked and of one of ``kinds``; names ``field`` in errors."""
        try:
            row = self._owned(uid, file_id)
        except NotFound:
            raise NotFound(f"{field} {file_id!r} not found") from None
        if row.status != "ready":
            why = row.error or "it has not been uploaded yet"
            raise BadRequest(f"{field} {file_id!r} cannot be used: {why}")
        if row.kind not in kinds:
            raise BadRequest(f"{field} {file_id!r} is {row.kind} ({row.format}); expected {' or '.join(kinds)}")
        return _stored(row)

    def storage_key(self, file_id: str) -> str:
        with self.db.reader() as session:
            key = session.scalar(select(FileRow.storage_key).where(FileRow.file_id == file_id))
        if key is None:
            raise NotFound(f"file {file_id} not found")
        return key

    def add_file(
        self, uid: str, path: Path, *, fmt: str, source: str, file_name: str, task_id: str | None = None
    ) -> StoredFile:
        """Validate a local file like an upload and store it as a new ready file of ``uid``,
        made by task ``task_id`` when one made it."""
        kind = kind_of_format(fmt)
        size = path.stat().st_size
        if size > self.max_bytes(kind):
            raise MediaError(f"{file_name} is {size} bytes, over the {kind} limit of {self.max_bytes(kind)}")
        info = self._inspect(path, kind=kind)
        file_id = secrets.token_hex(16)
        key = f"{source[0]}/{file_id}.{fmt}"
        self.blobs.put_file(key, path)
        now = now_ms()
        row = FileRow(
            file_id=file_id, owner_uid=uid, kind=kind, format=fmt, status="ready", storage_key=key,
            source=source, file_name=file_name or f"{file_id}.{fmt}", size=size, sha256=sha256_of(path),
            width=info.width, height=info.height, duration_ms=info.duration_ms, task_id=task_id, created_at=now,
            updated_at=now,
        )
        with self.db.session() as session:
            session.add(row)
        return _stored(row)

    # -- deleting --------------------------------------------------------------------

    def delete(self, uid: str, file_id: str) -> None:
        """Remove the owner's file (an upload, a scraped picture or an output): its record,
        then its object, so that its URLs stop working. A file a saved custom avatar is made
        of is refused (4006) while that avatar exists."""
        row = self._owned(uid, file_id)
        with self.db.session() as session:
            avatar = session.scalar(select(CustomAvatar.avatar_id).where(
                CustomAvatar.owner_uid == uid, _avatar_uses(file_id)).limit(1))
            if avatar is not None:
                raise Refused(f"file {file_id} is part of your custom avatar {avatar}; it stays while the avatar does")
            session.execute(delete(FileRow).where(FileRow.file_id == file_id))
        self.blobs.delete(row.storage_key)

    @staticmethod
    def forget(session: Session, *where: Any, batch: int | None = None) -> list[str]:
        """In ``session``, remove the records of the files matching ``where`` (at most
        ``batch``), except those a saved custom avatar is made of; returns their storage
        keys, whose objects the caller deletes (``delete_objects``) once the session commits."""
        query = select(FileRow.file_id, FileRow.storage_key).where(*where, ~exists().where(_avatar_uses(FileRow.file_id)))
        rows = session.execute(query.limit(batch) if batch else query).all()
        if rows:
            session.execute(delete(FileRow).where(FileRow.file_id.in_([row.file_id for row in rows])))
        return [row.storage_key for row in rows]

    def delete_objects(self, keys: list[str]) -> None:
        for key in keys:
            self.blobs.delete(key)

    def copy_to(self, file_id: str, target: Path) -> None:
        with self.blobs.local_copy(self.storage_key(file_id)) as path:
            shutil.copyfile(path, target)

    def url(self, file_id: str, *, cdn: bool = False) -> str | None:
        try:
            key = self.storage_key(file_id)
        except NotFound:
            return None
        if cdn and self.settings.cdn_base_url:
            return f"{self.settings.cdn_base_url.rstrip('/')}/{self.blobs.object_path(key)}"
        return self.blobs.presign_get(key, ttl_s=self.settings.download_url_ttl_s)


def _avatar_uses(file_id: Any) -> Any:
    """A custom avatar is made of ``file_id`` (an id, or a column to correlate with)."""
    return or_(CustomAvatar.file_id == file_id, CustomAvatar.cover_file_id == file_id,
               CustomAvatar.preview_file_id == file_id)
