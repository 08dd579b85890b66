"""The case list as a table model over the case file's listing columns.

The model never loads a case document: it asks the services for listing rows (``list_cases``) and
counts (``count_cases``). Every read runs on the window's background queue (``ctx.ops``), in order
with the writes, so the GUI thread never touches the case file and a read always sees the changes
queued before it; answers to filters that have changed since are dropped.

Orders the database can give (last change, readiness, completeness...) are read a page at a time,
a few milliseconds even at 10,000 cases; Qt asks for the next page (``fetchMore``) as the broker
scrolls. Company names are sorted in the collation of the UI language (``QCollator``), which
SQLite cannot do: for that order all matching listing rows are read and sorted on the queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from brokerdesk.domain.case import STATUS_LABELS
from brokerdesk.domain.text import N_
from brokerdesk.i18n import LOCALES, _, active
from brokerdesk.services.casefiles import ReadUnit
from brokerdesk.services.listing import CaseQuery, CaseRow, count_cases, list_cases
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for

PAGE = 200
COLUMNS = ("company", "country", "nace", "status", "readiness", "completeness", "updated")
HEADERS = {
    "company": N_("Company"),
    "country": N_("Country"),
    "nace": N_("NACE"),
    "status": N_("Status"),
    "readiness": N_("Readiness"),
    "completeness": N_("Completeness"),
    "updated": N_("Last change"),
}
# Which way a header click sorts first: names A→Z, figures and dates highest/newest first.
FIRST_ORDER = {
    "company": Qt.SortOrder.AscendingOrder,
    "country": Qt.SortOrder.AscendingOrder,
    "nace": Qt.SortOrder.AscendingOrder,
    "status": Qt.SortOrder.AscendingOrder,
}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Qt asks for a dozen roles of every cell it paints: the ones answered, as plain ints, so that
# the others are turned away without a lookup.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_CASE_ID = int(CASE_ID_ROLE)
_ANSWERED = frozenset({_DISPLAY, _ACCESSIBLE, _TOOLTIP, _ALIGNMENT, _FONT, _CASE_ID})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Filters:
    """What the broker narrowed the list to."""

    search: str = ""
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.search.strip() or self.statuses or self.countries or self.bands)


def name_key(language: str) -> Callable[[str], Any]:
    """A sort key for names in a language's dictionary order."""
    try:
        from brokerdesk.ui.collation import sort_key
    except ModuleNotFoundError as exc:
        if exc.name != "brokerdesk.ui.collation":
            raise
    else:
        return sort_key(language)
    collator = QCollator(QLocale(LOCALES.get(language, "en_GB")))
    collator.setNumericMode(True)  # "Möwe GmbH 2" before "Möwe GmbH 10"
    return collator.sortKey


def collated(rows: Sequence[CaseRow], language: str, descending: bool) -> list[CaseRow]:
    """Rows ordered by company name as the language sorts them; cases without a name last."""
    sort_key = name_key(language)
    keys: dict[str, Any] = {}  # many cases share a name ("Möwe GmbH"): one key each

    def key(row: CaseRow) -> Any:
        found = keys.get(row.company)
        if found is None:
            found = keys[row.company] = sort_key(row.company)
        return found

    named = [r for r in rows if r.company]
    named.sort(key=key, reverse=descending)
    return named + [r for r in rows if not r.company]


Listing = tuple[int | None, int, list[CaseRow]]  # (all cases, matching cases, first rows)


def read_listing(reads: ReadUnit, query: CaseQuery, language: str, count_all: bool) -> Listing:
    """What the list shows for ``query``: the first page (every row when sorted by name, which
    SQLite cannot collate), how many match, and the total when ``count_all``."""
    total = count_cases(reads, CaseQuery()) if count_all else None
    if query.order_by == "company":
        everything = list_cases(reads, replace(query, descending=False))
        return total, len(everything), collated(everything, language, query.descending)
    rows = list_cases(reads, replace(query, limit=PAGE))
    # A short first page is the whole answer; only a full one needs counting, and without a
    # search or a filter the count is the total.
    unfiltered = not (query.search or query.statuses or query.countries or query.bands)
    if len(rows) < PAGE:
        matching = len(rows)
    elif unfiltered and total is not None:
        matching = total
    else:
        matching = count_cases(reads, query)
    return total, matching, rows


def when_listed(model: CaseListModel, then: Callable[[], None]) -> None:
    """Calls ``then`` once the model has its first rows (on the next turn of the event loop, so
    after the window has drawn them, if they are there already)."""
    if model.listed:
        QTimer.singleShot(0, then)
        return

    def once() -> None:
        model.refreshed.disconnect(once)
        then()

    model.refreshed.connect(once)


