"""Running case-file work off the GUI thread, in order, with results back on the GUI thread.

Every change the UI makes goes through ``Operations.run``: the work runs on one background
thread (so writes keep their order), and ``done``/``failed`` are called on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object)
    errored = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread, which decides what to tell
            self.relay.errored.emit(exc)
        else:
            self.relay.finished.emit(result)


class Operations(QObject):
    """A serial background queue for case-file work."""

    busy_changed = Signal(bool)
    failed = Signal(object)  # an exception no caller handled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending = 0
        self._relays: set[_Relay] = set()
        self._held: list[_Job] | None = None  # queued while held, started in order on release

    @property
    def pending(self) -> int:
        return self._pending

    def hold(self) -> None:
        """Queues work without starting it until ``release``: while a window paints its first
        frame, work on the background thread would hold the interpreter it needs to paint."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        held, self._held = self._held, None
        for job in held or ():
            self._pool.start(job)

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()  # lives on the GUI thread: its signals arrive there, queued
        self._relays.add(relay)

        def finish(result: Any) -> None:
            self._settle(relay)
            if done is not None:
                done(result)

        def error(exc: Exception) -> None:
            self._settle(relay)
            if failed is not None:
                failed(exc)
            else:
                self.failed.emit(exc)

        relay.finished.connect(finish)
        relay.errored.connect(error)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        job = _Job(work, relay)
        if self._held is not None:
            self._held.append(job)
        else:
            self._pool.start(job)

    def _settle(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = -1) -> bool:
        """Blocks until queued work has run (at shutdown, so that nothing is lost)."""
        self.release()
        return self._pool.waitForDone(msecs)
