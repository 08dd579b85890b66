"""Making erased data unrecoverable from a case file, its write-ahead log and its backups.

SQLite leaves deleted rows in free pages and the full-text index keeps deleted entries until it
merges its segments; the write-ahead log keeps old page images until a checkpoint. An erasure
therefore writes with ``secure_delete`` (freed content is overwritten with zeros), merges the
search index, and truncates the log afterwards.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from brokerdesk.store import cipher
from brokerdesk.store.casefile import CaseFile, looks_encrypted, storage_error
from brokerdesk.store.cipher import Passphrase
from brokerdesk.store.tables import SEARCH_TABLE

_OPTIMIZE = f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES('optimize')"


def zero_freed(conn: Connection, on: bool = True) -> None:
    """Freed content is overwritten with zeros on this connection (until switched off)."""
    # The pragma answers with a row: read it, or the statement stays open and holds a lock.
    conn.exec_driver_sql(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}").all()


def merge_search_index(conn: Connection) -> None:
    """Rewrites the search index without the entries of deleted rows."""
    conn.execute(text(_OPTIMIZE))


def truncate_log(case_file: CaseFile) -> bool:
    """Checkpoints the write-ahead log and empties it; False when a reader held it back."""
    with case_file.engine.connect() as conn:
        # On the driver connection, outside any transaction: a checkpoint cannot run in one.
        raw = conn.connection.driver_connection
        assert raw is not None
        row = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is not None and int(row[0]) == 0


def erase_from_copy(path: Path, passphrase: Passphrase | None, case_id: str) -> bool:
    """Removes a case for good from a closed copy (a backup): row, search entry, free pages.

    Returns:
        Whether the copy held the case. A copy that cannot be opened (another passphrase) is
        left as it is and counts as not holding it.
    """
    try:
        if looks_encrypted(path):
            if passphrase is None:
                return False
            conn = cipher.connect(path, passphrase)
        else:
            import sqlite3

            conn = sqlite3.connect(path)
    except cipher.database_errors():
        return False
    try:
        conn.isolation_level = None
        try:
            row = conn.execute("SELECT num FROM cases WHERE id = ?", (case_id,)).fetchone()
        except cipher.database_errors():
            return False  # another passphrase, or not a case file
        if row is None:
            return False
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM cases WHERE num = ?", (row[0],))
        conn.execute(_OPTIMIZE)
        conn.execute("COMMIT")
        conn.execute("VACUUM")  # rebuilds the file: nothing of the case is left in it
        return True
    except cipher.database_errors() as exc:
        raise storage_error(exc, path) from None
    finally:
        conn.close()
