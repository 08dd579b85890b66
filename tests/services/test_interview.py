"""Interview services against a real case file: positions, item notes, notes, suggestions."""

from __future__ import annotations

import pytest

from brokerdesk.content import Library
from brokerdesk.domain.case import CaseError
from brokerdesk.services import cases, interview
from brokerdesk.services.casefiles import Desk


def _case(desk: Desk, library: Library, **answers: object) -> str:
    case_id = cases.create_case(desk.uow, library, company="Łąka S.A.", country="PL").case.id
    for item_id, value in answers.items():
        cases.answer_item(desk.uow, library, case_id, item_id, value)
    return case_id


def _stored(desk: Desk, case_id: str) -> tuple[str, bool]:
    with desk.uow as uow:
        stored = uow.cases.get(case_id)
    assert stored is not None
    return str(stored.doc["updated"]), stored.dirty


def test_the_interview_position_is_remembered_without_changing_the_case(
    desk: Desk, library: Library
) -> None:
    case_id = _case(desk, library)
    assert interview.resume_position(desk.uow, case_id) is None
    before = _stored(desk, case_id)
    interview.remember_position(desk.uow, case_id, "netw_events")
    assert interview.resume_position(desk.uow, case_id) == "netw_events"
    assert _stored(desk, case_id) == before


def test_only_the_most_recent_positions_are_kept(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(interview, "MAX_POSITIONS", 3)
    for n in range(5):
        interview.remember_position(desk.uow, f"case-{n}", "mgmt_budget", now=f"2026-01-0{n + 1}")
    kept = [interview.resume_position(desk.uow, f"case-{n}") for n in range(5)]
    assert kept == [None, None, "mgmt_budget", "mgmt_budget", "mgmt_budget"]


def test_a_note_on_an_item_keeps_its_answer_even_when_a_rule_now_breaks(
    desk: Desk, library: Library
) -> None:
    case_id = _case(desk, library, headcount=10, export_staff=8)
    cases.answer_item(desk.uow, library, case_id, "headcount", 5)  # export_staff now too high
    saved = interview.note_item(desk.uow, library, case_id, "export_staff", " Two part-time. ")
    entry = saved.case.doc["answers"]["export_staff"]
    assert entry["value"] == 8
    assert entry["note"] == "Two part-time."
    with pytest.raises(CaseError):
        interview.note_item(desk.uow, library, case_id, "no_such_item", "x")


def test_a_note_is_signed_with_the_broker_of_the_file(desk: Desk, library: Library) -> None:
    case_id = _case(desk, library)
    key, saved = interview.add_note(desk.uow, library, case_id, "  Visited the plant.  ")
    note = saved.case.doc["notes"][key]
    assert (note["text"], note["author"]) == ("Visited the plant.", "Test Broker")
    with pytest.raises(CaseError):
        interview.add_note(desk.uow, library, case_id, "   ")


WEAK = {"intl_sales": 0, "intl_entry_modes": 1, "intl_operations": 1}  # 16.7: weak


def test_an_accepted_suggestion_keeps_the_instrument_text_unless_it_was_edited(
    desk: Desk, library: Library
) -> None:
    case_id = _case(desk, library, **WEAK)
    suggestions = cases.score(desk.uow, library, case_id).result.suggestions
    first, second = suggestions[0].action, suggestions[1].action
    key1, _saved = interview.accept_suggestion(desk.uow, library, case_id, first.id)
    key2, saved = interview.accept_suggestion(
        desk.uow, library, case_id, second.id, text="Join the Hanseatic trade mission", owner="CEO"
    )
    actions = saved.case.doc["actions"]
    assert (actions[key1]["text"], actions[key1]["edited"]) == (first.label, False)
    assert (actions[key2]["text"], actions[key2]["owner"]) == (
        "Join the Hanseatic trade mission",
        "CEO",
    )
    assert interview.suggestion_states(saved.case.doc) == {
        first.id: "accepted",
        second.id: "accepted",
    }
    with pytest.raises(CaseError):
        interview.accept_suggestion(desk.uow, library, case_id, "no_such_action")


def test_a_dropped_suggestion_can_be_suggested_again(desk: Desk, library: Library) -> None:
    case_id = _case(desk, library, **WEAK)
    action_ids = [s.action.id for s in cases.score(desk.uow, library, case_id).result.suggestions]
    interview.accept_suggestion(desk.uow, library, case_id, action_ids[0])
    saved = interview.drop_suggestion(desk.uow, library, case_id, action_ids[1])
    assert interview.suggestion_states(saved.case.doc)[action_ids[1]] == "dropped"
    saved = interview.restore_suggestions(desk.uow, library, case_id)
    assert interview.suggestion_states(saved.case.doc) == {action_ids[0]: "accepted"}
