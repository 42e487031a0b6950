"""Database engine, sessions and schema migrations."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
import threading
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Engine, Select, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "PointRead", "now_ms", "libpq_url"]

_MIGRATIONS = Path(__file__).with_name("migrations")
_log = logging.getLogger(__name__)


def libpq_url(url: str) -> str:
    """The plain libpq form of a PostgreSQL SQLAlchemy URL (for psycopg and Procrastinate)."""
    return "postgresql://" + url.split("://", 1)[1]


def now_ms() -> int:
    return int(time.time() * 1000)


class Database:
    """One engine and session factory for a database URL.

    SQLite runs in WAL mode with a busy timeout, so the API threads and the embedded
    workers can read while one of them writes.
    """

    def __init__(self, url: str) -> None:
        # postgresql:// means the psycopg (3) driver, which Procrastinate also uses.
        if url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                _owner_only(Path(path))
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin_immediate)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(shopreel_readonly=True), expire_on_commit=False
        )
        # SQLite has one writer at a time. Threads of this process queue for it here, in
        # order, rather than in SQLite's busy handler, which sleeps up to 100 ms between
        # tries (a p99 of a second for 16 concurrent upload credentials). Other processes
        # (the CLI) still meet the busy timeout.
        self._writers: AbstractContextManager[Any] = threading.RLock() if self.is_sqlite else nullcontext()
        self._point_reads: dict[Callable[[], Select[Any]], PointRead] = {}

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.

        Callables appended to ``session.info["after_commit"]`` run once the commit is done.
        """
        with self._writers, self._sessions() as session:
            with session.begin():
                yield session
            hooks = session.info.pop("after_commit", [])
        for hook in hooks:
            hook()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reads only; on SQLite it does not take the write lock."""
        with self._readers() as session, session.begin():
            yield session

    def read_one(self, statement: Callable[[], Select[Any]], **params: Any) -> dict[str, Any] | None:
        """The row of ``statement()`` with ``params`` bound, as a dict, or None: the hot-path
        read (see PointRead); the statement is compiled on first use and kept."""
        read = self._point_reads.get(statement)
        if read is None:
            read = self._point_reads[statement] = PointRead(self, statement())
        return read.one(**params)

    def upgrade(self, revision: str = "head") -> None:
        """Apply the Alembic migrations up to ``revision`` (all of them by default)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def dispose(self) -> None:
        self.engine.dispose()


class PointRead:
    """A SELECT of at most one row, compiled once for the database's dialect and run on a
    pooled DBAPI connection, without an ORM session.

    For the lookups every API request makes (its API key, the task it asks about): a
    session costs ~0.75 ms of CPU per read, this ~0.03 ms on SQLite. Columns come back
    as the driver gives them, but JSON columns, which are decoded.
    """

    def __init__(self, db: Database, statement: Select[Any]) -> None:
        compiled = statement.compile(dialect=db.engine.dialect)
        self._engine = db.engine
        self._sql = str(compiled)
        self._order = compiled.positiontup  # bind names in order for positional drivers (SQLite)
        columns = list(statement.selected_columns)
        self._names = [column.key for column in columns]
        self._json = [index for index, column in enumerate(columns) if isinstance(column.type, JSON)]

    def one(self, **params: Any) -> dict[str, Any] | None:
        args: Any = tuple(params[name] for name in self._order) if self._order is not None else params
        connection = self._engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self._sql, args)
                row = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            connection.close()
        if row is None:
            return None
        values = list(row)
        for index in self._json:
            if isinstance(values[index], str):  # SQLite stores JSON as text; psycopg decodes it
                values[index] = json.loads(values[index])
        return dict(zip(self._names, values))


def _owner_only(path: Path) -> None:
    """Create the SQLite file readable by its owner alone, and make an existing one so: it
    holds every user's webhook signing secret. SQLite gives the ``-wal`` and ``-shm`` files
    it creates the mode of the database file."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except FileNotFoundError:
            pass
        except PermissionError:
            _log.warning("cannot make %s readable by its owner only: it is not ours", file)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
    # Writers take the write lock at BEGIN: a deferred transaction that reads and then
    # writes can fail with "database is locked" without waiting for the busy timeout.
    if connection.get_execution_options().get("shopreel_readonly"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
