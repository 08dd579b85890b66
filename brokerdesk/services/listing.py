"""Reading the case list: listing rows and counts, without loading a case document.

Kept apart from ``services.cases`` so that a window can list cases before the case model,
scoring and the instrument are loaded; ``services.cases`` offers the same functions.
"""

from __future__ import annotations

from brokerdesk.store.reading import CaseQuery, CaseRow, ReadUnit

__all__ = ["CaseQuery", "CaseRow", "count_cases", "list_cases"]


def list_cases(uow: ReadUnit, query: CaseQuery = CaseQuery()) -> list[CaseRow]:
    with uow:
        return uow.cases.rows(query)


def count_cases(uow: ReadUnit, query: CaseQuery = CaseQuery()) -> int:
    with uow:
        return uow.cases.count(query)
