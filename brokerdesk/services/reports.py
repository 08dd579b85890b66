"""Report services: the client report of a case as PDF bytes or a file.

The report is in the language asked for, or else in the case's report language (the client's),
independent of the UI language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain.scoring import score_case
from brokerdesk.domain.text import N_, Message
from brokerdesk.i18n import LANGUAGES, PSEUDO, catalog
from brokerdesk.services.casefiles import get_settings
from brokerdesk.services.cases import get_case
from brokerdesk.store.reading import ReadUnit


class ReportError(ValueError):
    """The report cannot be made as asked; ``message`` says why, translatable."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def report_language(language: str | None, case_language: str) -> str:
    """The language to use: the one asked for, else the case's.

    Raises:
        ReportError: the language asked for is not one BrokerDesk has.
    """
    chosen = language or case_language or "en"
    if chosen not in LANGUAGES and chosen != PSEUDO:  # the pseudo-language finds unwrapped text
        if language:
            raise ReportError(
                Message(
                    N_("There is no report language {language}; choose one of {languages}."),
                    {"language": chosen, "languages": ", ".join(LANGUAGES)},
                )
            )
        chosen = "en"  # a case from elsewhere with an unknown language still gets a report
    return chosen


def build_report_bytes(
    uow: ReadUnit,
    library: Library,
    case_id: str,
    *,
    language: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The client report of a case as PDF bytes.

    Args:
        uow: the case file's reads (``Desk.reads``) or its unit of work.
        library: the bundled content.
        case_id: the case's id.
        language: the report language; the case's report language when ``None``.
        today: the date the report carries (today when ``None``).

    Raises:
        NotFound: there is no such case.
        ReportError: the language is unknown.
    """
    from brokerdesk.reports import build_report  # reportlab only when a report is built

    case = get_case(uow, case_id)
    broker: dict[str, Any] = dict(case.doc.get("broker") or {})
    if not broker.get("name"):  # a case made before the broker's identity was set
        broker = dict(get_settings(uow).get("broker") or {})
    lang = report_language(language, case.report_language)
    result = score_case(library.instrument(case.instrument_key), case)
    return build_report(case, result, library, catalog(lang), today or dt.date.today(), broker)


def write_report(
    uow: ReadUnit,
    library: Library,
    case_id: str,
    out: Path,
    *,
    language: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Builds the report of a case into ``out``.

    The file is written beside its target and moved into place only when complete, so a
    failure never leaves a half-written report or destroys an older one.

    Raises:
        NotFound: there is no such case.
        ReportError: the language is unknown.
        OSError: the file cannot be written.
    """
    data = build_report_bytes(uow, library, case_id, language=language, today=today)
    return save_pdf(data, out)


def save_pdf(data: bytes, out: Path) -> Path:
    """Writes PDF bytes to ``out`` atomically (a temporary file, then a rename)."""
    out = Path(out)
    handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent or ".")
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return out
