"""Erasing a company travels: the server keeps only a tombstone and an audit record, and every
device drops the case at its next sync, even one that had changed it meanwhile."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from brokerdesk.content import Library
from brokerdesk.server.tables import audit, batches
from brokerdesk.server.tables import cases as server_cases
from brokerdesk.services import personal_data, sync
from brokerdesk.services.casefiles import Desk, create_case_file
from brokerdesk.services.cases import answer_item, create_case, list_cases
from brokerdesk.store.reading import CaseQuery
from tests.server.helpers import Server

COMPANY = "Jūrmalas Dizains SIA"
PERSON = "Līga Kalniņa"


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    """Anna's laptop and desktop, both with encrypted case files."""
    made = [
        create_case_file(tmp_path / f"{name}.brokerdesk", {"name": "Anna"}, secret="Ziema 2026!")
        for name in ("laptop", "desktop")
    ]
    yield made[0], made[1]
    for desk in made:
        desk.close()


def held(desk: Desk) -> dict[str, bool]:
    """Every case row in the file, tombstones included: id → deleted."""
    with desk.uow as uow:
        rows = uow.cases.rows(CaseQuery(include_deleted=True))
        return {r.id: bool((stored := uow.cases.get(r.id)) and stored.deleted) for r in rows}


def test_an_erased_company_is_gone_from_the_server_and_the_other_device_with_an_audit_record(
    server: Server, devices: tuple[Desk, Desk], library: Library
) -> None:
    laptop, desktop = devices
    erased = create_case(laptop.uow, library, company=COMPANY, country="LV").case.id
    personal_data.save_contact(laptop.uow, library, erased, {"name": PERSON, "role": "CEO"})
    kept = create_case(laptop.uow, library, company="Daugava Koks SIA", country="LV").case.id
    for desk in (laptop, desktop):
        sync.enroll(desk, server.url, server.code_for("anna", countries=("LV",)))
        sync.sync_now(desk, library)
    assert set(held(desktop)) == {erased, kept}

    # The desktop changes the case offline while the laptop erases the company.
    answer_item(desktop.uow, library, erased, "headcount", 12)
    done = personal_data.erase_company(laptop, erased)
    assert done.travels
    sync.sync_now(laptop, library)
    assert held(laptop) == {kept: False}

    with server.db.read() as conn:
        row = conn.execute(select(server_cases).where(server_cases.c.id == erased)).one()
        answers = [r.response or "" for r in conn.execute(select(batches.c.response))]
        records = [
            (r.action, json.loads(r.detail))
            for r in conn.execute(select(audit).order_by(audit.c.id))
        ]
    assert row.deleted
    doc = json.loads(row.doc)
    assert doc["erased"] and not doc["answers"] and not doc["contacts"]
    assert COMPANY not in row.doc and PERSON not in row.doc
    assert not any(COMPANY in text for text in answers)
    assert ("erase", {"case": erased}) in records

    report = sync.sync_now(desktop, library)
    assert held(desktop) == {kept: False}
    assert report.pending == 0
    assert [r.company for r in list_cases(desktop.uow)] == ["Daugava Koks SIA"]

    # Nothing brings it back: both devices sync again, and the server still has the tombstone.
    for desk in (laptop, desktop, laptop):
        sync.sync_now(desk, library)
        assert held(desk) == {kept: False}
    with server.db.read() as conn:
        text = conn.execute(select(server_cases.c.doc).where(server_cases.c.id == erased)).scalar()
    assert text is not None and COMPANY not in text
