"""The network in view: the cases of a coordinator's network file, filtered, and its figures.

The filters are a ``NetworkQuery`` (country, broker, status, band, NACE division, review state,
a date range, a search); the dashboard counts the cases in view by country, status and band,
gives the mean readiness by country, the most frequent sectors and the cases assessed per month.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from brokerdesk.content import Library
from brokerdesk.domain.case import STATUSES
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store.network import NetworkQuery, NetworkRepository, NetworkRow

__all__ = [
    "Dashboard",
    "NetworkQuery",
    "NetworkRow",
    "dashboard",
    "filter_choices",
    "network_count",
    "network_documents",
    "network_rows",
]

TOP_SECTORS = 10


def network_rows(uow: UnitOfWork, query: NetworkQuery | None = None) -> list[NetworkRow]:
    with uow:
        return NetworkRepository(uow.cases.conn).rows(query or NetworkQuery())


def network_count(uow: UnitOfWork, query: NetworkQuery | None = None) -> int:
    with uow:
        return NetworkRepository(uow.cases.conn).count(query or NetworkQuery())


def filter_choices(uow: UnitOfWork) -> dict[str, list[str]]:
    """The countries, brokers and NACE divisions found in the file, for the filters."""
    with uow:
        repo = NetworkRepository(uow.cases.conn)
        return {what: repo.distinct(what) for what in ("country", "broker", "division")}


def network_documents(uow: UnitOfWork, query: NetworkQuery | None = None) -> list[dict]:
    with uow:
        return list(NetworkRepository(uow.cases.conn).documents(query or NetworkQuery()))


@dataclass(frozen=True)
class Dashboard:
    """The network at a glance, for the cases in view."""

    total: int
    by_country: list[tuple[str, int]]  # most cases first
    by_status: list[tuple[str, int]]  # in the order of the workflow
    by_band: list[tuple[str, int]]  # in the instrument's order, "" (no band yet) last
    readiness_by_country: list[tuple[str, float, int]]  # mean readiness, cases with one
    top_sectors: list[tuple[str, int]]  # NACE divisions, most frequent first
    assessed_per_month: list[tuple[str, int]]  # YYYY-MM, every month from first to last


def dashboard(uow: UnitOfWork, library: Library, query: NetworkQuery | None = None) -> Dashboard:
    """Cases by country, status and band; readiness by country; the most frequent sectors;
    cases assessed per month (the month of a case's latest readiness answer)."""
    instrument = library.current
    items = [item.id for dim in instrument.dimensions for item in dim.items]
    view = replace(query or NetworkQuery(), limit=None, offset=0)
    with uow:
        repo = NetworkRepository(uow.cases.conn)
        countries = repo.counts(view, "country")
        statuses = repo.counts(view, "status")
        bands = repo.counts(view, "band")
        readiness = repo.readiness_by_country(view)
        divisions = repo.divisions(view)
        months = repo.assessed_months(view, items)
    band_order = [b.id for b in instrument.bands]
    return Dashboard(
        total=sum(countries.values()),
        by_country=sorted(countries.items(), key=lambda kv: (-kv[1], kv[0])),
        by_status=[(s, statuses[s]) for s in STATUSES if statuses.get(s)],
        by_band=[(b, bands[b]) for b in band_order if bands.get(b)]
        + [(b, n) for b, n in bands.items() if b not in band_order and n],
        readiness_by_country=sorted(
            ((c, mean, n) for c, (mean, n) in readiness.items()), key=lambda t: (-t[1], t[0])
        ),
        top_sectors=sorted(divisions.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SECTORS],
        assessed_per_month=_every_month(months),
    )


def _every_month(months: dict[str, int]) -> list[tuple[str, int]]:
    """The months from the first to the last, with the empty ones in between at 0."""
    valid = sorted(m for m in months if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit())
    if not valid:
        return []
    year, month = int(valid[0][:4]), int(valid[0][5:])
    last = valid[-1]
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append((key, months.get(key, 0)))
        if key >= last or len(out) > 600:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
