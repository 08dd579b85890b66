"""Connecting a case file, syncing it, counting what waits and disconnecting, over real HTTP."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from brokerdesk.content import Library
from brokerdesk.i18n import render
from brokerdesk.server.runner import free_port
from brokerdesk.server.tables import cases as server_cases
from brokerdesk.services import cases, sync
from brokerdesk.services.casefiles import Desk
from brokerdesk.store.reading import CaseQuery
from brokerdesk.sync.client import SyncClient
from tests.server.helpers import Server
from tests.sync.conftest import DeskFactory

FAST = {"retries": 1, "backoff": 0.01}


def local_docs(desk: Desk, include_deleted: bool = True) -> dict[str, dict]:
    with desk.uow as uow:
        return {
            case_id: stored.doc
            for case_id in (r.id for r in uow.cases.rows(CaseQuery(include_deleted=True)))
            if (stored := uow.cases.get(case_id)) and (include_deleted or not stored.deleted)
        }


def server_docs(server: Server) -> dict[str, tuple[int, bool, dict]]:
    with server.db.read() as conn:
        rows = conn.execute(
            select(
                server_cases.c.id,
                server_cases.c.revision,
                server_cases.c.deleted,
                server_cases.c.doc,
            )
        )
        return {r.id: (r.revision, bool(r.deleted), json.loads(r.doc)) for r in rows}


def connected(
    server: Server, desk: Desk, name: str = "anna", role: str = "broker"
) -> sync.Connection:
    return sync.enroll(
        desk, server.url, server.code_for(name, role, ("PL",)), device_name=desk.path.stem
    )


def test_enrolling_stores_the_connection_in_the_case_file(
    server: Server, make_desk: DeskFactory
) -> None:
    desk = make_desk("laptop")
    found = connected(server, desk)
    assert (found.server, found.user, found.role, found.countries) == (
        server.url,
        "anna",
        "broker",
        ("PL",),
    )
    assert found.device_name == "laptop"
    assert sync.connection(desk.uow) == found
    with desk.uow as uow:
        assert uow.settings.get("sync_server")["token"].startswith("bdk_")


def test_a_refused_code_is_explained_and_leaves_the_file_unconnected(
    server: Server, make_desk: DeskFactory
) -> None:
    desk = make_desk("laptop")
    with pytest.raises(sync.SyncError) as refused:
        sync.enroll(desk, server.url, "AAAA-BBBB-CCCC")
    assert "enrolment code was not accepted" in render(refused.value.message)
    assert sync.connection(desk.uow) is None


def test_a_plain_http_server_on_another_machine_is_refused(make_desk: DeskFactory) -> None:
    desk = make_desk("laptop")
    with pytest.raises(sync.SyncError) as refused:
        sync.enroll(desk, "http://brokerdesk.example.org", "AAAA-BBBB-CCCC")
    assert "must start with https://" in render(refused.value.message)


def test_syncing_an_unconnected_file_says_so(make_desk: DeskFactory, library: Library) -> None:
    with pytest.raises(sync.NotConnected):
        sync.sync_now(make_desk("laptop"), library)


def test_changed_cases_are_pushed_and_reach_the_other_device_unchanged(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop, desktop = make_desk("laptop"), make_desk("desktop")
    connected(server, laptop)
    made = [
        cases.create_case(laptop.uow, library, company=f"Żuraw {n}", country="PL") for n in range(5)
    ]
    cases.answer_item(laptop.uow, library, made[0].case.id, "headcount", 42)
    assert sync.pending_changes(laptop.uow) == 5
    report = sync.sync_now(laptop, library)
    assert (report.pushed, report.pulled, report.conflicts, report.pending) == (5, 0, 0, 0)
    assert sync.pending_changes(laptop.uow) == 0
    held = server_docs(server)
    assert {k: v[2] for k, v in held.items()} == local_docs(laptop)
    assert {v[0] for v in held.values()} == {1}
    connected(server, desktop)
    report = sync.sync_now(desktop, library)
    assert (report.pushed, report.pulled) == (0, 5)
    assert local_docs(desktop) == local_docs(laptop)
    rows = cases.list_cases(desktop.uow)
    assert sorted(r.company for r in rows) == [f"Żuraw {n}" for n in range(5)]
    assert not any(r.dirty for r in rows)


def test_a_sync_with_nothing_to_do_sends_and_fetches_nothing(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop = make_desk("laptop")
    connected(server, laptop)
    cases.create_case(laptop.uow, library, company="Kłos")
    sync.sync_now(laptop, library)
    report = sync.sync_now(laptop, library)
    assert (report.pushed, report.pulled, report.conflicts) == (0, 0, 0)
    assert sync.last_sync(laptop.uow)["finished"] == report.finished


def test_a_deleted_case_syncs_as_a_tombstone(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop, desktop = make_desk("laptop"), make_desk("desktop")
    connected(server, laptop)
    connected(server, desktop)
    case_id = cases.create_case(laptop.uow, library, company="Möwe GmbH").case.id
    sync.sync_now(laptop, library)
    sync.sync_now(desktop, library)
    cases.delete_case(laptop.uow, case_id)
    assert sync.sync_now(laptop, library).pushed == 1
    assert server_docs(server)[case_id][:2] == (2, True)
    assert sync.sync_now(desktop, library).pulled == 1
    assert cases.list_cases(desktop.uow) == []
    with desktop.uow as uow:
        assert uow.cases.get(case_id).deleted


def test_a_case_edited_while_its_push_was_on_the_way_stays_waiting(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop = make_desk("laptop")
    connected(server, laptop)
    case_id = cases.create_case(laptop.uow, library, company="Säde Oy").case.id

    class EditingClient(SyncClient):
        def push_stored(self, changes, batch_id=None):  # type: ignore[no-untyped-def]
            answer = super().push_stored(changes, batch_id)
            cases.answer_item(laptop.uow, library, case_id, "headcount", 7)  # the broker types on
            return answer

    report = sync.sync_now(laptop, library, client_factory=EditingClient)
    assert report.pushed == 1 and report.pending == 1
    report = sync.sync_now(laptop, library)
    assert report.pushed == 1 and report.pending == 0
    assert server_docs(server)[case_id][2]["answers"]["headcount"]["value"] == 7


def test_a_revoked_device_is_told_it_was_disconnected_and_keeps_its_cases(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop = make_desk("laptop")
    device = connected(server, laptop).device_id
    cases.create_case(laptop.uow, library, company="Havblik ApS")
    from brokerdesk.server import accounts

    with server.db.write() as conn:
        accounts.revoke_device(conn, device)
    with pytest.raises(sync.Disconnected) as told:
        sync.sync_now(laptop, library)
    assert "disconnected this device" in render(told.value.message)
    assert sync.connection(laptop.uow).revoked
    assert sync.pending_changes(laptop.uow) == 1
    assert len(cases.list_cases(laptop.uow)) == 1
    with pytest.raises(sync.Disconnected):
        sync.sync_now(laptop, library)  # known now: no request needed


def test_disconnecting_revokes_the_token_on_the_server_and_forgets_the_server(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop = make_desk("laptop")
    device = connected(server, laptop).device_id
    cases.create_case(laptop.uow, library, company="Kivi Oy")
    sync.disconnect(laptop)
    assert sync.connection(laptop.uow) is None
    assert len(cases.list_cases(laptop.uow)) == 1
    from brokerdesk.server import accounts

    with server.db.read() as conn:
        assert accounts.device(conn, device).revoked


def test_an_unreachable_server_leaves_the_changes_waiting(
    make_desk: DeskFactory, library: Library, server: Server
) -> None:
    laptop = make_desk("laptop")
    connected(server, laptop)
    cases.create_case(laptop.uow, library, company="Bałtyk")
    data = sync.connection(laptop.uow)
    with laptop.uow as uow:
        settings = uow.settings.get("sync_server")
        uow.settings.set("sync_server", {**settings, "server": f"http://127.0.0.1:{free_port()}"})
        uow.commit()
    with pytest.raises(sync.ServerUnreachable) as failed:
        sync.sync_now(laptop, library, **FAST)
    assert "cannot be reached" in render(failed.value.message)
    assert data is not None and sync.pending_changes(laptop.uow) == 1


def test_a_sync_asked_to_stop_stops_and_loses_nothing(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop = make_desk("laptop")
    connected(server, laptop)
    for n in range(6):
        cases.create_case(laptop.uow, library, company=f"Dąb {n}")
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 4  # a few steps in: after the first batch of two

    with pytest.raises(sync.SyncStopped):
        sync.sync_now(laptop, library, should_stop=stop, batch_size=2)
    assert 0 < sync.pending_changes(laptop.uow) < 6
    report = sync.sync_now(laptop, library, batch_size=2)
    assert report.pending == 0
    assert len(server_docs(server)) == 6


def _conflicted(
    server: Server, make_desk: DeskFactory, library: Library
) -> tuple[Desk, Desk, str, str]:
    """Two devices that changed the same answer; the desktop merged last and holds a conflict."""
    laptop, desktop = make_desk("laptop"), make_desk("desktop")
    connected(server, laptop)
    connected(server, desktop)
    case_id = cases.create_case(laptop.uow, library, company="Lumo Oy", country="FI").case.id
    sync.sync_now(laptop, library)
    sync.sync_now(desktop, library)
    cases.answer_item(laptop.uow, library, case_id, "headcount", 30)
    cases.answer_item(desktop.uow, library, case_id, "headcount", 40)
    sync.sync_now(laptop, library)
    assert sync.sync_now(desktop, library).conflicts == 1
    (conflict_id,) = sync.conflicts(desktop.uow, case_id)
    return laptop, desktop, case_id, conflict_id


def test_settling_a_conflict_with_the_other_devices_value_syncs_to_both(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    laptop, desktop, case_id, conflict_id = _conflicted(server, make_desk, library)
    entry = sync.conflicts(desktop.uow, case_id)[conflict_id]
    assert (entry["path"], entry["local"], entry["remote"]) == (
        ["answers", "headcount", "value"],
        40,
        30,
    )
    saved = sync.settle_conflict(desktop.uow, library, case_id, conflict_id, take_remote=True)
    assert saved.case.value("headcount") == 30
    assert sync.conflicts(desktop.uow, case_id) == {}
    assert sync.pending_changes(desktop.uow) == 1
    sync.sync_now(desktop, library)
    sync.sync_now(laptop, library)
    assert cases.get_case(laptop.uow, case_id).value("headcount") == 30
    assert sync.conflicts(laptop.uow, case_id) == {}


def test_settling_a_conflict_by_keeping_this_value_only_drops_the_entry(
    server: Server, make_desk: DeskFactory, library: Library
) -> None:
    _laptop, desktop, case_id, conflict_id = _conflicted(server, make_desk, library)
    saved = sync.settle_conflict(desktop.uow, library, case_id, conflict_id, take_remote=False)
    assert saved.case.value("headcount") == 40
    assert sync.conflicts(desktop.uow, case_id) == {}
    with pytest.raises(cases.NotFound):
        sync.settle_conflict(desktop.uow, library, case_id, conflict_id, take_remote=False)
