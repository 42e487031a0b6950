from __future__ import annotations

import sqlite3

from sqlalchemy import text

from shopreel.store.db import Database


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
