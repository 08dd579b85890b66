"""A coordinator's network file over the real server: pull, review, decisions on matches.

The round trip broker → coordinator → broker runs over real HTTP: the broker sees the feedback
and the review state after a sync, and edits the broker made meanwhile survive without conflict.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from brokerdesk.content import Library
from brokerdesk.i18n import render
from brokerdesk.server.runner import free_port
from brokerdesk.server.tables import cases as server_cases
from brokerdesk.services import cases, coordinator, sync
from brokerdesk.services.casefiles import Desk, create_case_file, open_case_file
from brokerdesk.store.reading import CaseQuery
from tests.server.conftest import database, postgres_url, server
from tests.server.helpers import Server
from tests.sync.conftest import DeskFactory, make_desk

FIXTURES = (database, postgres_url, server, make_desk)  # the real server and brokers' files
FAST = {"retries": 1, "backoff": 0.01}


def server_doc(server: Server, case_id: str) -> dict:
    with server.db.read() as conn:
        row = conn.execute(select(server_cases.c.doc).where(server_cases.c.id == case_id)).one()
    return json.loads(row.doc)


def stored(desk: Desk, case_id: str) -> tuple[dict, bool]:
    with desk.uow as uow:
        found = uow.cases.get(case_id)
    assert found is not None
    return found.doc, found.dirty


def ids_in(desk: Desk) -> set[str]:
    with desk.uow as uow:
        return {r.id for r in uow.cases.rows(CaseQuery())}


def network_file(
    server: Server, tmp_path: Path, name: str = "mette", countries: tuple[str, ...] = ("PL", "LT")
) -> Desk:
    desk = create_case_file(tmp_path / f"{name}-network.brokerdesk", broker={"name": name})
    sync.enroll(desk, server.url, server.code_for(name, "coordinator", countries))
    return desk


@pytest.fixture
def broker(server: Server, make_desk: DeskFactory, library: Library) -> Desk:
    """Anna, a Polish broker, with a Polish, a Lithuanian and a Finnish client, synced."""
    desk = make_desk("anna")
    sync.enroll(desk, server.url, server.code_for("anna", "broker", ("PL",)))
    for company, country in (("Bałtyk Sp. z o.o.", "PL"), ("Ąžuolas UAB", "LT"), ("Lumo Oy", "FI")):
        cases.create_case(desk.uow, library, company=company, country=country)
    sync.sync_now(desk, library)
    return desk


def case_of(desk: Desk, country: str) -> str:
    with desk.uow as uow:
        (row,) = [r for r in uow.cases.rows(CaseQuery()) if r.country == country]
    return row.id


def test_a_pull_stores_the_cases_in_scope_as_the_server_holds_them_and_unchanged(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    report = coordinator.pull(network, library)
    assert report.pulled == 2
    assert ids_in(network) == {case_of(broker, "PL"), case_of(broker, "LT")}
    for case_id in ids_in(network):
        doc, dirty = stored(network, case_id)
        assert doc == server_doc(server, case_id) and not dirty
    assert sync.pending_changes(network.uow) == 0
    network.close()


def test_pulls_are_incremental(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    assert coordinator.pull(network, library).pulled == 2
    assert coordinator.pull(network, library).pulled == 0
    cases.answer_item(broker.uow, library, case_of(broker, "PL"), "headcount", 42)
    sync.sync_now(broker, library)
    again = coordinator.pull(network, library)
    assert (again.pulled, again.pushed) == (1, 0)
    doc, _ = stored(network, case_of(broker, "PL"))
    assert doc["answers"]["headcount"]["value"] == 42
    network.close()


def test_a_brokers_file_cannot_pull_as_a_coordinator(broker: Desk, library: Library) -> None:
    with pytest.raises(coordinator.NotCoordinator) as refused:
        coordinator.pull(broker, library)
    assert "coordinator" in render(refused.value.message)


def test_a_returned_case_reaches_the_broker_and_the_brokers_own_edits_survive(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    case_id = case_of(broker, "PL")
    # The broker works on the case offline while the coordinator reviews it.
    cases.answer_item(broker.uow, library, case_id, "headcount", 57)
    cases.put_entry(broker.uow, library, case_id, "notes", {"text": "Met the owner in Łódź."})

    result = coordinator.review(
        network, library, case_id, "returned", "Add the export share, please."
    )
    assert result.sent
    assert server_doc(server, case_id)["review"]["state"] == "returned"

    report = sync.sync_now(broker, library)
    assert report.conflicts == 0 and report.pending == 0
    doc, dirty = stored(broker, case_id)
    assert not dirty
    assert doc["review"]["state"] == "returned" and doc["review"]["by"] == "mette"
    (entry,) = doc["feedback"].values()
    assert entry["text"] == "Add the export share, please." and entry["author"] == "mette"
    assert doc["answers"]["headcount"]["value"] == 57
    assert [n["text"] for n in doc["notes"].values()] == ["Met the owner in Łódź."]
    assert doc["conflicts"] == {}
    assert server_doc(server, case_id) == doc

    # The broker fixes it; the coordinator sees the change and approves.
    cases.answer_item(broker.uow, library, case_id, "export_share", 15)
    sync.sync_now(broker, library)
    assert coordinator.pull(network, library).pulled == 1
    assert coordinator.review(network, library, case_id, "approved").sent
    sync.sync_now(broker, library)
    doc, _ = stored(broker, case_id)
    assert doc["review"]["state"] == "approved"
    assert doc["answers"]["export_share"]["value"] == 15
    assert len(doc["feedback"]) == 2
    network.close()


def test_a_review_of_a_case_the_broker_changed_meanwhile_is_merged_and_sent(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    case_id = case_of(broker, "LT")
    cases.answer_item(broker.uow, library, case_id, "headcount", 12)
    sync.sync_now(broker, library)  # the network file now holds an older revision

    assert coordinator.review(network, library, case_id, "approved", "Good work.").sent
    held = server_doc(server, case_id)
    assert held["review"]["state"] == "approved"
    assert held["answers"]["headcount"]["value"] == 12
    doc, dirty = stored(network, case_id)
    assert doc == held and not dirty
    network.close()


def test_two_coordinators_reviewing_one_case_keep_both_comments_and_the_later_state(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    poland = network_file(server, tmp_path, "mette", ("PL",))
    everyone = network_file(server, tmp_path, "network", ("*",))
    coordinator.pull(poland, library)
    coordinator.pull(everyone, library)
    case_id = case_of(broker, "PL")
    coordinator.review(poland, library, case_id, "approved", "Fine for Poland.")
    coordinator.review(everyone, library, case_id, "returned", "Name the target market.")
    held = server_doc(server, case_id)
    assert held["review"]["state"] == "returned" and held["review"]["by"] == "network"
    assert sorted(e["text"] for e in held["feedback"].values()) == [
        "Fine for Poland.",
        "Name the target market.",
    ]
    assert held["conflicts"] == {}
    poland.close()
    everyone.close()


def test_returning_a_case_without_a_comment_is_refused(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    with pytest.raises(coordinator.CoordinatorError) as refused:
        coordinator.review(network, library, case_of(broker, "PL"), "returned", "  ")
    assert "returning" in render(refused.value.message)
    assert sync.pending_changes(network.uow) == 0
    network.close()


def test_a_review_made_offline_waits_and_goes_with_the_next_pull(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    with network.uow as uow:
        settings = uow.settings.get("sync_server")
        uow.settings.set("sync_server", {**settings, "server": f"http://127.0.0.1:{free_port()}"})
        uow.commit()
    case_id = case_of(broker, "PL")
    result = coordinator.review(network, library, case_id, "approved", "", **FAST)
    assert not result.sent
    assert sync.pending_changes(network.uow) == 1
    assert server_doc(server, case_id)["review"] == {"state": "none"}

    with network.uow as uow:
        uow.settings.set("sync_server", settings)
        uow.commit()
    report = coordinator.pull(network, library)
    assert (report.pushed, report.pending) == (1, 0)
    assert server_doc(server, case_id)["review"]["state"] == "approved"
    network.close()


def test_a_network_file_never_sends_a_change_beyond_feedback_and_review(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    case_id = case_of(broker, "PL")
    before = server_doc(server, case_id)
    cases.answer_item(network.uow, library, case_id, "headcount", 999)
    report = coordinator.pull(network, library)
    assert report.pushed == 0 and report.pending == 1
    assert [r["case"] for r in report.rejected] == [case_id]
    assert server_doc(server, case_id) == before
    network.close()


def test_match_decisions_are_remembered_in_the_network_file(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    network = network_file(server, tmp_path)
    coordinator.decide_match(network.uow, "a|b", "introduced", by="mette")
    coordinator.decide_match(network.uow, "a|c", "dismissed", by="mette")
    coordinator.decide_match(network.uow, "a|c", None)
    coordinator.decide_match(network.uow, "b|c", "dismissed")
    path = network.path
    network.close()
    again = open_case_file(path, backup=False)
    found = coordinator.decisions(again.uow)
    assert {k: v["state"] for k, v in found.items()} == {"a|b": "introduced", "b|c": "dismissed"}
    assert found["a|b"]["by"] == "mette"
    with pytest.raises(coordinator.CoordinatorError):
        coordinator.decide_match(again.uow, "a|b", "maybe")
    again.close()


def test_a_plain_sync_of_a_network_file_sends_its_reviews_as_a_coordinator(
    server: Server, broker: Desk, library: Library, tmp_path: Path
) -> None:
    # The app's background sync calls sync.sync_now whatever the file: on a network file it
    # must merge and send like a pull, never record a conflict a coordinator may not write.
    network = network_file(server, tmp_path)
    coordinator.pull(network, library)
    case_id = case_of(broker, "PL")
    coordinator.review(network, library, case_id, "approved", "Fine.", send=False)
    cases.answer_item(broker.uow, library, case_id, "headcount", 8)
    sync.sync_now(broker, library)
    report = sync.sync_now(network, library)
    assert (report.pushed, report.conflicts, report.pending) == (1, 0, 0)
    held = server_doc(server, case_id)
    assert held["review"]["state"] == "approved" and held["conflicts"] == {}
    assert held["answers"]["headcount"]["value"] == 8
    network.close()
