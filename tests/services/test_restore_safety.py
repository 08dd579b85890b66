"""A restore is safe whatever else is going on: an older release's backup is brought up to date,
and a sync running at the same moment does not move the restored file's feed cursor on."""

from __future__ import annotations

import shutil
from pathlib import Path

from brokerdesk.content import Library
from brokerdesk.domain.case import new_document
from brokerdesk.paths import default_backup_dir
from brokerdesk.services import backups, cases
from brokerdesk.services.casefiles import Desk, open_case_file
from brokerdesk.services.sync_steps import CURSOR_KEY, Steps, SyncReport
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store.casefile import head_revision
from brokerdesk.sync.protocol import FeedEntry, FeedPage
from tests.store.test_migrations import make_first_schema_file


def test_a_backup_from_an_older_release_is_upgraded_when_restored(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "cases.brokerdesk"
    case_id = make_first_schema_file(path, library)
    folder = default_backup_dir(path)
    folder.mkdir(parents=True)
    old_backup = folder / "cases-20260101-090000.brokerdesk"
    shutil.copyfile(path, old_backup)
    desk = open_case_file(path, backup=False)  # upgrades the file itself
    try:
        backups.restore(desk, old_backup)
        assert desk.case_file.revision() == head_revision()
        cases.answer_item(desk.uow, library, case_id, "town", "Võru")
        assert [r.id for r in cases.list_cases(desk.uow)] == [case_id]
        assert cases.create_case(desk.uow, library, company="Pärn OÜ").case.company_name
    finally:
        desk.close()


def _entry(case_id: str, seq: int, library: Library) -> FeedEntry:
    doc = new_document(case_id, library.current.key, "2026-01-01T00:00:00.000Z")
    return FeedEntry(
        id=case_id,
        revision=1,
        seq=seq,
        deleted=False,
        echo=False,
        owner="x",
        country="PL",
        doc=doc,
    )


def test_a_pull_that_meets_a_restore_leaves_the_restored_cursor(
    desk: Desk, library: Library
) -> None:
    with desk.uow as uow:
        uow.settings.set(CURSOR_KEY, 10)
        uow.commit()
    backup = backups.backup_now(desk)  # taken at cursor 10

    class RestoringApi:
        """The server answers while the app's queue restores the backup."""

        def changes(self, since: int, limit: int) -> FeedPage:
            backups.restore(desk, backup)
            entry = _entry("22222222-2222-4222-8222-222222222222", 30, library)
            return FeedPage(changes=[entry], cursor=30, more=False)

    sync_uow = UnitOfWork(desk.case_file)
    with sync_uow as uow:
        uow.settings.set(CURSOR_KEY, 20)  # syncs after the backup had moved it on
        uow.commit()
    Steps(sync_uow, library, SyncReport(), lambda: False, 200, 500).pull(RestoringApi())  # type: ignore[arg-type]
    with sync_uow as uow:
        assert uow.settings.get(CURSOR_KEY) == 10  # the next sync pulls all it lacks again
