"""Pushing cases and reading the change feed, over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import select

from brokerdesk.server.tables import audit, cases
from tests.server.helpers import Server, case_doc, change, push


def feed(device, since: int = 0, limit: int = 200) -> dict:  # type: ignore[no-untyped-def]
    answer = device.get("/v1/changes", params={"since": since, "limit": limit})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_new_case_is_accepted_at_revision_one_and_reaches_the_owners_other_device(
    server: Server,
) -> None:
    laptop = server.enrol("anna", countries=("PL",))
    desktop = server.enrol("anna")
    doc = case_doc("case-1")
    answer = push(laptop, change(doc))
    assert answer.status_code == 200
    assert answer.json()["results"] == [
        {"id": "case-1", "status": "accepted", "revision": 1, "current": None, "problems": []}
    ]
    page = feed(desktop)
    (entry,) = page["changes"]
    assert entry["doc"] == doc and entry["revision"] == 1 and entry["echo"] is False
    assert entry["owner"] == "anna" and entry["country"] == "PL"
    assert page["cursor"] == entry["seq"] and page["more"] is False


def test_the_pushing_device_gets_its_own_change_back_without_the_document(server: Server) -> None:
    laptop = server.enrol("anna")
    push(laptop, change(case_doc("case-1")))
    (entry,) = feed(laptop)["changes"]
    assert entry["echo"] is True and entry["doc"] is None and entry["revision"] == 1


def test_a_change_on_a_stale_revision_is_answered_with_the_current_document(
    server: Server,
) -> None:
    laptop = server.enrol("anna")
    first = case_doc("case-1")
    push(laptop, change(first))
    second = case_doc("case-1", status="assessed")
    assert push(laptop, change(second, base=1)).json()["results"][0]["revision"] == 2
    third = case_doc("case-1", status="closed")
    (result,) = push(laptop, change(third, base=1)).json()["results"]
    assert result["status"] == "conflict" and result["revision"] == 2
    assert result["current"]["doc"] == second and result["current"]["revision"] == 2


def test_pushing_what_the_server_already_holds_makes_no_new_revision(server: Server) -> None:
    laptop = server.enrol("anna")
    doc = case_doc("case-1")
    push(laptop, change(doc))
    (result,) = push(laptop, change(doc, base=0)).json()["results"]
    assert result == {
        "id": "case-1",
        "status": "accepted",
        "revision": 1,
        "current": None,
        "problems": [],
    }
    assert len(feed(laptop)["changes"]) == 1


def test_a_retried_batch_is_applied_once_and_answered_as_the_first_time(server: Server) -> None:
    laptop = server.enrol("anna")
    docs = [case_doc(f"case-{n}") for n in range(3)]
    first = push(laptop, *[change(d) for d in docs], batch_id="batch-0001")
    again = push(laptop, *[change(d) for d in docs], batch_id="batch-0001")
    assert again.json() == first.json()
    with server.db.read() as conn:
        revisions = [r.revision for r in conn.execute(select(cases.c.revision))]
        pushes = [r for r in conn.execute(select(audit.c.action)) if r.action == "push"]
    assert revisions == [1, 1, 1]
    assert len(pushes) == 1


def test_a_batch_id_used_again_for_different_changes_is_refused(server: Server) -> None:
    laptop = server.enrol("anna")
    push(laptop, change(case_doc("case-1")), batch_id="batch-0001")
    answer = push(laptop, change(case_doc("case-2")), batch_id="batch-0001")
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "batch_reused"


def test_the_feed_is_read_in_pages_and_includes_tombstones(server: Server) -> None:
    laptop = server.enrol("anna")
    desktop = server.enrol("anna")
    docs = [case_doc(f"case-{n:02}") for n in range(25)]
    push(laptop, *[change(d) for d in docs])
    push(laptop, change(docs[3], base=1, deleted=True))
    seen: list[tuple[str, int, bool]] = []
    cursor, pages = 0, 0
    while True:
        page = feed(desktop, since=cursor, limit=10)
        pages += 1
        seen += [(e["id"], e["revision"], e["deleted"]) for e in page["changes"]]
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert pages == 3
    assert len(seen) == 25 and len({s[0] for s in seen}) == 25
    assert ("case-03", 2, True) in seen
    assert seen[-1] == ("case-03", 2, True)  # the latest change comes last
    assert feed(desktop, since=cursor)["changes"] == []


def test_an_invalid_document_is_refused_with_its_problems_and_the_rest_of_the_batch_goes_in(
    server: Server,
) -> None:
    laptop = server.enrol("anna")
    broken = case_doc("case-bad")
    broken["status"] = "lost"
    del broken["instrument"]
    mismatched = case_doc("case-other")
    results = push(
        laptop,
        change(broken),
        {"id": "case-x", "base_revision": 0, "doc": mismatched},
        change(case_doc("case-good")),
    ).json()["results"]
    assert [r["status"] for r in results] == ["invalid", "invalid", "accepted"]
    assert any("instrument" in p for p in results[0]["problems"])
    assert any("status" in p for p in results[0]["problems"])
    assert any("id" in p for p in results[1]["problems"])


def test_a_case_twice_in_one_batch_is_taken_once(server: Server) -> None:
    laptop = server.enrol("anna")
    doc = case_doc("case-1")
    results = push(laptop, change(doc), change(doc)).json()["results"]
    assert sorted(r["status"] for r in results) == ["accepted", "invalid"]


def test_a_case_belongs_to_the_companys_country_and_else_to_the_owners(server: Server) -> None:
    laptop = server.enrol("jurgen", countries=("DE",))
    push(laptop, change(case_doc("in-lv", country="lv")), change(case_doc("no-country", None)))
    with server.db.read() as conn:
        found = dict(conn.execute(select(cases.c.id, cases.c.country)).all())
    assert found == {"in-lv": "LV", "no-country": "DE"}


def test_every_push_and_pull_is_in_the_audit_log_with_who_and_what(server: Server) -> None:
    laptop = server.enrol("anna")
    desktop = server.enrol("anna")
    push(laptop, change(case_doc("case-1")), batch_id="batch-audit")
    feed(desktop)
    with server.db.read() as conn:
        rows = conn.execute(select(audit).order_by(audit.c.id)).all()
    entries = [(r.action, r.user_name, r.device_id, json.loads(r.detail)) for r in rows]
    pushes = [e for e in entries if e[0] == "push"]
    pulls = [e for e in entries if e[0] == "pull"]
    assert pushes == [
        ("push", "anna", laptop.device_id, {"batch": "batch-audit", "accepted": [["case-1", 1]]})
    ]
    assert pulls[0][1:3] == ("anna", desktop.device_id)
    assert pulls[0][3]["cases"] == [["case-1", 1]]
    assert [e[0] for e in entries].count("enrol") == 2
    assert all(r.at.endswith("Z") for r in rows)


def test_a_document_with_broken_unicode_is_refused_not_stored(server: Server) -> None:
    laptop = server.enrol("anna")
    doc = json.dumps(case_doc("case-1"))[:-1] + ', "x": "\\ud800"}'
    body = (
        '{"batch_id": "batch-unicode", '
        '"changes": [{"id": "case-1", "base_revision": 0, "doc": %s}]}'
    )
    answer = laptop.post(
        "/v1/push", content=(body % doc).encode(), headers={"content-type": "application/json"}
    )
    (result,) = answer.json()["results"]
    assert result["status"] == "invalid" and "Unicode" in result["problems"][0]
    assert feed(laptop)["changes"] == []
