"""The case document: its status workflow, its changes, upcasting and structural checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from brokerdesk.domain.case import (
    MAPS,
    SCHEMA_VERSION,
    STATUSES,
    Case,
    CaseError,
    check_document,
    new_document,
    upcast,
)

T0 = "2026-03-01T08:00:00.000Z"
T1 = "2026-03-01T09:00:00.000Z"

# The broker's path, written out here so that a change to the workflow is a visible decision:
# forward one step, back one step to correct, close once assessed, reopen a closed case.
ALLOWED = {
    ("draft", "interviewing"),
    ("interviewing", "draft"),
    ("interviewing", "assessed"),
    ("assessed", "interviewing"),
    ("assessed", "partner_search"),
    ("assessed", "closed"),
    ("partner_search", "assessed"),
    ("partner_search", "closed"),
    ("closed", "interviewing"),
}


def case_in(status: str) -> Case:
    case = Case(new_document("c-1", "tibs-readiness@1", T0))
    case.doc["status"] = status
    return case


def test_a_new_document_is_a_draft_with_every_map_empty() -> None:
    doc = new_document("c-1", "tibs-readiness@1", T0, broker={"name": "Ona"}, report_language="lt")
    assert doc["status"] == "draft"
    assert doc["schema"] == SCHEMA_VERSION
    assert doc["created"] == doc["updated"] == T0
    assert doc["report_language"] == "lt"
    assert doc["broker"] == {"name": "Ona"}
    assert doc["review"] == {"state": "none"}
    assert all(doc[name] == {} for name in MAPS)
    assert check_document(doc) == []


@pytest.mark.parametrize(
    ("current", "new"), [(a, b) for a in STATUSES for b in STATUSES], ids=lambda s: s
)
def test_the_workflow_allows_only_its_transitions(current: str, new: str) -> None:
    case = case_in(current)
    if (current, new) in ALLOWED:
        case.change_status(new, T1)
        assert case.status == new
        assert case.doc["updated"] == T1
    else:
        with pytest.raises(CaseError):
            case.change_status(new, T1)
        assert case.status == current
        assert case.doc["updated"] == T0


def test_a_refused_transition_says_which_way_in_words() -> None:
    with pytest.raises(CaseError) as caught:
        case_in("draft").change_status("closed", T1)
    assert caught.value.message.render() == "A case cannot go from Draft to Closed."


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(CaseError) as caught:
        case_in("draft").change_status("archived", T1)
    assert str(caught.value) == "Unknown status archived."


def test_the_broker_can_walk_a_case_from_draft_to_closed() -> None:
    case = case_in("draft")
    for status in ("interviewing", "assessed", "partner_search", "closed"):
        case.change_status(status, T1)
    assert case.status == "closed"


def test_the_first_answer_starts_the_interview() -> None:
    case = case_in("draft")
    case.set_answer("company_name", "Šaltinis UAB", T1)
    assert case.status == "interviewing"
    assert case.doc["answers"]["company_name"] == {"value": "Šaltinis UAB", "at": T1}
    assert case.doc["updated"] == T1


def test_an_answer_does_not_move_a_case_past_the_interview() -> None:
    case = case_in("assessed")
    case.set_answer("town", "Kaunas", T1)
    assert case.status == "assessed"


def test_clearing_an_answer_keeps_its_note_and_drops_it_without_one() -> None:
    case = case_in("interviewing")
    case.set_answer("town", "Tartu", T0, note="Head office moved in 2024.")
    case.set_answer("town", None, T1)
    assert case.doc["answers"]["town"] == {"value": None, "note": "Head office moved in 2024.",
                                           "at": T1}  # fmt: skip
    case.set_answer("region", "EE00", T0)
    case.set_answer("region", None, T1)
    assert "region" not in case.doc["answers"]


def test_values_hold_only_answer_values() -> None:
    case = case_in("interviewing")
    case.set_answer("headcount", 12, T0, note="Including two part-timers.")
    assert case.values() == {"headcount": 12}
    assert case.value("headcount") == 12
    assert case.value("turnover") is None


def test_entries_of_a_map_are_put_and_removed_by_key() -> None:
    case = case_in("interviewing")
    case.put("notes", "n1", {"text": "Met the CEO."}, T1)
    assert case.doc["notes"] == {"n1": {"text": "Met the CEO."}}
    case.remove("notes", "n1", T1)
    assert case.doc["notes"] == {}
    with pytest.raises(KeyError):
        case.put("attachments", "x", {}, T1)


def test_an_area_rating_takes_a_level_from_0_to_4_and_none_removes_it() -> None:
    case = case_in("interviewing")
    case.put("areas", "a1", {"name": "Boats", "ratings": {}}, T0)
    case.rate_area("a1", "demand", 4, T1)
    case.rate_area("a1", "scalability", 0, T1)
    assert case.doc["areas"]["a1"]["ratings"] == {"demand": 4, "scalability": 0}
    case.rate_area("a1", "demand", None, T1)
    assert case.doc["areas"]["a1"]["ratings"] == {"scalability": 0}


@pytest.mark.parametrize("level", [5, -1, True, 2.5, "3"])
def test_an_area_rating_outside_the_scale_is_refused(level: Any) -> None:
    case = case_in("interviewing")
    case.put("areas", "a1", {"name": "Boats", "ratings": {"demand": 2}}, T0)
    with pytest.raises(CaseError):
        case.rate_area("a1", "demand", level, T1)
    assert case.doc["areas"]["a1"]["ratings"] == {"demand": 2}


def test_rating_an_unknown_area_is_refused() -> None:
    with pytest.raises(CaseError, match="no such activity area"):
        case_in("interviewing").rate_area("nope", "demand", 2, T1)


# Upcasting


def test_upcast_fills_in_what_an_older_document_lacks_without_changing_it() -> None:
    old = {"id": "c-1", "instrument": "tibs-readiness@1", "created": T0, "updated": T0,
           "status": "draft", "answers": {"town": {"value": "Rīga"}}}  # fmt: skip
    before = copy.deepcopy(old)
    doc = upcast(old)
    assert old == before
    assert doc["schema"] == SCHEMA_VERSION
    assert all(isinstance(doc[name], dict) for name in MAPS)
    assert doc["answers"] == {"town": {"value": "Rīga"}}
    assert doc["review"] == {"state": "none"} and doc["broker"] == {}


def test_upcast_refuses_a_document_of_a_newer_schema() -> None:
    doc = new_document("c-1", "tibs-readiness@1", T0)
    doc["schema"] = SCHEMA_VERSION + 1
    with pytest.raises(CaseError) as caught:
        upcast(doc)
    assert caught.value.message.render() == (
        f"This case was written by a newer BrokerDesk (document schema {SCHEMA_VERSION + 1})."
    )


def test_upcast_refuses_a_schema_that_is_not_a_number() -> None:
    doc = new_document("c-1", "tibs-readiness@1", T0)
    doc["schema"] = "2"
    with pytest.raises(CaseError):
        upcast(doc)


# Structural checks of documents from outside


def _valid() -> dict[str, Any]:
    doc = new_document("c-1", "tibs-readiness@1", T0)
    doc["answers"]["town"] = {"value": "Vilnius", "at": T0}
    return doc


def test_a_sound_document_has_no_problems() -> None:
    assert check_document(_valid()) == []


def test_something_that_is_not_an_object_is_not_a_document() -> None:
    assert check_document(["c-1"]) == ["expected an object"]
    assert check_document(None) == ["expected an object"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"id": ""}, "id: expected a non-empty text"),
        ({"id": 12}, "id: expected a non-empty text"),
        ({"instrument": None}, "instrument: expected a non-empty text"),
        ({"updated": 5}, "updated: expected a non-empty text"),
        ({"status": "archived"}, "status: unknown status 'archived'"),
        ({"schema": "1"}, "schema: expected a whole number ≥ 1"),
        ({"schema": True}, "schema: expected a whole number ≥ 1"),
        ({"schema": 0}, "schema: expected a whole number ≥ 1"),
        ({"answers": []}, "answers: expected an object keyed by id"),
        ({"notes": {"n1": "Met the CEO."}}, "notes: every entry must be an object"),
    ],
)
def test_each_structural_problem_is_named_with_its_field(
    change: dict[str, Any], problem: str
) -> None:
    assert check_document({**_valid(), **change}) == [problem]


def test_a_missing_status_is_reported() -> None:
    doc = _valid()
    del doc["status"]
    assert check_document(doc) == [
        "status: expected a non-empty text",
        "status: unknown status None",
    ]


def test_missing_maps_are_allowed_since_upcast_adds_them() -> None:
    doc = _valid()
    for name in MAPS:
        doc.pop(name)
    assert check_document(doc) == []
