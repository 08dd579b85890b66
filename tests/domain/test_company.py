"""The EU SME category under Recommendation 2003/361/EC, at every threshold edge."""

from __future__ import annotations

import pytest

from brokerdesk.domain.company import SmeCategory, sme_category

MICRO, SMALL, MEDIUM, LARGE, UNKNOWN = (
    SmeCategory.MICRO,
    SmeCategory.SMALL,
    SmeCategory.MEDIUM,
    SmeCategory.LARGE,
    SmeCategory.UNKNOWN,
)
M = 1_000_000


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [
        (0, MICRO),
        (9, MICRO),
        (9.9, MICRO),
        (10, SMALL),
        (49, SMALL),
        (49.5, SMALL),
        (50, MEDIUM),
        (249, MEDIUM),
        (249.9, MEDIUM),
        (250, LARGE),
        (1000, LARGE),
    ],
)
def test_the_staff_headcount_must_be_strictly_below_each_limit(
    headcount: float, expected: SmeCategory
) -> None:
    # Figures small enough for any category: the headcount alone decides.
    assert sme_category(headcount, 1 * M, 1 * M).category is expected


@pytest.mark.parametrize(
    ("headcount", "turnover", "expected"),
    [
        (5, 2 * M, MICRO),
        (5, 2 * M + 1, SMALL),
        (20, 10 * M, SMALL),
        (20, 10 * M + 1, MEDIUM),
        (100, 50 * M, MEDIUM),
        (100, 50 * M + 1, LARGE),
    ],
)
def test_a_turnover_at_the_ceiling_fits_and_one_euro_above_does_not(
    headcount: int, turnover: float, expected: SmeCategory
) -> None:
    # A balance sheet above every ceiling, so that the turnover decides alone.
    assert sme_category(headcount, turnover, 100 * M).category is expected


@pytest.mark.parametrize(
    ("headcount", "balance", "expected"),
    [
        (5, 2 * M, MICRO),
        (5, 2 * M + 1, SMALL),
        (20, 10 * M, SMALL),
        (20, 10 * M + 1, MEDIUM),
        (100, 43 * M, MEDIUM),
        (100, 43 * M + 1, LARGE),
    ],
)
def test_a_balance_sheet_at_the_ceiling_fits_and_one_euro_above_does_not(
    headcount: int, balance: float, expected: SmeCategory
) -> None:
    # A turnover above every ceiling, so that the balance sheet decides alone.
    assert sme_category(headcount, 100 * M, balance).category is expected


def test_a_medium_company_may_have_a_balance_sheet_above_43m_when_turnover_is_within_50m() -> None:
    # The two medium ceilings differ: 50m turnover, 43m balance sheet.
    assert sme_category(100, 50 * M, 45 * M).category is MEDIUM
    assert sme_category(100, 45 * M, 43 * M).category is MEDIUM
    assert sme_category(100, 50 * M + 1, 43 * M + 1).category is LARGE


def test_either_financial_ceiling_is_enough_turnover_or_balance_sheet() -> None:
    assert sme_category(5, 3 * M, 1 * M).category is MICRO
    assert sme_category(5, 1 * M, 3 * M).category is MICRO
    assert sme_category(5, 3 * M, 3 * M).category is SMALL


def test_a_small_headcount_with_large_figures_is_not_an_sme() -> None:
    result = sme_category(9, 60 * M, 60 * M)
    assert result.category is LARGE
    assert not result.is_sme
    assert "exceed the ceilings of a medium-sized enterprise" in str(result.reasons[0])


def test_a_headcount_of_250_is_large_whatever_the_figures() -> None:
    result = sme_category(250, 1 * M, 1 * M)
    assert result.category is LARGE
    assert str(result.reasons[0]) == "A staff headcount of 250 is not below 250."


def test_without_a_headcount_the_category_is_unknown_and_says_so() -> None:
    result = sme_category(None, 1 * M, 1 * M)
    assert result.category is UNKNOWN
    assert not result.is_sme
    assert str(result.reasons[0]) == "The staff headcount is not given yet."


def test_without_any_financial_figure_the_category_is_unknown_and_says_so() -> None:
    result = sme_category(5, None, None)
    assert result.category is UNKNOWN
    assert "Neither the annual turnover nor the balance-sheet total" in str(result.reasons[0])


def test_one_figure_within_the_ceiling_is_enough_when_the_other_is_missing() -> None:
    assert sme_category(5, 2 * M, None).category is MICRO
    assert sme_category(5, None, 2 * M).category is MICRO


def test_a_missing_figure_that_might_lower_the_category_is_flagged() -> None:
    # Turnover above the micro ceiling; the missing balance sheet might still make it micro.
    result = sme_category(5, 3 * M, None)
    assert result.category is SMALL
    assert any("might place the company in a smaller category" in str(f) for f in result.flags)


def test_a_decided_category_has_no_flag_about_missing_figures() -> None:
    assert sme_category(5, 3 * M, 3 * M).flags == ()


def test_figures_above_every_ceiling_with_one_missing_leave_the_category_unknown() -> None:
    result = sme_category(20, 60 * M, None)
    assert result.category is UNKNOWN
    assert "may still place the company within one" in str(result.reasons[0])


@pytest.mark.parametrize("independence", ["partner", "linked"])
def test_partner_and_linked_enterprises_are_flagged(independence: str) -> None:
    result = sme_category(5, 1 * M, 1 * M, independence)
    assert result.category is MICRO
    assert len(result.flags) == 1
    assert "partner or linked enterprise" in str(result.flags[0])


def test_partner_enterprises_are_flagged_even_when_the_category_is_unknown() -> None:
    assert sme_category(None, None, None, "linked").flags


@pytest.mark.parametrize("independence", ["autonomous", None])
def test_an_autonomous_company_is_not_flagged(independence: str | None) -> None:
    assert sme_category(5, 1 * M, 1 * M, independence).flags == ()


def test_the_reason_names_the_headcount_and_the_turnover_that_fits() -> None:
    result = sme_category(9, 2 * M, 5 * M)
    assert [str(r) for r in result.reasons] == [
        "A staff headcount of 9 is below 10.",
        "An annual turnover of EUR 2000000 does not exceed EUR 2000000.",
    ]


def test_the_reason_names_the_balance_sheet_when_only_it_fits() -> None:
    result = sme_category(40, 12 * M, 10 * M)
    assert result.category is SMALL
    assert [r.template for r in result.reasons][1].startswith("A balance-sheet total of EUR")
    assert result.reasons[1].params == {"amount": 10 * M, "ceiling": 10 * M}


def test_every_category_has_its_own_label() -> None:
    assert len({c.label for c in SmeCategory}) == len(SmeCategory)
