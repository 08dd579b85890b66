"""Creating and opening case files, the broker's identity and settings, backups."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brokerdesk.domain.text import N_, Message
from brokerdesk.paths import default_backup_dir
from brokerdesk.store.casefile import (
    CaseFile,
    list_backups,
    looks_encrypted,
    restore_backup,
    rotate_backup,
)
from brokerdesk.store.reading import Reader
from brokerdesk.store.reading import ReadUnit as ReadUnit

if TYPE_CHECKING:
    from brokerdesk.services.unit_of_work import UnitOfWork

# The refusals a face tells apart (it may not import the store): re-exported on purpose.
from brokerdesk.store.casefile import CaseFileError as CaseFileError
from brokerdesk.store.casefile import DamagedCaseFile as DamagedCaseFile
from brokerdesk.store.casefile import NewerCaseFile as NewerCaseFile
from brokerdesk.store.casefile import NotACaseFile as NotACaseFile
from brokerdesk.store.casefile import PassphraseNeeded as PassphraseNeeded
from brokerdesk.store.casefile import StorageError as StorageError
from brokerdesk.store.casefile import WrongPassphrase as WrongPassphrase
from brokerdesk.store.cipher import Passphrase as Passphrase

# A passphrase as a face has it (text) or as a service keeps it (with its derived keys).
Secret = str | Passphrase | None


CONNECTION_KEY = "sync_server"  # the setting that holds the file's server and account


def is_network_file(settings: Mapping[str, Any]) -> bool:
    """Whether a file's settings say it is enrolled with a coordinator's account: a network
    file, which the app opens in coordinator mode."""
    server = settings.get(CONNECTION_KEY)
    return isinstance(server, Mapping) and server.get("role") == "coordinator"


def is_encrypted(path: Path) -> bool:
    """Whether a file on disk looks like an encrypted case file (no passphrase needed to ask)."""
    return looks_encrypted(Path(path))


def passphrase(secret: Secret) -> Passphrase | None:
    """The ``Passphrase`` for text from a face; ``None`` and ``""`` mean no encryption."""
    if secret is None or isinstance(secret, Passphrase):
        return secret
    return Passphrase(secret) if secret else None


DEFAULT_SETTINGS: dict[str, Any] = {
    "ui_language": "en",
    "report_language": "en",
    "backup_keep": 10,
}


class Desk:
    """An open case file, its reads and its unit of work: what a session of the program works
    on.

    ``reads`` serves the services that only read (the list, a case, the settings, a report)
    without SQLAlchemy; ``uow``, which writes, is made on first use, so that a command or a
    window that only reads never loads it.
    """

    def __init__(self, case_file: CaseFile) -> None:
        self.case_file = case_file
        self._uow: UnitOfWork | None = None
        self._lock = threading.Lock()

    @property
    def reads(self) -> Reader:
        return self.case_file.reader

    @property
    def uow(self) -> UnitOfWork:
        if self._uow is None:
            with self._lock:
                if self._uow is None:
                    from brokerdesk.services.unit_of_work import UnitOfWork

                    self._uow = UnitOfWork(self.case_file)
        return self._uow

    @property
    def uow_ready(self) -> bool:
        """Whether the unit of work has been made (and SQLAlchemy loaded)."""
        return self._uow is not None

    @property
    def path(self) -> Path:
        return self.case_file.path

    def close(self) -> None:
        self.case_file.close()


def create_case_file(
    path: Path,
    broker: Mapping[str, Any] | None = None,
    settings: Mapping[str, Any] | None = None,
    secret: Secret = None,
) -> Desk:
    """Creates a case file holding the broker's identity and settings.

    The file is encrypted with ``secret`` when one is given. The faces always ask for one (the
    command line unless ``--no-encryption``); only tests, benchmarks and tools create plain files.
    """
    case_file = CaseFile.create(Path(path), passphrase(secret))
    desk = Desk(case_file)
    with desk.uow as uow:
        for key, value in {**DEFAULT_SETTINGS, **(settings or {})}.items():
            uow.settings.set(key, value)
        uow.settings.set("broker", dict(broker or {}))
        uow.commit()
    return desk


def open_case_file(
    path: Path, backup: bool = True, verify: bool = True, secret: Secret = None
) -> Desk:
    """Opens a case file (migrating it if needed) and makes the rotating backup when due.

    Args:
        path: the case file.
        backup: make the rotating backup if the last one is old enough.
        verify: read every page first; with ``False`` the caller runs ``verify_case_file``
            before its first write (the app queues it ahead of everything else).
        secret: the passphrase of an encrypted file (an unencrypted file ignores it).

    Raises:
        PassphraseNeeded, WrongPassphrase: ask for the passphrase and try again; nothing changed.
        CaseFileError: the file is refused; it has not been changed.
    """
    case_file = CaseFile.open(Path(path), verify=verify, passphrase=passphrase(secret))
    desk = Desk(case_file)
    if backup:
        backup_if_due(desk)
    return desk


def backup_if_due(desk: Desk) -> Path | None:
    """Makes the rotating backup unless a recent one exists; returns the new backup."""
    settings = get_settings(desk.reads)
    folder = Path(settings.get("backup_dir") or default_backup_dir(desk.path))
    return rotate_backup(desk.case_file, folder, keep=int(settings.get("backup_keep", 10)))


def check_writable(desk: Desk) -> None:
    """Raises ``StorageError`` now if the file cannot take changes (another program holds it)."""
    desk.case_file.check_writable()


def verify_case_file(desk: Desk) -> None:
    """Reads every page of an open case file; raises ``DamagedCaseFile`` if one is damaged."""
    desk.case_file.verify()


def get_settings(uow: ReadUnit) -> dict[str, Any]:
    with uow:
        return {**DEFAULT_SETTINGS, **uow.settings.all()}


def update_settings(uow: UnitOfWork, changes: Mapping[str, Any]) -> dict[str, Any]:
    with uow:
        for key, value in changes.items():
            uow.settings.set(key, value)
        uow.commit()
        return {**DEFAULT_SETTINGS, **uow.settings.all()}


def backups(desk: Desk) -> list[Path]:
    settings = get_settings(desk.reads)
    folder = Path(settings.get("backup_dir") or default_backup_dir(desk.path))
    return list_backups(folder, desk.path.stem)


def backups_of(path: Path) -> list[Path]:
    """Backups in the default folder of a case file that could not be opened, newest first."""
    path = Path(path)
    return list_backups(default_backup_dir(path), path.stem)


def open_backup_copy(backup: Path, target: Path, secret: Secret = None) -> Desk:
    """Copies a backup to a new file and opens that; the backup and the damaged file stay as
    they are.

    Raises:
        CaseFileError: the backup is refused, or ``target`` exists already.
    """
    target = Path(target)
    if target.exists():
        raise CaseFileError(
            Message(
                N_("{path} already exists; BrokerDesk will not overwrite it."),
                {"path": str(target)},
            )
        )
    key = passphrase(secret)
    restore_backup(Path(backup), target, key)
    return open_case_file(target, backup=False, secret=key)
