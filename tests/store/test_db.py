from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import bindparam, select, text

from shopreel.store.db import Database
from shopreel.store.models import TaskRow, User


def _modes(folder) -> dict[str, str]:
    return {p.name: oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}


def test_the_sqlite_file_and_its_wal_and_shm_are_readable_by_the_owner_only(tmp_path):
    """The database holds every user's whsec_ webhook secret in plain text."""
    db = Database(f"sqlite:///{tmp_path / 'shopreel.db'}")
    db.upgrade()
    with db.engine.connect() as connection:  # open: the -wal and -shm files exist
        connection.execute(text("SELECT 1"))
        assert _modes(tmp_path) == {"shopreel.db": "0o600", "shopreel.db-wal": "0o600", "shopreel.db-shm": "0o600"}
    db.dispose()


def test_an_existing_database_readable_by_others_is_made_owner_only(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    db = Database(f"sqlite:///{path}")
    assert _modes(tmp_path) == {"old.db": "0o600"}
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'shopreel.db'}")
        yield db
        db.dispose()
        return
    from tests.support import drop_database, fresh_database

    try:
        url = fresh_database()
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        pytest.skip(f"no PostgreSQL on this machine: {exc}")
    db = Database(url)
    yield db
    db.dispose()
    drop_database(url)


def _task_by_owner_and_kind():
    table = TaskRow.__table__
    return select(table.c.task_id, table.c.params, table.c.result, table.c.progress).where(
        table.c.owner_uid == bindparam("uid"), table.c.kind == bindparam("kind"))


def test_a_point_read_gives_the_row_with_json_decoded_or_none(database):
    database.upgrade()
    with database.session() as session:
        session.add(User(uid="u1", name="a", webhook_secret="whsec_x", created_at=1))
        session.flush()
        session.add(TaskRow(task_id="t1", kind="scraper", owner_uid="u1", params={"a": [1, "é"]}, status="init",
                            progress=7, result=None, created_at=1, updated_at=1))
    row = database.read_one(_task_by_owner_and_kind, uid="u1", kind="scraper")
    assert row == {"task_id": "t1", "params": {"a": [1, "é"]}, "result": None, "progress": 7}
    assert database.read_one(_task_by_owner_and_kind, uid="u1", kind="m2v") is None
    # A write is seen by the next read (no cache), from another thread too.
    with database.session() as session:
        session.get(TaskRow, "t1").progress = 50
    seen = []
    thread = threading.Thread(target=lambda: seen.append(database.read_one(_task_by_owner_and_kind, uid="u1",
                                                                           kind="scraper")))
    thread.start()
    thread.join()
    assert seen[0]["progress"] == 50


def test_writers_of_one_process_queue_for_sqlite_instead_of_failing(tmp_path):
    """Sixteen threads each write 20 times at once: every write lands (none meets 'database
    is locked'), and every transaction saw a consistent count."""
    db = Database(f"sqlite:///{tmp_path / 'shopreel.db'}")
    db.upgrade()
    with db.session() as session:
        session.add(User(uid="u1", name="a", webhook_secret="whsec_x", created_at=1))
        session.flush()
        session.add(TaskRow(task_id="t1", kind="scraper", owner_uid="u1", params={}, status="init", progress=0,
                            created_at=1, updated_at=1))
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(20):
                with db.session() as session:
                    row = session.get(TaskRow, "t1")
                    row.progress += 1  # read-modify-write: lost updates if two ran at once
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.reader() as session:
        assert session.get(TaskRow, "t1").progress == 16 * 20
    db.dispose()
