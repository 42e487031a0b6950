"""Users, API keys and webhook secrets. Keys are stored as SHA-256 hashes only."""

from __future__ import annotations

import base64
import hashlib
import secrets
import string
from dataclasses import dataclass

from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from shopreel.errors import NotFound, Unauthorized
from shopreel.store.db import Database, now_ms
from shopreel.store.models import ApiKey, User

__all__ = ["Credentials", "UserRecord", "create_user", "create_key", "add_key", "revoke_key", "authenticate", "count_users"]

_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Credentials:
    """What a new user or key is told once: the key itself is never stored."""

    uid: str
    api_key: str
    webhook_secret: str

    def as_json(self) -> dict[str, str]:
        return {"uid": self.uid, "apiKey": self.api_key, "webhookSecret": self.webhook_secret}


@dataclass(frozen=True)
class UserRecord:
    uid: str
    name: str
    webhook_secret: str


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def _new_key() -> str:
    return "sk-" + _random(_ALNUM, 43)


def count_users(db: Database) -> int:
    with db.reader() as session:
        return len(session.scalars(select(User.uid)).all())


def create_user(db: Database, *, name: str = "") -> Credentials:
    """Create a user with one API key and a Standard Webhooks signing secret."""
    uid = _random(_ALNUM, 20)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    api_key = _new_key()
    now = now_ms()
    with db.session() as session:
        session.add(User(uid=uid, name=name, webhook_secret=secret, created_at=now))
        session.flush()
        session.add(ApiKey(uid=uid, key_hash=_hash_key(api_key), prefix=api_key[:7], created_at=now))
    return Credentials(uid=uid, api_key=api_key, webhook_secret=secret)


def create_key(db: Database, uid: str) -> Credentials:
    """Add another API key to ``uid``."""
    with db.session() as session:
        return add_key(session, uid)


def add_key(session: Session, uid: str) -> Credentials:
    """Add another API key to ``uid`` within ``session``'s transaction (it counts once that
    commits); NotFound for an unknown uid."""
    user = session.get(User, uid)
    if user is None:
        raise NotFound(f"no user {uid}")
    api_key = _new_key()
    session.add(ApiKey(uid=uid, key_hash=_hash_key(api_key), prefix=api_key[:7], created_at=now_ms()))
    return Credentials(uid=uid, api_key=api_key, webhook_secret=user.webhook_secret)


def revoke_key(db: Database, api_key: str) -> str:
    """Revoke a key given in full; returns its uid."""
    with db.session() as session:
        row = session.scalar(select(ApiKey).where(ApiKey.key_hash == _hash_key(api_key)))
        if row is None or row.revoked_at is not None:
            raise NotFound("no such active API key")
        row.revoked_at = now_ms()
        return row.uid


def authenticate(db: Database, *, authorization: str | None, uid: str | None) -> UserRecord:
    """The user behind ``Authorization: Bearer <key>`` and ``Topview-Uid``, or Unauthorized."""
    if not authorization or not uid:
        raise Unauthorized("Unauthorized: send 'Authorization: Bearer <API key>' and 'Topview-Uid: <uid>'")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Unauthorized: the Authorization header must be 'Bearer <API key>'")
    row = db.read_one(_active_key, key_hash=_hash_key(token.strip()))
    if row is None or not secrets.compare_digest(row["uid"], uid.strip()):
        raise Unauthorized("Unauthorized: unknown API key, or it does not belong to this Topview-Uid")
    return UserRecord(uid=row["uid"], name=row["name"], webhook_secret=row["webhook_secret"])


def _active_key() -> Select[Any]:
    return (select(ApiKey.uid, User.name, User.webhook_secret)
            .join(User, User.uid == ApiKey.uid)
            .where(ApiKey.key_hash == bindparam("key_hash"), ApiKey.revoked_at.is_(None)))
