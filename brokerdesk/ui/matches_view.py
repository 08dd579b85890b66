"""Partner matches: suggested cross-border pairs with their score and reasons, each to be marked
introduced or dismissed (remembered in the network file).

The suggestions are worked out on the background queue over the shared profiles of the cases in
view (``services.coordinator.matches``). A dismissed pair leaves the list unless "Show dismissed"
is ticked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain import matching
from brokerdesk.domain.text import N_
from brokerdesk.i18n import _, active, ngettext, render
from brokerdesk.services import coordinator
from brokerdesk.services.coordinator import MatchRow
from brokerdesk.services.network import NetworkQuery
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, heading, muted
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import describe

COLUMNS = ("score", "first", "first_country", "second", "second_country", "decision")
Index = QModelIndex | QPersistentModelIndex
DECISION_LABELS = {"introduced": N_("Introduced"), "dismissed": N_("Dismissed")}


class MatchModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[MatchRow] = []

    def set_rows(self, rows: list[MatchRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def replace(self, row: int, match: MatchRow) -> None:
        self.rows[row] = match
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "score": _("Score"),
            "first": _("Company"),
            "first_country": _("Country"),
            "second": _("Partner"),
            "second_country": _("Country"),
            "decision": _("Decision"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        match = row.match
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "score":
            return active().number(match.score)
        if column in ("first", "second"):
            profile = match.first if column == "first" else match.second
            return profile.company or _("(no name yet)")
        if column in ("first_country", "second_country"):
            profile = match.first if column == "first_country" else match.second
            return active().country(profile.country)
        decision = row.decision
        return _(DECISION_LABELS[decision]) if decision in DECISION_LABELS else ""


class MatchesView(QWidget):
    """Suggested pairs, best first; the chosen pair's reasons and the decision on it."""

    loaded = Signal()
    open_requested = Signal(str, str)  # case id, company

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = NetworkQuery()
        self.who = ""
        self.loading = False
        self.model = MatchModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.min_label, self.per_case_label = QLabel(self), QLabel(self)
        self.min_score = QSpinBox(self)
        self.min_score.setRange(0, 100)
        self.min_score.setSingleStep(5)
        self.min_score.setValue(matching.MIN_SCORE)
        self.per_case = QSpinBox(self)
        self.per_case.setRange(1, 50)
        self.per_case.setValue(matching.PER_CASE)
        self.min_label.setBuddy(self.min_score)
        self.per_case_label.setBuddy(self.per_case)
        self.show_dismissed = QCheckBox(self)
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.count_label = muted(QLabel(self))
        controls = QHBoxLayout()
        for widget in (self.min_label, self.min_score, self.per_case_label, self.per_case):
            controls.addWidget(widget)
        controls.addWidget(self.show_dismissed)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        controls.addWidget(self.count_label)

        self.detail_title = heading("", 1.1, self)
        self.reasons = WrapLabel("", self)
        self.introduce_button = QPushButton(self)
        self.dismiss_button = QPushButton(self)
        self.undecide_button = QPushButton(self)
        self.open_first = QPushButton(self)
        self.open_second = QPushButton(self)
        self.introduce_button.clicked.connect(lambda: self.decide("introduced"))
        self.dismiss_button.clicked.connect(lambda: self.decide("dismissed"))
        self.undecide_button.clicked.connect(lambda: self.decide(None))
        self.open_first.clicked.connect(lambda: self._open(0))
        self.open_second.clicked.connect(lambda: self._open(1))
        self.error = ErrorLabel(self)
        decisions = QHBoxLayout()
        for button in (self.introduce_button, self.dismiss_button, self.undecide_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        opens = QHBoxLayout()
        opens.addWidget(self.open_first)
        opens.addWidget(self.open_second)
        opens.addStretch(1)
        detail = QWidget(self)
        side = QVBoxLayout(detail)
        side.addWidget(self.detail_title)
        side.addWidget(self.reasons)
        side.addLayout(decisions)
        side.addLayout(opens)
        side.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._show_detail()

    # -- reading -------------------------------------------------------------------------------

    def refresh(self, query: NetworkQuery | None = None) -> None:
        """Works the suggestions out again (for the cases in view, when ``query`` is given)."""
        if query is not None:
            self.query = query
        self.loading = True
        self.refresh_button.setEnabled(False)
        desk, chosen = self.ctx.desk, self.query
        low, per, everything = (
            self.min_score.value(),
            self.per_case.value(),
            self.show_dismissed.isChecked(),
        )
        run_for(
            self,
            self.ctx.ops,
            lambda: coordinator.matches(
                desk.uow, chosen, min_score=low, per_case=per, include_dismissed=everything
            ),
            self._show,
            self._failed,
        )

    def _show(self, rows: list[MatchRow]) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.error.show_messages([])
        self.model.set_rows(rows)
        self._show_count()
        if rows:
            self.table.selectRow(0)
        self._show_detail()
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.error.show_messages([describe(exc)])

    def _show_count(self) -> None:
        count = len(self.model.rows)
        self.count_label.setText(
            ngettext("{count} suggestion", "{count} suggestions", count).format(
                count=active().number(count)
            )
        )

    # -- the chosen pair -----------------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() and index.row() < len(self.model.rows) else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.current_row()
        chosen = self.model.rows[row] if row is not None else None
        for widget in (
            self.introduce_button,
            self.dismiss_button,
            self.undecide_button,
            self.open_first,
            self.open_second,
        ):
            widget.setEnabled(chosen is not None)
        if chosen is None:
            self.detail_title.setText(_("Choose a suggestion to see why it was made."))
            self.reasons.setText("")
            return
        match = chosen.match
        self.detail_title.setText(
            _("{first} and {second}: {score} of 100").format(
                first=match.first.company,
                second=match.second.company,
                score=active().number(match.score),
            )
        )
        reasons = coordinator.explain(self.ctx.library, match)
        self.reasons.setText("\n".join(f"• {render(r)}" for r in reasons))
        self.reasons.setAccessibleName(self.reasons.text())
        # "&" in a company's name ("Møller & Søn") would be taken for a shortcut mark.
        for button, profile in ((self.open_first, match.first), (self.open_second, match.second)):
            button.setText(_("Open {company}").format(company=profile.company.replace("&", "&&")))
        self.undecide_button.setEnabled(chosen.decision is not None)

    def decide(self, decision: str | None) -> None:
        """Marks the chosen pair introduced or dismissed (None: undecided), and remembers it."""
        row = self.current_row()
        if row is None:
            return
        chosen = self.model.rows[row]
        desk, key, who = self.ctx.desk, chosen.key, self.who

        def done(_none: None) -> None:
            position = next((n for n, r in enumerate(self.model.rows) if r.key == key), None)
            if position is None:
                return
            if decision == "dismissed" and not self.show_dismissed.isChecked():
                self.model.remove(position)
                self._show_count()
            else:
                self.model.replace(position, MatchRow(chosen.match, decision, None))
            self._show_detail()

        run_for(
            self,
            self.ctx.ops,
            lambda: coordinator.decide_match(desk.uow, key, decision, by=who),
            done,
            self._failed,
        )

    def _open(self, side: int) -> None:
        row = self.current_row()
        if row is None:
            return
        match = self.model.rows[row].match
        profile = match.first if side == 0 else match.second
        self.open_requested.emit(profile.case_id, profile.company)

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.min_label.setText(_("&Lowest score:"))
        self.per_case_label.setText(_("Partners per &case:"))
        self.show_dismissed.setText(_("Show &dismissed"))
        self.refresh_button.setText(_("&Find matches"))
        self.introduce_button.setText(_("Mark &introduced"))
        self.dismiss_button.setText(_("D&ismiss"))
        self.undecide_button.setText(_("&Undecided"))
        self.table.setAccessibleName(_("Suggested partner matches"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.layoutChanged.emit()
        self._show_count()
        self._show_detail()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
