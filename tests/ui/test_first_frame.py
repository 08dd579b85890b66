"""Work that waits for a window's first frame: run once, after the paint, and never held back."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brokerdesk.ui.first_frame import after_first_frame


class Counted(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        super().paintEvent(event)


def settle(qtbot: QtBot) -> None:
    """Waits until what is already queued on the GUI thread has run."""
    turned: list[bool] = []
    QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned))


def test_the_work_runs_once_after_the_window_has_painted_and_not_again(qtbot: QtBot) -> None:
    window = Counted()
    qtbot.addWidget(window)
    seen: list[int] = []
    after_first_frame(window, lambda: seen.append(window.paints), latest_ms=60_000)
    assert seen == []  # not before the window is shown
    window.show()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] >= 1  # the first frame was painted before the work ran
    window.repaint()
    settle(qtbot)
    assert len(seen) == 1


def test_a_window_that_does_not_paint_does_not_hold_the_work_back(qtbot: QtBot) -> None:
    window = Counted()  # never shown, as a window opened minimised or covered would not paint
    qtbot.addWidget(window)
    seen: list[bool] = []
    after_first_frame(window, lambda: seen.append(True), latest_ms=50)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    window.show()
    qtbot.waitUntil(lambda: window.paints > 0)
    settle(qtbot)
    assert seen == [True]  # the late first paint does not run it again
