"""One open case in the case view: its last saved state and the changes on their way.

The pages of the case view do not talk to each other; they send changes through the session
(which runs them on the background queue, in order) and redraw from its ``updated`` signal. Until
a change has been saved, ``values()`` already shows it, so that relevance and the SME category
follow what the broker just entered, and a page never overwrites a field with an older value.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from brokerdesk.domain.case import Case
from brokerdesk.domain.instrument import Instrument
from brokerdesk.domain.scoring import Result
from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, render
from brokerdesk.services import cases
from brokerdesk.services.cases import InvalidAnswer, Saved
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.form_parts import alive

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    """What to tell the broker about a failure: the error's own message when it has one."""
    if isinstance(exc, InvalidAnswer):
        return " ".join(render(p) for p in exc.problems)
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return render(message)
    log.error("unexpected failure in the case view", exc_info=exc)
    return _("Something went wrong: {error}").format(error=exc)


def problems_of(exc: BaseException) -> list[str]:
    """The rendered problems of a refused answer, or the one message of another failure."""
    if isinstance(exc, InvalidAnswer):
        return [render(p) for p in exc.problems]
    return [error_text(exc)]


class CaseSession(QObject):
    """The case a case view shows, kept current as its pages change it."""

    loaded = Signal()  # the case was read for the first time
    updated = Signal(object)  # Saved: after loading and after every saved change
    saved = Signal()  # a change reached the case file
    busy_changed = Signal(bool)  # changes are on their way / all are saved
    failed = Signal(str)  # a failure that no page showed where it happened

    def __init__(self, ctx: AppContext, case_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.read_only = False  # True: every change is refused (a coordinator's view)
        self.state: Saved | None = None
        self._pending = 0
        self._pending_values: dict[str, Any] = {}
        self._pending_counts: Counter[str] = Counter()

    # -- what is known -------------------------------------------------------------------

    @property
    def case(self) -> Case:
        assert self.state is not None, "the case is not loaded yet"
        return self.state.case

    @property
    def result(self) -> Result:
        assert self.state is not None, "the case is not loaded yet"
        return self.state.result

    @property
    def instrument(self) -> Instrument:
        return self.ctx.library.instrument(self.case.instrument_key)

    @property
    def is_loaded(self) -> bool:
        return self.state is not None

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def values(self) -> dict[str, Any]:
        """The answers, with the changes not saved yet already in place."""
        values = self.case.values() if self.state else {}
        values.update(self._pending_values)
        return values

    def is_pending(self, item_id: str) -> bool:
        return self._pending_counts[item_id] > 0

    # -- reading and changing --------------------------------------------------------------

    def load(self) -> None:
        ctx, case_id = self.ctx, self.case_id
        self._begin()
        ctx.ops.run(lambda: cases.score(ctx.uow, ctx.library, case_id), self._loaded, self._failed)

    def reload(self) -> None:
        """Reads the case again (after a sync or another window changed it)."""
        ctx, case_id = self.ctx, self.case_id
        self._begin()
        ctx.ops.run(
            lambda: cases.score(ctx.uow, ctx.library, case_id),
            lambda saved: self._settle(saved, emit_saved=False),
            self._failed,
        )

    def submit(
        self,
        work: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        item_id: str | None = None,
        value: Any = None,
    ) -> None:
        """Runs a change on the background queue.

        Args:
            work: calls a service and returns ``Saved`` or ``(key, Saved)``.
            on_done: called with what ``work`` returned, after the pages were updated.
            on_error: shows a failure where it happened; without it ``failed`` is emitted.
            item_id: the answer this change sets, held in ``values()`` until it is saved.
            value: that answer's new value.
        """
        if self.read_only:  # a case of the network, opened by a coordinator: never changed
            if self.state is not None:
                self.updated.emit(self.state)  # pages show the case as it is again
            return
        if item_id is not None:
            self._pending_values[item_id] = value
            self._pending_counts[item_id] += 1
        self._begin()

        def done(outcome: Any) -> None:
            if not alive(self):
                return
            self._release(item_id)
            saved = outcome[1] if isinstance(outcome, tuple) else outcome
            if isinstance(saved, Saved):
                self._settle(saved, emit_saved=True)
            else:
                self._end()
            if on_done is not None:
                on_done(outcome)

        def failed(exc: BaseException) -> None:
            if not alive(self):
                return
            self._release(item_id)
            self._end()
            if on_error is not None:
                on_error(exc)
            else:
                self.failed.emit(error_text(exc))
            if self.state is not None:
                self.updated.emit(self.state)  # pages drop what did not get saved

        self.ctx.ops.run(work, done, failed)

    def answer(
        self,
        item_id: str,
        value: Any,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        ctx, case_id = self.ctx, self.case_id
        self.submit(
            lambda: cases.answer_item(ctx.uow, ctx.library, case_id, item_id, value),
            on_error=on_error,
            item_id=item_id,
            value=value,
        )

    # -- bookkeeping -------------------------------------------------------------------------

    def _begin(self) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

    def _end(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _release(self, item_id: str | None) -> None:
        if item_id is None:
            return
        self._pending_counts[item_id] -= 1
        if self._pending_counts[item_id] <= 0:
            del self._pending_counts[item_id]
            self._pending_values.pop(item_id, None)

    def _loaded(self, saved: Saved) -> None:
        if not alive(self):
            return
        self.state = saved
        self._end()
        self.loaded.emit()
        self.updated.emit(saved)

    def _settle(self, saved: Saved, emit_saved: bool) -> None:
        if not alive(self):
            return
        self.state = saved
        self._end()
        self.updated.emit(saved)
        if emit_saved:
            self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._end()
        self.failed.emit(error_text(exc))
