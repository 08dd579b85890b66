"""Backups of the open case file: list them with their dates and case counts, make one now,
restore one (after keeping a copy of the file as it is).

Backups are written with SQLite's backup API; an encrypted file's backups are encrypted with the
same key, so reading their case counts needs the open file's passphrase, which the desk holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brokerdesk.domain.text import N_, Message
from brokerdesk.paths import default_backup_dir
from brokerdesk.services.casefiles import Desk, get_settings
from brokerdesk.store import casefile as store
from brokerdesk.store import encryption

STAMP = "%Y%m%d-%H%M%S"
BEFORE_RESTORE = "before-restore"


@dataclass(frozen=True)
class Backup:
    """One backup as the list shows it."""

    path: Path
    made: dt.datetime
    cases: int | None  # None: it could not be read (another passphrase, or damaged)
    encrypted: bool
    size: int
    before_restore: bool  # the copy kept when another backup was restored


def backup_folder(desk: Desk) -> Path:
    settings = get_settings(desk.uow)
    return Path(settings.get("backup_dir") or default_backup_dir(desk.path))


def _made(path: Path, stem: str) -> dt.datetime:
    stamp = path.name[len(stem) + 1 : len(stem) + 16]
    try:
        return dt.datetime.strptime(stamp, STAMP)
    except ValueError:
        return dt.datetime.fromtimestamp(path.stat().st_mtime)


def list_backups(desk: Desk) -> list[Backup]:
    """The backups of the open file, newest first, each with the number of cases it holds."""
    stem = desk.path.stem
    found = []
    for path in store.list_backups(backup_folder(desk), stem):
        info = encryption.backup_info(path, desk.case_file.passphrase)
        found.append(
            Backup(
                path,
                _made(path, stem),
                info.cases,
                info.encrypted,
                info.size,
                BEFORE_RESTORE in path.name,
            )
        )
    # Two made in the same second (a backup, then the copy kept by a restore): the later first.
    found.sort(key=lambda b: (b.made, b.path.stat().st_mtime_ns), reverse=True)
    return found


def _free_name(folder: Path, stem: str, now: dt.datetime, tag: str = "") -> Path:
    suffix = f"-{tag}" if tag else ""
    while True:
        candidate = folder / f"{stem}-{now.strftime(STAMP)}{suffix}{store.BACKUP_SUFFIX}"
        if not candidate.exists():
            return candidate
        now += dt.timedelta(seconds=1)


def backup_now(desk: Desk, now: dt.datetime | None = None) -> Path:
    """Makes a backup at once (the rotating one waits twelve hours between backups)."""
    settings = get_settings(desk.uow)
    folder = backup_folder(desk)
    target = _free_name(folder, desk.path.stem, now or dt.datetime.now())
    desk.case_file.backup_to(target)
    keep = int(settings.get("backup_keep", 10))
    for old in store.list_backups(folder, desk.path.stem)[keep:]:
        if old != target:
            old.unlink(missing_ok=True)
    return target


def restore(desk: Desk, backup: Path, now: dt.datetime | None = None) -> Path:
    """Replaces the open file's content with a backup's, after keeping a copy of the file.

    The desk stays open and usable; what a face shows must be read again.

    Returns:
        The copy of the file as it was before the restore (listed among the backups).

    Raises:
        CaseFileError: the backup is refused (not a case file, damaged, another passphrase);
            the file is untouched and no copy is made.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise store.CaseFileError(Message(N_("There is no file at {path}."), {"path": str(backup)}))
    store.probe(backup, thorough=True, passphrase=desk.case_file.passphrase)
    kept = _free_name(backup_folder(desk), desk.path.stem, now or dt.datetime.now(), BEFORE_RESTORE)
    desk.case_file.backup_to(kept)
    encryption.restore_into(desk.case_file, backup)
    return kept


__all__ = ["Backup", "backup_folder", "backup_now", "list_backups", "restore"]
