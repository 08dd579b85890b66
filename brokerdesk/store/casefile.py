"""Opening, creating, migrating and backing up a case file.

A case file is an SQLite database in WAL mode with ``synchronous=FULL``: every committed
transaction has reached the disk before the commit returns. Before anything writes to an existing
file, it is probed read-only; a file that is not a case file, is damaged, or comes from a newer
program is refused and left byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from brokerdesk.domain.text import N_, Message

if TYPE_CHECKING:
    from alembic.config import Config

# The migrations in order. Kept here so that opening a current file needs no Alembic import
# (a sixth of a second); a test checks it against the migration scripts.
REVISIONS = ("0001", "0002")

APPLICATION_ID = 0x42444B31  # "BDK1" in the SQLite header: marks the file as a case file
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BACKUP_SUFFIX = ".brokerdesk"


class CaseFileError(Exception):
    """A case file cannot be used; ``message`` tells the user why, translatable."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


class NotACaseFile(CaseFileError):
    pass


class DamagedCaseFile(CaseFileError):
    pass


class NewerCaseFile(CaseFileError):
    pass


class StorageError(CaseFileError):
    """The environment failed (disk full, read-only folder, locked file), not the program."""


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return REVISIONS[-1]


def known_revisions() -> frozenset[str]:
    return frozenset(REVISIONS)


@dataclass(frozen=True)
class Probe:
    revision: str | None
    needs_upgrade: bool


def storage_error(exc: BaseException, path: Path) -> StorageError:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return StorageError(
            Message(
                N_("The disk holding {path} is full. Free some space and try again."),
                {"path": str(path)},
            )
        )
    if "locked" in text or "busy" in text:
        return StorageError(
            Message(
                N_("{path} is in use by another program. Close it and try again."),
                {"path": str(path)},
            )
        )
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StorageError(
            Message(
                N_("BrokerDesk may not write to {path}. Check the folder's permissions."),
                {"path": str(path)},
            )
        )
    return StorageError(
        Message(
            N_("BrokerDesk could not use {path}: {reason}"), {"path": str(path), "reason": str(exc)}
        )
    )


def _damaged(path: Path, detail: str) -> DamagedCaseFile:
    return DamagedCaseFile(
        Message(
            N_("{path} is damaged ({detail}). It has not been changed; restore a backup."),
            {"path": str(path), "detail": detail},
        )
    )


