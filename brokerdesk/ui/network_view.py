"""The network: the cases of every broker in the coordinator's scope, with their filters.

Filters by country, broker, status, readiness band, NACE division, review state, the day a case
was opened (from, to) and a search. The list reads the network file on the background queue; a
row opens with Enter or a double click (read-only: ``open_requested``). ``query`` is what the
dashboard, the matches and the exports take as "the cases in view".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.case import STATUS_LABELS, STATUSES
from brokerdesk.i18n import _, active, ngettext
from brokerdesk.services import network_export
from brokerdesk.services.coordinator import REVIEW_LABELS
from brokerdesk.services.network import NetworkQuery, NetworkRow, filter_choices, network_rows
from brokerdesk.ui.choices import refill
from brokerdesk.ui.collation import sort_key
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.date_field import DateField
from brokerdesk.ui.form_parts import ErrorLabel, muted, tr
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import describe

COLUMNS = (
    "company",
    "country",
    "broker",
    "nace",
    "status",
    "readiness",
    "band",
    "review",
    "created",
    "updated",
)
SEARCH_DELAY_MS = 250
Index = QModelIndex | QPersistentModelIndex


class NetworkModel(QAbstractTableModel):
    """The rows of the network in view; ``Qt.UserRole`` gives each cell's sort key."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[NetworkRow] = []
        self._bands = {b.id: b.name for b in ctx.library.current.bands}
        self._key = sort_key()

    def set_rows(self, rows: list[NetworkRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._key = sort_key()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "company": _("Company"),
            "country": _("Country"),
            "broker": _("Broker"),
            "nace": _("NACE"),
            "status": _("Status"),
            "readiness": _("Readiness"),
            "band": _("Band"),
            "review": _("Review"),
            "created": _("Opened"),
            "updated": _("Last change"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "readiness":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: NetworkRow, column: str) -> str:
        if column == "country":
            return active().country(row.country) if row.country else ""
        if column == "status":
            return _(STATUS_LABELS.get(row.status, row.status))
        if column == "readiness":
            return "" if row.readiness is None else active().number(row.readiness)
        if column == "band":
            return tr(self._bands.get(row.band or "", ""))
        if column == "review":
            text = _(REVIEW_LABELS.get(row.review, row.review))
            return _("{review} (waiting to be sent)").format(review=text) if row.waiting else text
        if column in ("created", "updated"):
            value = getattr(row, column)
            return active().date(value, "short") if value else ""
        return str(getattr(row, column) or "")

    def _sort_value(self, row: NetworkRow, column: str) -> Any:
        if column == "readiness":
            return -1.0 if row.readiness is None else row.readiness
        if column in ("created", "updated", "nace"):
            return str(getattr(row, column) or "")
        if column == "status":
            return STATUSES.index(row.status) if row.status in STATUSES else len(STATUSES)
        return self._key(self._text(row, column))

    def case_row(self, row: int) -> NetworkRow:
        return self.rows[row]


class _Sorter(QSortFilterProxyModel):
    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class NetworkView(QWidget):
    """The cases of the network, filtered; a chosen case opens read-only elsewhere."""

    open_requested = Signal(str, str)  # case id, company
    query_changed = Signal(object)  # NetworkQuery
    pull_requested = Signal()
    loaded = Signal()  # the rows of the current filters are shown
    exported = Signal(object, int)  # the file, the number of cases

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        self.model = NetworkModel(ctx, self)
        self.proxy = _Sorter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        self.combos: dict[str, QComboBox] = {}
        self.filter_labels: dict[str, QLabel] = {}
        filters = QGridLayout()
        for n, name in enumerate(("country", "broker", "status", "band", "division", "review")):
            combo = QComboBox(self)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(self._filters_changed)
            label = QLabel(self)
            label.setBuddy(combo)
            filters.addWidget(label, 0, n)
            filters.addWidget(combo, 1, n)
            self.combos[name] = combo
            self.filter_labels[name] = label
        self.date_from, self.date_to = DateField(self), DateField(self)
        self.date_from_label, self.date_to_label = QLabel(self), QLabel(self)
        for column, (label, field) in enumerate(
            ((self.date_from_label, self.date_from), (self.date_to_label, self.date_to)), start=6
        ):
            label.setBuddy(field)
            field.committed.connect(self._filters_changed)
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_filters)
        self.pull_button = QPushButton(self)
        self.pull_button.clicked.connect(self.pull_requested)
        self.export_button = QPushButton(self)
        self.export_menu = QMenu(self.export_button)
        self.export_actions = {
            fmt: self.export_menu.addAction("") for fmt in ("csv", "xlsx", "json")
        }
        for fmt, action in self.export_actions.items():
            action.triggered.connect(lambda _c=False, fmt=fmt: self.choose_export(fmt))
        self.export_button.setMenu(self.export_menu)
        self.count_label = muted(QLabel(self))
        self.error = ErrorLabel(self)

        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        tools.addWidget(self.count_label)
        tools.addWidget(self.export_button)
        tools.addWidget(self.pull_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(tools)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        self._choices: dict[str, list[str]] = {"country": [], "broker": [], "division": []}
        self.retranslate()

    # -- the query -----------------------------------------------------------------------------

    def _chosen(self, name: str) -> tuple[str, ...]:
        value = self.combos[name].currentData()
        return () if value is None else (str(value),)

    def query(self) -> NetworkQuery:
        """The cases in view, as the filters say."""
        return NetworkQuery(
            countries=self._chosen("country"),
            brokers=self._chosen("broker"),
            statuses=self._chosen("status"),
            bands=self._chosen("band"),
            divisions=self._chosen("division"),
            reviews=self._chosen("review"),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            search=self.search.text().strip(),
            order_by="updated",
        )

    def set_filter(self, name: str, value: str | None) -> None:
        """Chooses a filter's value (None: any) and reads the list again."""
        combo = self.combos[name]
        combo.setCurrentIndex(max(0, combo.findData(value)))
        self._filters_changed()

    def clear_filters(self) -> None:
        for combo in self.combos.values():
            combo.setCurrentIndex(0)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        self._search_timer.stop()
        self.refresh()
        self.query_changed.emit(self.query())

    # -- reading -------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        """Reads the rows of the current filters (and the values the filters offer)."""
        self._loading = True
        desk, query = self.ctx.desk, self.query()

        def work() -> tuple[list[NetworkRow], dict[str, list[str]]]:
            # The unit of work is made here, on the queue: it loads SQLAlchemy the first time.
            return network_rows(desk.uow, query), filter_choices(desk.uow)

        run_for(self, self.ctx.ops, work, self._show, self._failed)

    def _show(self, answer: tuple[list[NetworkRow], dict[str, list[str]]]) -> None:
        rows, choices = answer
        self._loading = False
        self.error.show_messages([])
        self._choices = choices
        self._fill_choices()
        self.model.set_rows(rows)
        self._show_count()
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self._loading = False
        self.error.show_messages([describe(exc)])

    def _show_count(self) -> None:
        count = len(self.model.rows)
        self.count_label.setText(
            ngettext("{count} case in view", "{count} cases in view", count).format(
                count=active().number(count)
            )
        )

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.case_row(self.proxy.mapToSource(index).row())
        self.open_requested.emit(row.id, row.company)

    def current_case_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.case_row(self.proxy.mapToSource(index).row()).id

    # -- export --------------------------------------------------------------------------------

    def choose_export(self, fmt: str) -> None:
        """Asks for the file, then exports the cases in view."""
        names = {
            "csv": _("CSV tables (*.csv)"),
            "xlsx": _("Excel workbooks (*.xlsx)"),
            "json": _("BrokerDesk exports (*.json)"),
        }
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export the cases in view"), str(Path.home() / f"network.{fmt}"), names[fmt]
        )
        if path:
            self.export(fmt, Path(path))

    def export(self, fmt: str, path: Path) -> None:
        """Writes the cases in view to ``path`` (off the GUI thread); ``exported`` when done."""
        desk, library, query = self.ctx.desk, self.ctx.library, self.query()
        run_for(
            self,
            self.ctx.ops,
            lambda: network_export.export(desk.uow, library, fmt, path, query),
            lambda count: self.exported.emit(path, count),
            self._failed,
        )

    # -- language ------------------------------------------------------------------------------

    def _fill(self, name: str, everything: str, items: list[tuple[str, Any]]) -> None:
        refill(self.combos[name], items, first=everything)

    def _fill_choices(self) -> None:
        titles = {code: tr(entry.title) for code, entry in self.ctx.library.nace.items()}
        key = sort_key()
        countries = sorted(self._choices["country"], key=lambda c: key(active().country(c)))
        self._fill("country", _("All countries"), [(active().country(c), c) for c in countries])
        self._fill("broker", _("All brokers"), [(b, b) for b in self._choices["broker"]])
        self._fill(
            "division",
            _("All sectors"),
            [(f"{d} {titles.get(d, '')}".strip(), d) for d in self._choices["division"]],
        )

    def retranslate(self) -> None:
        labels = {
            "country": _("&Country"),
            "broker": _("&Broker"),
            "status": _("&Status"),
            "band": _("Readiness &band"),
            "division": _("Sector (&NACE)"),
            "review": _("Re&view"),
        }
        for name, text in labels.items():
            self.filter_labels[name].setText(text)
        self.date_from_label.setText(_("Opened &from"))
        self.date_to_label.setText(_("Opened &until"))
        self._fill("status", _("Any status"), [(_(STATUS_LABELS[s]), s) for s in STATUSES])
        bands = [(tr(b.name), b.id) for b in self.ctx.library.current.bands]
        self._fill("band", _("Any band"), [*bands, (_("No band yet"), "")])
        self._fill("review", _("Any review"), [(_(t), s) for s, t in REVIEW_LABELS.items()])
        self._fill_choices()
        self.search.setPlaceholderText(_("Search company names, notes and keywords"))
        self.search.setAccessibleName(_("Search the network"))
        self.clear_button.setText(_("Clear filters"))
        self.pull_button.setText(_("&Pull from the server"))
        self.pull_button.setToolTip(_("Fetch the cases that changed, and send waiting reviews"))
        self.export_button.setText(_("&Export"))
        self.export_actions["csv"].setText(_("Cases in view as CSV…"))
        self.export_actions["xlsx"].setText(_("Cases in view as Excel workbook…"))
        self.export_actions["json"].setText(_("Case documents in view as JSON…"))
        self.table.setAccessibleName(_("Cases of the network"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.layoutChanged.emit()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
