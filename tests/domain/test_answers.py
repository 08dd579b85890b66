"""Answers: relevance conditions, the shape each item kind takes, and validation rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from brokerdesk.domain.answers import condition_holds, is_answered, validate
from brokerdesk.domain.instrument import Choice, Item, Rule

TODAY = dt.date(2026, 5, 14)


def item(kind: str, **fields: Any) -> Item:
    return Item(id="q", kind=kind, text="Question", section="s", **fields)


def problems(it: Item, value: Any, answers: dict[str, Any] | None = None, **kw: Any) -> list[str]:
    return [str(m) for m in validate(it, value, answers or {}, **kw)]


# Relevance conditions


def test_no_condition_means_always_relevant() -> None:
    assert condition_holds(None, {})
    assert condition_holds({}, {})


@pytest.mark.parametrize(
    ("op", "value", "answer", "holds"),
    [
        ("equals", "yes", "yes", True),
        ("equals", "yes", "no", False),
        ("not_equals", "yes", "no", True),
        ("not_equals", "yes", "yes", False),
        ("in", ["partner", "linked"], "linked", True),
        ("in", ["partner", "linked"], "autonomous", False),
        ("not_in", ["partner", "linked"], "autonomous", True),
        ("not_in", ["partner", "linked"], "partner", False),
        ("contains", "DE", ["PL", "DE"], True),
        ("contains", "DE", ["PL"], False),
        ("gt", 10, 11, True),
        ("gt", 10, 10, False),
        ("gte", 10, 10, True),
        ("gte", 10, 9.99, False),
        ("lt", 10, 9, True),
        ("lt", 10, 10, False),
        ("lte", 10, 10, True),
        ("lte", 10, 10.5, False),
    ],
)
def test_a_simple_condition_compares_the_answer(
    op: str, value: Any, answer: Any, holds: bool
) -> None:
    assert condition_holds({"item": "x", "op": op, "value": value}, {"x": answer}) is holds


@pytest.mark.parametrize("op", ["equals", "not_equals", "in", "not_in", "contains", "gt", "lte"])
def test_a_condition_on_an_unanswered_item_does_not_hold(op: str) -> None:
    value: Any = ["a"] if op in ("in", "not_in") else 1
    condition = {"item": "x", "op": op, "value": value}
    assert not condition_holds(condition, {})
    assert not condition_holds(condition, {"x": None})
    assert not condition_holds(condition, {"x": ""})
    assert not condition_holds(condition, {"x": []})


def test_not_around_a_condition_on_an_unanswered_item_holds() -> None:
    condition = {"not": {"item": "x", "op": "equals", "value": "yes"}}
    assert condition_holds(condition, {})
    assert not condition_holds(condition, {"x": "yes"})


def test_answered_holds_for_any_real_answer_including_zero_and_not_applicable() -> None:
    condition = {"item": "x", "op": "answered"}
    for answer in (0, "na", "text", ["PL"], 0.0, False):
        assert condition_holds(condition, {"x": answer}), answer
    blanks: tuple[Any, ...] = (None, "", "   ", [])
    for blank in blanks:
        assert not condition_holds(condition, {"x": blank}), blank


def test_comparisons_do_not_hold_for_answers_that_are_not_numbers() -> None:
    for answer in ("12", ["12"], True):
        assert not condition_holds({"item": "x", "op": "gt", "value": 1}, {"x": answer})


def test_contains_does_not_hold_for_an_answer_that_is_not_a_list() -> None:
    assert not condition_holds({"item": "x", "op": "contains", "value": "DE"}, {"x": "DE"})


def test_all_needs_every_part_and_any_needs_one() -> None:
    exporter = {"item": "sells", "op": "equals", "value": "yes"}
    big = {"item": "share", "op": "gte", "value": 50}
    both = {"all": [exporter, big]}
    either = {"any": [exporter, big]}
    assert condition_holds(both, {"sells": "yes", "share": 50})
    assert not condition_holds(both, {"sells": "yes", "share": 49})
    assert not condition_holds(both, {"sells": "yes"})
    assert condition_holds(either, {"sells": "yes"})
    assert condition_holds(either, {"share": 80})
    assert not condition_holds(either, {"sells": "no", "share": 10})


def test_conditions_nest() -> None:
    condition = {
        "all": [
            {"item": "sells", "op": "equals", "value": "yes"},
            {"not": {"any": [{"item": "m", "op": "contains", "value": "DE"}]}},
        ]
    }
    assert condition_holds(condition, {"sells": "yes", "m": ["PL"]})
    assert condition_holds(condition, {"sells": "yes"})
    assert not condition_holds(condition, {"sells": "yes", "m": ["DE"]})
    assert not condition_holds(condition, {"m": ["PL"]})


def test_is_answered_tells_blank_from_a_real_answer() -> None:
    assert [is_answered(v) for v in (None, "", " \n", [], 0, "na", ["x"], False)] == [
        False, False, False, False, True, True, True, True,
    ]  # fmt: skip


# Required and unanswered


def test_an_unanswered_required_item_is_reported() -> None:
    assert problems(item("text", required=True), None) == ["An answer is required."]
    assert problems(item("text", required=True), "  ") == ["An answer is required."]
    assert problems(item("multi", required=True), []) == ["An answer is required."]


def test_an_unanswered_optional_item_is_fine() -> None:
    assert problems(item("number"), None) == []
    assert problems(item("text"), "") == []


# Shapes per kind


@pytest.mark.parametrize("value", [0, 1, 4, "na"])
def test_a_scale_takes_a_level_from_0_to_4_or_not_applicable(value: Any) -> None:
    assert problems(item("scale"), value) == []


@pytest.mark.parametrize("value", [-1, 5, 2.0, 2.5, "2", True, ["1"]])
def test_a_scale_refuses_anything_else(value: Any) -> None:
    assert problems(item("scale"), value) == ["Choose a level from 0 to 4."]


def test_a_scale_without_not_applicable_refuses_it() -> None:
    assert problems(item("scale", allow_na=False), "na") == [
        "This item cannot be marked not applicable."
    ]


def test_a_number_is_checked_for_type_range_and_wholeness() -> None:
    number = item("number", minimum=0, maximum=100, integer=True)
    assert problems(number, 0) == []
    assert problems(number, 100) == []
    assert problems(number, 100.0) == []
    assert problems(number, -1) == ["The value must be at least 0."]
    assert problems(number, 101) == ["The value must be at most 100."]
    assert problems(number, 2.5) == ["Enter a whole number."]
    assert problems(number, "12") == ["Enter a number."]
    assert problems(number, True) == ["Enter a number."]


def test_a_number_without_limits_takes_any_number() -> None:
    assert problems(item("number"), -1e12) == []
    assert problems(item("number"), 3.25) == []


def test_single_choice_takes_one_of_its_choices() -> None:
    single = item("single", choices=(Choice("yes", "Yes"), Choice("no", "No")))
    assert problems(single, "yes") == []
    assert problems(single, "maybe") == ["Choose from the list."]
    assert problems(single, ["yes"]) == ["Enter a text."]


def test_multiple_choice_takes_distinct_choices_from_its_list() -> None:
    multi = item("multi", choices=(Choice("a", "A"), Choice("b", "B")))
    assert problems(multi, ["a", "b"]) == []
    assert problems(multi, ["a", "c"]) == ["Choose from the list."]
    assert problems(multi, ["a", "a"]) == ["Each choice may appear only once."]
    assert problems(multi, "a") == ["Choose from the list."]
    assert problems(multi, [1]) == ["Choose from the list."]


def test_countries_and_a_country_are_two_letter_codes() -> None:
    assert problems(item("country"), "PL") == []
    assert problems(item("country"), "pl") == ["Choose a country from the list."]
    assert problems(item("country"), "POL") == ["Choose a country from the list."]
    assert problems(item("countries"), ["DE", "LT"]) == []
    assert problems(item("countries"), ["DE", "Lithuania"]) == ["Choose from the list."]
    assert problems(item("countries"), ["DE", "DE"]) == ["Each choice may appear only once."]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("country", "PL\n"),
        ("region", "PL21\n"),
        ("nace", "25\n"),
        ("nace", "C\n"),
        ("date", "2026-02-28\n"),
        ("countries", ["PL\n"]),
        ("languages", ["pl\n"]),
    ],
)
def test_a_code_with_a_trailing_newline_is_refused(kind: str, value: Any) -> None:
    assert problems(item(kind), value) != []


def test_languages_are_language_codes() -> None:
    assert problems(item("languages"), ["pl", "en", "fil"]) == []
    assert problems(item("languages"), ["Polish"]) == ["Choose from the list."]


@pytest.mark.parametrize("code", ["PL21", "FI1B", "DEA1", "EE00", "LV00"])
def test_a_region_takes_a_nuts_code(code: str) -> None:
    assert problems(item("region"), code) == []


@pytest.mark.parametrize("code", ["PL", "pl21", "Mazowieckie", "PL2122"])
def test_a_region_refuses_what_is_not_a_nuts_code(code: str) -> None:
    assert problems(item("region"), code) == ["Choose a region from the list."]


@pytest.mark.parametrize("code", ["C", "25", "25.6", "25.62"])
def test_a_nace_answer_takes_a_section_division_group_or_class(code: str) -> None:
    assert problems(item("nace"), code) == []


@pytest.mark.parametrize("code", ["V", "c", "2", "255", "25.623", "25-62"])
def test_a_nace_answer_refuses_what_is_not_a_nace_code(code: str) -> None:
    assert problems(item("nace"), code) == ["Choose an activity code from the NACE list."]


def test_a_date_is_an_iso_calendar_date() -> None:
    assert problems(item("date"), "2026-02-28") == []
    assert problems(item("date"), "2026-02-30") == ["Enter a date."]
    assert problems(item("date"), "28.02.2026") == ["Enter a date."]


@pytest.mark.parametrize("value", ["20260228", "2026-W09-6", "2026-059"])
def test_a_date_in_another_iso_form_is_refused_so_documents_hold_one_form(value: str) -> None:
    assert problems(item("date"), value) == ["Enter a date."]


def test_a_text_must_be_a_string() -> None:
    assert problems(item("text"), "Łódź") == []
    assert problems(item("text"), 12) == ["Enter a text."]


# Rules


def test_length_rules_count_characters_with_diacritics_as_one() -> None:
    text = item(
        "text",
        rules=(
            Rule("min_length", "At least three characters.", 3),
            Rule("max_length", "At most five characters.", 5),
        ),
    )
    assert problems(text, "Łódź") == []
    assert problems(text, "Ił") == ["At least three characters."]
    assert problems(text, "Żółwie") == ["At most five characters."]


def test_a_pattern_must_match_the_whole_answer() -> None:
    text = item("text", rules=(Rule("pattern", "Digits only.", r"\d+"),))
    assert problems(text, "12345") == []
    assert problems(text, "12345a") == ["Digits only."]
    assert problems(text, "a12345") == ["Digits only."]


def test_max_choices_limits_a_list() -> None:
    multi = item("countries", rules=(Rule("max_choices", "Choose at most two countries.", 2),))
    assert problems(multi, ["PL", "DE"]) == []
    assert problems(multi, ["PL", "DE", "FI"]) == ["Choose at most two countries."]


def test_comparison_rules_compare_with_the_other_answer_when_both_are_given() -> None:
    staff = item("number", rules=(Rule("lte_item", "Not more than the staff.", item="headcount"),))
    year = item("number", rules=(Rule("gte_item", "Not before foundation.", item="founded"),))
    assert problems(staff, 10, {"headcount": 10}) == []
    assert problems(staff, 11, {"headcount": 10}) == ["Not more than the staff."]
    assert problems(staff, 11, {}) == []
    assert problems(staff, 11, {"headcount": "many"}) == []
    assert problems(year, 1995, {"founded": 1995}) == []
    assert problems(year, 1994, {"founded": 1995}) == ["Not before foundation."]


def test_date_rules_compare_with_the_day_given() -> None:
    future = item("date", rules=(Rule("date_not_past", "Not in the past."),))
    past = item("date", rules=(Rule("date_not_future", "Not in the future."),))
    assert problems(future, "2026-05-14", today=TODAY) == []
    assert problems(future, "2026-05-13", today=TODAY) == ["Not in the past."]
    assert problems(past, "2026-05-14", today=TODAY) == []
    assert problems(past, "2026-05-15", today=TODAY) == ["Not in the future."]


def test_date_rules_are_skipped_when_no_day_is_given() -> None:
    # The domain reads no clock; without a day the rule cannot be judged.
    future = item("date", rules=(Rule("date_not_past", "Not in the past."),))
    assert problems(future, "1999-01-01") == []


def test_a_wrong_shape_is_reported_alone_before_any_rule() -> None:
    text = item("number", rules=(Rule("lte_item", "Not more than the staff.", item="headcount"),))
    assert problems(text, "x", {"headcount": 1}) == ["Enter a number."]


def test_every_broken_rule_is_reported() -> None:
    text = item(
        "text",
        rules=(
            Rule("min_length", "Too short.", 10),
            Rule("pattern", "Letters only.", "[a-z]+"),
        ),
    )
    assert problems(text, "ab1") == ["Too short.", "Letters only."]
