"""PDF reports with reportlab: the client report of a case, in the client's language.

``build_report`` gathers the texts of a case in the report language (``model``) and lays them
out (``document``) with DejaVu Sans embedded (``fonts``), a radar chart (``chart``) and a
header and footer with "page N of M" on every page (``canvas``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain.case import Case
from brokerdesk.domain.scoring import Result
from brokerdesk.i18n import Catalog


def build_report(
    case: Case,
    result: Result,
    library: Library,
    cat: Catalog,
    today: dt.date,
    broker: Mapping[str, Any] | None = None,
) -> bytes:
    """The client report of ``case`` as PDF bytes, in the language of ``cat``.

    Args:
        case: the case.
        result: its score, from ``score_case``.
        library: the bundled content (the case's instrument, NACE titles, regions).
        cat: the catalog of the report language.
        today: the date the report carries.
        broker: the broker's contact details; the case's own when not given.

    Raises:
        FontError: a bundled font is missing (an installation problem).
    """
    # reportlab is imported here, not at module level, so that importing the services that
    # offer reports costs nothing until a report is built.
    from brokerdesk.reports.document import render
    from brokerdesk.reports.model import assemble

    instrument = library.instrument(case.instrument_key)
    model = assemble(case, result, instrument, library, cat, today, broker)
    return render(model, cat)


__all__ = ["build_report"]
