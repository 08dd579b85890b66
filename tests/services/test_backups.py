"""Backups of an open case file: listed with dates and case counts, restored exactly, and the
file as it was kept before a restore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from brokerdesk.content import Library
from brokerdesk.services import backups
from brokerdesk.services.casefiles import (
    CaseFileError,
    Desk,
    create_case_file,
    open_case_file,
    update_settings,
)
from brokerdesk.services.cases import answer_item, create_case, delete_case, get_case, list_cases

SECRET = "Kalev ja Linda 2026"
DAY = dt.datetime(2026, 11, 2, 9, 30)


@pytest.fixture(params=["encrypted", "plain"])
def some_desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    secret = SECRET if request.param == "encrypted" else None
    desk = create_case_file(tmp_path / "cases.brokerdesk", {"name": "Kadri"}, secret=secret)
    update_settings(desk.uow, {"backup_dir": str(tmp_path / "backups")})
    yield desk
    desk.close()


def ids(desk: Desk) -> list[str]:
    return sorted(r.id for r in list_cases(desk.uow))


def test_backups_are_listed_newest_first_with_their_dates_and_case_counts(
    some_desk: Desk, library: Library
) -> None:
    create_case(some_desk.uow, library, company="Mõisa Puit OÜ", country="EE")
    backups.backup_now(some_desk, now=DAY)
    for company in ("Saare Kala AS", "Tartu Tarkvara OÜ"):
        create_case(some_desk.uow, library, company=company, country="EE")
    backups.backup_now(some_desk, now=DAY + dt.timedelta(days=1))

    listed = backups.list_backups(some_desk)
    assert [(b.made, b.cases) for b in listed] == [(DAY + dt.timedelta(days=1), 3), (DAY, 1)]
    assert all(b.encrypted == some_desk.case_file.encrypted for b in listed)
    assert not any(b.before_restore for b in listed)


def test_a_restored_backup_gives_back_exactly_the_cases_it_held(
    some_desk: Desk, library: Library
) -> None:
    kept = [
        create_case(some_desk.uow, library, company=c, country="EE").case.id
        for c in ("Mõisa Puit OÜ", "Saare Kala AS")
    ]
    answer_item(some_desk.uow, library, kept[0], "headcount", 42)
    backup = backups.backup_now(some_desk, now=DAY)
    # Afterwards: a new case, a changed answer, a deleted case.
    later = create_case(some_desk.uow, library, company="Later OÜ", country="EE").case.id
    answer_item(some_desk.uow, library, kept[0], "headcount", 7)
    delete_case(some_desk.uow, kept[1])

    before = backups.restore(some_desk, backup, now=DAY + dt.timedelta(days=2))

    assert ids(some_desk) == sorted(kept)
    assert get_case(some_desk.uow, kept[0]).value("headcount") == 42
    # The file as it was before the restore is kept, and listed.
    listed = {b.path: b for b in backups.list_backups(some_desk)}
    assert listed[before].before_restore and listed[before].cases == 2
    copy = open_case_file(before, backup=False, secret=some_desk.case_file.passphrase)
    try:
        assert ids(copy) == sorted([kept[0], later])
    finally:
        copy.close()
    # The desk goes on working on the restored content.
    create_case(some_desk.uow, library, company="Next OÜ", country="EE")
    assert len(ids(some_desk)) == 3


def test_a_backup_of_another_passphrase_is_listed_unreadable_and_refused(
    tmp_path: Path, library: Library
) -> None:
    mine = create_case_file(tmp_path / "cases.brokerdesk", secret=SECRET)
    other = create_case_file(tmp_path / "other" / "cases.brokerdesk", secret="someone else's")
    try:
        create_case(mine.uow, library, company="Mine OÜ", country="EE")
        create_case(other.uow, library, company="Theirs OÜ", country="EE")
        stranger = other.case_file.backup_to(
            tmp_path / "backups" / "cases-20261101-080000.brokerdesk"
        )
        before = stranger.read_bytes()
        [listed] = backups.list_backups(mine)
        assert listed.cases is None and listed.encrypted
        with pytest.raises(CaseFileError, match="passphrase does not open"):
            backups.restore(mine, stranger)
        assert [r.company for r in list_cases(mine.uow)] == ["Mine OÜ"]
        assert stranger.read_bytes() == before
        assert len(list(stranger.parent.iterdir())) == 1  # no copy was made for nothing
    finally:
        mine.close()
        other.close()


def test_backups_of_a_file_with_a_longer_name_are_not_taken_for_its_own(
    tmp_path: Path, library: Library
) -> None:
    desk = create_case_file(tmp_path / "cases.brokerdesk")
    longer = create_case_file(tmp_path / "cases-encrypted.brokerdesk")
    try:
        backups.backup_now(longer, now=DAY)
        assert backups.list_backups(desk) == []
        assert len(backups.list_backups(longer)) == 1
    finally:
        desk.close()
        longer.close()