def verify_file(path: Path) -> None:
    """Reads every page of the file (``PRAGMA quick_check``), read-only.

    Raises:
        DamagedCaseFile: a page is damaged; nothing has been written.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    if not check or check[0] != "ok":
        raise _damaged(path, check[0] if check else "?")


def probe(path: Path, thorough: bool = True) -> Probe:
    """Checks an existing file without writing to it.

    Args:
        path: the file.
        thorough: also read every page (``verify_file``); the app defers that to its background
            queue, ahead of any write, so that a large file lists its cases at once.

    Raises:
        NotACaseFile, DamagedCaseFile, NewerCaseFile: the file is refused, untouched.
    """
    name = {"path": str(path)}
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise NotACaseFile(Message(N_("There is no file at {path}."), name)) from None
    except OSError as exc:
        raise storage_error(exc, path) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        if header.startswith(SQLITE_MAGIC):
            raise DamagedCaseFile(Message(N_("{path} is damaged: it is cut short."), name))
        raise NotACaseFile(Message(N_("{path} is not a BrokerDesk case file."), name))
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotACaseFile(
            Message(N_("{path} is a database, but not a BrokerDesk case file."), name)
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    try:
        page_size = int.from_bytes(header[16:18], "big") or 65536
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        if path.stat().st_size < page_size * min(pages, int.from_bytes(header[28:32], "big")):
            raise _damaged(path, "it is cut short")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise storage_error(exc, path) from None
        raise _damaged(path, str(exc)) from None
    finally:
        conn.close()
    if thorough:
        verify_file(path)
    if revision is not None and revision not in known_revisions():
        raise NewerCaseFile(
            Message(
                N_(
                    "{path} was written by a newer version of BrokerDesk. Update BrokerDesk to "
                    "open it; the file has not been changed."
                ),
                name,
            )
        )
    return Probe(revision, revision != head_revision())


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event below issues BEGIN itself,
    # so transactions (and DDL inside them) behave as written.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


def _engine(path: Path) -> Engine:
    # A pooled connection stays open between units of work: reopening costs the pragmas and,
    # on the last close, a WAL checkpoint; both would land on every autosave.
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class CaseFile:
    """An open case file. Create with ``CaseFile.create`` or ``CaseFile.open``; pass it around."""

    def __init__(self, path: Path, engine: Engine, migrated_from: str | None = None) -> None:
        self.path = path
        self.engine = engine
        self.migrated_from = migrated_from
        self.pre_migration_copy: Path | None = None

    @classmethod
    def create(cls, path: Path) -> CaseFile:
        """Creates a new, empty case file.

        Raises:
            CaseFileError: a file is already there, or the folder cannot be written.
        """
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise CaseFileError(
                Message(
                    N_("{path} already exists; BrokerDesk will not overwrite it."),
                    {"path": str(path)},
                )
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.commit()
            conn.close()
            case_file = cls(path, _engine(path))
            case_file._upgrade()
        except (sqlite3.Error, OSError) as exc:
            raise storage_error(exc, path) from None
        return case_file

    @classmethod
    def open(cls, path: Path, verify: bool = True) -> CaseFile:
        """Opens an existing case file, upgrading its schema after a copy has been made.

        Args:
            path: the case file.
            verify: read every page before opening. With ``False`` the caller must run
                ``verify()`` before its first write (the app queues it first); a file that needs
                an upgrade is always verified first.

        Raises:
            NotACaseFile, DamagedCaseFile, NewerCaseFile: refused; the file is untouched.
            StorageError: the disk or the folder would not let BrokerDesk work.
        """
        path = Path(path)
        found = probe(path, thorough=verify)
        if found.needs_upgrade and not verify:
            verify_file(path)
        case_file = cls(path, _engine(path), migrated_from=found.revision)
        if found.needs_upgrade:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            copy = path.with_name(
                f"{path.stem}.before-upgrade-{found.revision}-{stamp}{path.suffix}"
            )
            try:
                # Alembic's SQLite DDL is not transactional: the copy is the way back.
                case_file.backup_to(copy)
                case_file.pre_migration_copy = copy
                case_file._upgrade()
            except (sqlite3.Error, OSError) as exc:
                case_file.close()
                raise storage_error(exc, path) from None
        else:
            case_file.migrated_from = None
        return case_file

    def verify(self) -> None:
        """Reads every page; raises ``DamagedCaseFile`` if one is damaged."""
        verify_file(self.path)

    def _upgrade(self) -> None:
        from alembic import command

        config = _alembic_config()
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @contextlib.contextmanager
    def connect(self, write: bool = False) -> Iterator[Connection]:
        """A connection whose transactions take the write lock up front when ``write``."""
        with self.engine.connect() as conn:
            conn.info["write"] = write
            yield conn

    def backup_to(self, target: Path) -> Path:
        """Writes a consistent copy of the file with SQLite's backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        source = sqlite3.connect(self.path)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        partial.replace(target)
        return target

    def close(self) -> None:
        self.engine.dispose()


def list_backups(folder: Path, stem: str) -> list[Path]:
    """Backups of a case file, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{stem}-*{BACKUP_SUFFIX}"), reverse=True)


def rotate_backup(
    case_file: CaseFile,
    folder: Path,
    keep: int = 10,
    min_age: dt.timedelta = dt.timedelta(hours=12),
    now: dt.datetime | None = None,
) -> Path | None:
    """Makes a backup unless a recent one exists, and keeps only the ``keep`` newest.

    Returns:
        The new backup, or None when the newest one is younger than ``min_age``.
    """
    now = now or dt.datetime.now()
    stem = case_file.path.stem
    existing = list_backups(folder, stem)
    if existing:
        stamp = existing[0].name[len(stem) + 1 : -len(BACKUP_SUFFIX)]
        try:
            made = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S")
        except ValueError:
            made = dt.datetime.fromtimestamp(existing[0].stat().st_mtime)
        if now - made < min_age:
            return None
    target = folder / f"{stem}-{now.strftime('%Y%m%d-%H%M%S')}{BACKUP_SUFFIX}"
    case_file.backup_to(target)
    for old in list_backups(folder, stem)[keep:]:
        old.unlink(missing_ok=True)
    return target


def restore_backup(backup: Path, target: Path) -> None:
    """Copies a backup over a case file that is not open, after checking the backup."""
    probe(backup)
    shutil.copyfile(backup, target)
