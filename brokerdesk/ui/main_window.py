"""The main window: the case list, a case opened in its place, menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brokerdesk import __version__
from brokerdesk.i18n import _, active, ngettext
from brokerdesk.services.casefiles import update_settings
from brokerdesk.ui.case_list_view import CaseListView
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import show_error
from brokerdesk.ui.protection import Protection
from brokerdesk.ui.sync_controller import SyncController

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

    from brokerdesk.services.cases import Saved
    from brokerdesk.ui.settings_dialog import SettingsDialog

CASE_FILE_FILTER = "*.brokerdesk"


class MainWindow(QMainWindow):
    """One open case file: its list of cases, and one case at a time in the list's place."""

    open_file_requested = Signal(Path)
    language_requested = Signal(str)  # the broker chose another UI language in the settings
    closed = Signal()

    def __init__(
        self, ctx: AppContext, settings: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._settings = dict(settings)
        self._case_id: str | None = None
        self._case_view: QWidget | None = None
        self._list_stale = False
        self.new_case_dialog: QInputDialog | None = None
        self.settings_dialog: SettingsDialog | None = None

        self.list_view = CaseListView(ctx)
        self._build_case_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.case_page)
        self.setCentralWidget(self.stack)
        self.sync = SyncController(ctx, self)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        # Lock after idle time, backups, passphrase: File menu entries and a status bar sign.
        self.protection = Protection(self, ctx, settings)
        self.protection.restored.connect(self._restored)
        self.sync.state_changed.connect(self._show_sync)
        self.sync.synced.connect(self._synced)

        self.list_view.open_requested.connect(self.open_case)
        self.list_view.new_requested.connect(self.new_case)
        self.list_view.model.refreshed.connect(self._show_counts)
        ctx.ops.busy_changed.connect(self._show_busy)
        ctx.ops.failed.connect(self._report)

        self.retranslate()
        self._restore_geometry()
        self._show_page(self.list_view)
        self.list_view.refresh()

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    @property
    def case_view(self) -> QWidget | None:
        return self._case_view

    # -- building --------------------------------------------------------------------------

    def _build_case_page(self) -> None:
        self.case_page = QWidget()
        self.back_button = QPushButton()  # its arrow comes with the first case (QStyle is big)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button.clicked.connect(self.show_list)
        self.case_title = QLabel()
        title_font = QFont(self.case_title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.case_title.setFont(title_font)
        self.case_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addSpacing(12)
        bar.addWidget(self.case_title, 1)
        bar.addStretch()  # keeps the back button small when there is no title
        self.case_layout = QVBoxLayout(self.case_page)
        self.case_layout.setContentsMargins(6, 6, 6, 0)
        self.case_layout.setSpacing(0)
        self.case_layout.addLayout(bar)

    def _action(self, *keys: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
        action = QAction(self)
        sequences: list[QKeySequence] = []
        for key in keys:
            sequence = QKeySequence(key)
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
        action.setShortcuts(sequences)
        self.addAction(action)  # works wherever the focus is in this window
        return action

    def _build_actions(self) -> None:
        self.new_case_action = self._action(QKeySequence.StandardKey.New)
        self.new_case_action.triggered.connect(self.new_case)
        self.open_file_action = self._action(QKeySequence.StandardKey.Open)
        self.open_file_action.triggered.connect(self.choose_file)
        self.settings_action = self._action("Ctrl+,", QKeySequence.StandardKey.Preferences)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.edit_settings)
        self.quit_action = self._action("Ctrl+Q", QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.find_action = self._action(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.refresh_action = self._action(QKeySequence.StandardKey.Refresh, "F5")
        self.refresh_action.triggered.connect(self.list_view.refresh)
        self.back_action = self._action(QKeySequence.StandardKey.Back, "Esc")
        self.back_action.triggered.connect(self.show_list)
        self.sync_action = self._action("F9")
        self.sync_action.triggered.connect(self.sync.sync_now)
        self.connect_action = QAction(self)
        self.connect_action.triggered.connect(self.connect_server)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_case_action)
        self.file_menu.addAction(self.open_file_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addAction(self.connect_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.list_view.open_action)
        self.edit_menu.addAction(self.list_view.delete_action)
        self.edit_menu.addAction(self.list_view.undo_action)
        self.addAction(self.list_view.undo_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.back_action)
        self.view_menu.addAction(self.refresh_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.file_label = QLabel()
        self.counts_label = QLabel()
        self.busy_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.file_label, self.counts_label, self.busy_label, self.sync_label):
            label.setContentsMargins(6, 0, 6, 0)
        status = self.statusBar()
        status.addWidget(self.file_label, 1)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.sync_label)

    # -- language --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        path = self._ctx.desk.path
        self.setWindowTitle(_("{file} — BrokerDesk").format(file=path.name))
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.new_case_action.setText(_("&New case…"))
        self.open_file_action.setText(_("&Open case file…"))
        self.settings_action.setText(_("&Settings…"))
        self.quit_action.setText(_("&Quit"))
        self.find_action.setText(_("&Find case"))
        self.refresh_action.setText(_("&Refresh list"))
        self.back_action.setText(_("&Back to the case list"))
        self.about_action.setText(_("&About BrokerDesk"))
        self.sync_action.setText(_("S&ync now"))
        self.connect_action.setText(_("Connect to a ser&ver…"))
        self.back_button.setText(_("Cases"))
        self.back_button.setToolTip(_("Back to the case list (Alt+Left or Esc)"))
        self.back_button.setAccessibleName(_("Back to the case list"))
        self.file_label.setText(_("Case file: {path}").format(path=path.name))
        self.file_label.setToolTip(str(path))
        self._show_counts()
        self._show_busy(self._ctx.ops.pending > 0)
        self._show_sync()

    def _show_counts(self) -> None:
        model = self.list_view.model
        if not model.has_listed:
            self.counts_label.setText("")  # not "0 cases" while the list is read
            return
        total = model.total
        count = active().number(total)
        if model.filters.active:
            text = ngettext(
                "{shown} of {count} case shown", "{shown} of {count} cases shown", total
            ).format(shown=active().number(model.matching), count=count)
        else:
            text = ngettext("{count} case", "{count} cases", total).format(count=count)
        self.counts_label.setText(text)

    def _show_sync(self) -> None:
        self.sync_label.setText(self.sync.status_text())
        self.sync_label.setToolTip(self.sync.detail_text())
        self.sync_action.setEnabled(self.sync.connected)

    def _synced(self, _changed: int) -> None:
        """A sync changed cases here: the list and an open case show them."""
        if self.stack.currentWidget() is self.list_view:
            self.list_view.refresh()
        else:
            self._list_stale = True
            session = getattr(self._case_view, "session", None)
            if session is not None:
                session.reload()

    def connect_server(self) -> None:
        from brokerdesk.ui.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self._ctx, self)
        dialog.connected.connect(self.sync.sync_now)
        dialog.finished.connect(lambda _result: self.sync.sync_now())
        dialog.finished.connect(dialog.deleteLater)
        self.connect_dialog = dialog
        dialog.open()

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText(_("Working…") if busy else _("All changes saved"))

    # -- pages -----------------------------------------------------------------------------

    def _show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        on_list = page is self.list_view
        for action in (self.find_action, self.refresh_action):
            action.setEnabled(on_list)
        self.back_action.setEnabled(not on_list)
        # Ctrl+Z belongs to the case view while a case is open.
        self.list_view.undo_action.setEnabled(on_list and self.list_view.can_undo())

    def open_case(self, case_id: str, name: str | None = None) -> None:
        """Shows a case in the list's place (Esc or Alt+Left goes back)."""
        self._retire_case_view()
        self._case_id = case_id
        if name is None:
            row = self.list_view.model.row_of(case_id)
            name = self.list_view.model.case_row(row).company if row is not None else ""
        self.case_title.setText(name or _("(no name yet)"))
        self.case_title.setVisible(False)  # the case view names the company itself
        # Imported on first use: the case view's pages are not needed to show the list.
        from PySide6.QtWidgets import QStyle

        from brokerdesk.ui.case_view import CaseView

        if self.back_button.icon().isNull():
            arrow = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack)
            self.back_button.setIcon(arrow)

        view = CaseView(self._ctx, case_id, self.case_page)
        view.changed.connect(self._case_changed)
        view.erased.connect(self._case_erased)
        self._case_view = view
        self.case_layout.addWidget(view, 1)
        self._show_page(self.case_page)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _retire_case_view(self) -> None:
        view, self._case_view = self._case_view, None
        if view is None:
            return
        view.hide()
        self.case_layout.removeWidget(view)
        if self._ctx.ops.pending:
            # Its saves are still queued and will report back to it: delete it after them.
            def later(busy: bool) -> None:
                if not busy:
                    self._ctx.ops.busy_changed.disconnect(later)
                    view.deleteLater()

            self._ctx.ops.busy_changed.connect(later)
        else:
            view.deleteLater()

    def _case_changed(self, _case_id: str) -> None:
        self._list_stale = True  # read again when the broker goes back to the list

    def _case_erased(self, _case_id: str) -> None:
        self._case_id = None
        self._list_stale = True
        self.show_list()

    def _restored(self, _kept: Path) -> None:
        """A backup replaced the file's content: nothing shown before may still be true."""
        self._case_id = None
        self._list_stale = True
        self.show_list()
        self.list_view.refresh()

    def show_list(self) -> None:
        if self.stack.currentWidget() is self.list_view:
            return
        self._show_page(self.list_view)
        if self._list_stale:
            self._list_stale = False
            self.list_view.refresh()
        if self._case_id is not None:
            self.list_view.select_case(self._case_id)
        self.list_view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.show_list()
        self.list_view.focus_search()

    # -- commands --------------------------------------------------------------------------

    def new_case(self) -> None:
        """Asks for the company's name (it may stay empty), then opens the new case."""
        from PySide6.QtWidgets import QInputDialog  # the dialogs load on first use, not at start

        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("New case"))
        dialog.setLabelText(_("Company name (you can change it later):"))
        dialog.setOkButtonText(_("Create"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(self._create_case)
        dialog.finished.connect(dialog.deleteLater)
        dialog.resize(max(dialog.sizeHint().width(), self.fontMetrics().averageCharWidth() * 50), 0)
        self.new_case_dialog = dialog
        dialog.open()

    def _create_case(self, name: str) -> None:
        self.new_case_dialog = None
        # The unit of work is made on the queue: it loads SQLAlchemy if the start has not yet.
        desk, library = self._ctx.desk, self._ctx.library
        country = str((self._settings.get("broker") or {}).get("country") or "")

        def work() -> Saved:
            # The case services (scoring, the case model) load on the queue, not at start.
            from brokerdesk.services.cases import create_case

            return create_case(desk.uow, library, company=name.strip(), country=country)

        def done(saved: Saved) -> None:
            self.list_view.refresh(select=saved.case.id)
            self.open_case(saved.case.id, saved.case.company_name)

        run_for(self, self._ctx.ops, work, done, self._report)

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self._ctx.desk.path.parent)
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            _("Open case file"),
            start,
            _("BrokerDesk case files ({pattern})").format(pattern=CASE_FILE_FILTER)
            + ";;"
            + _("All files (*)"),
        )
        if path:
            self.open_file_requested.emit(Path(path))

    def edit_settings(self) -> None:
        from brokerdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings, self._ctx.desk.path, self)
        dialog.accepted.connect(lambda: self._save_settings(dialog.changes()))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()

    def _save_settings(self, changes: dict[str, Any]) -> None:
        self.settings_dialog = None
        if not changes:
            return
        desk = self._ctx.desk
        before = self._settings.get("ui_language")

        def done(settings: dict[str, Any]) -> None:
            self._settings = settings
            self.protection.apply(settings)
            if settings.get("ui_language") != before:
                self.language_requested.emit(str(settings.get("ui_language")))

        run_for(self, self._ctx.ops, lambda: update_settings(desk.uow, changes), done, self._report)

    def _report(self, exc: Exception) -> None:
        show_error(self, exc)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(_("About BrokerDesk"))
        box.setText(_("BrokerDesk {version}").format(version=__version__))
        box.setInformativeText(
            _(
                "Internationalisation readiness assessments and partner search for the "
                "innovation brokers of the Transnational Innovation Brokerage System."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- geometry and closing --------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = self._settings.get("window_geometry")
        restored = bool(saved) and self.restoreGeometry(
            QByteArray.fromBase64(str(saved).encode("ascii"))
        )
        if not restored:
            metrics = self.fontMetrics()
            self.resize(metrics.averageCharWidth() * 150, metrics.height() * 40)

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        desk = self._ctx.desk
        self._ctx.ops.run(
            lambda: update_settings(desk.uow, {"window_geometry": geometry}),
            None,
            lambda _exc: None,
        )
        self.sync.stop()  # an attempt under way ends between two steps, losing nothing
        self._ctx.ops.wait()  # every queued change reaches the disk before the window goes
        self.closed.emit()
        super().closeEvent(event)
