"""The report's texts gathered from a case: formatting in the report language, actions, notes."""

from __future__ import annotations

import pytest

from brokerdesk.content import Library
from brokerdesk.domain.case import Case, new_document
from brokerdesk.domain.scoring import score_case
from brokerdesk.i18n import catalog
from brokerdesk.reports.model import MAX_SUGGESTED_ACTIONS, assemble, money, short_reference
from tests.reports.conftest import TODAY


def _case(library: Library, answers: dict[str, object]) -> Case:
    case = Case(
        new_document(
            "0f3c9a12-aaaa-4bbb-8ccc-123456789abc",
            library.current.key,
            "2026-11-01T09:00Z",
            broker={"name": "Līga Kalniņa", "email": "liga@example.lv"},
        )
    )
    for item_id, value in answers.items():
        case.set_answer(item_id, value, "2026-11-01T09:00Z")
    return case


def _assemble(library: Library, case: Case, language: str = "en"):  # type: ignore[no-untyped-def]
    instrument = library.instrument(case.instrument_key)
    return assemble(
        case, score_case(instrument, case), instrument, library, catalog(language), TODAY
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€2,500,000"), ("de", "2.500.000 €"), ("pl", "2 500 000 €"), ("lv", "2 500 000 €")],
)
def test_money_is_shown_in_whole_euros_as_the_report_language_writes_them(
    language: str, expected: str
) -> None:
    assert money(catalog(language), 2_500_000.4).replace("\xa0", " ") == expected


def test_the_case_reference_is_the_start_of_the_id_in_capitals() -> None:
    assert short_reference("0f3c9a12-aaaa-4bbb") == "0F3C9A12"


def test_weak_dimensions_suggest_one_action_each_weakest_first_up_to_a_limit(
    library: Library,
) -> None:
    answers: dict[str, object] = {}
    for n, dimension in enumerate(library.current.dimensions):
        for item in dimension.items:
            answers[item.id] = 0 if n < 7 else 4
    model = _assemble(library, _case(library, answers))
    assert model.actions_suggested
    assert len(model.actions) == MAX_SUGGESTED_ACTIONS
    contexts = [a.context for a in model.actions]
    assert len(set(contexts)) == len(contexts)  # one per weak dimension before any second


def test_the_broker_s_agreed_actions_replace_the_suggestions(library: Library) -> None:
    case = _case(library, {library.current.dimensions[0].items[0].id: 0})
    case.put(
        "actions", "a2", {"text": "Visit Riga Food 2027", "due": "2027-09-04", "position": 2}, "x"
    )
    case.put(
        "actions", "a1", {"action": library.current.dimensions[0].actions[0].id, "position": 1}, "x"
    )
    model = _assemble(library, case, "lv")
    assert not model.actions_suggested
    assert [a.text for a in model.actions] == [
        catalog("lv").gettext(library.current.dimensions[0].actions[0].label),  # in Latvian
        "Visit Riga Food 2027",  # the broker's own words stay as written
    ]
    assert catalog("lv").date("2027-09-04", "long") in model.actions[1].context


def test_private_notes_stay_out_of_the_report(library: Library) -> None:
    case = _case(library, {})
    case.put("notes", "n1", {"text": "For the client", "at": "2026-11-02T10:00Z"}, "x")
    case.put("notes", "n2", {"text": "Internal only", "private": True}, "x")
    assert [n.text for n in _assemble(library, case).notes] == ["For the client"]


def test_profile_partner_and_contact_are_formatted_in_the_report_language(
    library: Library,
) -> None:
    case = _case(
        library,
        {
            "company_name": "SIA „Ābele“",
            "country": "LV",
            "town": "Cēsis",
            "nace": "10",
            "headcount": 12,
            "turnover": 1_800_000,
            "balance_sheet": 900_000,
            "export_share": 35,
            "foreign_markets": ["EE", "LT"],
            "languages": ["lv", "en"],
            "cooperation_types": ["commercial_agency"],
            "direction": "offer",
            "target_countries": ["DE"],
            "follow_up": "2027-01-15",
        },
    )
    cat = catalog("de")
    model = _assemble(library, case, "de")
    values = {f.label: f.value for f in model.profile}
    _ = cat.gettext  # labels and values in German, from the German catalog
    assert values[_("Countries where the company sells")] == "Estland, Litauen"
    assert values[_("Languages in which staff can do business")] == "Lettisch, Englisch"
    assert values[_("EU SME category")] == _("Small enterprise") != "Small enterprise"
    assert model.place == "Cēsis, Lettland"
    partner = {f.label: f.value for f in model.partner}
    assert partner[_("Countries of the partner sought")] == "Deutschland"
    assert partner[_("Types of cooperation")] == _("Commercial agency or distribution")
    assert model.follow_up == cat.date("2027-01-15", "long")
    assert {f.value for f in model.broker_contact} >= {"Līga Kalniņa", "liga@example.lv"}


def test_an_accepted_suggestion_shows_in_the_report_language_unless_the_broker_edited_it(
    library: Library,
) -> None:
    dimension = library.current.dimensions[2]
    first, second = dimension.actions[0], dimension.actions[1]
    case = _case(library, {})
    accepted = {"owner": "Ilze", "due": "2027-03-01", "done": False, "created": "2026-11-02"}
    unedited = {**accepted, "text": first.label, "suggestion": first.id, "edited": False}
    edited = {**accepted, "text": "Our own words", "suggestion": second.id, "edited": True}
    case.put("actions", "a", unedited, "x")
    case.put("actions", "b", {**edited, "done": True, "created": "2026-11-01"}, "x")
    model = _assemble(library, case, "qps")
    texts = [a.text for a in model.actions]
    assert texts[0].startswith("⟦") and texts[0] != first.label  # translated at display time
    assert texts[1] == "Our own words"  # done actions come last, as the broker wrote them
    assert "Ilze" in model.actions[0].context and "⟦" in model.actions[0].context


def test_suggestions_the_broker_dropped_are_not_recommended(library: Library) -> None:
    answers = {item.id: 0 for item in library.current.dimensions[0].items}
    case = _case(library, answers)
    dropped = library.current.dimensions[0].actions[0]
    case.doc["suggestions"] = {dropped.id: {"state": "dropped", "at": "2026-11-02"}}
    model = _assemble(library, case)
    assert model.actions_suggested
    assert dropped.label not in [a.text for a in model.actions]
    assert len(model.actions) == len(library.current.dimensions[0].actions) - 1
