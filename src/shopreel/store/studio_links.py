"""One-time, expiring sign-in links to the Studio. ``shopreel studio-link`` issues one; the
browser trades its token for a fresh API key of the link's user (``POST /studio/session``).
Only the token's SHA-256 is stored, as for API keys."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, update

from shopreel.errors import NotFound, Unauthorized
from shopreel.store.db import Database, now_ms
from shopreel.store.models import StudioLink, User
from shopreel.store.users import Credentials, add_key

__all__ = ["issue_link", "redeem_link", "DEFAULT_TTL_S"]

#: How long a link works unless told otherwise: 15 minutes.
DEFAULT_TTL_S = 900
#: Links that expired this long ago are deleted when a new one is issued.
_KEPT_AFTER_EXPIRY_MS = 24 * 3600 * 1000


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(db: Database, uid: str, *, ttl_s: int = DEFAULT_TTL_S) -> str:
    """A new sign-in token for ``uid`` that works once within ``ttl_s`` seconds; NotFound
    for an unknown uid."""
    token = secrets.token_urlsafe(32)
    now = now_ms()
    with db.session() as session:
        if session.get(User, uid) is None:
            raise NotFound(f"no user {uid}")
        session.execute(delete(StudioLink).where(StudioLink.expires_at < now - _KEPT_AFTER_EXPIRY_MS))
        session.add(StudioLink(token_hash=_hash_token(token), uid=uid, created_at=now,
                               expires_at=now + ttl_s * 1000, used_at=None))
    return token


def redeem_link(db: Database, token: str) -> Credentials:
    """Use the link ``token`` up and make a new API key for its user, in one transaction:
    of two browsers redeeming the same link at once, one gets a key. Unauthorized for a
    token that is unknown, used or expired."""
    now = now_ms()
    token_hash = _hash_token(token)
    with db.reader() as session:  # a made-up token costs a read, not the write lock
        if session.get(StudioLink, token_hash) is None:
            raise _refused()
    with db.session() as session:
        used = session.execute(
            update(StudioLink)
            .where(StudioLink.token_hash == token_hash, StudioLink.used_at.is_(None), StudioLink.expires_at > now)
            .values(used_at=now)
        ).rowcount
        if not used:
            raise _refused()
        return add_key(session, session.get_one(StudioLink, token_hash).uid)


def _refused() -> Unauthorized:
    return Unauthorized("This sign-in link has expired or was already used: run `shopreel studio-link` for a new one")
