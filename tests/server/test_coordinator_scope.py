"""A coordinator for Poland and Lithuania never receives a Finnish case, by any endpoint.

A Polish broker holds clients in Poland, Lithuania and Finland. The coordinator asks every route
of the API in every way it could reveal a case (the feed with any page size, reading the case,
pushes that would answer with the current document), and pulls a network file; the Finnish
case's id may be known, its document never arrives.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from brokerdesk.content import Library
from brokerdesk.services import coordinator, sync
from brokerdesk.services.casefiles import create_case_file
from brokerdesk.store.reading import CaseQuery
from tests.server.helpers import Device, Server, case_doc, change, push

SECRET = "Salainen Sauna Oy"  # the Finnish company: its name must appear in no answer


def finnish_doc(case_id: str) -> dict[str, Any]:
    doc = case_doc(case_id, "FI")
    doc["answers"]["company_name"] = {"value": SECRET, "at": doc["created"]}
    return doc


def setting(server: Server) -> tuple[Device, Device, dict[str, str]]:
    """The broker with a Polish, a Lithuanian, a Finnish and a country-less case, and the
    coordinator for Poland and Lithuania."""
    broker = server.enrol("anna", "broker", ("PL",))
    ids = {name: str(uuid.uuid4()) for name in ("pl", "lt", "fi", "none")}
    docs = [
        case_doc(ids["pl"], "PL"),
        case_doc(ids["lt"], "LT"),
        finnish_doc(ids["fi"]),
        case_doc(ids["none"], None),  # belongs to the broker's own country
    ]
    answer = push(broker, *(change(d) for d in docs))
    assert [r["status"] for r in answer.json()["results"]] == ["accepted"] * 4
    return broker, server.enrol("mette", "coordinator", ("PL", "LT")), ids


def feed(device: Device, limit: int) -> list[dict[str, Any]]:
    entries, since = [], 0
    while True:
        page = device.get("/v1/changes", params={"since": since, "limit": limit}).json()
        entries += page["changes"]
        since = page["cursor"]
        if not page["more"]:
            return entries


def test_the_feed_never_carries_a_case_from_outside_the_scope_whatever_the_page_size(
    server: Server,
) -> None:
    broker, mette, ids = setting(server)
    for limit in (1, 2, 3, 1000):
        entries = feed(mette, limit)
        assert sorted(e["id"] for e in entries) == sorted([ids["pl"], ids["lt"], ids["none"]])
        assert {e["country"] for e in entries} == {"PL", "LT"}
    # Changes to the Finnish case later do not reach the coordinator either.
    doc = finnish_doc(ids["fi"])
    doc["answers"]["headcount"] = {"value": 12, "at": doc["created"]}
    assert push(broker, change(doc, base=1)).json()["results"][0]["status"] == "accepted"
    assert ids["fi"] not in {e["id"] for e in feed(mette, 1000)}


def test_a_case_that_moves_to_finland_is_no_longer_sent(server: Server) -> None:
    broker, mette, ids = setting(server)
    since = feed(mette, 1000)[-1]["seq"]
    moved = case_doc(ids["pl"], "FI")
    moved["answers"]["company_name"] = {"value": SECRET, "at": moved["created"]}
    assert push(broker, change(moved, base=1)).json()["results"][0]["status"] == "accepted"
    later = mette.get("/v1/changes", params={"since": since}).json()["changes"]
    assert later == []
    assert SECRET not in mette.get("/v1/changes", params={"since": 0}).text


def test_every_route_answers_the_coordinator_without_the_finnish_case(server: Server) -> None:
    _broker, mette, ids = setting(server)
    fi = ids["fi"]
    paths = server.client().get("/openapi.json").json()["paths"]
    answers = {}
    for path, item in paths.items():
        for method in item:
            if (method, path) in {("delete", "/v1/device"), ("post", "/v1/enrol")}:
                continue  # disconnecting itself and enrolling reveal no case
            url = path.format(case_id=fi, name="anna", device_id=mette.device_id)
            body = None
            if method == "post" and path == "/v1/push":
                body = {"batch_id": str(uuid.uuid4()), "changes": [change(finnish_doc(fi))]}
            elif method == "post":
                body = {}
            answers[(method, path)] = mette.http.request(method.upper(), url, json=body)
    for (method, path), answer in answers.items():
        assert SECRET not in answer.text, f"{method} {path}"
    assert answers[("get", "/v1/cases/{case_id}")].status_code == 403


def test_a_push_to_a_finnish_case_is_refused_without_its_current_document(
    server: Server,
) -> None:
    _broker, mette, ids = setting(server)
    fi = ids["fi"]
    reviewed = finnish_doc(fi)
    reviewed["review"] = {"state": "approved"}
    tries = {
        "stale base": change(reviewed, base=0),
        "current base": change(reviewed, base=1),
        "broken document": {**change(reviewed, base=0), "doc": {**reviewed, "status": "?"}},
        "deleting it": change(reviewed, base=1, deleted=True),
    }
    for what, attempt in tries.items():
        (result,) = push(mette, attempt).json()["results"]
        assert result["status"] in ("forbidden", "invalid"), what
        assert result.get("current") is None and result["revision"] == 0, what


def test_a_coordinator_cannot_add_a_case_to_reach_into_a_country(server: Server) -> None:
    _broker, mette, _ids = setting(server)
    (result,) = push(mette, change(finnish_doc(str(uuid.uuid4())))).json()["results"]
    assert result["status"] == "forbidden"


def test_a_network_file_pulled_for_poland_and_lithuania_holds_no_finnish_case(
    server: Server, library: Library, tmp_path: Path
) -> None:
    _broker, _mette, ids = setting(server)
    network = create_case_file(tmp_path / "network.brokerdesk")
    sync.enroll(network, server.url, server.code_for("mette", "coordinator", ("PL", "LT")))
    report = coordinator.pull(network, library, page_size=1)
    assert report.pulled == 3
    with network.uow as uow:
        held = {r.id: r.country for r in uow.cases.rows(CaseQuery(include_deleted=True))}
    assert set(held) == {ids["pl"], ids["lt"], ids["none"]}
    assert ids["fi"] not in held
    network.close()
