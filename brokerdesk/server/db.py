"""The server's database: SQLite in a data folder by default, or PostgreSQL for a network.

Every piece of state lives in the database (accounts, tokens, cases, the feed position, batch
answers), so several server processes on one PostgreSQL behave as one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE_FILE = "brokerdesk-server.sqlite3"
# An arbitrary key for PostgreSQL's advisory lock: processes starting together migrate in turn.
MIGRATION_LOCK = 0x42444B53


def default_data_dir() -> Path:
    override = os.environ.get("BROKERDESK_SERVER_DATA")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("BrokerDesk Server", appauthor=False))


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"


def now_iso(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class DatabaseError(RuntimeError):
    """The database cannot be used: wrong address, not reachable, not writable."""


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver stays in autocommit; the "begin" hook below opens transactions itself, so
    # that a writer takes SQLite's write lock at the start (no upgrade deadlocks later).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


class Database:
    """An engine and the two kinds of transaction the server runs: reading and writing."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}
            )
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        elif self.dialect == "postgresql":
            self.engine = create_engine(
                url, pool_size=pool_size, max_overflow=2 * pool_size, pool_pre_ping=True
            )
        else:
            raise DatabaseError(f"unsupported database {self.dialect!r}: use sqlite or postgresql")

    @property
    def label(self) -> str:
        return "postgresql" if self.dialect == "postgresql" else "sqlite"

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends without an exception."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info["write"] = False

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def ping(self) -> bool:
        try:
            with self.read() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # any failure means "not available", which /health reports
            return False
        return True

    def upgrade(self) -> None:
        """Brings the schema to the newest revision (a no-op when it is there)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                conn.commit()
            finally:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                    conn.commit()

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head() -> str | None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return ScriptDirectory.from_config(config).get_current_head()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    *, data_dir: Path | None = None, database_url: str | None = None, upgrade: bool = True
) -> Database:
    """The database named on the command line, migrated to the newest schema."""
    url = database_url or sqlite_url(data_dir or default_data_dir())
    db = Database(url)
    if upgrade:
        db.upgrade()
    return db
