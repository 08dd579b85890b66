"""Changing a case file's passphrase, encrypting an older file, and reading or restoring backups.

Every operation here that replaces pages of a file first closes the file's pooled connections:
SQLCipher re-encrypts under a lock, and a connection still holding the old key would fail on its
next read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brokerdesk.domain.text import N_, Message
from brokerdesk.store import cipher
from brokerdesk.store.casefile import (
    APPLICATION_ID,
    CaseFile,
    CaseFileError,
    WrongPassphrase,
    looks_encrypted,
    probe,
    storage_error,
)
from brokerdesk.store.cipher import Passphrase


def _wrong(path: Path) -> WrongPassphrase:
    return WrongPassphrase(
        Message(
            N_("The passphrase does not open {path}. Check it and try again."),
            {"path": str(path)},
        )
    )


def check_passphrase(case_file: CaseFile, passphrase: Passphrase) -> bool:
    """Whether ``passphrase`` is the open file's own (no key derivation beyond the first)."""
    keying = case_file.keying
    return keying is not None and keying.passphrase.matches(passphrase, keying.salt)


def _rekey(path: Path, old: Passphrase, new: Passphrase) -> None:
    conn = cipher.connect(path, old)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a wrong key
        # The salt stays: the new key is derived over the same salt, as SQLCipher itself does.
        conn.execute(f"PRAGMA rekey = \"x'{new.key(cipher.salt_of(path)).hex()}'\"")
    finally:
        conn.close()


def change_passphrase(
    case_file: CaseFile, old: Passphrase, new: Passphrase, backups: Sequence[Path] = ()
) -> list[Path]:
    """Re-encrypts the file (``PRAGMA rekey``) and its backups with a new passphrase.

    Backups are re-encrypted too: a passphrase is changed when it may be known to someone, and
    the old one must then open nothing. A backup that the old passphrase does not open is left.

    Returns:
        The backups that were re-encrypted.

    Raises:
        WrongPassphrase: ``old`` is not the file's passphrase; nothing changed.
        CaseFileError: the file is not encrypted.
    """
    if case_file.keying is None:
        raise CaseFileError(Message(N_("This case file is not encrypted.")))
    if not check_passphrase(case_file, old):
        raise _wrong(case_file.path)
    case_file.release()
    try:
        _rekey(case_file.path, old, new)
    except cipher.database_errors() as exc:
        raise storage_error(exc, case_file.path) from None
    case_file.keying.set(new)
    case_file.release()
    done = []
    for backup in backups:
        try:
            _rekey(backup, old, new)
        except cipher.database_errors():
            continue  # made under another passphrase, or damaged: left as it is
        done.append(backup)
    return done


def encrypt_into(case_file: CaseFile, target: Path, passphrase: Passphrase) -> None:
    """Writes an encrypted copy of an unencrypted file (``sqlcipher_export``) and checks it.

    The original stays as it is. The copy is written beside ``target`` first and takes its name
    only once every page has been read back with the passphrase and it holds as many cases as
    the original.

    Raises:
        CaseFileError: ``target`` exists, the file is already encrypted, or the copy did not
            check out (it is then removed, the original untouched).
    """
    target = Path(target)
    if case_file.encrypted:
        raise CaseFileError(Message(N_("This case file is encrypted already.")))
    if target.exists():
        raise CaseFileError(
            Message(
                N_("{path} already exists; BrokerDesk will not overwrite it."),
                {"path": str(target)},
            )
        )
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    salt = cipher.new_salt()
    # The pool's connections use the other SQLite library: two libraries must not hold the
    # same file at once (their POSIX locks would undo each other's).
    case_file.release()
    try:
        source = cipher.dbapi().connect(str(case_file.path))
        try:
            expected = source.execute("SELECT count(*) FROM cases").fetchone()[0]
            escaped = str(partial).replace("'", "''")
            source.execute(
                f"ATTACH DATABASE '{escaped}' AS enc KEY \"x'{passphrase.key(salt).hex()}"
                f"{salt.hex()}'\""
            )
            source.execute("SELECT sqlcipher_export('enc')")
            source.execute(f"PRAGMA enc.application_id = {APPLICATION_ID}")
            source.execute("DETACH DATABASE enc")
        finally:
            source.close()
        copy = cipher.connect(partial, passphrase)
        try:
            copy.execute("PRAGMA journal_mode = WAL")
        finally:
            copy.close()
        probe(partial, thorough=True, passphrase=passphrase)
        if count_cases(partial, passphrase, include_deleted=True) != expected:
            raise CaseFileError(Message(N_("The encrypted copy did not check out.")))
        partial.replace(target)
    except BaseException as exc:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, cipher.database_errors(OSError)):
            raise storage_error(exc, target) from None
        raise


def _read_connection(path: Path, passphrase: Passphrase | None) -> Any:
    if looks_encrypted(path):
        if passphrase is None:
            probe(path)  # raises PassphraseNeeded
        assert passphrase is not None
        return cipher.connect(path, passphrase, read_only=True)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def count_cases(path: Path, passphrase: Passphrase | None, include_deleted: bool = False) -> int:
    """How many cases a closed case file or backup holds, read-only.

    Raises:
        PassphraseNeeded, WrongPassphrase: an encrypted file and no or the wrong passphrase.
    """
    conn = _read_connection(path, passphrase)
    try:
        where = "" if include_deleted else " WHERE deleted = 0"
        try:
            return int(conn.execute(f"SELECT count(*) FROM cases{where}").fetchone()[0])
        except cipher.database_errors() as exc:
            if cipher.is_wrong_key(exc):
                raise _wrong(path) from None
            raise storage_error(exc, path) from None
    finally:
        conn.close()


@dataclass(frozen=True)
class BackupInfo:
    """What the list of backups shows: the file, how many cases it holds, whether encrypted."""

    path: Path
    cases: int | None  # None: it could not be read (another passphrase, or damaged)
    encrypted: bool
    size: int


def backup_info(path: Path, passphrase: Passphrase | None) -> BackupInfo:
    encrypted = looks_encrypted(path)
    try:
        cases: int | None = count_cases(path, passphrase)
    except CaseFileError:
        cases = None
    return BackupInfo(path, cases, encrypted, path.stat().st_size)


def restore_into(case_file: CaseFile, backup: Path) -> None:
    """Puts the pages of a backup into the (open) case file with the backup API.

    The caller keeps a copy of the current file first. The case file keeps its own key, so an
    encrypted file stays encrypted.

    Raises:
        CaseFileError: the backup is refused (not a case file, damaged, another passphrase, or
            not encrypted the way the file is); the case file is untouched.
    """
    backup = Path(backup)
    found = probe(backup, thorough=True, passphrase=case_file.passphrase)
    if found.encrypted != case_file.encrypted:
        raise CaseFileError(
            Message(
                N_("{path} is not encrypted the way the case file is; it cannot replace it."),
                {"path": str(backup)},
            )
        )
    case_file.release()
    passphrase = case_file.passphrase
    try:
        source = (
            cipher.connect(backup, passphrase, read_only=True)
            if passphrase
            else sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        )
        try:
            dest = case_file.connect_raw()
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except cipher.database_errors() as exc:
        raise storage_error(exc, case_file.path) from None
    finally:
        case_file.release()
    try:
        case_file.ensure_wal()  # a backup is in rollback-journal mode; it has been checked
    except cipher.database_errors() as exc:
        raise storage_error(exc, case_file.path) from None
    if found.needs_upgrade:
        # A backup from an older release: the file now holds that older schema, which the
        # running program cannot use until it is brought up to date like any opened file.
        case_file._upgrade()
