"""Background sync for the app: when to sync, on which thread, and what the status bar says.

Sync runs on a thread of its own (not the case-file queue, so that autosave never waits for the
network): at start, shortly after the broker's changes, periodically, when Qt reports that the
network came back, and on "Sync now". A failed attempt backs off (30 s, 1, 2, 4 … up to 30 min);
a revoked device stops syncing and says so. The broker never has to think about it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, active, ngettext, render
from brokerdesk.ui.context import AppContext

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

    from brokerdesk.services.unit_of_work import UnitOfWork

START_DELAY_MS = 2_000
AFTER_CHANGE_MS = 5_000
PERIOD_MS = 5 * 60_000
BACKOFF_MS = (30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000)
TIMEOUT_S = 20.0


class SyncState(Enum):
    NOT_CONNECTED = "not_connected"
    SYNCING = "syncing"
    SYNCED = "synced"
    OFFLINE = "offline"
    FAILED = "failed"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class Outcome:
    """What one attempt left: the state, the cases still waiting, when, and why it failed."""

    state: SyncState
    pending: int = 0
    at: str = ""
    pulled: int = 0
    error: Message | None = None


class _Relay(QObject):
    finished = Signal(object)


class _Attempt(QRunnable):
    def __init__(self, work: Callable[[], Outcome], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        self.relay.finished.emit(self.work())


class SyncController(QObject):
    """Decides when to sync and tells how it went; owned by the main window."""

    state_changed = Signal()
    synced = Signal(int)  # cases pulled: the list and an open case may need a reload

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome = Outcome(SyncState.NOT_CONNECTED)
        self.connected = False
        self._failures = 0
        self._running = False
        self._again = False
        self._stop = threading.Event()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._watching = False
        ctx.ops.busy_changed.connect(self._changes_saved)

    # -- triggers --------------------------------------------------------------------------

    def start(self) -> None:
        """Looks up the connection and syncs soon after the window is shown."""
        if not self._watching:
            self._watching = True
            self._watch_network()  # not before: the window shows first
        self._schedule(START_DELAY_MS)

    def sync_now(self) -> None:
        """Syncs now (or right after the attempt under way)."""
        if self._running:
            self._again = True
            return
        self._timer.stop()
        self._running = True
        self._stop.clear()
        if self.connected:
            self.outcome = Outcome(SyncState.SYNCING, self.outcome.pending, self.outcome.at)
            self.state_changed.emit()
        case_file, library, stop = self.ctx.desk, self.ctx.library, self._stop
        self._pool.start(_Attempt(lambda: _attempt(case_file, library, stop), self._relay))

    def stop(self, wait_ms: int = 3_000) -> None:
        """Stops an attempt under way (at closing): it ends between two steps, losing nothing."""
        self._timer.stop()
        self._stop.set()
        self._pool.waitForDone(wait_ms)

    def _changes_saved(self, busy: bool) -> None:
        soon = not self._timer.isActive() or self._timer.remainingTime() > AFTER_CHANGE_MS
        if not busy and self.connected and self.outcome.state != SyncState.DISCONNECTED and soon:
            self._schedule(AFTER_CHANGE_MS)

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        # Reachability is a hint: where the platform has no backend, the periodic retry remains.
        if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability)

    def _reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and self.connected:
            self._failures = 0
            self._schedule(1_000)

    def _schedule(self, delay_ms: int) -> None:
        self._timer.start(delay_ms)

    # -- results ---------------------------------------------------------------------------

    def _finished(self, outcome: Outcome) -> None:
        self._running = False
        self.outcome = outcome
        self.connected = outcome.state not in (SyncState.NOT_CONNECTED,)
        if outcome.state == SyncState.SYNCED:
            self._failures = 0
            if outcome.pulled:
                self.synced.emit(outcome.pulled)
            self._schedule(PERIOD_MS)
        elif outcome.state in (SyncState.OFFLINE, SyncState.FAILED):
            self._schedule(BACKOFF_MS[min(self._failures, len(BACKOFF_MS) - 1)])
            self._failures += 1
        self.state_changed.emit()
        if self._again and self.connected and outcome.state != SyncState.DISCONNECTED:
            self._again = False
            self.sync_now()

    def status_text(self) -> str:
        """The status bar's words for the last attempt, in the UI language."""
        outcome = self.outcome
        if outcome.state == SyncState.NOT_CONNECTED:
            return _("Not connected to a server")
        waiting = ngettext("{count} case waiting", "{count} cases waiting", outcome.pending).format(
            count=active().number(outcome.pending)
        )
        if outcome.state == SyncState.SYNCING:
            return _("Syncing…")
        if outcome.state == SyncState.OFFLINE:
            return (
                _("Offline — {waiting}").format(waiting=waiting)
                if outcome.pending
                else _("Offline")
            )
        if outcome.state == SyncState.DISCONNECTED:
            return _("Disconnected by the server — your cases are kept")
        if outcome.state == SyncState.FAILED:
            reason = render(outcome.error) if outcome.error else ""
            return _("Sync failed: {reason}").format(reason=reason)
        when = _clock(outcome.at)
        if outcome.pending:
            return _("Synced at {time} — {waiting}").format(time=when, waiting=waiting)
        return _("Synced at {time}").format(time=when)

    def detail_text(self) -> str:
        """A longer explanation for the tooltip."""
        if self.outcome.error is not None:
            return render(self.outcome.error)
        return self.status_text()


def _clock(stamp: str) -> str:
    if not stamp:
        return ""
    return active().time(dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone())


def _waiting(uow: UnitOfWork) -> int:
    """Cases waiting to be pushed; 0 when the file cannot be read now (it is busy or locked)."""
    from brokerdesk.services import sync

    try:
        return int(sync.pending_changes(uow))
    except Exception:
        return 0


def _attempt(desk: Any, library: Any, stop: threading.Event) -> Outcome:
    """One sync attempt, on the sync thread. Never raises: the outcome says what happened."""
    try:
        # Imported here, on the sync thread: the HTTP client and SQLAlchemy are not needed to
        # show the window, and loading them must not hold up the GUI thread.
        from brokerdesk.services import sync
        from brokerdesk.services.unit_of_work import UnitOfWork

        uow = UnitOfWork(desk.case_file)  # a unit of work of this thread's own
    except Exception as exc:  # an incomplete installation: told, and tried again later
        return _failed(exc)
    try:
        if sync.connection(uow) is None:
            return Outcome(SyncState.NOT_CONNECTED)
        report = sync.sync_now(desk, library, should_stop=stop.is_set, timeout=TIMEOUT_S)
        changed = report.pulled + report.conflicts  # conflicts rewrite local cases too
        return Outcome(SyncState.SYNCED, report.pending, report.finished or "", changed)
    except sync.Disconnected as exc:
        return Outcome(SyncState.DISCONNECTED, _waiting(uow), error=exc.message)
    except sync.ServerUnreachable as exc:
        return Outcome(SyncState.OFFLINE, _waiting(uow), error=exc.message)
    except sync.SyncStopped:
        return Outcome(SyncState.OFFLINE, _waiting(uow))
    except sync.SyncError as exc:
        return Outcome(SyncState.FAILED, _waiting(uow), error=exc.message)
    except Exception as exc:  # a failure of the case file (disk full, locked): say it in words
        return _failed(exc)


def _failed(exc: Exception) -> Outcome:
    message = getattr(exc, "message", None)
    text = message if isinstance(message, Message) else Message(str(exc))
    return Outcome(SyncState.FAILED, 0, error=text)
