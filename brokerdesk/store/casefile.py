"""Opening, creating, migrating and backing up a case file.

A case file is an SQLite database in WAL mode with ``synchronous=FULL``: every committed
transaction has reached the disk before the commit returns. Before anything writes to an existing
file, it is probed read-only; a file that is not a case file, is damaged, or comes from a newer
program is refused and left byte for byte as it was.

An encrypted case file (SQLCipher, see ``brokerdesk.store.cipher``) has no readable header: a
file that is neither an SQLite file nor text is taken for an encrypted one and tried with the
passphrase given; when page 1 does not decrypt, the passphrase is wrong, and the file, opened
read-only for the try, is untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brokerdesk.domain.text import N_, Message
from brokerdesk.store import cipher
from brokerdesk.store.cipher import Keying, Passphrase, connect_any, looks_encrypted
from brokerdesk.store.reading import Reader

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

# The migrations in order. Kept here so that opening a current file needs no Alembic import
# (a sixth of a second); a test checks it against the migration scripts.
REVISIONS = ("0001", "0002", "0003")

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


class PassphraseNeeded(CaseFileError):
    """The file is encrypted and no passphrase was given: ask for one and try again."""


class WrongPassphrase(CaseFileError):
    """The passphrase does not open the file; the file is untouched. Ask again."""


def _needs_passphrase(path: Path) -> PassphraseNeeded:
    return PassphraseNeeded(
        Message(N_("{path} is encrypted. Enter its passphrase to open it."), {"path": str(path)})
    )


def _wrong_passphrase(path: Path) -> WrongPassphrase:
    return WrongPassphrase(
        Message(
            N_("The passphrase does not open {path}. Check it and try again."),
            {"path": str(path)},
        )
    )


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
    encrypted: bool = False
    wal: bool | None = None  # in write-ahead-log mode; None: not known (encrypted)


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


# What the drivers say when the environment fails rather than the file.
_ENVIRONMENT = ("locked", "busy", "unable to open", "disk i/o", "readonly", "read-only", "full")


def refusal(exc: BaseException, path: Path) -> CaseFileError:
    """Why reading the file failed: the file in use elsewhere or the disk failing is a storage
    error (try again); anything else the file itself (damaged, restore a backup)."""
    text = str(exc).lower()
    if isinstance(exc, OSError) or any(word in text for word in _ENVIRONMENT):
        return storage_error(exc, path)
    return _damaged(path, str(exc))


def verify_file(path: Path, passphrase: Passphrase | None = None) -> None:
    """Reads every page of the file (``PRAGMA quick_check``), read-only.

    Raises:
        DamagedCaseFile: a page is damaged; nothing has been written.
    """
    _quick_check(path, lambda: connect_any(path, passphrase, read_only=True))


def _quick_check(path: Path, connect: Any) -> None:
    try:
        conn = connect()
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except cipher.database_errors() as exc:
        raise refusal(exc, path) from None
    if not check or check[0] != "ok":
        raise _damaged(path, check[0] if check else "?")


def probe(path: Path, thorough: bool = True, passphrase: Passphrase | None = None) -> Probe:
    """Checks an existing file without writing to it.

    Args:
        path: the file.
        thorough: also read every page (``verify_file``); the app defers that to its background
            queue, ahead of any write, so that a large file lists its cases at once.
        passphrase: for an encrypted file; a plain file ignores it.

    Raises:
        NotACaseFile, DamagedCaseFile, NewerCaseFile: the file is refused, untouched.
        PassphraseNeeded, WrongPassphrase: an encrypted file, and no passphrase or a wrong one.
    """
    name = {"path": str(path)}
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise NotACaseFile(Message(N_("There is no file at {path}."), name)) from None
    except OSError as exc:
        raise storage_error(exc, path) from None
    if not header.startswith(SQLITE_MAGIC) and looks_encrypted(path):
        if passphrase is None:
            raise _needs_passphrase(path)
        return _probe_encrypted(path, thorough, passphrase)
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
        raise refusal(exc, path) from None
    finally:
        conn.close()
    if thorough:
        verify_file(path)
    # Bytes 18 and 19 of the header are 2 in write-ahead-log mode, 1 in rollback-journal mode.
    return replace(_judged(path, revision, encrypted=False), wal=header[18] == 2)


def _judged(path: Path, revision: str | None, encrypted: bool) -> Probe:
    if revision is not None and revision not in known_revisions():
        raise NewerCaseFile(
            Message(
                N_(
                    "{path} was written by a newer version of BrokerDesk. Update BrokerDesk to "
                    "open it; the file has not been changed."
                ),
                {"path": str(path)},
            )
        )
    return Probe(revision, revision != head_revision(), encrypted)


def _probe_encrypted(path: Path, thorough: bool, passphrase: Passphrase) -> Probe:
    """The probe of an encrypted file, through a read-only keyed connection."""
    name = {"path": str(path)}
    try:
        conn = cipher.connect(path, passphrase, read_only=True)
    except cipher.database_errors() as exc:
        raise storage_error(exc, path) from None
    try:
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except cipher.database_errors() as exc:
            if cipher.is_wrong_key(exc):
                raise _wrong_passphrase(path) from None
            raise
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotACaseFile(
                Message(N_("{path} is a database, but not a BrokerDesk case file."), name)
            )
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0]) or 4096
        if path.stat().st_size % page_size:
            raise _damaged(path, "it is cut short")
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except cipher.database_errors() as exc:
        raise refusal(exc, path) from None
    finally:
        conn.close()
    if thorough:
        verify_file(path, passphrase)
    return _judged(path, revision, encrypted=True)


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


def _engine(path: Path, keying: Keying | None = None) -> Engine:
    # Imported on first use: listing the cases or printing a report reads through a ``Reader``
    # and never needs SQLAlchemy, which takes a fifth of a second to import.
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # A pooled connection stays open between units of work: reopening costs the pragmas and,
    # on the last close, a WAL checkpoint; both would land on every autosave.
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if keying is not None:
        # The SQLCipher driver, so that SQLAlchemy knows its exceptions; the key comes first.
        options = {"module": cipher.dbapi(), "creator": keying.connect}
    engine = create_engine(
        f"sqlite:///{path}", poolclass=QueuePool, pool_size=2, max_overflow=4, **options
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class CaseFile:
    """An open case file. Create with ``CaseFile.create`` or ``CaseFile.open``; pass it around.

    It reads through ``reader`` (plain driver connections) and writes through ``engine``
    (SQLAlchemy), which is made on first use.
    """

    def __init__(
        self,
        path: Path,
        migrated_from: str | None = None,
        keying: Keying | None = None,
    ) -> None:
        self.path = path
        self.migrated_from = migrated_from
        self.pre_migration_copy: Path | None = None
        self.keying = keying
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        # Read-only: reading never writes, not even the log into the file when it closes last.
        self.reader = Reader(lambda: self._connect("ro"), lambda exc: refusal(exc, self.path))

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = _engine(self.path, self.keying)
        return self._engine

    def release(self) -> None:
        """Closes every idle connection, pooled and reading, before the file is rekeyed,
        restored or changed by another SQLite library; the next use opens new ones."""
        self.reader.release()
        if self._engine is not None:
            self._engine.dispose()

    def _connect(self, mode: str) -> Any:
        """A driver connection to the file as it exists (``mode`` ``"ro"`` or ``"rw"``: a file
        that has gone is not made anew), usable from any thread, keyed when encrypted."""
        if self.keying is not None:
            return self.keying.connect(mode)
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def ensure_wal(self) -> None:
        """Puts a file that came back from a backup (which is in rollback-journal mode) into
        write-ahead-log mode, so that reads and writes do not wait for each other.

        Only after the file has been checked: the switch writes to it.
        """
        conn = self._connect("rw")
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()

    @property
    def encrypted(self) -> bool:
        return self.keying is not None

    @property
    def passphrase(self) -> Passphrase | None:
        return self.keying.passphrase if self.keying else None

    @classmethod
    def _at(cls, path: Path, passphrase: Passphrase | None, **options: Any) -> CaseFile:
        keying = Keying(path, passphrase) if passphrase is not None else None
        return cls(path, keying=keying, **options)

    def connect_raw(self, read_only: bool = False) -> Any:
        """A driver connection of its own (keyed when the file is encrypted), for the caller to
        close."""
        return self._connect("ro" if read_only else "rw")

    @classmethod
    def create(cls, path: Path, passphrase: Passphrase | None = None) -> CaseFile:
        """Creates a new, empty case file, encrypted with ``passphrase`` when one is given.

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
            conn = cipher.create(path, passphrase) if passphrase else sqlite3.connect(path)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.commit()
            conn.close()
            case_file = cls._at(path, passphrase)
            case_file._upgrade()
        except cipher.database_errors(OSError) as exc:
            raise storage_error(exc, path) from None
        return case_file

    @classmethod
    def open(
        cls, path: Path, verify: bool = True, passphrase: Passphrase | None = None
    ) -> CaseFile:
        """Opens an existing case file, upgrading its schema after a copy has been made.

        Args:
            path: the case file.
            verify: read every page before opening. With ``False`` the caller must run
                ``verify()`` before its first write (the app queues it first); a file that needs
                an upgrade is always verified first.
            passphrase: for an encrypted file; an unencrypted one opens without it.

        Raises:
            NotACaseFile, DamagedCaseFile, NewerCaseFile: refused; the file is untouched.
            PassphraseNeeded, WrongPassphrase: ask for the passphrase (again); nothing changed.
            StorageError: the disk or the folder would not let BrokerDesk work.
        """
        path = Path(path)
        found = probe(path, thorough=verify, passphrase=passphrase)
        key = passphrase if found.encrypted else None
        if found.needs_upgrade and not verify:
            verify_file(path, key)
        case_file = cls._at(path, key, migrated_from=found.revision)
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
            except cipher.database_errors(OSError) as exc:
                case_file.close()
                raise storage_error(exc, path) from None
        else:
            case_file.migrated_from = None
        if (verify or found.needs_upgrade) and not found.wal:
            try:
                case_file.ensure_wal()  # checked just now; otherwise ``verify()`` does it
            except cipher.database_errors(OSError) as exc:
                case_file.close()
                raise storage_error(exc, path) from None
        return case_file

    def verify(self) -> None:
        """Reads every page; raises ``DamagedCaseFile`` if one is damaged. A sound file is then
        put in write-ahead-log mode if it is not (a backup put back is not)."""
        _quick_check(self.path, lambda: self._connect("ro"))
        try:
            self.ensure_wal()
        except cipher.database_errors(OSError) as exc:
            raise storage_error(exc, self.path) from None

    def check_writable(self) -> None:
        """Takes the write lock and gives it back at once, waiting as a write would.

        Reading needs no lock, so a file that another program holds would otherwise show its
        cases and refuse only the broker's first change.

        Raises:
            StorageError: the file is in use, read-only, or on a disk that cannot be written.
        """
        try:
            # A read stays open meanwhile: this connection must not be the file's last, whose
            # closing would write the log into the file before its pages have been checked.
            with self.reader as held:
                held.settings.get("broker")
                conn = self._connect("rw")
                try:
                    conn.isolation_level = None
                    conn.execute("PRAGMA busy_timeout = 5000")
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                finally:
                    conn.close()
        except cipher.database_errors(OSError) as exc:
            raise storage_error(exc, self.path) from None

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
        partial.unlink(missing_ok=True)  # left by a backup cut off earlier
        source = self.connect_raw()
        try:
            # An encrypted file's backup is encrypted with the same key and salt: the same
            # passphrase opens it, and no page is ever written in clear.
            keying = self.keying
            dest = (
                cipher.create(partial, keying.passphrase, keying.salt)
                if keying
                else sqlite3.connect(partial)
            )
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
        self.reader.close()
        if self._engine is not None:
            self._engine.dispose()


def list_backups(folder: Path, stem: str) -> list[Path]:
    """Backups of a case file, newest first."""
    if not folder.is_dir():
        return []
    # Only "<stem>-YYYYMMDD-HHMMSS…": the backups of "cases-encrypted" are not those of "cases".
    stamped = re.compile(re.escape(stem) + r"-\d{8}-\d{6}")
    return sorted(
        (p for p in folder.glob(f"{stem}-*{BACKUP_SUFFIX}") if stamped.match(p.name)),
        reverse=True,
    )


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


def restore_backup(backup: Path, target: Path, passphrase: Passphrase | None = None) -> None:
    """Copies a backup over a case file that is not open, after checking the backup."""
    probe(backup, passphrase=passphrase)
    shutil.copyfile(backup, target)
