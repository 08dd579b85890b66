"""Opening case files: refusals leave the file untouched; backups rotate; a full disk is told."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, create_case_file, open_case_file
from brokerdesk.services.cases import answer_item, create_case, get_case
from brokerdesk.store.casefile import (
    CaseFile,
    CaseFileError,
    DamagedCaseFile,
    NewerCaseFile,
    NotACaseFile,
    StorageError,
    list_backups,
    rotate_backup,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_file_with_a_case(desk: Desk, library: Library) -> Path:
    create_case(desk.uow, library, company="Bērziņš SIA", country="LV")
    desk.close()
    with sqlite3.connect(desk.path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return desk.path


def test_a_text_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "notes.brokerdesk"
    path.write_text("Meeting notes, not a case file.\n")
    before = digest(path)
    with pytest.raises(NotACaseFile, match="not a BrokerDesk case file"):
        CaseFile.open(path)
    assert digest(path) == before


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
    before = digest(path)
    with pytest.raises(NotACaseFile, match="database, but not a BrokerDesk case file"):
        CaseFile.open(path)
    assert digest(path) == before


def test_a_missing_file_is_named_in_the_message(tmp_path: Path) -> None:
    with pytest.raises(NotACaseFile, match="There is no file"):
        CaseFile.open(tmp_path / "nowhere.brokerdesk")


def test_a_truncated_file_is_refused_as_damaged_and_untouched(desk: Desk, library: Library) -> None:
    path = closed_file_with_a_case(desk, library)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(DamagedCaseFile):
        CaseFile.open(path)
    assert digest(path) == before


def test_a_file_with_overwritten_pages_is_refused_as_damaged(desk: Desk, library: Library) -> None:
    path = closed_file_with_a_case(desk, library)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : len(data)] = bytes([0xA5]) * (len(data) - page)  # everything after page 1
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedCaseFile) as caught:
        CaseFile.open(path)
    assert "restore a backup" in str(caught.value)
    assert digest(path) == before


def test_a_file_from_a_newer_program_is_refused_and_untouched(desk: Desk, library: Library) -> None:
    path = closed_file_with_a_case(desk, library)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = digest(path)
    with pytest.raises(NewerCaseFile, match="newer version of BrokerDesk"):
        CaseFile.open(path)
    assert digest(path) == before


def test_creating_over_an_existing_file_is_refused(desk: Desk) -> None:
    with pytest.raises(CaseFileError, match="already exists"):
        create_case_file(desk.path)


def test_backups_rotate_and_keep_the_newest(desk: Desk, library: Library, tmp_path: Path) -> None:
    create_case(desk.uow, library, company="Kärkkäinen Oy", country="FI")
    folder = tmp_path / "backups"
    start = dt.datetime(2026, 11, 1, 8, 0)
    made = [
        rotate_backup(
            desk.case_file,
            folder,
            keep=3,
            min_age=dt.timedelta(0),
            now=start + dt.timedelta(days=n),
        )
        for n in range(5)
    ]
    assert all(made)
    kept = list_backups(folder, desk.path.stem)
    assert [p.name for p in kept] == [p.name for p in reversed(made[2:])]  # type: ignore[union-attr]
    restored = open_case_file(kept[0], backup=False)
    try:
        assert restored.uow is not None
        from brokerdesk.services.cases import list_cases

        assert [r.company for r in list_cases(restored.uow)] == ["Kärkkäinen Oy"]
    finally:
        restored.close()


def test_a_recent_backup_is_not_repeated(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert rotate_backup(desk.case_file, folder) is not None
    assert rotate_backup(desk.case_file, folder) is None


def test_a_full_disk_is_reported_and_earlier_answers_are_kept(desk: Desk, library: Library) -> None:
    case_id = create_case(desk.uow, library, company="Vėtra UAB", country="LT").case.id
    answer_item(desk.uow, library, case_id, "mgmt_commitment", 3)

    @event.listens_for(desk.case_file.engine, "connect")
    def tiny_disk(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    desk.case_file.engine.dispose()  # new connections, so that the listener applies

    long_note = "Ø" * 200_000  # needs pages the "disk" no longer has
    with pytest.raises(StorageError, match="full"):
        answer_item(desk.uow, library, case_id, "mgmt_strategy", 2, note=long_note)
    event.remove(desk.case_file.engine, "connect", tiny_disk)
    case = get_case(desk.uow, case_id)
    assert case.value("mgmt_commitment") == 3
    assert case.value("mgmt_strategy") is None


def test_a_lone_surrogate_in_a_note_is_saved_as_a_replacement_character(
    desk: Desk, library: Library
) -> None:
    from brokerdesk.services.cases import put_entry

    case_id = create_case(desk.uow, library, company="Ābele SIA", country="LV").case.id
    put_entry(desk.uow, library, case_id, "notes", {"text": "pasted \udc80 text"}, key="n1")
    assert get_case(desk.uow, case_id).doc["notes"]["n1"]["text"] == "pasted \ufffd text"


def test_checking_that_a_file_can_take_changes_writes_nothing_before_its_pages_are_checked(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    path = tmp_path / "c.brokerdesk"
    create_case_file(path, broker={"name": "B"}).close()
    # Another program ended without writing its log into the file.
    left = (
        "import os, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE settings SET value = '1' WHERE key = 'broker'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", left], check=True, timeout=60)
    before = digest(path)
    desk = open_case_file(path, backup=False, verify=False)
    try:
        desk.case_file.check_writable()
        assert digest(path) == before
        assert path.with_name(path.name + "-wal").stat().st_size > 0
    finally:
        desk.close()


def test_a_backup_put_back_reads_and_writes_in_write_ahead_log_mode(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    from brokerdesk.services.backups import restore

    create_case(desk.uow, library, company="Bērziņš SIA", country="LV")
    backup = desk.case_file.backup_to(tmp_path / "b" / "copy.brokerdesk")
    assert backup.read_bytes()[18] == 1  # a backup is a single file, in rollback-journal mode
    restore(desk, backup)
    with sqlite3.connect(desk.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    opened = open_case_file(backup, backup=False)  # opening a backup itself: checked, then WAL
    try:
        with sqlite3.connect(backup) as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        opened.close()
