"""Locking the main window after a while without input, and unlocking it with the passphrase.

While locked, the window shows only the lock screen (``lock_screen.LockScreen``): the case list
or case is taken out of the window (not merely covered), its menus, status bar and shortcuts are
off, its dialogs are hidden, and its title names no file, so that neither the screen nor the
task switcher shows case data. Work already queued (saves, a sync) goes on underneath.

The lock is part of every main window from its start; the screen's widgets are made on the first
locking, so they are not in this module.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from brokerdesk.i18n import _
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.first_frame import after_first_frame
from brokerdesk.ui.guarded import run_for

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from brokerdesk.ui.lock_screen import LockScreen

LOCK_SETTING = "lock_after_minutes"
DEFAULT_MINUTES = 10
MAX_MINUTES = 240
WATCH_AFTER_MS = 1_000  # after the window's first frame: see WindowLock

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

    def __init__(
        self, timeout_ms: int, parent: QObject | None = None, watch_now: bool = True
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = 0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._watching = True
        self._seeing = False  # the application's filter is installed
        if watch_now:
            # From the next turn of the event loop: building and showing a window sends
            # thousands of events, none of them input, and each would pass through Python here.
            QTimer.singleShot(0, self, self.watch)
        self.set_timeout(timeout_ms)

    def watch(self) -> None:
        """Starts seeing the application's input (unless stopped meanwhile)."""
        app = QApplication.instance()
        if app is not None and self._watching and not self._seeing:
            app.installEventFilter(self)
            self._seeing = True

    @property
    def seeing_input(self) -> bool:
        """Whether input reaches the watcher yet (from a second after the window's first frame
        in the app; until then input does not postpone the lock)."""
        return self._seeing

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
        self._watching = self._seeing = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class WindowLock(QObject):
    """Locks a main window after ``minutes`` without input, and unlocks it."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, ctx: AppContext, minutes: int) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._screen: LockScreen | None = None
        self.watcher = IdleWatcher(minutes * 60_000, self, watch_now=False)
        self.watcher.idle.connect(self.lock)
        # The first objects an application-wide filter sees make PySide build the Python
        # classes of most of Qt's QObject subclasses, with their enums (some 90 of them, tens
        # of milliseconds, holding the interpreter): not while the window shows its first frame
        # and reads its first rows. Idle minutes do not need the first second.
        after_first_frame(
            window, lambda: QTimer.singleShot(WATCH_AFTER_MS, self.watcher, self.watcher.watch)
        )
        self._content: QWidget | None = None
        self._title = ""
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        window.installEventFilter(self)

    @property
    def screen(self) -> LockScreen:
        """The lock screen, made the first time it is needed and kept for the next time."""
        if self._screen is None:
            from brokerdesk.ui.lock_screen import LockScreen  # made on the first locking

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
        from PySide6.QtWidgets import QDialog  # a class made when first named: not at start

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
