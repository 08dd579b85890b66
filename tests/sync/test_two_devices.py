"""Two devices of one broker edit the same cases offline, then sync in either order."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from brokerdesk.content import Library
from brokerdesk.server.tables import cases as server_cases
from brokerdesk.services import cases, sync
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.demo import generate
from brokerdesk.store.reading import CaseQuery
from tests.server.helpers import Server
from tests.sync.conftest import DeskFactory

HEADCOUNT = ("answers", "headcount", "value")


def documents(desk: Desk) -> dict[str, tuple[bool, dict]]:
    with desk.uow as uow:
        return {
            i: (stored.deleted, stored.doc)
            for i in (r.id for r in uow.cases.rows(CaseQuery(include_deleted=True)))
            if (stored := uow.cases.get(i)) is not None
        }


def server_documents(server: Server) -> dict[str, tuple[bool, dict]]:
    with server.db.read() as conn:
        rows = conn.execute(select(server_cases.c.id, server_cases.c.deleted, server_cases.c.doc))
        return {r.id: (bool(r.deleted), json.loads(r.doc)) for r in rows}


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_both_devices_end_with_the_same_merged_cases_and_the_conflicts_listed(
    first: str, server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop, desktop = make_desk("laptop"), make_desk("desktop")
    generate(laptop.uow, library, 20, seed=7)
    for desk in (laptop, desktop):
        sync.enroll(desk, server.url, server.code_for("anna"), device_name=desk.path.stem)
        sync.sync_now(desk, library)
    ids = sorted(documents(laptop))
    assert sorted(documents(desktop)) == ids

    # Offline on both devices.
    same_field, disjoint, notes = ids[0:4], ids[4:7], ids[7:10]
    for n, case_id in enumerate(same_field):
        cases.answer_item(laptop.uow, library, case_id, "headcount", 1001 + n)
        cases.answer_item(desktop.uow, library, case_id, "headcount", 2001 + n)
    for case_id in disjoint:
        cases.answer_item(laptop.uow, library, case_id, "headcount", 55)
        cases.answer_item(desktop.uow, library, case_id, "turnover", 1_234_000)
    for case_id in notes:
        cases.put_entry(laptop.uow, library, case_id, "notes", {"text": "Met the CEO in Łódź."})
        cases.put_entry(desktop.uow, library, case_id, "notes", {"text": "Wants a Danish agent."})
    cases.delete_case(laptop.uow, ids[10])
    added = cases.create_case(desktop.uow, library, company="Nørre Fjord ApS", country="DK")

    one, other = (laptop, desktop) if first == "laptop" else (desktop, laptop)
    assert sync.sync_now(one, library).conflicts == 0
    merged = sync.sync_now(other, library)
    assert merged.conflicts == len(same_field)
    assert sorted(merged.conflicted) == same_field
    sync.sync_now(one, library)

    mine, theirs, held = documents(laptop), documents(desktop), server_documents(server)
    assert mine == theirs == held
    assert len(held) == 21
    assert sync.pending_changes(laptop.uow) == sync.pending_changes(desktop.uow) == 0
    assert held[ids[10]][0] is True and held[added.case.id][1]["answers"]["company_name"]
    kept, lost = (2001, 1001) if other is desktop else (1001, 2001)
    for n, case_id in enumerate(same_field):
        doc = held[case_id][1]
        assert doc["answers"]["headcount"]["value"] == kept + n
        (entry,) = doc["conflicts"].values()
        assert tuple(entry["path"]) == HEADCOUNT
        assert (entry["local"], entry["remote"]) == (kept + n, lost + n)
    for case_id in disjoint:
        doc = held[case_id][1]
        assert doc["answers"]["headcount"]["value"] == 55
        assert doc["answers"]["turnover"]["value"] == 1_234_000
        assert doc["conflicts"] == {}
    for case_id in notes:
        texts = sorted(n["text"] for n in held[case_id][1]["notes"].values())
        assert "Met the CEO in Łódź." in texts and "Wants a Danish agent." in texts
