"""Work that waits until a window has painted its first frame.

A window's first frame is what tells the broker the program has started. Anything that can wait
a moment waits for it: a thread started earlier would take the interpreter from the painting,
and an application-wide event filter would pass every event of the showing through Python.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 500  # a window that does not paint (minimised, covered) does not hold work back


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None], latest_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint has been handled
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            then()


def after_first_frame(
    widget: QWidget, then: Callable[[], None], latest_ms: int = LATEST_MS
) -> None:
    """Calls ``then`` once, on the GUI thread, right after ``widget`` has first painted, or
    after ``latest_ms`` should it not paint by then."""
    _FirstPaint(widget, then, latest_ms)
