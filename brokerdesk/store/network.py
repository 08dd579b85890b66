"""Queries over a coordinator's network file: the cases of many brokers, filtered and counted.

A network file is a normal case file; what a coordinator filters on beyond the listing columns
(the broker, the review state) is read from the stored documents with SQLite's JSON functions,
so that no extra column or migration is needed and every pulled document stays exactly as the
server holds it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from brokerdesk.store.reading import fts_query
from brokerdesk.store.tables import SEARCH_TABLE, cases

BROKER = func.coalesce(func.json_extract(cases.c.doc, "$.broker.name"), "")
REVIEW = func.coalesce(func.json_extract(cases.c.doc, "$.review.state"), "none")
SHARED = func.json_extract(cases.c.doc, "$.answers.share_in_network.value")
SORTS = {
    "company": cases.c.company,
    "country": cases.c.country,
    "broker": BROKER,
    "nace": cases.c.nace,
    "status": cases.c.status,
    "readiness": cases.c.readiness,
    "band": cases.c.band,
    "review": REVIEW,
    "created": cases.c.created,
    "updated": cases.c.updated,
}


@dataclass(frozen=True)
class NetworkQuery:
    """Which cases of the network are in view. Empty tuples mean "any".

    ``date_from`` and ``date_to`` (ISO dates, both inclusive) apply to the day the case was
    opened (``created``) or last changed (``updated``), as ``date_of`` says.
    """

    countries: tuple[str, ...] = ()
    brokers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    reviews: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    date_of: str = "created"
    search: str = ""
    shared_only: bool = False
    order_by: str = "updated"
    descending: bool = True
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class NetworkRow:
    """A case as the network list shows it."""

    id: str
    company: str
    country: str
    broker: str
    nace: str
    status: str
    readiness: float | None
    band: str | None
    completeness: float
    review: str
    created: str
    updated: str
    waiting: bool  # a review made here that the server has not taken yet


def _day_after(day: str) -> str:
    return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1)).isoformat()


def conditions(query: NetworkQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [cases.c.deleted == False]  # noqa: E712 - SQL
    if query.countries:
        where.append(cases.c.country.in_(query.countries))
    if query.brokers:
        where.append(BROKER.in_(query.brokers))
    if query.statuses:
        where.append(cases.c.status.in_(query.statuses))
    if query.bands:
        # "" stands for "no band yet" (not enough answers for a readiness index).
        named = [b for b in query.bands if b]
        either = [cases.c.band.in_(named)] if named else []
        if "" in query.bands:
            either.append(cases.c.band.is_(None))
        where.append(or_(*either))
    if query.divisions:
        where.append(
            or_(
                *(
                    or_(cases.c.nace == d, cases.c.nace.like(f"{d}.%", escape="\\"))
                    for d in query.divisions
                )
            )
        )
    if query.reviews:
        where.append(REVIEW.in_(query.reviews))
    column = cases.c.updated if query.date_of == "updated" else cases.c.created
    if query.date_from:
        where.append(column >= query.date_from[:10])
    if query.date_to:
        where.append(column < _day_after(query.date_to))
    if query.shared_only:
        where.append(SHARED == "yes")
    match = fts_query(query.search)
    if match:
        hits = text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q")
        where.append(cases.c.num.in_(hits.bindparams(q=match)))
    return where


class NetworkRepository:
    """Reads of a network file inside one transaction (the caller's connection)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def rows(self, query: NetworkQuery = NetworkQuery()) -> list[NetworkRow]:
        order = SORTS.get(query.order_by, cases.c.updated)
        stmt = (
            select(
                cases.c.id,
                cases.c.company,
                cases.c.country,
                BROKER.label("broker"),
                cases.c.nace,
                cases.c.status,
                cases.c.readiness,
                cases.c.band,
                cases.c.completeness,
                REVIEW.label("review"),
                cases.c.created,
                cases.c.updated,
                cases.c.dirty,
            )
            .where(and_(True, *conditions(query)))
            .order_by(order.desc() if query.descending else order.asc(), cases.c.num)
            .offset(query.offset)
        )
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        return [
            NetworkRow(
                r.id,
                r.company,
                r.country,
                str(r.broker),
                r.nace,
                r.status,
                r.readiness,
                r.band,
                r.completeness,
                str(r.review),
                r.created,
                r.updated,
                bool(r.dirty),
            )
            for r in self.conn.execute(stmt)
        ]

    def count(self, query: NetworkQuery = NetworkQuery()) -> int:
        stmt = select(func.count()).select_from(cases).where(and_(True, *conditions(query)))
        return int(self.conn.execute(stmt).scalar() or 0)

    def documents(self, query: NetworkQuery = NetworkQuery()) -> Iterator[dict[str, Any]]:
        """The documents in view, in the order of the query."""
        order = SORTS.get(query.order_by, cases.c.updated)
        stmt = (
            select(cases.c.doc)
            .where(and_(True, *conditions(query)))
            .order_by(order.desc() if query.descending else order.asc(), cases.c.num)
        )
        for row in self.conn.execute(stmt):
            yield json.loads(row.doc)

    def distinct(self, what: str) -> list[str]:
        """The values found in the file for a filter: ``country``, ``broker`` or ``division``."""
        column: Any = {
            "country": cases.c.country,
            "broker": BROKER,
            "division": func.substr(cases.c.nace, 1, 2),
        }[what]
        stmt = (
            select(column.label("value"))
            .where(cases.c.deleted == False)  # noqa: E712 - SQL
            .distinct()
            .order_by(column)
        )
        return [str(r.value) for r in self.conn.execute(stmt) if r.value]

    def assessed_months(self, query: NetworkQuery, items: Sequence[str]) -> dict[str, int]:
        """Cases assessed per month (``YYYY-MM``): the month of a case's latest answer to one of
        ``items`` (the readiness items), for the cases in view past the interview."""
        if not items:
            return {}
        latest = text(
            "(SELECT max(json_extract(a.value, '$.at')) "
            "FROM json_each(cases.doc, '$.answers') AS a WHERE a.key IN :items)"
        ).bindparams(bindparam("items", value=list(items), expanding=True))
        month = func.substr(latest, 1, 7).label("month")
        stmt = (
            select(month, func.count().label("n"))
            .select_from(cases)
            .where(
                and_(True, *conditions(query)),
                cases.c.status.in_(("assessed", "partner_search", "closed")),
            )
            .group_by(month)
        )
        return {str(r.month): int(r.n) for r in self.conn.execute(stmt) if r.month}

    def counts(self, query: NetworkQuery, column: str) -> dict[str, int]:
        """How many cases in view have each value of ``country``, ``status`` or ``band``."""
        target = {"country": cases.c.country, "status": cases.c.status, "band": cases.c.band}[
            column
        ]
        stmt = (
            select(target.label("value"), func.count().label("n"))
            .where(and_(True, *conditions(query)))
            .group_by(target)
        )
        return {str(r.value or ""): int(r.n) for r in self.conn.execute(stmt)}

    def readiness_by_country(self, query: NetworkQuery) -> dict[str, tuple[float, int]]:
        """Mean readiness and the number of cases with a readiness index, by country."""
        stmt = (
            select(
                cases.c.country,
                func.avg(cases.c.readiness).label("mean"),
                func.count(cases.c.readiness).label("n"),
            )
            .where(and_(True, *conditions(query)), cases.c.readiness.is_not(None))
            .group_by(cases.c.country)
        )
        return {
            str(r.country): (round(float(r.mean), 1), int(r.n)) for r in self.conn.execute(stmt)
        }

    def divisions(self, query: NetworkQuery) -> dict[str, int]:
        """How many cases in view are in each NACE division."""
        division = func.substr(cases.c.nace, 1, 2).label("division")
        stmt = (
            select(division, func.count().label("n"))
            .where(and_(True, *conditions(query)), cases.c.nace != "")
            .group_by(division)
        )
        return {
            str(r.division): int(r.n) for r in self.conn.execute(stmt) if str(r.division).isdigit()
        }
