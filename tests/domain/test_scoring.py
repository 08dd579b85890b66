"""Scoring: dimension scores, readiness index, bands, completeness, activity areas, actions.

The figures come from the small instrument of ``conftest.py``: dimension ``alpha`` (weight 2,
items a1–a4), ``beta`` (weight 1, items b1 and b2, b2 only when the export share is above 0),
criteria ``demand`` (weight 2), ``unique`` (weight 1) and ``effort`` (weight 1, inverse).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from brokerdesk.domain.case import Case
from brokerdesk.domain.instrument import Instrument
from brokerdesk.domain.scoring import score_area, score_case, score_dimension

MakeCase = Callable[..., Case]


def _dimension(instrument: Instrument, case: Case, dim_id: str) -> Any:
    result = score_case(instrument, case)
    return next(d for d in result.dimensions if d.dimension.id == dim_id)


# Dimension scores


def test_a_dimension_score_is_the_mean_of_its_levels_scaled_to_100(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case({"a1": 4, "a2": 2, "a3": 3, "a4": 1})
    alpha = _dimension(small, case, "alpha")
    assert alpha.score == 62.5
    assert (alpha.answered, alpha.not_applicable, alpha.relevant) == (4, 0, 4)


def test_not_applicable_items_are_left_out_of_the_mean(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case({"a1": 4, "a2": 2, "a3": "na"})
    alpha = _dimension(small, case, "alpha")
    assert alpha.score == 75.0
    assert (alpha.answered, alpha.not_applicable, alpha.relevant) == (2, 1, 4)
    assert alpha.completeness == 0.75


def test_a_level_of_zero_counts_as_an_answer(small: Instrument, make_case: MakeCase) -> None:
    alpha = _dimension(small, make_case({"a1": 0, "a2": 0}), "alpha")
    assert alpha.score == 0.0
    assert alpha.sufficient


def test_a_dimension_with_too_few_answers_has_insufficient_data(
    small: Instrument, make_case: MakeCase
) -> None:
    # One of four items is below the instrument's min_answered_share of 0.5.
    alpha = _dimension(small, make_case({"a1": 4}), "alpha")
    assert alpha.score is None
    assert not alpha.sufficient
    assert alpha.answered == 1


def test_exactly_the_minimum_share_of_answers_is_enough_for_a_score(
    small: Instrument, make_case: MakeCase
) -> None:
    assert _dimension(small, make_case({"a1": 4, "a2": 3}), "alpha").score == 87.5


def test_not_applicable_answers_do_not_count_towards_the_minimum_share(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case({"a1": 4, "a2": "na", "a3": "na", "a4": "na"})
    alpha = _dimension(small, case, "alpha")
    assert alpha.score is None
    assert alpha.completeness == 1.0


def test_a_dimension_answered_only_not_applicable_has_no_score(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case({"a1": "na", "a2": "na", "a3": "na", "a4": "na"})
    assert _dimension(small, case, "alpha").score is None


def test_an_item_that_is_not_relevant_is_not_counted(
    small: Instrument, make_case: MakeCase
) -> None:
    # b2 is asked only when the export share is above 0.
    assert _dimension(small, make_case({"b1": 3}), "beta").relevant == 1
    assert _dimension(small, make_case({"b1": 3, "export_share": 0}), "beta").relevant == 1
    exporter = _dimension(small, make_case({"b1": 3, "export_share": 20}), "beta")
    assert exporter.relevant == 2
    assert exporter.score == 75.0


def test_an_answer_to_an_item_that_is_no_longer_relevant_is_not_scored(
    small: Instrument, make_case: MakeCase
) -> None:
    # b2 was answered while the company exported; then the export share became 0.
    beta = _dimension(small, make_case({"b1": 4, "b2": 0, "export_share": 0}), "beta")
    assert beta.score == 100.0
    assert beta.relevant == 1


def test_score_dimension_ignores_values_that_are_not_levels(small: Instrument) -> None:
    alpha = small.dimensions[0]
    scored = score_dimension(alpha, {"a1": 4, "a2": True, "a3": 7, "a4": "2"}, 0.25)
    assert scored.score == 100.0
    assert scored.answered == 1


# Readiness index and bands


def test_the_readiness_index_is_the_weighted_mean_of_the_dimensions(
    small: Instrument, make_case: MakeCase
) -> None:
    # alpha 75 with weight 2, beta 25 with weight 1: (150 + 25) / 3, not the plain mean 50.
    result = score_case(small, make_case({"a1": 4, "a2": 2, "b1": 1}))
    assert result.readiness == 58.3
    assert result.band is not None and result.band.id == "middle"


def test_a_dimension_with_insufficient_data_is_left_out_of_the_index(
    small: Instrument, make_case: MakeCase
) -> None:
    result = score_case(small, make_case({"a1": 0, "b1": 3}))
    assert result.readiness == 75.0


def test_without_any_scored_dimension_there_is_no_index_and_no_band(
    small: Instrument, make_case: MakeCase
) -> None:
    result = score_case(small, make_case({"company_name": "Kłos Sp. z o.o.", "a1": 4}))
    assert result.readiness is None
    assert result.band is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "low"),
        (39.9, "low"),
        (40.0, "middle"),
        (79.9, "middle"),
        (80.0, "high"),
        (100.0, "high"),
    ],
)
def test_a_band_begins_exactly_at_its_minimum(small: Instrument, score: float, band: str) -> None:
    assert small.band_for(score).id == band


def test_all_levels_at_four_reach_the_top_band_and_all_at_zero_the_lowest(
    small: Instrument, make_case: MakeCase
) -> None:
    top = score_case(small, make_case({"a1": 4, "a2": 4, "a3": 4, "a4": 4, "b1": 4}))
    bottom = score_case(small, make_case({"a1": 0, "a2": 0, "a3": 0, "a4": 0, "b1": 0}))
    assert (top.readiness, top.band and top.band.id) == (100.0, "high")
    assert (bottom.readiness, bottom.band and bottom.band.id) == (0.0, "low")


# Completeness


def test_an_empty_case_is_zero_complete(small: Instrument, make_case: MakeCase) -> None:
    result = score_case(small, make_case())
    assert result.completeness == 0.0
    assert result.interim


def test_completeness_counts_required_relevant_items_and_area_ratings(
    small: Instrument, make_case: MakeCase
) -> None:
    # Required: company_name and the five relevant scale items (b2 is not relevant), 6 in all;
    # one area of three criteria: 3 slots, 2 rated. Not applicable counts as answered.
    answers = {"company_name": "Mølle ApS", "a1": 3, "a2": "na", "a3": 1, "a4": 2, "b1": 2}
    result = score_case(small, make_case(answers, {"boats": {"demand": 3, "unique": 2}}))
    assert result.completeness == round(8 / 9, 4)
    assert result.interim


def test_completeness_expects_at_least_the_minimum_number_of_areas(
    small: Instrument, make_case: MakeCase
) -> None:
    answers = {"company_name": "Mølle ApS", "a1": 3, "a2": 3, "a3": 1, "a4": 2, "b1": 2}
    assert score_case(small, make_case(answers)).completeness == round(6 / 9, 4)


def test_a_fully_answered_case_is_complete_and_no_longer_interim(
    small: Instrument, make_case: MakeCase
) -> None:
    answers = {"company_name": "Mølle ApS", "a1": 3, "a2": 3, "a3": 1, "a4": 2, "b1": 2}
    full = make_case(answers, {"boats": {"demand": 3, "unique": 2, "effort": 1}})
    result = score_case(small, full)
    assert result.completeness == 1.0
    assert not result.interim


def test_a_newly_relevant_item_lowers_completeness_until_it_is_answered(
    small: Instrument, make_case: MakeCase
) -> None:
    answers = {"company_name": "Mølle ApS", "a1": 3, "a2": 3, "a3": 1, "a4": 2, "b1": 2}
    areas = {"boats": {"demand": 3, "unique": 2, "effort": 1}}
    exporter = make_case({**answers, "export_share": 30}, areas)
    assert score_case(small, exporter).completeness == round(9 / 10, 4)
    answered = make_case({**answers, "export_share": 30, "b2": 1}, areas)
    assert score_case(small, answered).completeness == 1.0


# Activity areas


def test_area_potential_is_the_weighted_mean_of_its_ratings(small: Instrument) -> None:
    # demand 3 (weight 2), unique 4, effort 0 is inverse and counts as 4: (6 + 4 + 4) / 4 = 3.5.
    area = score_area(
        "boats",
        {"name": "Boats", "ratings": {"demand": 3, "unique": 4, "effort": 0}},
        small.criteria,
    )
    assert area.potential == 87.5
    assert (area.rated, area.criteria) == (3, 3)


def test_a_high_adaptation_effort_lowers_the_potential(small: Instrument) -> None:
    easy = score_area("a", {"ratings": {"demand": 3, "unique": 4, "effort": 0}}, small.criteria)
    hard = score_area("a", {"ratings": {"demand": 3, "unique": 4, "effort": 4}}, small.criteria)
    assert hard.potential == 62.5
    assert easy.potential is not None and hard.potential < easy.potential


def test_an_area_rated_on_half_its_criteria_has_a_potential(small: Instrument) -> None:
    area = score_area("a", {"ratings": {"demand": 3, "unique": 4}}, small.criteria)
    assert area.potential == round((6 + 4) / 3 / 4 * 100, 1)


def test_an_area_rated_on_too_few_criteria_has_no_potential(small: Instrument) -> None:
    assert score_area("a", {"ratings": {"demand": 4}}, small.criteria).potential is None
    assert score_area("a", {}, small.criteria).potential is None


def test_the_area_with_the_highest_potential_is_named_with_its_reason(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case(
        areas={
            "software": {"demand": 2, "unique": 2, "effort": 2},
            "boats": {"demand": 3, "unique": 4, "effort": 0},
        }
    )
    result = score_case(small, case)
    assert result.top_area is not None and result.top_area.name == "Boats"
    assert [a.area_id for a in result.areas] == ["boats", "software"]
    assert result.top_reason is not None
    assert result.top_reason.render() == (
        "Boats has the highest potential, with its strongest ratings on Foreign demand and "
        "Uniqueness."
    )


def test_the_reason_names_one_criterion_when_only_one_is_rated_high(
    small: Instrument, make_case: MakeCase
) -> None:
    case = make_case(
        areas={
            "boats": {"demand": 4, "unique": 1, "effort": 3},
            "software": {"demand": 1, "unique": 1, "effort": 3},
        }
    )
    result = score_case(small, case)
    assert result.top_reason is not None
    assert result.top_reason.render() == (
        "Boats has the highest potential, with its strongest rating on Foreign demand."
    )


def test_an_inverse_criterion_rated_low_counts_as_a_strength_in_the_reason(
    small: Instrument, make_case: MakeCase
) -> None:
    result = score_case(small, make_case(areas={"boats": {"demand": 1, "unique": 1, "effort": 0}}))
    assert result.top_reason is not None
    assert result.top_reason.render() == (
        "Boats is the only area rated, with its strongest rating on Adaptation effort."
    )


def test_a_single_rated_area_is_named_as_the_only_one(
    small: Instrument, make_case: MakeCase
) -> None:
    # "software" has too few ratings for a potential, so "boats" is the only area rated.
    case = make_case(
        areas={"boats": {"demand": 1, "unique": 2, "effort": 2}, "software": {"demand": 4}}
    )
    result = score_case(small, case)
    assert result.top_area is not None and result.top_area.area_id == "boats"
    assert result.top_reason is not None
    assert result.top_reason.render() == (
        "Boats is the only area rated, though no criterion is rated high."
    )


def test_on_a_tie_the_area_listed_first_is_named(small: Instrument, make_case: MakeCase) -> None:
    same = {"demand": 3, "unique": 3, "effort": 1}
    result = score_case(small, make_case(areas={"boats": dict(same), "apps": dict(same)}))
    assert result.top_area is not None and result.top_area.area_id == "boats"


def test_without_a_rated_area_there_is_no_top_area(small: Instrument, make_case: MakeCase) -> None:
    result = score_case(small, make_case(areas={"boats": {}}))
    assert result.top_area is None
    assert result.top_reason is None


# Suggested actions, strengths and gaps


def test_actions_are_suggested_for_a_weak_dimension_only(
    small: Instrument, make_case: MakeCase
) -> None:
    result = score_case(small, make_case({"a1": 1, "a2": 1, "b1": 3}))
    assert [s.action.id for s in result.suggestions] == ["alpha_plan", "alpha_budget"]
    assert {s.score for s in result.suggestions} == {25.0}


def test_the_weakest_dimension_comes_first_in_the_suggestions(
    small: Instrument, make_case: MakeCase
) -> None:
    result = score_case(small, make_case({"a1": 2, "a2": 1, "b1": 1}))
    assert [s.action.id for s in result.suggestions] == ["beta_fair", "alpha_plan", "alpha_budget"]


def test_a_dimension_scoring_exactly_the_weak_limit_is_not_weak(
    small: Instrument, make_case: MakeCase
) -> None:
    # weak_below is 50: a dimension at 50 gets no suggestions.
    assert score_case(small, make_case({"a1": 2, "a2": 2, "b1": 2})).suggestions == ()


def test_a_dimension_without_enough_data_gets_no_suggestions(
    small: Instrument, make_case: MakeCase
) -> None:
    assert score_case(small, make_case({"a1": 0, "b1": 4})).suggestions == ()


def test_strengths_and_gaps_are_ordered_by_score(small: Instrument, make_case: MakeCase) -> None:
    result = score_case(small, make_case({"a1": 4, "a2": 3, "b1": 1}))
    assert [d.dimension.id for d in result.strengths()] == ["alpha"]
    assert [d.dimension.id for d in result.gaps(small.weak_below)] == ["beta"]
