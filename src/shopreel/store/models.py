"""Database tables (SQLAlchemy 2 ORM). Times are epoch milliseconds in BIGINT columns.

The schema itself is created by the Alembic migrations next to this file; keep the two
in step (``tests/store/test_migrations.py`` compares them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "User", "ApiKey", "FileRow", "CustomAvatar", "PhotoAvatar", "TaskRow", "IdempotencyKey", "Notice", "NoticeAttempt",
           "RateLimit", "StudioLink"]


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    webhook_secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[int] = mapped_column(BigInteger)
    #: Credits left (``store/credits.py``); None until the first charge or grant, which
    #: start from the configured initial balance.
    credit_balance: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[int] = mapped_column(BigInteger)
    revoked_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class FileRow(Base):
    __tablename__ = "files"

    file_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # image | audio | video
    format: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))  # pending | ready | rejected
    storage_key: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(12))  # upload | scrape | output
    file_name: Mapped[str] = mapped_column(String(300), default="")
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The task that made this file (an output), else None.
    task_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)


class CustomAvatar(Base):
    """An avatar a user saved from a Video Avatar task (``isSave2CustomAiAvatar``): the photo
    or video it animates, and the preview it was saved from."""

    __tablename__ = "custom_avatars"

    avatar_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    source_kind: Mapped[str] = mapped_column(String(8))  # photo | video
    file_id: Mapped[str] = mapped_column(String(32))
    cover_file_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    preview_file_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger)


class PhotoAvatar(Base):
    """A public Product Avatar made by the operator from a licensed photo (``shopreel avatar
    add``): the photo, and the four corners of the object held in it."""

    __tablename__ = "photo_avatars"

    avatar_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(8))
    ethnicity_ids: Mapped[list[str]] = mapped_column(JSON)
    category_ids: Mapped[list[str]] = mapped_column(JSON)
    storage_key: Mapped[str] = mapped_column(String(200))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    quad: Mapped[list[list[float]]] = mapped_column(JSON)
    created_at: Mapped[int] = mapped_column(BigInteger)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_status_created", "status", "created_at"),
                      Index("ix_tasks_owner_created", "owner_uid", "created_at"))

    task_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error_msg: Mapped[str | None] = mapped_column(Text, nullable=True)
    notice_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    notice_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=2)
    worker_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    heartbeat_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    queue: Mapped[str] = mapped_column(String(40), default="default")
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    finished_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: Credits the task has cost its owner so far (its query's ``costCredit``).
    cost_credit: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    #: The part of ``cost_credit`` charged for the current run: given back if it fails.
    refundable_credit: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    owner_uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[int] = mapped_column(BigInteger, index=True)


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_next", "status", "next_attempt_at"),)

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.task_id", ondelete="CASCADE"), index=True)
    owner_uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    biz_type: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[int] = mapped_column(BigInteger)
    locked_until: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    delivered_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class NoticeAttempt(Base):
    __tablename__ = "notice_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_uuid: Mapped[str] = mapped_column(ForeignKey("notices.uuid", ondelete="CASCADE"), index=True)
    attempt_no: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[int] = mapped_column(BigInteger)
    duration_ms: Mapped[int] = mapped_column(Integer)
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class RateLimit(Base):
    """One user's request budget for one route class in distributed mode
    (``store/rate_limits.py``); UNLOGGED on PostgreSQL, unused on SQLite."""

    __tablename__ = "rate_limits"

    uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(16), primary_key=True)
    #: Theoretical arrival time: epoch microseconds on the database's clock.
    tat_us: Mapped[int] = mapped_column(BigInteger)
    #: Whether the last request was admitted: how the one upsert tells its caller.
    admitted: Mapped[bool] = mapped_column(Boolean)


class StudioLink(Base):
    """A one-time sign-in link to the Studio (``store/studio_links.py``): the SHA-256 of its
    token, whose user it signs in, until when, and when it was used."""

    __tablename__ = "studio_links"

    token_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    uid: Mapped[str] = mapped_column(ForeignKey("users.uid", ondelete="CASCADE"))
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
    used_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