class CaseListModel(QAbstractTableModel):
    """Listing rows of the cases that match the filters, in the chosen order."""

    refreshed = Signal()  # the rows now answer the current filters and order
    fetched = Signal()  # another page of rows arrived
    failed = Signal(object)  # a read failed (the file went away, the disk failed...)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._filters = Filters()
        self._order = "updated"
        self._descending = True
        self._rows: list[CaseRow] = []
        self._matching = 0
        self._total: int | None = None  # not counted yet
        self._generation = 0  # answers of a superseded background read are dropped
        self._loading = False
        self._fetching = False
        self._texts: dict[tuple[str, str], str] = {}  # formatted cells, per case and column
        self._bands: dict[str, str] | None = None  # band names, once the instrument is read

    # -- what the view and the window ask -------------------------------------------------

    @property
    def filters(self) -> Filters:
        return self._filters

    @property
    def matching(self) -> int:
        """How many cases match the filters (loaded or not)."""
        return self._matching

    @property
    def total(self) -> int:
        """How many cases the file holds (deleted ones aside)."""
        return self._total or 0

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def order(self) -> tuple[str, bool]:
        """The listing column the rows are ordered by, and whether highest first."""
        return self._order, self._descending

    def case_id(self, row: int) -> str:
        return self._rows[row].id

    def case_row(self, row: int) -> CaseRow:
        return self._rows[row]

    def row_of(self, case_id: str) -> int | None:
        """The row of a case among those loaded, or None."""
        for number, row in enumerate(self._rows):
            if row.id == case_id:
                return number
        return None

    def set_filters(self, filters: Filters) -> None:
        if filters != self._filters:
            self._filters = filters
            self.refresh()

    def set_search(self, text: str) -> None:
        self.set_filters(replace(self._filters, search=text))

    def set_order(self, column: str, descending: bool) -> None:
        if (column, descending) != (self._order, self._descending):
            self._order, self._descending = column, descending
            self.refresh()

    def refresh(self, recount: bool = False, filters: Filters | None = None) -> None:
        """Reads the rows again; ``recount`` after the file changed, to update the total."""
        if filters is not None:
            self._filters = filters
        self._generation += 1
        self._fetching = False
        generation = self._generation
        query = self._query()
        reads = self._ctx.reads
        catalog = active()
        language = catalog.language
        count_all = recount or self._total is None
        library = self._ctx.library if self._total is None else None

        def work() -> Listing:
            if library is not None:
                # What the first rows are shown with loads here, not on the GUI thread: the
                # instrument (band names) and Babel's data for dates, figures and countries.
                library.current  # noqa: B018
                catalog.warm()
            return read_listing(reads, query, language, count_all)

        def done(answer: Listing) -> None:
            if generation != self._generation:
                return  # the filters changed meanwhile; a newer answer is on its way
            total, matching, rows = answer
            if total is not None:
                self._total = total
            self._loading = False
            self._swap(rows, matching)

        self._loading = True
        run_for(self, self._ctx.ops, work, done, lambda exc: self._failed(generation, exc))

    @property
    def has_listed(self) -> bool:
        """Whether rows have arrived once (and with them the instrument and the locale data)."""
        return self._total is not None

    @property
    def listed(self) -> bool:
        """Whether rows have arrived for the current filters (the list is not loading)."""
        return self._total is not None and not self._loading

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._loading = False
            self._fetching = False
            self.failed.emit(exc)

    def retranslate(self) -> None:
        self._texts.clear()
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._order == "company":
            self.refresh()  # another language sorts names differently

    # -- reading ---------------------------------------------------------------------------

    def _query(self) -> CaseQuery:
        f = self._filters
        return CaseQuery(
            search=f.search,
            statuses=f.statuses,
            countries=f.countries,
            bands=f.bands,
            order_by=self._order,
            descending=self._descending,
        )

    def _swap(self, rows: list[CaseRow], matching: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._matching = matching
        self._texts.clear()
        self.endResetModel()
        self.refreshed.emit()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's API
        return not parent.isValid() and len(self._rows) < self._matching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's API
        if parent.isValid() or self._fetching or self._loading:
            return
        self._fetching = True
        generation = self._generation
        query = replace(self._query(), limit=PAGE, offset=len(self._rows))
        reads = self._ctx.reads

        def done(more: list[CaseRow]) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            if not more:
                self._matching = len(self._rows)  # the file changed under the list
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
            self.fetched.emit()

        run_for(
            self,
            self._ctx.ops,
            lambda: list_cases(reads, query),
            done,
            lambda exc: self._failed(generation, exc),
        )

    # -- Qt's table model ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[COLUMNS[section]])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.set_order(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED:
            return None
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        row = self._rows[number]
        column = COLUMNS[index.column()]
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._text(row, column)
        if role == _CASE_ID:
            return row.id
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _ALIGNMENT:
            return _RIGHT if column == "completeness" else None
        if column == "company" and not row.company:  # the font
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, row: CaseRow, column: str) -> str:
        key = (row.id, column)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._format(row, column)
        return text

    def _format(self, row: CaseRow, column: str) -> str:
        catalog = active()
        if column == "company":
            return row.company or _("(no name yet)")
        if column == "country":
            return catalog.country(row.country) if row.country else ""
        if column == "nace":
            return row.nace
        if column == "status":
            label = STATUS_LABELS.get(row.status)
            return _(label) if label else row.status
        if column == "readiness":
            if row.readiness is None:
                return "—"
            if self._bands is None:
                self._bands = {b.id: b.name for b in self._ctx.library.current.bands}
            band = self._bands.get(row.band or "")
            # Figure spaces keep the numbers of the column under each other.
            figure = catalog.number(round(row.readiness)).rjust(3, "\u2007")
            return f"{figure} · {_(band)}" if band else figure
        if column == "completeness":
            return catalog.percent(row.completeness)
        if column == "updated":
            return _local_time(row.updated)
        return ""

    def _tooltip(self, row: CaseRow, column: str) -> str | None:
        if column == "nace" and row.nace:
            entry = self._ctx.library.nace_division(row.nace)
            return f"{row.nace} — {_(entry.title)}" if entry else None
        if column == "readiness" and row.readiness is None:
            return _("Not enough answers for a readiness index yet.")
        if column == "company" and not row.company:
            return _("Open the case to enter the company's name.")
        return None


def _local_time(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)  # the broker's clock
    return active().datetime(moment, "short")
