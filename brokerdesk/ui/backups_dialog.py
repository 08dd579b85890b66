"""The backups of the open case file: when each was made and how many cases it holds; make one
now, or restore one (a copy of the file as it is is kept first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, active
from brokerdesk.services import backups
from brokerdesk.services.backups import Backup
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import show_error


def _size(size: int) -> str:
    return _("{size} MB").format(size=active().number(size / 1_000_000, 1))


class BackupsDialog(QDialog):
    """Lists the backups (read off the GUI thread: an encrypted one is read with the key)."""

    restored = Signal(Path)  # the copy kept of the file as it was before the restore
    listed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.found: list[Backup] = []
        self.confirm_box: QMessageBox | None = None
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton()
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 22)
        self.retranslate()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backups"))
        self.intro_label.setText(
            _(
                "Copies of {file}, newest first. Restoring one replaces the cases in the file "
                "with the ones it holds; a copy of the file as it is now is kept first."
            ).format(file=self._ctx.desk.path.name)
        )
        self.table.setHorizontalHeaderLabels([_("Made"), _("Cases"), _("Size")])
        self.backup_button.setText(_("&Back up now"))
        self.restore_button.setText(_("&Restore…"))
        self.close_button.setText(_("Close"))
        self._fill()

    def refresh(self) -> None:
        desk = self._ctx.desk

        def listed(found: list[Backup]) -> None:
            self.found = found
            self._fill()
            self.listed.emit()

        run_for(self, self._ctx.ops, lambda: backups.list_backups(desk), listed, self._report)

    def _fill(self) -> None:
        cat = active()
        self.table.setRowCount(len(self.found))
        for row, backup in enumerate(self.found):
            made = cat.datetime(backup.made, "medium")
            if backup.before_restore:
                made = _("{time} (before a restore)").format(time=made)
            cases = (
                cat.number(backup.cases, 0)
                if backup.cases is not None
                else _("cannot be read with this file's passphrase")
            )
            for column, text in enumerate((made, cases, _size(backup.size))):
                item = QTableWidgetItem(text)
                if column == 1 and backup.cases is not None:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self._selection_changed()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.cases is not None)

    def backup_now(self) -> None:
        desk = self._ctx.desk
        run_for(
            self,
            self._ctx.ops,
            lambda: backups.backup_now(desk),
            lambda _p: self.refresh(),
            self._report,
        )

    def ask_restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Restore a backup"))
        box.setText(
            _(
                "Replace the cases in the file with the {count} cases of the backup of {time}?"
            ).format(
                count=active().number(chosen.cases or 0, 0),
                time=active().datetime(chosen.made, "medium"),
            )
        )
        box.setInformativeText(
            _("A copy of the file as it is now is kept among the backups, so this can be undone.")
        )
        restore = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is restore:
                self.restore(chosen.path)
            box.deleteLater()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def restore(self, backup: Path) -> None:
        desk = self._ctx.desk

        def done(kept: Path) -> None:
            self.restored.emit(kept)
            self.refresh()

        run_for(self, self._ctx.ops, lambda: backups.restore(desk, backup), done, self._report)

    def _report(self, exc: Exception) -> None:
        show_error(self, exc)
