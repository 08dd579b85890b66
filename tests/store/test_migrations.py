"""A case file of an older schema opens: it is copied first, then upgraded, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from brokerdesk.content import Library
from brokerdesk.domain.case import Case, new_document
from brokerdesk.services.casefiles import open_case_file
from brokerdesk.services.cases import list_cases
from brokerdesk.store.casefile import APPLICATION_ID, _alembic_config, head_revision
from brokerdesk.store.reading import CaseQuery


def make_first_schema_file(path: Path, library: Library) -> str:
    """A file as the first release wrote it: migration 0001 only, with one case in it."""
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    doc = new_document(
        "6f1c0a52-2c55-4c8a-9f57-4f3a1d1e0b01", library.current.key, "2026-03-02T09:00:00.000Z"
    )
    case = Case(doc)
    case.set_answer("company_name", "Mõisa Puit OÜ", "2026-03-02T09:00:00.000Z")
    case.put(
        "notes",
        "n1",
        {"text": "Sawmill near Võru, exports pallets to Latvia."},
        "2026-03-02T09:00:00.000Z",
    )
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO cases (id, doc, company, country, status, completeness, created, updated)"
            " VALUES (?, ?, ?, 'EE', 'interviewing', 0.1, ?, ?)",
            (doc["id"], json.dumps(doc), "Mõisa Puit OÜ", doc["created"], doc["updated"]),
        )
    return doc["id"]


def test_an_older_file_is_copied_then_upgraded_and_keeps_its_cases(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "old.brokerdesk"
    case_id = make_first_schema_file(path, library)
    original = path.read_bytes()

    desk = open_case_file(path, backup=False)
    try:
        assert desk.case_file.migrated_from == "0001"
        assert desk.case_file.revision() == head_revision()
        copy = desk.case_file.pre_migration_copy
        assert copy is not None and copy.exists()
        with sqlite3.connect(copy) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert [r.id for r in list_cases(desk.uow)] == [case_id]
        # The search index added by the upgrade was filled from the old documents.
        assert [r.company for r in list_cases(desk.uow, CaseQuery(search="voru pallets"))] == [
            "Mõisa Puit OÜ"
        ]
    finally:
        desk.close()
    assert original != path.read_bytes()


def test_a_current_file_is_not_copied_on_open(tmp_path: Path, library: Library) -> None:
    from brokerdesk.services.casefiles import create_case_file

    create_case_file(tmp_path / "new.brokerdesk").close()
    desk = open_case_file(tmp_path / "new.brokerdesk", backup=False)
    assert desk.case_file.pre_migration_copy is None
    assert desk.case_file.migrated_from is None
    desk.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "before-upgrade" in p.name) == []


def test_the_known_revisions_are_the_migration_scripts_in_order() -> None:
    from alembic.script import ScriptDirectory

    from brokerdesk.store.casefile import REVISIONS

    script = ScriptDirectory.from_config(_alembic_config())
    in_order = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(in_order) == REVISIONS
    assert script.get_current_head() == head_revision()
