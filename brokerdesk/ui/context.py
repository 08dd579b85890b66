"""What the windows of one session share, passed in explicitly (no singletons)."""

from __future__ import annotations

from dataclasses import dataclass

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.ui.ops import Operations


@dataclass
class AppContext:
    """The open case file, the content library and the background queue of one window."""

    desk: Desk
    library: Library
    ops: Operations

    @property
    def uow(self) -> UnitOfWork:
        return self.desk.uow
