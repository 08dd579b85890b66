"""Encrypted case files: unreadable without the passphrase, refused untouched with a wrong one,
and everything the case file relies on (search, backups, migrations) keeps working."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from brokerdesk.content import Library
from brokerdesk.services.casefiles import (
    DamagedCaseFile,
    Desk,
    NotACaseFile,
    PassphraseNeeded,
    WrongPassphrase,
    create_case_file,
    open_case_file,
)
from brokerdesk.services.cases import create_case, list_cases, put_entry
from brokerdesk.services.encryption import (
    change_passphrase,
    check_passphrase,
    encrypt_copy,
    is_encrypted,
)
from brokerdesk.store.casefile import APPLICATION_ID, CaseFile, head_revision
from brokerdesk.store.cipher import Passphrase
from brokerdesk.store.reading import CaseQuery
from tests.store.test_migrations import make_first_schema_file

SECRET = "Mežs un jūra 2026"
COMPANIES = ("Bērziņš SIA", "Przetwórnia Łódź Sp. z o.o.", "Kärkkäinen Oy")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(desk: Desk) -> list[str]:
    return sorted(r.company for r in list_cases(desk.uow))


@pytest.fixture
def secret_desk(tmp_path: Path, library: Library) -> Iterator[Desk]:
    desk = create_case_file(tmp_path / "cases.brokerdesk", {"name": "Inese"}, secret=SECRET)
    for company in COMPANIES:
        case_id = create_case(desk.uow, library, company=company, country="LV").case.id
        put_entry(desk.uow, library, case_id, "contacts", {"name": "Jānis Ozoliņš"})
    yield desk
    desk.close()


def closed(desk: Desk) -> Path:
    desk.close()
    return desk.path


def test_the_file_its_log_and_its_backups_hold_no_company_name_in_clear(
    secret_desk: Desk, tmp_path: Path
) -> None:
    backup = secret_desk.case_file.backup_to(tmp_path / "backups" / "cases-1.brokerdesk")
    wal = secret_desk.path.with_name(secret_desk.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # still open: the log holds the changes
    for path in (secret_desk.path, wal, backup):
        data = path.read_bytes()
        for text in (*COMPANIES, "Jānis", "Ozoli", "company_name"):
            for encoding in ("utf-8", "utf-16-le"):
                assert text.encode(encoding) not in data, (path.name, text)
        assert not data.startswith(b"SQLite format 3")


def test_the_sqlite3_tool_cannot_read_an_encrypted_file(secret_desk: Desk) -> None:
    path = closed(secret_desk)
    tool = subprocess.run(
        ["sqlite3", str(path), "SELECT count(*) FROM cases"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert tool.returncode != 0
    assert "not a database" in tool.stderr
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_the_standard_sqlcipher_key_opens_the_file_with_the_passphrase(secret_desk: Desk) -> None:
    path = closed(secret_desk)
    conn = sqlcipher.connect(str(path))
    conn.execute("PRAGMA key = '" + SECRET.replace("'", "''") + "'")
    found = sorted(r[0] for r in conn.execute("SELECT company FROM cases"))
    conn.close()
    assert found == sorted(COMPANIES)


def test_a_wrong_passphrase_is_refused_and_the_file_is_left_byte_for_byte(
    secret_desk: Desk,
) -> None:
    path = closed(secret_desk)
    before = digest(path)
    beside = sorted(p.name for p in path.parent.iterdir())
    for attempt in ("mežs un jūra 2026", "", None):
        with pytest.raises((WrongPassphrase, PassphraseNeeded)) as caught:
            open_case_file(path, secret=attempt)
        assert "damaged" not in str(caught.value)
        assert digest(path) == before
    with pytest.raises(WrongPassphrase, match="passphrase does not open"):
        open_case_file(path, secret="wrong")
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == beside
    desk = open_case_file(path, secret=SECRET)  # and another try succeeds
    try:
        assert names(desk) == sorted(COMPANIES)
    finally:
        desk.close()


def test_without_a_passphrase_the_file_is_recognised_as_encrypted(secret_desk: Desk) -> None:
    path = closed(secret_desk)
    assert is_encrypted(path)
    with pytest.raises(PassphraseNeeded, match="is encrypted"):
        open_case_file(path)


def test_a_text_file_is_not_a_case_file_with_or_without_a_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "notes.brokerdesk"
    path.write_text("Spotkanie w Łodzi, notatki.\n" * 400, encoding="utf-8")
    assert not is_encrypted(path)
    for secret in (None, SECRET):
        with pytest.raises(NotACaseFile, match="not a BrokerDesk case file"):
            open_case_file(path, secret=secret)


def test_an_unencrypted_file_opens_whatever_passphrase_is_given(
    desk: Desk, library: Library
) -> None:
    create_case(desk.uow, library, company="Vėtra UAB", country="LT")
    path = closed(desk)
    reopened = open_case_file(path, secret="anything at all")
    try:
        assert not reopened.case_file.encrypted
        assert names(reopened) == ["Vėtra UAB"]
    finally:
        reopened.close()


def test_full_text_search_works_in_an_encrypted_file(secret_desk: Desk) -> None:
    found = list_cases(secret_desk.uow, CaseQuery(search="lodz"))
    assert [r.company for r in found] == ["Przetwórnia Łódź Sp. z o.o."]


def test_a_backup_is_encrypted_like_the_file_and_opens_with_the_same_passphrase(
    secret_desk: Desk, tmp_path: Path
) -> None:
    backup = secret_desk.case_file.backup_to(tmp_path / "b" / "cases-20261101-080000.brokerdesk")
    assert is_encrypted(backup)
    copy = open_case_file(backup, backup=False, secret=SECRET)
    try:
        assert names(copy) == sorted(COMPANIES)
    finally:
        copy.close()


def test_changing_the_passphrase_keeps_every_case_and_the_old_one_opens_nothing(
    secret_desk: Desk, library: Library, tmp_path: Path
) -> None:
    backup = secret_desk.case_file.backup_to(
        tmp_path / "backups" / "cases-20261101-080000.brokerdesk"
    )
    with pytest.raises(WrongPassphrase):
        change_passphrase(secret_desk, "not the passphrase", "Nowe hasło 2027")
    assert change_passphrase(secret_desk, SECRET, "Nowe hasło 2027") == 1
    create_case(secret_desk.uow, library, company="After Change ApS", country="DK")
    assert check_passphrase(secret_desk, "Nowe hasło 2027")
    assert not check_passphrase(secret_desk, SECRET)
    path = closed(secret_desk)
    for target in (path, backup):
        with pytest.raises(WrongPassphrase):
            open_case_file(target, backup=False, secret=SECRET)
    desk = open_case_file(path, backup=False, secret="Nowe hasło 2027")
    try:
        assert names(desk) == sorted((*COMPANIES, "After Change ApS"))
    finally:
        desk.close()
    copy = open_case_file(backup, backup=False, secret="Nowe hasło 2027")
    try:
        assert names(copy) == sorted(COMPANIES)
    finally:
        copy.close()


def test_an_unencrypted_file_is_encrypted_into_a_new_file_and_the_old_one_is_kept(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    for company in COMPANIES:
        create_case(desk.uow, library, company=company, country="FI")
    target = tmp_path / "cases-encrypted.brokerdesk"
    encrypted = encrypt_copy(desk, target, SECRET)
    try:
        assert encrypted.case_file.encrypted
        assert names(encrypted) == sorted(COMPANIES)
        assert list_cases(encrypted.uow, CaseQuery(search="karkkainen"))
    finally:
        encrypted.close()
    assert names(desk) == sorted(COMPANIES)  # the old file is kept and still works
    assert not desk.case_file.encrypted
    data = target.read_bytes()
    assert all(c.encode() not in data for c in COMPANIES)
    assert not target.with_name(target.name + ".partial").exists()


def test_an_older_encrypted_file_is_copied_encrypted_then_upgraded(
    tmp_path: Path, library: Library
) -> None:
    plain = tmp_path / "old-plain.brokerdesk"
    case_id = make_first_schema_file(plain, library)
    path = tmp_path / "old.brokerdesk"
    key = Passphrase(SECRET)
    salt = bytes(range(16))
    raw = sqlcipher.connect(str(plain))
    raw.execute(f"ATTACH DATABASE '{path}' AS enc KEY \"x'{key.key(salt).hex()}{salt.hex()}'\"")
    raw.execute("SELECT sqlcipher_export('enc')")
    raw.execute(f"PRAGMA enc.application_id = {APPLICATION_ID}")
    raw.execute("DETACH DATABASE enc")
    raw.close()

    case_file = CaseFile.open(path, passphrase=key)
    try:
        assert case_file.migrated_from == "0001"
        assert case_file.revision() == head_revision()
        copy = case_file.pre_migration_copy
        assert copy is not None and is_encrypted(copy)
        assert b"M\xc3\xb5isa" not in copy.read_bytes()
    finally:
        case_file.close()
    desk = open_case_file(path, backup=False, secret=SECRET)
    try:
        assert [r.id for r in list_cases(desk.uow, CaseQuery(search="voru"))] == [case_id]
    finally:
        desk.close()


def test_a_damaged_encrypted_file_is_refused_as_damaged_not_as_a_wrong_passphrase(
    secret_desk: Desk,
) -> None:
    path = closed(secret_desk)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = bytes([0xA5]) * (len(data) - page)  # every page after the first
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedCaseFile, match="restore a backup"):
        open_case_file(path, secret=SECRET)
    assert digest(path) == before
    with pytest.raises(WrongPassphrase):
        open_case_file(path, secret="not the passphrase")
    assert digest(path) == before
