"""Operator-added photo avatars: public Product Avatars made from licensed photos."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from shopreel.errors import NotFound
from shopreel.store.db import Database, now_ms
from shopreel.store.models import PhotoAvatar

__all__ = ["PhotoAvatarRecord", "add_photo_avatar", "find_photo_avatar", "list_photo_avatars", "remove_photo_avatar"]


@dataclass(frozen=True)
class PhotoAvatarRecord:
    avatar_id: str
    name: str
    gender: str
    ethnicity_ids: tuple[str, ...]
    category_ids: tuple[str, ...]
    storage_key: str
    width: int
    height: int
    quad: tuple[tuple[float, float], ...]
    created_at: int


def _record(row: PhotoAvatar) -> PhotoAvatarRecord:
    return PhotoAvatarRecord(
        avatar_id=row.avatar_id, name=row.name, gender=row.gender, ethnicity_ids=tuple(row.ethnicity_ids),
        category_ids=tuple(row.category_ids), storage_key=row.storage_key, width=row.width, height=row.height,
        quad=tuple((float(x), float(y)) for x, y in row.quad), created_at=row.created_at,
    )


def add_photo_avatar(db: Database, *, name: str, gender: str, ethnicity_ids: list[str], category_ids: list[str],
                     storage_key: str, width: int, height: int, quad: list[list[float]],
                     avatar_id: str | None = None) -> PhotoAvatarRecord:
    row = PhotoAvatar(avatar_id=avatar_id or secrets.token_hex(16), name=name, gender=gender,
                      ethnicity_ids=ethnicity_ids, category_ids=category_ids, storage_key=storage_key, width=width,
                      height=height, quad=quad, created_at=now_ms())
    with db.session() as session:
        session.add(row)
    return _record(row)


def find_photo_avatar(db: Database, avatar_id: str) -> PhotoAvatarRecord | None:
    with db.reader() as session:
        row = session.get(PhotoAvatar, avatar_id)
        return _record(row) if row is not None else None


def list_photo_avatars(db: Database) -> list[PhotoAvatarRecord]:
    with db.reader() as session:
        return [_record(row) for row in session.scalars(select(PhotoAvatar).order_by(PhotoAvatar.created_at))]


def remove_photo_avatar(db: Database, avatar_id: str) -> PhotoAvatarRecord:
    record = find_photo_avatar(db, avatar_id)
    if record is None:
        raise NotFound(f"no photo avatar {avatar_id}")
    with db.session() as session:
        session.execute(delete(PhotoAvatar).where(PhotoAvatar.avatar_id == avatar_id))
    return record
