"""The network in view: filters over a network file and the dashboard's figures.

The file is filled as a pull fills it (documents stored clean, as the server sent them), with
cases whose figures are known.
"""

from __future__ import annotations

from typing import Any

import pytest

from brokerdesk.content import Library
from brokerdesk.domain.case import new_document
from brokerdesk.services import network
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.network import NetworkQuery
from brokerdesk.services.sync_steps import listing_of


def make_doc(
    library: Library,
    case_id: str,
    country: str,
    broker: str,
    *,
    status: str = "assessed",
    nace: str = "25.62",
    created: str = "2026-01-15T09:00:00.000Z",
    level: int | None = None,
    assessed: str = "2026-02-10T10:00:00.000Z",
    review: str = "none",
) -> dict[str, Any]:
    doc = new_document(case_id, library.current.key, created, broker={"name": broker})
    answers = doc["answers"]
    for key, value in (("company_name", f"Firma {case_id}"), ("country", country), ("nace", nace)):
        answers[key] = {"value": value, "at": created}
    if level is not None:
        for dim in library.current.dimensions:
            for item in dim.items:
                answers[item.id] = {"value": level, "at": assessed}
    doc["status"] = status
    doc["review"] = {"state": review}
    return doc


@pytest.fixture
def filled(desk: Desk, library: Library) -> Desk:
    docs = [
        make_doc(library, "pl-1", "PL", "Anna Nowak", level=4, assessed="2026-01-20T10:00:00Z"),
        make_doc(library, "pl-2", "PL", "Anna Nowak", level=2, nace="25",
                 created="2026-02-01T08:00:00.000Z", review="returned"),
        make_doc(library, "pl-3", "PL", "Piotr Wróbel", status="interviewing", nace="10.32",
                 created="2026-03-31T23:59:00.000Z"),
        make_doc(library, "lt-1", "LT", "Ona Žukauskienė", level=3, nace="62.01",
                 assessed="2026-04-02T10:00:00Z", review="approved"),
        make_doc(library, "lt-2", "LT", "Ona Žukauskienė", status="closed", level=1, nace="28",
                 created="2026-04-01T00:00:00.000Z", assessed="2026-04-30T10:00:00Z"),
    ]  # fmt: skip
    with desk.uow as uow:
        for doc in docs:
            uow.cases.save(doc, listing_of(library, doc), dirty=False, revision=1, base=doc)
        uow.commit()
    return desk


def ids(desk: Desk, **query: Any) -> list[str]:
    rows = network.network_rows(
        desk.uow, NetworkQuery(order_by="company", descending=False, **query)
    )
    return [r.id for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["lt-1", "lt-2", "pl-1", "pl-2", "pl-3"]),
        ({"countries": ("LT",)}, ["lt-1", "lt-2"]),
        ({"brokers": ("Anna Nowak", "Piotr Wróbel")}, ["pl-1", "pl-2", "pl-3"]),
        ({"statuses": ("interviewing", "closed")}, ["lt-2", "pl-3"]),
        ({"bands": ("advanced",)}, ["pl-1"]),
        ({"bands": ("",)}, ["pl-3"]),
        ({"divisions": ("25",)}, ["pl-1", "pl-2"]),
        ({"divisions": ("10", "62")}, ["lt-1", "pl-3"]),
        ({"reviews": ("returned", "approved")}, ["lt-1", "pl-2"]),
        ({"reviews": ("none",)}, ["lt-2", "pl-1", "pl-3"]),
        ({"date_from": "2026-02-01", "date_to": "2026-03-31"}, ["pl-2", "pl-3"]),
        ({"date_from": "2026-04-01"}, ["lt-2"]),
        ({"date_to": "2026-01-31"}, ["lt-1", "pl-1"]),
        ({"countries": ("PL",), "statuses": ("assessed",), "divisions": ("25",)}, ["pl-1", "pl-2"]),
        ({"search": "firma pl-3"}, ["pl-3"]),
    ],
    ids=lambda v: str(v) if not isinstance(v, list) else "",
)
def test_the_network_filters_select_the_right_cases(
    filled: Desk, query: dict[str, Any], expected: list[str]
) -> None:
    assert ids(filled, **query) == expected
    assert network.network_count(filled.uow, NetworkQuery(**query)) == len(expected)


def test_a_network_row_names_the_broker_and_the_review_state(filled: Desk) -> None:
    (row,) = network.network_rows(
        filled.uow, NetworkQuery(countries=("LT",), statuses=("assessed",))
    )
    assert (row.broker, row.review, row.country, row.band) == (
        "Ona Žukauskienė",
        "approved",
        "LT",
        "ready",
    )
    assert not row.waiting


def test_the_filters_offer_what_the_file_holds(filled: Desk) -> None:
    choices = network.filter_choices(filled.uow)
    assert choices["country"] == ["LT", "PL"]
    assert choices["broker"] == ["Anna Nowak", "Ona Žukauskienė", "Piotr Wróbel"]
    assert choices["division"] == ["10", "25", "28", "62"]


def test_the_dashboard_counts_the_cases_in_view(filled: Desk, library: Library) -> None:
    board = network.dashboard(filled.uow, library)
    assert board.total == 5
    assert board.by_country == [("PL", 3), ("LT", 2)]
    assert board.by_status == [("interviewing", 1), ("assessed", 3), ("closed", 1)]
    assert board.by_band == [("early", 1), ("developing", 1), ("ready", 1), ("advanced", 1),
                             ("", 1)]  # fmt: skip
    assert board.readiness_by_country == [("PL", 75.0, 2), ("LT", 50.0, 2)]
    assert board.top_sectors == [("25", 2), ("10", 1), ("28", 1), ("62", 1)]
    # pl-3 is still being interviewed: it counts in no month; March had no assessment.
    assert board.assessed_per_month == [
        ("2026-01", 1),
        ("2026-02", 1),
        ("2026-03", 0),
        ("2026-04", 2),
    ]


def test_the_dashboard_follows_the_filters(filled: Desk, library: Library) -> None:
    board = network.dashboard(filled.uow, library, NetworkQuery(countries=("LT",)))
    assert board.total == 2
    assert board.by_country == [("LT", 2)]
    assert board.assessed_per_month == [("2026-04", 2)]


def test_an_empty_network_has_an_empty_dashboard(desk: Desk, library: Library) -> None:
    board = network.dashboard(desk.uow, library)
    assert board.total == 0
    assert board.by_country == board.by_status == board.assessed_per_month == []
