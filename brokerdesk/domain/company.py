"""The company and its EU SME category under Commission Recommendation 2003/361/EC.

Staff headcount (annual work units) decides first; then the company must stay within the
turnover ceiling *or* the balance-sheet ceiling of that category (Article 2 of the Annex). A
partner or linked enterprise (Article 3) must add the figures of its partners (pro rata) and
linked enterprises (in full) before this test: the category is then flagged, since the figures
the broker entered may not include them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from brokerdesk.domain.text import N_, Message


class SmeCategory(Enum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SmeCategory.MICRO: N_("Micro enterprise"),
    SmeCategory.SMALL: N_("Small enterprise"),
    SmeCategory.MEDIUM: N_("Medium-sized enterprise"),
    SmeCategory.LARGE: N_("Not an SME (large enterprise)"),
    SmeCategory.UNKNOWN: N_("SME category not yet known"),
}


@dataclass(frozen=True)
class Ceiling:
    category: SmeCategory
    staff_below: int
    turnover_max: float
    balance_max: float


# Article 2 of the Annex: staff strictly below the limit, money "not exceeding" the ceiling.
CEILINGS = (
    Ceiling(SmeCategory.MICRO, 10, 2_000_000, 2_000_000),
    Ceiling(SmeCategory.SMALL, 50, 10_000_000, 10_000_000),
    Ceiling(SmeCategory.MEDIUM, 250, 50_000_000, 43_000_000),
)


@dataclass(frozen=True)
class SmeAssessment:
    category: SmeCategory
    reasons: tuple[Message, ...]
    flags: tuple[Message, ...] = ()

    @property
    def is_sme(self) -> bool:
        return self.category in (SmeCategory.MICRO, SmeCategory.SMALL, SmeCategory.MEDIUM)


def _money_fits(turnover: float | None, balance: float | None, ceiling: Ceiling) -> bool | None:
    """True/False when the known figures decide it; None when a missing figure might."""
    checks = []
    if turnover is not None:
        checks.append(turnover <= ceiling.turnover_max)
    if balance is not None:
        checks.append(balance <= ceiling.balance_max)
    if any(checks):
        return True
    if turnover is None or balance is None:
        return None
    return False


def sme_category(
    headcount: float | None,
    turnover: float | None,
    balance_sheet: float | None,
    independence: str | None = "autonomous",
) -> SmeAssessment:
    """Classifies a company; every answer says why.

    Args:
        headcount: staff headcount in annual work units.
        turnover: annual turnover in EUR.
        balance_sheet: annual balance-sheet total in EUR.
        independence: ``autonomous``, ``partner`` or ``linked`` (Article 3 of the Annex).
    """
    flags: list[Message] = []
    if independence in ("partner", "linked"):
        flags.append(
            Message(
                N_(
                    "The company is a partner or linked enterprise: the figures must include "
                    "those of its partner enterprises (in proportion to the holding) and of its "
                    "linked enterprises (in full) before the category is final."
                )
            )
        )
    if headcount is None:
        return SmeAssessment(
            SmeCategory.UNKNOWN,
            (Message(N_("The staff headcount is not given yet.")),),
            tuple(flags),
        )
    if turnover is None and balance_sheet is None:
        return SmeAssessment(
            SmeCategory.UNKNOWN,
            (Message(N_("Neither the annual turnover nor the balance-sheet total is given yet.")),),
            tuple(flags),
        )
    undecided = False
    for ceiling in CEILINGS:
        if headcount >= ceiling.staff_below:
            continue
        fits = _money_fits(turnover, balance_sheet, ceiling)
        if fits:
            if undecided:
                flags.append(
                    Message(
                        N_(
                            "A missing turnover or balance-sheet total might place the company "
                            "in a smaller category."
                        )
                    )
                )
            reasons = _reasons(ceiling, headcount, turnover, balance_sheet)
            return SmeAssessment(ceiling.category, reasons, tuple(flags))
        if fits is None:
            undecided = True
    if headcount >= CEILINGS[-1].staff_below:
        reason = Message(
            N_("A staff headcount of {headcount} is not below {limit}."),
            {"headcount": headcount, "limit": CEILINGS[-1].staff_below},
        )
        return SmeAssessment(SmeCategory.LARGE, (reason,), tuple(flags))
    if undecided:
        return SmeAssessment(
            SmeCategory.UNKNOWN,
            (
                Message(
                    N_(
                        "The figures given exceed the ceilings; the missing turnover or "
                        "balance-sheet total may still place the company within one."
                    )
                ),
            ),
            tuple(flags),
        )
    reason = Message(
        N_(
            "Both the turnover and the balance-sheet total exceed the ceilings of a "
            "medium-sized enterprise (EUR {turnover_max} and EUR {balance_max})."
        ),
        {"turnover_max": CEILINGS[-1].turnover_max, "balance_max": CEILINGS[-1].balance_max},
    )
    return SmeAssessment(SmeCategory.LARGE, (reason,), tuple(flags))


def _reasons(
    ceiling: Ceiling, headcount: float, turnover: float | None, balance: float | None
) -> tuple[Message, ...]:
    reasons = [
        Message(
            N_("A staff headcount of {headcount} is below {limit}."),
            {"headcount": headcount, "limit": ceiling.staff_below},
        )
    ]
    if turnover is not None and turnover <= ceiling.turnover_max:
        reasons.append(
            Message(
                N_("An annual turnover of EUR {amount} does not exceed EUR {ceiling}."),
                {"amount": turnover, "ceiling": ceiling.turnover_max},
            )
        )
    elif balance is not None and balance <= ceiling.balance_max:
        reasons.append(
            Message(
                N_("A balance-sheet total of EUR {amount} does not exceed EUR {ceiling}."),
                {"amount": balance, "ceiling": ceiling.balance_max},
            )
        )
    return tuple(reasons)
