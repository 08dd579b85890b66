"""Report services over a real case file: bytes, files written safely, language, broker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from brokerdesk.content import Library
from brokerdesk.services import cases
from brokerdesk.services.casefiles import Desk, create_case_file, update_settings
from brokerdesk.services.reports import (
    ReportError,
    build_report_bytes,
    report_language,
    write_report,
)

TODAY = dt.date(2026, 11, 29)


def _case(desk: Desk, library: Library, language: str = "et") -> str:
    return cases.create_case(
        desk.uow, library, company="Põhja Puit OÜ", country="EE", report_language=language
    ).case.id


def test_a_report_is_pdf_bytes_in_the_case_report_language_by_default(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    data = build_report_bytes(desk.uow, library, _case(desk, library), today=TODAY)
    assert data.startswith(b"%PDF-")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "et-EE"


def test_the_language_asked_for_wins_over_the_case_language(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    out = write_report(
        desk.uow, library, _case(desk, library), tmp_path / "r.pdf", language="fi", today=TODAY
    )
    assert PdfReader(out).trailer["/Root"]["/Lang"] == "fi-FI"


def test_an_unknown_language_is_refused_with_a_clear_message_and_leaves_the_old_file(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "r.pdf"
    out.write_bytes(b"an older report")
    with pytest.raises(ReportError) as caught:
        write_report(desk.uow, library, _case(desk, library), out, language="sv", today=TODAY)
    assert "sv" in str(caught.value.message) and "lv" in str(caught.value.message)
    assert out.read_bytes() == b"an older report"
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_a_case_of_an_unknown_language_still_gets_an_english_report() -> None:
    assert report_language(None, "xx") == "en"


def test_a_missing_case_is_not_found(desk: Desk, library: Library) -> None:
    with pytest.raises(cases.NotFound):
        build_report_bytes(desk.uow, library, "no-such-case", today=TODAY)


def test_the_file_broker_signs_a_case_made_before_the_broker_was_set(
    tmp_path: Path, library: Library
) -> None:
    desk = create_case_file(tmp_path / "c.brokerdesk")
    try:
        case_id = _case(desk, library)
        update_settings(desk.uow, {"broker": {"name": "Külli Õunapuu", "country": "EE"}})
        out = write_report(desk.uow, library, case_id, tmp_path / "r.pdf", today=TODAY)
        assert PdfReader(out).metadata.author == "Külli Õunapuu"
    finally:
        desk.close()


def test_a_report_cannot_be_written_into_a_missing_folder(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    with pytest.raises(OSError):
        write_report(
            desk.uow, library, _case(desk, library), tmp_path / "nowhere" / "r.pdf", today=TODAY
        )
