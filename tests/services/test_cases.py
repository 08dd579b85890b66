"""Case services over a real case file: create, answer, entries, areas, status, list, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from brokerdesk.content import Library
from brokerdesk.domain.case import CaseError
from brokerdesk.services import cases
from brokerdesk.services.casefiles import Desk, open_case_file
from brokerdesk.store.reading import CaseQuery

TODAY = dt.date(2026, 5, 14)


def _stored(desk: Desk, case_id: str) -> dict[str, Any]:
    with desk.uow as uow:
        stored = uow.cases.get(case_id)
    assert stored is not None
    return stored.doc


def _new(desk: Desk, library: Library, company: str = "Kłos Sp. z o.o.", **kw: Any) -> str:
    return cases.create_case(desk.uow, library, company=company, **kw).case.id


# Creating and answering


def test_a_new_case_is_a_draft_on_the_current_instrument_owned_by_the_broker(
    desk: Desk, library: Library
) -> None:
    saved = cases.create_case(desk.uow, library, company="Kłos Sp. z o.o.", country="PL")
    doc = _stored(desk, saved.case.id)
    assert doc["status"] == "draft"
    assert doc["instrument"] == library.current.key
    assert doc["broker"] == {"name": "Test Broker", "country": "PL"}
    assert doc["answers"]["company_name"]["value"] == "Kłos Sp. z o.o."
    (row,) = cases.list_cases(desk.uow)
    assert (row.id, row.company, row.country, row.status) == (
        saved.case.id, "Kłos Sp. z o.o.", "PL", "draft",
    )  # fmt: skip
    assert row.readiness is None and row.completeness == saved.result.completeness


def test_a_new_case_takes_the_report_language_from_the_settings_or_the_caller(
    desk: Desk, library: Library
) -> None:
    assert cases.create_case(desk.uow, library).case.report_language == "en"
    assert cases.create_case(desk.uow, library, report_language="fi").case.report_language == "fi"


def test_an_answer_is_saved_and_survives_reopening_the_file(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    cases.answer_item(desk.uow, library, case_id, "headcount", 42, note="Two part-timers.")
    path = desk.path
    desk.close()
    reopened = open_case_file(path, backup=False)
    try:
        case = cases.get_case(reopened.uow, case_id)
        assert case.value("headcount") == 42
        assert case.doc["answers"]["headcount"]["note"] == "Two part-timers."
        assert case.status == "interviewing"
    finally:
        reopened.close()


def test_an_invalid_answer_is_refused_and_nothing_is_saved(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    cases.answer_item(desk.uow, library, case_id, "mgmt_commitment", 2)
    before = _stored(desk, case_id)
    with pytest.raises(cases.InvalidAnswer) as caught:
        cases.answer_item(desk.uow, library, case_id, "mgmt_commitment", 7)
    assert str(caught.value) == "Choose a level from 0 to 4."
    assert _stored(desk, case_id) == before


def test_an_answer_breaking_a_rule_is_refused_with_the_rule_message(
    desk: Desk, library: Library
) -> None:
    case_id = _new(desk, library)
    cases.answer_item(desk.uow, library, case_id, "headcount", 10)
    with pytest.raises(cases.InvalidAnswer, match="cannot be higher than the number of staff"):
        cases.answer_item(desk.uow, library, case_id, "export_staff", 11)
    with pytest.raises(cases.InvalidAnswer, match="cannot be in the past"):
        cases.answer_item(desk.uow, library, case_id, "follow_up", "2026-05-13", today=TODAY)
    cases.answer_item(desk.uow, library, case_id, "follow_up", "2026-05-14", today=TODAY)
    assert "export_staff" not in _stored(desk, case_id)["answers"]


def test_clearing_an_answer_is_always_allowed_even_for_a_required_item(
    desk: Desk, library: Library
) -> None:
    case_id = _new(desk, library)
    cases.answer_item(desk.uow, library, case_id, "mgmt_commitment", 3)
    cases.answer_item(desk.uow, library, case_id, "mgmt_commitment", None)
    assert "mgmt_commitment" not in _stored(desk, case_id)["answers"]


def test_answering_updates_the_listing_scores(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    for item in library.current.dimensions[0].items:
        saved = cases.answer_item(desk.uow, library, case_id, item.id, 4)
    (row,) = cases.list_cases(desk.uow)
    assert row.readiness == saved.result.readiness == 100.0
    assert row.band == "advanced"
    assert row.completeness == saved.result.completeness > 0


def test_answering_an_unknown_case_is_not_found(desk: Desk, library: Library) -> None:
    with pytest.raises(cases.NotFound) as caught:
        cases.answer_item(desk.uow, library, "no-such-case", "headcount", 1)
    assert str(caught.value.message) == "There is no case no-such-case."


# Entries of the case's maps


def test_notes_and_contacts_are_put_replaced_and_removed(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    note_id, _ = cases.put_entry(desk.uow, library, case_id, "notes", {"text": "Met the CEO."})
    cases.put_entry(
        desk.uow, library, case_id, "contacts",
        {"name": "Jürgen Weiß", "consent": {"given": True}}, key="c1",
    )  # fmt: skip
    cases.put_entry(desk.uow, library, case_id, "contacts", {"role": "CEO"}, key="c1")
    doc = _stored(desk, case_id)
    assert doc["notes"][note_id]["text"] == "Met the CEO."
    assert "created" in doc["notes"][note_id]
    # A second put on the same key merges into the entry.
    assert doc["contacts"]["c1"]["name"] == "Jürgen Weiß"
    assert doc["contacts"]["c1"]["role"] == "CEO"
    cases.remove_entry(desk.uow, library, case_id, "notes", note_id)
    assert _stored(desk, case_id)["notes"] == {}


def test_a_note_can_be_found_by_search(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    _new(desk, library, company="Other Oy")
    cases.put_entry(desk.uow, library, case_id, "notes", {"text": "Spawalnia w Suwałkach"})
    assert [r.id for r in cases.list_cases(desk.uow, CaseQuery(search="suwałk"))] == [case_id]


def test_areas_are_rated_and_scored(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    area_id, _ = cases.put_entry(
        desk.uow, library, case_id, "areas", {"name": "Welding robots", "kind": "product"}
    )
    for criterion in library.current.criteria:
        level = 0 if criterion.inverse else 4
        saved = cases.rate_area(desk.uow, library, case_id, area_id, criterion.id, level)
    area = _stored(desk, case_id)["areas"][area_id]
    assert area["position"] == 0
    assert len(area["ratings"]) == len(library.current.criteria)
    assert saved.result.top_area is not None
    assert (saved.result.top_area.name, saved.result.top_area.potential) == (
        "Welding robots", 100.0,
    )  # fmt: skip


def test_a_rating_for_an_unknown_criterion_or_out_of_scale_is_refused_and_not_saved(
    desk: Desk, library: Library
) -> None:
    case_id = _new(desk, library)
    area_id, _ = cases.put_entry(desk.uow, library, case_id, "areas", {"name": "Saunas"})
    before = _stored(desk, case_id)
    with pytest.raises(CaseError, match="no such criterion"):
        cases.rate_area(desk.uow, library, case_id, area_id, "beauty", 3)
    with pytest.raises(CaseError, match="from 0 to 4"):
        cases.rate_area(desk.uow, library, case_id, area_id, "uniqueness", 5)
    with pytest.raises(CaseError, match="no such activity area"):
        cases.rate_area(desk.uow, library, case_id, "nope", "uniqueness", 2)
    assert _stored(desk, case_id) == before


def test_a_case_holds_at_most_five_areas(desk: Desk, library: Library) -> None:
    case_id = _new(desk, library)
    for n in range(5):
        cases.put_entry(desk.uow, library, case_id, "areas", {"name": f"Area {n}"}, key=f"a{n}")
    with pytest.raises(CaseError) as caught:
        cases.put_entry(desk.uow, library, case_id, "areas", {"name": "One too many"})
    assert str(caught.value) == "A case holds at most 5 activity areas."
    # Changing one of the five is still allowed.
    cases.put_entry(desk.uow, library, case_id, "areas", {"name": "Renamed"}, key="a2")
    areas = _stored(desk, case_id)["areas"]
    assert len(areas) == 5
    assert areas["a2"]["name"] == "Renamed"
    assert [areas[f"a{n}"]["position"] for n in range(5)] == [0, 1, 2, 3, 4]


# Status


def test_the_status_follows_the_workflow_and_a_refused_change_saves_nothing(
    desk: Desk, library: Library
) -> None:
    case_id = _new(desk, library)
    cases.change_status(desk.uow, library, case_id, "interviewing")
    cases.change_status(desk.uow, library, case_id, "assessed")
    with pytest.raises(CaseError, match="cannot go from Assessed to Draft"):
        cases.change_status(desk.uow, library, case_id, "draft")
    assert _stored(desk, case_id)["status"] == "assessed"
    (row,) = cases.list_cases(desk.uow)
    assert row.status == "assessed"


# Listing, search, filters


@pytest.fixture
def three(desk: Desk, library: Library) -> dict[str, str]:
    """Three cases in two countries, one of them assessed."""
    ids = {
        "pl": _new(desk, library, "Żuraw Sp. z o.o.", country="PL", now="2026-01-01T00:00:00Z"),
        "de": _new(desk, library, "Möwe Technik GmbH", country="DE", now="2026-01-02T00:00:00Z"),
        "pl2": _new(desk, library, "Łąka S.A.", country="PL", now="2026-01-03T00:00:00Z"),
    }
    cases.change_status(desk.uow, library, ids["de"], "interviewing", now="2026-01-04T00:00:00Z")
    cases.answer_item(
        desk.uow, library, ids["pl2"], "keywords", "robotic welding, steel",
        now="2026-01-05T00:00:00Z",
    )  # fmt: skip
    return ids


def test_cases_are_listed_newest_change_first_by_default(desk: Desk, three: dict[str, str]) -> None:
    assert [r.id for r in cases.list_cases(desk.uow)] == [three["pl2"], three["de"], three["pl"]]


def test_cases_can_be_sorted_by_company(desk: Desk, three: dict[str, str]) -> None:
    rows = cases.list_cases(desk.uow, CaseQuery(order_by="company", descending=False))
    assert rows[0].company == "Möwe Technik GmbH"


def test_search_finds_company_names_by_word_prefix_and_case(
    desk: Desk, three: dict[str, str]
) -> None:
    def found(text: str) -> list[str]:
        return [r.id for r in cases.list_cases(desk.uow, CaseQuery(search=text))]

    assert found("möwe") == [three["de"]]
    assert found("MÖW") == [three["de"]]
    assert found("żuraw") == [three["pl"]]
    assert found("weld") == [three["pl2"]]
    assert found("robotic steel") == [three["pl2"]]
    assert found("robotic copper") == []
    assert found('"; DROP TABLE cases; --') == []


def test_cases_are_filtered_by_status_and_country(desk: Desk, three: dict[str, str]) -> None:
    by_country = cases.list_cases(desk.uow, CaseQuery(countries=("PL",)))
    assert {r.id for r in by_country} == {three["pl"], three["pl2"]}
    interviewing = cases.list_cases(desk.uow, CaseQuery(statuses=("interviewing",)))
    assert {r.id for r in interviewing} == {three["de"], three["pl2"]}
    both = CaseQuery(statuses=("interviewing",), countries=("PL",))
    assert [r.id for r in cases.list_cases(desk.uow, both)] == [three["pl2"]]
    assert cases.count_cases(desk.uow, both) == 1


def test_a_page_of_the_list_is_taken_with_limit_and_offset(
    desk: Desk, three: dict[str, str]
) -> None:
    page = cases.list_cases(desk.uow, CaseQuery(limit=2, offset=1))
    assert [r.id for r in page] == [three["de"], three["pl"]]


# Delete, restore, resolve


def test_a_deleted_case_disappears_and_can_be_restored(desk: Desk, three: dict[str, str]) -> None:
    cases.delete_case(desk.uow, three["de"])
    assert three["de"] not in [r.id for r in cases.list_cases(desk.uow)]
    assert cases.count_cases(desk.uow) == 2
    with pytest.raises(cases.NotFound):
        cases.get_case(desk.uow, three["de"])
    with_deleted = cases.list_cases(desk.uow, CaseQuery(include_deleted=True))
    assert three["de"] in [r.id for r in with_deleted]
    cases.restore_case(desk.uow, three["de"])
    assert cases.get_case(desk.uow, three["de"]).company_name == "Möwe Technik GmbH"
    assert cases.count_cases(desk.uow) == 3


def test_deleting_or_restoring_an_unknown_case_is_not_found(desk: Desk) -> None:
    with pytest.raises(cases.NotFound):
        cases.delete_case(desk.uow, "nope")
    with pytest.raises(cases.NotFound):
        cases.restore_case(desk.uow, "nope")


def test_a_case_is_resolved_by_a_unique_prefix_of_its_id(desk: Desk, library: Library) -> None:
    first = _new(desk, library, case_id="4f3a1c00-0000-4000-8000-000000000001")
    second = _new(desk, library, case_id="4f3b9e00-0000-4000-8000-000000000002")
    assert cases.resolve_case(desk.uow, "4f3a") == first
    assert cases.resolve_case(desk.uow, "4f3b") == second
    assert cases.resolve_case(desk.uow, first) == first
    with pytest.raises(cases.NotFound):
        cases.resolve_case(desk.uow, "4f3")  # two cases start so
    with pytest.raises(cases.NotFound):
        cases.resolve_case(desk.uow, "9")
    with pytest.raises(cases.NotFound):
        cases.resolve_case(desk.uow, "4f3_")  # "_" is not a wildcard
    with pytest.raises(cases.NotFound):
        cases.resolve_case(desk.uow, "%")
