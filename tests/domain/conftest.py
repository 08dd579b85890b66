"""A small, valid instrument built from plain data, for tests that need exact figures.

Two dimensions (``alpha`` weighted 2 with four items, ``beta`` weighted 1 with two items, one of
them only relevant for exporters), three area criteria (one of them inverse) and the profile,
partner and conclusions items the program relies on.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from brokerdesk.domain.case import Case, new_document
from brokerdesk.domain.instrument import Instrument, parse_instrument

LEVELS = [
    "Nothing of the kind exists.",
    "Some first steps were taken.",
    "It is done now and then.",
    "It is done regularly.",
    "It is done systematically and reviewed.",
]


def _scale(item_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "kind": "scale",
        "text": f"Question {item_id}?",
        "levels": list(LEVELS),
        **extra,
    }


def _choices(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "label": i.replace("_", " ").capitalize()} for i in ids]


PROFILE: list[dict[str, Any]] = [
    {"id": "company_name", "kind": "text", "text": "Company name", "required": True},
    {"id": "country", "kind": "country", "text": "Country"},
    {"id": "region", "kind": "region", "text": "Region"},
    {"id": "town", "kind": "text", "text": "Town"},
    {"id": "nace", "kind": "nace", "text": "Main activity"},
    {"id": "founded", "kind": "number", "text": "Year founded", "integer": True},
    {"id": "headcount", "kind": "number", "text": "Staff", "min": 0},
    {"id": "turnover", "kind": "number", "text": "Turnover", "unit": "EUR", "min": 0},
    {"id": "balance_sheet", "kind": "number", "text": "Balance sheet", "unit": "EUR"},
    {
        "id": "independence",
        "kind": "single",
        "text": "Independence",
        "choices": _choices("autonomous", "partner", "linked"),
    },
    {"id": "export_share", "kind": "number", "text": "Export share", "min": 0, "max": 100},
    {"id": "foreign_markets", "kind": "countries", "text": "Foreign markets"},
    {"id": "languages", "kind": "languages", "text": "Languages"},
]

PARTNER: list[dict[str, Any]] = [
    {
        "id": "cooperation_types",
        "kind": "multi",
        "text": "Cooperation types",
        "choices": _choices("agency", "manufacturing", "licensing", "joint_venture"),
    },
    {
        "id": "direction",
        "kind": "single",
        "text": "Offer or request",
        "choices": _choices("offer", "request", "both"),
    },
    {"id": "target_countries", "kind": "countries", "text": "Target countries"},
    {"id": "partner_sought", "kind": "text", "text": "Partner sought"},
    {"id": "keywords", "kind": "text", "text": "Keywords"},
    {"id": "summary_en", "kind": "text", "text": "Summary in English"},
    {
        "id": "share_in_network",
        "kind": "single",
        "text": "Share in the network",
        "choices": _choices("yes", "no"),
    },
]

CONCLUSIONS: list[dict[str, Any]] = [
    {"id": "strengths", "kind": "text", "text": "Strengths"},
    {"id": "gaps", "kind": "text", "text": "Gaps"},
    {"id": "follow_up", "kind": "date", "text": "Follow-up"},
]


def instrument_data() -> dict[str, Any]:
    """Fresh data for the small instrument; tests may break it as they like."""
    return copy.deepcopy(
        {
            "id": "test-readiness",
            "version": 1,
            "title": "Test readiness",
            "description": "A small instrument for tests.",
            "bands": [
                {"id": "low", "name": "Low", "min": 0},
                {"id": "middle", "name": "Middle", "min": 40},
                {"id": "high", "name": "High", "min": 80},
            ],
            "weak_below": 50,
            "min_answered_share": 0.5,
            "sections": [
                {"id": "profile", "kind": "profile", "title": "Profile", "items": PROFILE},
                {
                    "id": "readiness",
                    "kind": "readiness",
                    "title": "Readiness",
                    "dimensions": [
                        {
                            "id": "alpha",
                            "title": "Alpha",
                            "weight": 2,
                            "items": [_scale("a1"), _scale("a2"), _scale("a3"), _scale("a4")],
                            "actions": [
                                {"id": "alpha_plan", "text": "Write a plan."},
                                {"id": "alpha_budget", "text": "Set a budget."},
                            ],
                        },
                        {
                            "id": "beta",
                            "title": "Beta",
                            "weight": 1,
                            "items": [
                                _scale("b1"),
                                _scale(
                                    "b2",
                                    relevant_if={"item": "export_share", "op": "gt", "value": 0},
                                ),
                            ],
                            "actions": [{"id": "beta_fair", "text": "Visit a trade fair."}],
                        },
                    ],
                },
                {
                    "id": "areas",
                    "kind": "areas",
                    "title": "Activity areas",
                    "min_areas": 1,
                    "max_areas": 5,
                    "criteria": [
                        {
                            "id": "demand",
                            "title": "Foreign demand",
                            "weight": 2,
                            "levels": list(LEVELS),
                        },
                        {
                            "id": "unique",
                            "title": "Uniqueness",
                            "weight": 1,
                            "levels": list(LEVELS),
                        },
                        {
                            "id": "effort",
                            "title": "Adaptation effort",
                            "weight": 1,
                            "inverse": True,
                            "levels": list(LEVELS),
                        },
                    ],
                },
                {"id": "partner", "kind": "partner", "title": "Partner", "items": PARTNER},
                {
                    "id": "conclusions",
                    "kind": "conclusions",
                    "title": "Conclusions",
                    "items": CONCLUSIONS,
                },
            ],
        }
    )


@pytest.fixture
def small_data() -> dict[str, Any]:
    """Fresh data of the small instrument, to break in a test."""
    return instrument_data()


@pytest.fixture
def small() -> Instrument:
    """The small instrument, parsed."""
    return parse_instrument(instrument_data())


@pytest.fixture
def make_case(small: Instrument) -> Callable[..., Case]:
    """Builds a case on the small instrument from answer values and activity areas."""

    def build(answers: dict[str, Any] | None = None, areas: dict[str, Any] | None = None) -> Case:
        case = Case(new_document("case-1", small.key, "2026-01-01T00:00:00Z"))
        for item_id, value in (answers or {}).items():
            case.set_answer(item_id, value, "2026-01-02T00:00:00Z")
        for n, (area_id, ratings) in enumerate((areas or {}).items()):
            area = {"name": area_id.capitalize(), "position": n, "ratings": ratings}
            case.put("areas", area_id, area, "2026-01-02T00:00:00Z")
        return case

    return build
