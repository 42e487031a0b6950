"""Users' custom avatars (saved from Video Avatar tasks)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from shopreel.errors import NotFound
from shopreel.store.db import Database, now_ms
from shopreel.store.models import CustomAvatar

__all__ = ["AvatarRecord", "create_custom_avatar", "get_custom_avatar", "list_custom_avatars"]


@dataclass(frozen=True)
class AvatarRecord:
    avatar_id: str
    name: str
    source_kind: str  # photo | video | presenter
    file_id: str
    cover_file_id: str | None
    preview_file_id: str | None
    created_at: int


def _record(row: CustomAvatar) -> AvatarRecord:
    return AvatarRecord(avatar_id=row.avatar_id, name=row.name, source_kind=row.source_kind, file_id=row.file_id,
                        cover_file_id=row.cover_file_id, preview_file_id=row.preview_file_id,
                        created_at=row.created_at)


def create_custom_avatar(db: Database, uid: str, *, name: str, source_kind: str, file_id: str,
                         cover_file_id: str | None, preview_file_id: str | None) -> AvatarRecord:
    row = CustomAvatar(avatar_id=secrets.token_hex(16), owner_uid=uid, name=name, source_kind=source_kind,
                       file_id=file_id, cover_file_id=cover_file_id, preview_file_id=preview_file_id,
                       created_at=now_ms())
    with db.session() as session:
        session.add(row)
    return _record(row)


def get_custom_avatar(db: Database, uid: str, avatar_id: str) -> AvatarRecord:
    with db.reader() as session:
        row = session.get(CustomAvatar, avatar_id)
        if row is None or row.owner_uid != uid:
            raise NotFound(f"aiAvatarId {avatar_id!r} not found among your custom avatars")
        return _record(row)


def list_custom_avatars(db: Database, uid: str) -> list[AvatarRecord]:
    with db.reader() as session:
        rows = session.scalars(select(CustomAvatar).where(CustomAvatar.owner_uid == uid)).all()
        return [_record(row) for row in rows]
