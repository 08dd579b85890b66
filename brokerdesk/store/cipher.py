"""Encryption at rest: SQLCipher connections keyed from a passphrase.

An encrypted case file is an SQLCipher 4 database with its default settings (AES-256, HMAC-SHA512
per page, PBKDF2-HMAC-SHA512 with 256,000 iterations over a random 16-byte salt kept in the first
bytes of the file), so the ``sqlcipher`` tool opens it with ``PRAGMA key = 'passphrase'``.

Deriving the key from the passphrase is slow on purpose (about a tenth of a second). BrokerDesk
derives it once per file and salt, here in Python with the same PBKDF2, and gives SQLCipher the
raw key (``x'…'``): every further connection of the pool, every backup and every probe of a file
with the same salt costs no derivation.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

KDF_ITERATIONS = 256_000  # SQLCipher 4's default, so that the standard tools open the file
KEY_BYTES = 32
SALT_BYTES = 16


def dbapi() -> Any:
    """The SQLCipher driver module (``sqlcipher3.dbapi2``), imported on first use."""
    from sqlcipher3 import dbapi2

    _quiet(dbapi2)
    return dbapi2


_quieted = False


def _quiet(module: Any) -> None:
    # SQLCipher logs a failed HMAC check (a wrong passphrase) on standard error; BrokerDesk says
    # so itself, in the user's language. The log level is process-wide: set it once.
    global _quieted
    if not _quieted:
        conn = module.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _quieted = True


def database_errors(*extra: type[BaseException]) -> tuple[type[BaseException], ...]:
    """The exception classes of both drivers (they share no base class), and ``extra``."""
    try:
        return (sqlite3.Error, dbapi().Error, *extra)
    except ImportError:
        return (sqlite3.Error, *extra)


class Passphrase:
    """A passphrase and the keys derived from it, one per salt.

    The text itself is never shown: ``repr`` hides it, so it cannot leak into a log or a
    traceback.
    """

    def __init__(self, text: str) -> None:
        if not text:
            raise ValueError("an empty passphrase")
        self._secret = text.encode("utf-8")
        self._keys: dict[bytes, bytes] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "Passphrase(…)"

    def key(self, salt: bytes) -> bytes:
        """The 32-byte key for ``salt`` (derived once, then remembered)."""
        with self._lock:
            found = self._keys.get(salt)
            if found is None:
                import hashlib  # OpenSSL's, only for encrypted files

                found = hashlib.pbkdf2_hmac("sha512", self._secret, salt, KDF_ITERATIONS, KEY_BYTES)
                self._keys[salt] = found
            return found

    def matches(self, other: Passphrase, salt: bytes) -> bool:
        """Whether ``other`` is the same passphrase (compared through the keys, in constant
        time)."""
        import hmac

        return hmac.compare_digest(self.key(salt), other.key(salt))


def salt_of(path: Path) -> bytes:
    """The salt of an encrypted file: its first 16 bytes."""
    with Path(path).open("rb") as fh:
        return fh.read(SALT_BYTES)


def existing_key_pragma(passphrase: Passphrase, salt: bytes) -> str:
    """``PRAGMA key`` for a file that exists: the raw key; SQLCipher reads the salt itself."""
    return f"PRAGMA key = \"x'{passphrase.key(salt).hex()}'\""


def new_key_pragma(passphrase: Passphrase, salt: bytes, statement: str = "key") -> str:
    """``PRAGMA key`` (or ``rekey``) that also sets the salt of a new file."""
    return f"PRAGMA {statement} = \"x'{passphrase.key(salt).hex()}{salt.hex()}'\""


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def connect(path: Path, passphrase: Passphrase, *, read_only: bool = False, **options: Any) -> Any:
    """A keyed connection to an existing encrypted file.

    The key is given before anything reads the file, as SQLCipher requires. A wrong key shows
    only at the first read (``file is not a database``).
    """
    module = dbapi()
    salt = salt_of(path)
    if read_only:
        conn = module.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, **options)
    else:
        conn = module.connect(str(path), **options)
    try:
        conn.execute(existing_key_pragma(passphrase, salt))
    except BaseException:
        conn.close()
        raise
    return conn


def create(path: Path, passphrase: Passphrase, salt: bytes | None = None) -> Any:
    """A keyed connection that creates a new encrypted file with ``salt`` (random by default)."""
    module = dbapi()
    conn = module.connect(str(path))
    try:
        conn.execute(new_key_pragma(passphrase, salt or new_salt()))
    except BaseException:
        conn.close()
        raise
    return conn


def is_wrong_key(exc: BaseException) -> bool:
    """Whether SQLCipher refused to read page 1: the key does not fit the file."""
    return "file is not a database" in str(exc).lower()


SQLITE_MAGIC = b"SQLite format 3\x00"


def _looks_like_text(header: bytes) -> bool:
    try:
        decoded = header.decode("utf-8")
    except UnicodeDecodeError:
        # The 100 bytes may end inside a character: judge what comes before it.
        try:
            decoded = header[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return all(ch.isprintable() or ch in "\t\r\n" for ch in decoded)


def looks_encrypted(path: Path) -> bool:
    """Whether a file could be an encrypted case file: not SQLite, not text, whole pages.

    SQLCipher leaves nothing readable (the first bytes are a random salt), so this is as far as
    anyone can tell without the passphrase.
    """
    try:
        with Path(path).open("rb") as fh:
            header = fh.read(100)
        size = Path(path).stat().st_size
    except OSError:
        return False
    return (
        size >= 1024
        and size % 512 == 0
        and not header.startswith(SQLITE_MAGIC)
        and not _looks_like_text(header)
    )


def connect_any(path: Path, passphrase: Passphrase | None, read_only: bool = False) -> Any:
    """A driver connection: plain ``sqlite3``, or SQLCipher keyed with ``passphrase``."""
    if passphrase is not None:
        return connect(path, passphrase, read_only=read_only)
    if read_only:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(path)


class Keying:
    """The ``PRAGMA key`` that every new pooled connection of an encrypted file runs first.

    It holds the raw key derived once for the file's salt, so a new connection costs no key
    derivation; a change of passphrase replaces it.
    """

    def __init__(self, path: Path, passphrase: Passphrase) -> None:
        self.path = path
        # Read once: a change of passphrase keeps the salt (the new key is given raw), and
        # opening the file from Python again would drop the locks of the connections open on it.
        self.salt = salt_of(path)
        self.set(passphrase)

    def set(self, passphrase: Passphrase) -> None:
        self.passphrase = passphrase
        self.pragma = existing_key_pragma(passphrase, self.salt)

    def connect(self, mode: str | None = None) -> Any:
        """A keyed connection; ``mode`` ``"ro"`` or ``"rw"`` opens only a file that exists.

        The salt is not read again: opening and closing the file from Python would drop the
        POSIX locks that this process's other connections hold on it.
        """
        module = dbapi()
        if mode is None:
            conn = module.connect(str(self.path), check_same_thread=False)
        else:
            uri = f"{Path(self.path).resolve().as_uri()}?mode={mode}"
            conn = module.connect(uri, uri=True, check_same_thread=False)
        try:
            conn.execute(self.pragma)
        except BaseException:
            conn.close()
            raise
        return conn
