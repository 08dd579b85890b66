"""The case list model reads listing rows a page at a time, never the case documents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.store.reading import CaseQuery, CaseReads
from brokerdesk.store.repository import CaseRepository
from brokerdesk.ui.case_list_model import COLUMNS, PAGE, CaseListModel, Filters
from brokerdesk.ui.context import AppContext

from .conftest import open_ctx


@dataclass
class Reads:
    """What the model asked of the real case file, through its reads or its unit of work."""

    documents: int = 0
    queries: list[CaseQuery] = field(default_factory=list)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    seen = Reads()
    # The repository of the unit of work inherits these reads: patched here, both ways count.
    get, documents, rows = CaseReads.get, CaseRepository.documents, CaseReads.rows

    def counted_get(self: CaseReads, case_id: str) -> Any:
        seen.documents += 1
        return get(self, case_id)

    def counted_documents(self: CaseRepository, query: CaseQuery = CaseQuery()) -> Any:
        seen.documents += 1_000_000
        return documents(self, query)

    def recorded_rows(self: CaseReads, query: CaseQuery = CaseQuery()) -> Any:
        seen.queries.append(query)
        return rows(self, query)

    monkeypatch.setattr(CaseReads, "get", counted_get)
    monkeypatch.setattr(CaseRepository, "documents", counted_documents)
    monkeypatch.setattr(CaseReads, "rows", recorded_rows)
    return seen


@pytest.fixture
def big_ctx(big_file: Path, library: Library) -> Iterator[AppContext]:
    ctx = open_ctx(big_file, library)
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def refreshed(qtbot: QtBot, model: CaseListModel, action: Any, *args: Any) -> None:
    with qtbot.waitSignal(model.refreshed, timeout=20_000):
        action(*args)


@pytest.mark.slow
def test_a_10000_case_list_reads_listing_pages_and_never_a_document(
    qtbot: QtBot, big_ctx: AppContext, reads: Reads
) -> None:
    model = CaseListModel(big_ctx)
    refreshed(qtbot, model, model.refresh)
    assert model.total == 10_000
    assert model.matching == 10_000
    assert model.rowCount() == PAGE

    with qtbot.waitSignal(model.fetched):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE
    texts = [model.data(model.index(r, c)) for r in range(0, 2 * PAGE, 37) for c in range(7)]
    assert all(isinstance(t, str) for t in texts)

    refreshed(qtbot, model, model.sort, COLUMNS.index("readiness"), Qt.SortOrder.DescendingOrder)
    refreshed(qtbot, model, model.set_filters, Filters(search="gmbh", countries=("DE",)))
    assert 0 < model.matching < 10_000

    assert reads.documents == 0
    assert reads.queries and all(q.limit == PAGE for q in reads.queries)


@pytest.mark.slow
def test_sorting_10000_cases_by_name_reads_listing_rows_only(
    qtbot: QtBot, big_ctx: AppContext, reads: Reads
) -> None:
    model = CaseListModel(big_ctx)
    refreshed(qtbot, model, model.sort, COLUMNS.index("company"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == model.matching == 10_000
    assert reads.documents == 0
    first, last = model.case_row(0).company, model.case_row(9_999).company
    assert first[0] in "AÄ" and last[0] in "ŻŽZ"


def test_an_answer_for_filters_changed_meanwhile_is_dropped(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    model = CaseListModel(shell_ctx)
    model.set_filters(Filters(countries=("FI",)))
    with qtbot.waitSignal(model.refreshed):
        model.set_filters(Filters(countries=("LV",)))  # before the first answer arrives
    qtbot.waitUntil(lambda: not shell_ctx.ops.pending)
    assert {model.case_row(r).country for r in range(model.rowCount())} == {"LV"}
