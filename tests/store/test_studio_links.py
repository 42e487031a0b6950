"""Studio sign-in links on SQLite and PostgreSQL: a link trades once for a working API key
of its user, never twice, never after it expired; only its hash is stored."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from shopreel.errors import NotFound, Unauthorized
from shopreel.store.db import Database
from shopreel.store.models import StudioLink
from shopreel.store.studio_links import issue_link, redeem_link
from shopreel.store.users import authenticate, create_user


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'shopreel.db'}")
        database.upgrade()
        yield database
        database.dispose()
        return
    from tests.support import drop_database, fresh_database

    try:
        url = fresh_database()
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        pytest.skip(f"no PostgreSQL on this machine: {exc}")
    database = Database(url)
    database.upgrade()
    yield database
    database.dispose()
    drop_database(url)


def _hashes(db: Database) -> list[str]:
    with db.reader() as session:
        return list(session.scalars(select(StudioLink.token_hash)))


def test_a_link_gives_a_working_key_once(db):
    user = create_user(db, name="shop")
    token = issue_link(db, user.uid)
    assert len(token) >= 43 and _hashes(db) == [hashlib.sha256(token.encode()).hexdigest()]  # never the token

    signed_in = redeem_link(db, token)
    assert signed_in.uid == user.uid and signed_in.api_key != user.api_key
    assert signed_in.webhook_secret == user.webhook_secret
    assert authenticate(db, authorization=f"Bearer {signed_in.api_key}", uid=user.uid).uid == user.uid
    with pytest.raises(Unauthorized, match="shopreel studio-link"):
        redeem_link(db, token)


def test_expired_unknown_and_foreign_links_are_refused(db):
    user = create_user(db)
    expired = issue_link(db, user.uid, ttl_s=0)
    for token in (expired, "not-a-link", ""):
        with pytest.raises(Unauthorized, match="expired or was already used"):
            redeem_link(db, token)
    with pytest.raises(NotFound):
        issue_link(db, "nobody")


def test_issuing_clears_links_expired_over_a_day_ago(db):
    user = create_user(db)
    issue_link(db, user.uid, ttl_s=-2 * 24 * 3600)
    recent = issue_link(db, user.uid, ttl_s=-3600)  # expired an hour ago: kept a while
    fresh = issue_link(db, user.uid)
    assert sorted(_hashes(db)) == sorted(hashlib.sha256(t.encode()).hexdigest() for t in (recent, fresh))


def test_of_two_redeeming_one_link_at_once_one_gets_a_key(db):
    token = issue_link(db, create_user(db).uid)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def redeem() -> None:
        start.wait()
        try:
            outcomes.append(redeem_link(db, token).api_key)
        except Unauthorized:
            outcomes.append("refused")

    threads = [threading.Thread(target=redeem) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and outcomes.count("refused") == 3
