"""A page of the case view, drawn from the case's session only while the broker can see it."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from brokerdesk.services.cases import Saved
from brokerdesk.ui.case_session import CaseSession


class SessionPage(QWidget):
    """Redraws on every saved change while visible; a hidden page only notes that it is stale
    and redraws when it is shown (a change on one tab does not redraw the other five).

    Subclasses draw in ``redraw``; ``needs_first_draw`` says that a page that was never drawn
    must be drawn when shown, ``ready`` that it has what it needs to draw at all.
    """

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = False

    def refresh(self, _saved: Saved | None = None) -> None:
        if not self.session.is_loaded or not self.ready():
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self.needs_first_draw():
            self.refresh()

    def redraw(self) -> None:
        raise NotImplementedError

    def needs_first_draw(self) -> bool:
        return False

    def ready(self) -> bool:
        return True
