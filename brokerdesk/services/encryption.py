"""Encryption of case files: is a file encrypted, check or change its passphrase, encrypt an
older unencrypted file into a new one."""

from __future__ import annotations

from pathlib import Path

from brokerdesk.domain.text import N_, Message
from brokerdesk.services.casefiles import Desk, Secret, backups, open_case_file, passphrase
from brokerdesk.services.casefiles import is_encrypted as is_encrypted  # asked before opening
from brokerdesk.store import encryption
from brokerdesk.store.cipher import Passphrase

MIN_PASSPHRASE = 8  # characters; the key derivation slows guessing, it cannot make "1234" safe


def passphrase_problem(text: str, repeated: str | None = None) -> Message | None:
    """Why a new passphrase cannot be taken; None when it can."""
    if len(text) < MIN_PASSPHRASE:
        return Message(
            N_("A passphrase needs at least {count} characters."), {"count": MIN_PASSPHRASE}
        )
    if repeated is not None and repeated != text:
        return Message(N_("The two passphrases are not the same."))
    return None


def check_passphrase(desk: Desk, secret: str) -> bool:
    """Whether ``secret`` is the open file's passphrase (to unlock the app)."""
    key = passphrase(secret)
    return key is not None and encryption.check_passphrase(desk.case_file, key)


def change_passphrase(desk: Desk, old: str, new: str) -> int:
    """Re-encrypts the open file and its backups with ``new``.

    Returns:
        How many backups were re-encrypted.

    Raises:
        WrongPassphrase: ``old`` is not the file's passphrase; nothing changed.
        CaseFileError: the file is not encrypted.
    """
    old_key, new_key = passphrase(old), passphrase(new)
    assert old_key is not None and new_key is not None
    return len(encryption.change_passphrase(desk.case_file, old_key, new_key, backups(desk)))


def encrypt_copy(desk: Desk, target: Path, secret: Secret) -> Desk:
    """Encrypts an unencrypted case file into a new file and opens that one.

    The original file is kept as it is; the new one is used only once it has been read back
    whole with the passphrase and holds every case.

    Raises:
        CaseFileError: ``target`` exists, the file is encrypted already, or the copy failed.
    """
    key = passphrase(secret)
    assert key is not None
    encryption.encrypt_into(desk.case_file, Path(target), key)
    return open_case_file(Path(target), backup=False, secret=key)


def suggested_encrypted_name(path: Path) -> Path:
    """Where the encrypted copy of ``path`` goes unless the broker chooses: beside it."""
    path = Path(path)
    candidate = path.with_name(f"{path.stem}-encrypted{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-encrypted-{n}{path.suffix}")
        n += 1
    return candidate


__all__ = [
    "Passphrase",
    "change_passphrase",
    "check_passphrase",
    "encrypt_copy",
    "is_encrypted",
    "passphrase_problem",
    "suggested_encrypted_name",
]
