"""Locking the main window after a while without input, and unlocking it with the passphrase.

While locked, the window shows only the lock screen: the case list or case is taken out of the
window (not merely covered), its menus, status bar and shortcuts are off, its dialogs are hidden,
and its title names no file, so that neither the screen nor the task switcher shows case data.
Work already queued (saves, a sync) goes on underneath.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for

LOCK_SETTING = "lock_after_minutes"
DEFAULT_MINUTES = 10
MAX_MINUTES = 240

# What counts as the broker being there: input, not repaints or timers.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def lock_minutes(settings: dict[str, Any]) -> int:
    try:
        value = int(settings.get(LOCK_SETTING, DEFAULT_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return max(0, min(MAX_MINUTES, value))


class IdleWatcher(QObject):
    """Emits ``idle`` once no input has reached the application for ``timeout_ms``.

    An event filter on the QApplication sees every input event; it only notes the time (the
    cheapest thing to do on every mouse move), and one single-shot timer checks that time when
    it runs out.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = 0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._watching = True
        # From the next turn of the event loop: building and showing a window sends thousands
        # of events, none of them input, and each would pass through Python here.
        QTimer.singleShot(0, self, self._watch)
        self.set_timeout(timeout_ms)

    def _watch(self) -> None:
        app = QApplication.instance()
        if app is not None and self._watching:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout(self, timeout_ms: int) -> None:
        """Restarts the count; 0 switches the watcher off."""
        self._timeout_ms = max(0, int(timeout_ms))
        self._last = time.monotonic()
        if self._timeout_ms:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def restart(self) -> None:
        self.set_timeout(self._timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        if not self._timeout_ms:
            return
        waited = (time.monotonic() - self._last) * 1000
        if waited >= self._timeout_ms:
            self.idle.emit()
        else:
            self._timer.start(max(1, int(self._timeout_ms - waited)))

    def stop(self) -> None:
        self._timer.stop()
        self._watching = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


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


class WindowLock(QObject):
    """Locks a main window after ``minutes`` without input, and unlocks it."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, ctx: AppContext, minutes: int) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._screen: LockScreen | None = None
        self.watcher = IdleWatcher(minutes * 60_000, self)
        self.watcher.idle.connect(self.lock)
        self._content: QWidget | None = None
        self._title = ""
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        window.installEventFilter(self)

    @property
    def screen(self) -> LockScreen:
        """The lock screen, made the first time it is needed and kept for the next time."""
        if self._screen is None:
            self._screen = LockScreen(self._ctx.desk.case_file.encrypted)
            self._screen.unlock_requested.connect(self._try)
        return self._screen

    @property
    def is_locked(self) -> bool:
        return self._content is not None

    def set_minutes(self, minutes: int) -> None:
        self.watcher.set_timeout(minutes * 60_000)

    def lock(self) -> None:
        window = self._window
        if self.is_locked or window.centralWidget() is None:
            return
        self._title = window.windowTitle()
        self._hidden = [w for w in window.findChildren(QDialog) if w.isVisible() and w.isWindow()]
        for dialog in self._hidden:
            dialog.hide()
        self._disabled = [a for a in window.actions() if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        content = window.takeCentralWidget()
        assert content is not None
        content.setParent(None)  # out of the window: nothing of it can be shown while locked
        self._content = content
        window.menuBar().hide()
        window.statusBar().hide()
        window.setCentralWidget(self.screen)
        self.screen.show()
        self.screen.reset()
        window.setWindowTitle(_("BrokerDesk"))
        self.watcher.set_timeout(0)
        self.locked.emit()

    def _try(self, passphrase: str) -> None:
        if not self._ctx.desk.case_file.encrypted:
            self.unlock()
            return
        desk = self._ctx.desk

        def checked(right: bool) -> None:
            if right:
                self.unlock()
            else:
                self.screen.show_problem(_("That is not the passphrase of this case file."))

        def work() -> bool:
            from brokerdesk.services.encryption import check_passphrase

            return check_passphrase(desk, passphrase)

        run_for(self.screen, self._ctx.ops, work, checked)

    def unlock(self) -> None:
        window, content = self._window, self._content
        if content is None:
            return
        self._content = None
        window.takeCentralWidget()  # the lock screen, kept for the next time
        self.screen.setParent(None)
        window.setCentralWidget(content)
        content.show()
        window.menuBar().show()
        window.statusBar().show()
        for action in self._disabled:
            action.setEnabled(True)
        window.setWindowTitle(self._title)
        for dialog in self._hidden:
            dialog.show()
        self._hidden, self._disabled = [], []
        self.watcher.restart()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A retranslation while locked must not put the file's name back into the title.
        if (
            watched is self._window
            and event.type() == QEvent.Type.WindowTitleChange
            and self.is_locked
            and self._window.windowTitle() != _("BrokerDesk")
        ):
            self._title = self._window.windowTitle()
            self._window.setWindowTitle(_("BrokerDesk"))
        return False

    def stop(self) -> None:
        self.watcher.stop()


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
