"""What a locked window shows (``LockScreen``), and the settings' part about locking.

The locking itself is ``window_lock``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.ui.window_lock import LOCK_SETTING, MAX_MINUTES, lock_minutes


class LockScreen(QWidget):
    """What the window shows while locked: no case data, a passphrase field."""

    unlock_requested = Signal(str)  # the passphrase typed (empty for an unencrypted file)

    def __init__(self, encrypted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.encrypted = encrypted
        self.title_label = QLabel()
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        from brokerdesk.ui.passphrase_dialog import secret_field  # the screen is made on locking

        self.passphrase_edit = secret_field()
        self.passphrase_edit.setVisible(encrypted)
        self.passphrase_edit.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.problem_label = QLabel()
        self.problem_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.hide()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.passphrase_edit, 2)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.note_label)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addStretch(3)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title_label.setText(_("BrokerDesk is locked"))
        if self.encrypted:
            self.note_label.setText(_("Enter the passphrase of the case file to go on."))
            self.unlock_button.setText(_("&Unlock"))
        else:
            self.note_label.setText(
                _(
                    "This case file is not encrypted, so it needs no passphrase; encrypt it "
                    "to protect your clients' data if this computer is lost."
                )
            )
            self.unlock_button.setText(_("&Continue"))
        self.passphrase_edit.setAccessibleName(_("Passphrase"))
        self.passphrase_edit.setPlaceholderText(_("Passphrase"))

    def reset(self) -> None:
        self.passphrase_edit.clear()
        self.problem_label.hide()
        self.setEnabled(True)
        (self.passphrase_edit if self.encrypted else self.unlock_button).setFocus()

    def show_problem(self, text: str) -> None:
        self.setEnabled(True)
        self.passphrase_edit.clear()
        self.problem_label.setText(text)
        self.problem_label.show()
        self.passphrase_edit.setFocus()

    def _unlock(self) -> None:
        if self.encrypted and not self.passphrase_edit.text():
            return
        self.setEnabled(False)  # until the passphrase is checked
        self.unlock_requested.emit(self.passphrase_edit.text())


class LockSettingsBox(QGroupBox):
    """The settings' part about locking: after how many idle minutes (0: never)."""

    def __init__(self, settings: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_MINUTES)
        self.minutes.setValue(lock_minutes(settings))
        self.minutes_label = QLabel()
        self.minutes_label.setBuddy(self.minutes)
        form = QFormLayout(self)
        form.addRow(self.minutes_label, self.minutes)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(_("Locking"))
        self.minutes_label.setText(_("&Lock BrokerDesk after (minutes):"))
        self.minutes.setSpecialValueText(_("never"))
        self.minutes.setToolTip(
            _("Minutes without typing or using the mouse; the passphrase unlocks it.")
        )

    def changes(self) -> dict[str, Any]:
        value = self.minutes.value()
        return {} if value == lock_minutes(self._settings) else {LOCK_SETTING: value}
