"""The case list: search as you type, filters, and new / open / delete with a way back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.case import STATUS_LABELS, STATUSES
from brokerdesk.i18n import _, active
from brokerdesk.ui.case_list_model import COLUMNS, CaseListModel, Filters
from brokerdesk.ui.choices import PARTNER_COUNTRIES, refill
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

# The pause that ends a burst of keys (see ``_search_changed``).
SEARCH_DELAY_MS = 40


COMPANY_CHARS = 24  # the least room of the company column, in average characters


class FilterCombo(QComboBox):
    """A filter's combo box whose list, when it drops down, shows every entry whole."""

    def showPopup(self) -> None:
        view = self.view()
        scroll_bar = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(view.sizeHintForColumn(0) + scroll_bar)
        super().showPopup()


class CaseListView(QWidget):
    """The broker's cases, searchable and filterable; emits what the broker wants to open."""

    open_requested = Signal(str)  # case id
    new_requested = Signal()
    undo_available = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._deleted: tuple[str, str] | None = None  # (case id, company) the undo brings back
        self._keep: str | None = None  # the case to choose again after the rows are read
        self._prefer: str | None = None  # a case to choose instead, once (new or restored)
        self.confirm_box: QMessageBox | None = None
        self.model = CaseListModel(ctx, self)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)

        self._build()
        self._connect()
        self.retranslate()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_label = QLabel()
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_edit)
        self.status_label, self.status_combo = QLabel(), FilterCombo()
        self.country_label, self.country_combo = QLabel(), FilterCombo()
        self.band_label, self.band_combo = QLabel(), FilterCombo()
        for label, combo in (
            (self.status_label, self.status_combo),
            (self.country_label, self.country_combo),
            (self.band_label, self.band_combo),
        ):
            label.setBuddy(combo)
            # Wide enough for the usual entry; the list that drops down shows every one whole,
            # so the row still fits a small screen at 200 % in a long-worded language.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        for label, combo in (
            (self.status_label, self.status_combo),
            (self.country_label, self.country_combo),
            (self.band_label, self.band_combo),
        ):
            top.addSpacing(8)
            top.addWidget(label)
            top.addWidget(combo)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.verticalHeader().setVisible(False)
        # Rows a little taller than a line of text: dense enough for a long list, easy to hit.
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line + max(8, line // 2))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._pages = QStackedLayout()
        self._pages.addWidget(self.table)
        self._pages.addWidget(self.empty_label)

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_bar.setAutoFillBackground(True)
        self.undo_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_close = QPushButton()
        bar = QHBoxLayout(self.undo_bar)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.undo_close)
        self.undo_bar.hide()

        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.delete_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self._pages, 1)
        layout.addWidget(self.undo_bar)
        layout.addLayout(buttons)

        # Actions the window also puts in its menus; the list-bound keys work in the table only,
        # so that Delete or Enter typed in the search field never touch a case.
        self.open_action = QAction(self)
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        for action in (self.open_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setEnabled(False)

        QWidget.setTabOrder(self.search_edit, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.country_combo)
        QWidget.setTabOrder(self.country_combo, self.band_combo)
        QWidget.setTabOrder(self.band_combo, self.table)
        QWidget.setTabOrder(self.table, self.undo_button)
        QWidget.setTabOrder(self.undo_button, self.undo_close)
        QWidget.setTabOrder(self.undo_close, self.new_button)
        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.delete_button)

    def _connect(self) -> None:
        self._viewport = self.table.viewport()
        self._viewport.installEventFilter(self)  # its width decides the company column's
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.installEventFilter(self)
        for combo in (self.status_combo, self.country_combo, self.band_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.refreshed.connect(self._after_refresh)
        self.model.failed.connect(self._ctx.ops.failed.emit)
        self.open_action.triggered.connect(self.open_current)
        self.delete_action.triggered.connect(self.delete_current)
        self.undo_action.triggered.connect(self.undo_delete)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_close.clicked.connect(self._forget_deleted)

    # -- language --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search_edit.setPlaceholderText(_("Company, notes or keywords"))
        self.search_edit.setAccessibleName(_("Search cases"))
        self.status_label.setText(_("S&tatus:"))
        self.country_label.setText(_("C&ountry:"))
        self.band_label.setText(_("&Readiness:"))
        self.status_combo.setAccessibleName(_("Show cases with this status"))
        self.country_combo.setAccessibleName(_("Show cases from this country"))
        self.band_combo.setAccessibleName(_("Show cases in this readiness band"))
        self._fill_filters()
        self.table.setAccessibleName(_("Cases"))
        self.new_button.setText(_("&New case"))
        self.new_button.setToolTip(_("Start the assessment of another company (Ctrl+N)"))
        self.open_button.setText(_("&Open"))
        self.delete_button.setText(_("&Delete…"))
        self.undo_button.setText(_("&Undo"))
        self.undo_close.setText(_("Dismiss"))
        self.undo_close.setAccessibleName(_("Dismiss the undo message"))
        self.open_action.setText(_("&Open case"))
        self.delete_action.setText(_("&Delete case…"))
        self.undo_action.setText(_("&Undo delete"))
        self.model.retranslate()
        if self.model.has_listed:
            self._fit_columns()
        self._show_undo_text()
        self._after_refresh()

    def _fill_filters(self) -> None:
        # Country names (Babel's locale data) and the bands (the instrument) are read with the
        # first rows, off the GUI thread: until then the window shows the "All ..." entries.
        ready = self.model.has_listed
        bands = self._ctx.library.current.bands if ready else ()
        countries = [(c, active().country(c)) for c in PARTNER_COUNTRIES] if ready else []
        fills = (
            (self.status_combo, _("All statuses"), [(_(STATUS_LABELS[s]), s) for s in STATUSES]),
            (self.country_combo, _("All countries"), sorted((n, c) for c, n in countries)),
            (self.band_combo, _("All bands"), [(_(b.name), b.id) for b in bands]),
        )
        for combo, everything, entries in fills:
            refill(combo, entries, first=everything)

    def _fit_columns(self) -> None:
        """Widths that fit the headers and the widest usual content, at any font size."""
        metrics = self.table.fontMetrics()
        pad = metrics.horizontalAdvance("MM")
        samples = {
            "country": [active().country(c) for c in PARTNER_COUNTRIES],
            "nace": ["00.00"],
            "status": [_(label) for label in STATUS_LABELS.values()],
            "readiness": [f"100 · {_(b.name)}" for b in self._ctx.library.current.bands],
            "completeness": [active().percent(1.0)],
            "updated": [active().datetime("2026-12-31T23:59:00", "short")],
        }
        header = self.table.horizontalHeader()
        for column, texts in samples.items():
            section = COLUMNS.index(column)
            widest = max(metrics.horizontalAdvance(t) for t in texts) + pad
            # The header's own hint counts its font and the room of the sort arrow.
            header.resizeSection(section, max(widest, header.sectionSizeHint(section)))
        self._fit_company()

    def _fit_company(self) -> None:
        """The company column takes the room the others leave, never less than a name needs:
        in a narrow window the list scrolls sideways rather than hide the companies."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(s) for s in range(1, len(COLUMNS)))
        least = self.table.fontMetrics().averageCharWidth() * COMPANY_CHARS
        header.resizeSection(0, max(least, self._viewport.width() - others))

    # -- filtering -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_filters(self) -> Filters:
        def chosen(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (value,) if value else ()

        return Filters(
            search=self.search_edit.text(),
            statuses=chosen(self.status_combo),
            countries=chosen(self.country_combo),
            bands=chosen(self.band_combo),
        )

    def _search_changed(self) -> None:
        # The first key after a pause searches at once; keys that follow while a search is
        # still on its way wait for a short pause, so a fast typist queues no stale searches.
        if self.model.loading or self._search_timer.isActive():
            self._search_timer.start()
        else:
            self._apply_filters()

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_filters(self.current_filters())

    def refresh(self, select: str | None = None) -> None:
        """Reads the list again (after changes, or F5), then chooses ``select`` if it is there."""
        self._prefer = select
        self._search_timer.stop()
        self.model.refresh(recount=True, filters=self.current_filters())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport:
            if event.type() == QEvent.Type.Resize:
                self._fit_company()
            return False
        # Down or Enter in the search field goes to the results, the first one chosen.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._apply_filters()
                if self.model.rowCount():
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    if self.current_row() is None:
                        self.select_row(0)
                return True
        return super().eventFilter(watched, event)

    # -- selection -------------------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def current_case_id(self) -> str | None:
        row = self.current_row()
        return self.model.case_id(row) if row is not None else None

    def select_row(self, row: int) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(row, 0))

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def _remember_current(self) -> None:
        self._keep = self._prefer or self.current_case_id()
        self._prefer = None

    def _after_refresh(self) -> None:
        if self.model.has_listed and self.country_combo.count() == 1:  # the first rows are in
            self._fill_filters()
            self._fit_columns()
        keep = self._keep
        if self.model.rowCount() and not (keep and self.select_case(keep)):
            self.select_row(0)
        if self.model.rowCount() or self.model.loading or not self.model.has_listed:
            self._pages.setCurrentWidget(self.table)  # not "no cases" before they are read
        else:
            if self.model.total == 0 and not self.model.filters.active:
                self.empty_label.setText(
                    _("No cases yet. Start the first one with “New case” (Ctrl+N).")
                )
            else:
                self.empty_label.setText(_("No case matches the search and filters."))
            self._pages.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_row() is not None
        for widget in (self.open_button, self.delete_button):
            widget.setEnabled(chosen)
        for action in (self.open_action, self.delete_action):
            action.setEnabled(chosen)

    # -- open, delete, undo ----------------------------------------------------------------

    def open_current(self) -> None:
        case_id = self.current_case_id()
        if case_id is not None:
            self.open_requested.emit(case_id)

    def delete_current(self) -> None:
        """Asks before deleting the chosen case; the answer comes back without blocking."""
        row = self.current_row()
        if row is None:
            return
        case = self.model.case_row(row)
        name = case.company or _("(no name yet)")
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete case"))
        box.setText(_("Delete the case of {company}?").format(company=name))
        box.setInformativeText(_("You can bring it back with Undo (Ctrl+Z) right after."))
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered() -> None:
            self.confirm_box = None
            if box.clickedButton() is delete:
                self._delete(case.id, name)
            box.deleteLater()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def _delete(self, case_id: str, name: str) -> None:
        desk = self._ctx.desk  # its unit of work is made on the queue, not here

        def done(_result: object) -> None:
            self._deleted = (case_id, name)
            self._show_undo_text()
            self.undo_bar.show()
            self.undo_action.setEnabled(True)
            self.undo_available.emit(True)
            self.refresh()

        def work() -> None:
            from brokerdesk.services.cases import delete_case  # loads on the queue, not at start

            delete_case(desk.uow, case_id)

        run_for(self, self._ctx.ops, work, done, self._failed)

    def can_undo(self) -> bool:
        return self._deleted is not None

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        case_id, _name = self._deleted
        desk = self._ctx.desk

        def done(_result: object) -> None:
            self._forget_deleted()
            self.refresh(select=case_id)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        def work() -> None:
            from brokerdesk.services.cases import restore_case

            restore_case(desk.uow, case_id)

        run_for(self, self._ctx.ops, work, done, self._failed)

    def _forget_deleted(self) -> None:
        self._deleted = None
        self.undo_bar.hide()
        self.undo_action.setEnabled(False)
        self.undo_available.emit(False)

    def _show_undo_text(self) -> None:
        if self._deleted is not None:
            self.undo_label.setText(
                _("The case of {company} was deleted.").format(company=self._deleted[1])
            )

    def _failed(self, exc: Exception) -> None:
        show_error(self, exc)
        self.refresh()
