"""The instrument: the real file loads; a broken one reports each problem with its place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from brokerdesk.content import ContentError, Library, load_instrument_file
from brokerdesk.domain.instrument import REQUIRED_IDS, Instrument, InstrumentError, parse_instrument

ALPHA = "sections[1].dimensions[0]"
A1 = f"{ALPHA}.items[0] (id 'a1')"


def problems_of(data: Any) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(data)
    return caught.value.problems


def _alpha(data: dict[str, Any]) -> dict[str, Any]:
    dimension: dict[str, Any] = data["sections"][1]["dimensions"][0]
    return dimension


def _profile_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = data["sections"][0]["items"]
    return items


# The real instrument


def test_the_real_instrument_loads_with_its_key(library: Library) -> None:
    instrument = library.current
    assert instrument.key == "tibs-readiness@1"
    assert [s.kind for s in instrument.sections] == [
        "profile", "readiness", "areas", "partner", "conclusions",
    ]  # fmt: skip


def test_the_real_instrument_has_at_least_eight_dimensions_of_three_to_five_items(
    library: Library,
) -> None:
    dimensions = library.current.dimensions
    assert len(dimensions) >= 8
    for dimension in dimensions:
        assert 3 <= len(dimension.items) <= 5, dimension.id
        assert dimension.actions, dimension.id
        assert dimension.weight > 0


def test_every_scale_level_of_the_real_instrument_is_described(library: Library) -> None:
    for item in library.current.items():
        if item.kind == "scale":
            assert len(item.levels) == 5, item.id
            assert all(len(level.split()) >= 4 for level in item.levels), item.id
    for criterion in library.current.criteria:
        assert len(criterion.levels) == 5, criterion.id


def test_the_real_instrument_has_an_inverse_area_criterion_and_sensible_limits(
    library: Library,
) -> None:
    instrument = library.current
    assert any(c.inverse for c in instrument.criteria)
    assert instrument.section("areas").max_areas == 5
    assert 0 < instrument.weak_below < 100
    assert 0 < instrument.min_answered_share <= 1
    assert instrument.bands[0].minimum == 0


def test_the_real_instrument_has_every_relied_on_item_with_its_kind(library: Library) -> None:
    instrument = library.current
    for expected in REQUIRED_IDS.values():
        for item_id, kind in expected.items():
            assert instrument.item(item_id).kind == kind


def test_the_real_cooperation_types_cover_the_usual_forms(library: Library) -> None:
    choices = {c.id for c in library.current.item("cooperation_types").choices}
    assert len(choices) >= 8


def test_asking_for_an_unknown_item_names_it_and_the_instrument(library: Library) -> None:
    with pytest.raises(KeyError, match=r"nope.*tibs-readiness@1"):
        library.current.item("nope")


def test_the_small_instrument_is_valid(small: Instrument) -> None:
    assert small.key == "test-readiness@1"
    assert [d.id for d in small.dimensions] == ["alpha", "beta"]
    assert small.item("a1").required  # a scale item is required unless it says otherwise
    assert not small.item("town").required


# Broken instruments


def test_missing_levels_are_reported_with_the_item_and_the_field(
    small_data: dict[str, Any],
) -> None:
    _alpha(small_data)["items"][0]["levels"].pop()
    assert problems_of(small_data) == [f"{A1}: levels: expected 5 texts, found 4"]


def test_absent_levels_are_reported(small_data: dict[str, Any]) -> None:
    del _alpha(small_data)["items"][0]["levels"]
    assert problems_of(small_data) == [f"{A1}: levels: expected a list of 5 texts"]


def test_an_unknown_kind_is_reported_with_the_item(small_data: dict[str, Any]) -> None:
    _profile_items(small_data)[3]["kind"] = "slider"
    found = problems_of(small_data)
    assert "sections[0].items[3] (id 'town'): kind: unknown kind 'slider'" in found


def test_a_duplicate_id_is_reported(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][1]["id"] = "a1"
    assert problems_of(small_data) == ["item 'a1': id: used 2 times"]


def test_duplicate_dimension_and_criterion_ids_are_reported(small_data: dict[str, Any]) -> None:
    small_data["sections"][1]["dimensions"][1]["id"] = "alpha"
    small_data["sections"][2]["criteria"][1]["id"] = "demand"
    assert problems_of(small_data) == [
        "dimension 'alpha': id: used 2 times",
        "criterion 'demand': id: used 2 times",
    ]


def test_an_id_that_is_not_snake_case_is_reported(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][0]["id"] = "A-1"
    assert "sections[1].dimensions[0].items[0] (id 'A-1'): id: 'A-1' is not snake_case" in (
        problems_of(small_data)
    )


def test_a_condition_on_an_unknown_item_is_reported(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][2]["relevant_if"] = {
        "all": [{"item": "a1", "op": "gte", "value": 2}, {"item": "nope", "op": "answered"}]
    }
    assert problems_of(small_data) == ["item 'a3': refers to the unknown item 'nope'"]


def test_a_condition_on_the_item_itself_is_reported(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][2]["relevant_if"] = {"not": {"item": "a3", "op": "answered"}}
    assert problems_of(small_data) == ["item 'a3': refers to itself"]


def test_a_rule_comparing_with_an_unknown_item_is_reported(small_data: dict[str, Any]) -> None:
    _profile_items(small_data)[6]["rules"] = [
        {"check": "gte_item", "item": "staff", "message": "At least the staff."}
    ]
    assert problems_of(small_data) == ["item 'headcount': refers to the unknown item 'staff'"]


@pytest.mark.parametrize(
    ("condition", "problem"),
    [
        ({"item": "a1", "op": "bigger", "value": 1}, "relevant_if: unknown op 'bigger'"),
        ({"item": "a1", "op": "gt"}, "relevant_if: op 'gt' needs a value"),
        ({"item": "a1", "op": "gt", "value": "2"}, "relevant_if: op 'gt' needs a number value"),
        ({"item": "a1", "op": "in", "value": 2}, "relevant_if: op 'in' needs a list value"),
        ({"op": "answered"}, "relevant_if: needs 'item' (or all/any/not)"),
        ({"all": []}, "relevant_if.all: expected a non-empty list"),
        ({"any": "a1"}, "relevant_if.any: expected a non-empty list"),
        (["a1"], "relevant_if: expected an object"),
        ({"not": "a1"}, "relevant_if: expected an object"),
    ],
)
def test_a_malformed_condition_is_reported_not_raised(
    small_data: dict[str, Any], condition: Any, problem: str
) -> None:
    _alpha(small_data)["items"][3]["relevant_if"] = condition
    assert problems_of(small_data) == [f"{ALPHA}.items[3] (id 'a4'): {problem}"]


def test_a_bad_pattern_is_reported_with_its_rule(small_data: dict[str, Any]) -> None:
    _profile_items(small_data)[3]["rules"] = [
        {"check": "pattern", "value": "[A-Z", "message": "Capitals only."}
    ]
    (problem,) = problems_of(small_data)
    assert problem.startswith(
        "sections[0].items[3] (id 'town').rules[0]: pattern: not a regular expression"
    )


def test_an_unknown_rule_and_a_rule_without_its_value_are_reported(
    small_data: dict[str, Any],
) -> None:
    _profile_items(small_data)[3]["rules"] = [
        {"check": "spelling", "message": "Spell it right."},
        {"check": "max_length", "value": "ten", "message": "Too long."},
        {"check": "min_length", "value": 2},
    ]
    where = "sections[0].items[3] (id 'town')"
    assert problems_of(small_data) == [
        f"{where}.rules[0]: check: unknown check 'spelling'",
        f"{where}.rules[1]: max_length: needs a whole number 'value'",
        f"{where}.rules[2]: message: missing",
    ]


def test_missing_relied_on_ids_are_each_reported(small_data: dict[str, Any]) -> None:
    small_data["sections"][0]["items"] = [
        i for i in _profile_items(small_data) if i["id"] not in ("turnover", "balance_sheet")
    ]
    assert problems_of(small_data) == [
        "section 'profile': missing the item 'turnover'",
        "section 'profile': missing the item 'balance_sheet'",
    ]


def test_a_relied_on_id_of_the_wrong_kind_is_reported(small_data: dict[str, Any]) -> None:
    _profile_items(small_data)[6]["kind"] = "text"
    assert problems_of(small_data) == ["item 'headcount': kind: expected 'number', found 'text'"]


def test_a_missing_section_is_reported(small_data: dict[str, Any]) -> None:
    del small_data["sections"][4]
    found = problems_of(small_data)
    assert "sections: no section of kind 'conclusions'" in found
    assert "section 'conclusions': missing the item 'follow_up'" in found


def test_a_dimension_may_hold_only_scale_items(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][0] = {"id": "a1", "kind": "text", "text": "Tell us."}
    assert problems_of(small_data) == [f"{A1}: kind: dimensions hold scale items"]


def test_bands_must_start_at_zero_and_ascend(small_data: dict[str, Any]) -> None:
    small_data["bands"][0]["min"] = 10
    small_data["bands"][2]["min"] = 40
    assert problems_of(small_data) == [
        "bands[0]: min: the first band must start at 0",
        "bands: expected strictly ascending 'min' values",
    ]


def test_top_level_figures_are_checked(small_data: dict[str, Any]) -> None:
    small_data["version"] = 0
    small_data["min_answered_share"] = 1.5
    small_data["weak_below"] = "half"
    assert problems_of(small_data) == [
        "top level: version: expected a whole number ≥ 1, found 0",
        "top level: weak_below: expected a number, found 'half'",
        "top level: min_answered_share: 1.5 is out of range 0..1",
    ]


def test_every_problem_is_reported_at_once(small_data: dict[str, Any]) -> None:
    _alpha(small_data)["items"][0]["levels"].pop()
    _alpha(small_data)["items"][1]["id"] = "a3"
    _profile_items(small_data)[3]["kind"] = "slider"
    _alpha(small_data)["items"][3]["relevant_if"] = {"item": "ghost", "op": "answered"}
    found = problems_of(small_data)
    assert found == [
        "sections[0].items[3] (id 'town'): kind: unknown kind 'slider'",
        f"{A1}: levels: expected 5 texts, found 4",
        "item 'a3': id: used 2 times",
        # An item of an unknown kind is left out, so the relied-on "town" is missing too.
        "section 'profile': missing the item 'town'",
        "item 'a4': refers to the unknown item 'ghost'",
    ]
    assert str(InstrumentError(found)).count("\n- ") == 5


def test_data_that_is_not_an_object_is_refused() -> None:
    assert problems_of([]) == ["top level: expected an object"]


def test_a_broken_instrument_file_names_the_file_and_each_place(
    tmp_path: Path, small_data: dict[str, Any]
) -> None:
    _alpha(small_data)["items"][0]["levels"] = ["Only one."]
    path = tmp_path / "test-readiness-1.json"
    path.write_text(json.dumps(small_data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_instrument_file(path)
    assert str(path) in str(caught.value)
    assert f"{A1}: levels: expected 5 texts, found 1" in str(caught.value)


def test_an_instrument_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x-1.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ContentError, match=r"x-1\.json: not valid JSON"):
        load_instrument_file(path)
