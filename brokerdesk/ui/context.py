"""What the windows of one session share, passed in explicitly (no singletons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, ReadUnit
from brokerdesk.ui.ops import Operations

if TYPE_CHECKING:
    from brokerdesk.services.unit_of_work import UnitOfWork


@dataclass
class AppContext:
    """The open case file, the content library and the background queue of one window."""

    desk: Desk
    library: Library
    ops: Operations

    @property
    def uow(self) -> UnitOfWork:
        """For changes (made on first use: it loads SQLAlchemy)."""
        return self.desk.uow

    @property
    def reads(self) -> ReadUnit:
        """For the list, a case, the settings: plain reads, ready at once."""
        return self.desk.reads
