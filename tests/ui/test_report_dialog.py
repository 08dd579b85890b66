"""The report dialog: builds off the GUI thread, previews, prints, saves and opens the report."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.i18n import set_language
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.cases import list_cases
from brokerdesk.services.demo import generate
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.ops import Operations
from brokerdesk.ui.report_dialog import BuiltReport, ReportDialog

TODAY = dt.date(2026, 11, 29)
WAIT_MS = 30_000


@pytest.fixture
def context(desk: Desk, library: Library) -> Iterator[AppContext]:
    ops = Operations()
    yield AppContext(desk, library, ops)
    ops.wait()


@pytest.fixture
def case_id(context: AppContext) -> str:
    """A fully assessed demo case, Polish."""
    generate(context.uow, context.library, 14, seed=3)
    rows = [r for r in list_cases(context.uow) if r.country == "PL"]
    return max(rows, key=lambda r: r.completeness).id


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext, case_id: str) -> ReportDialog:
    """The dialog with its report built."""
    dialog = ReportDialog(context, case_id, today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_the_actions_wait_until_the_report_is_built_off_the_gui_thread(
    qtbot: QtBot, context: AppContext, case_id: str
) -> None:
    dialog = ReportDialog(context, case_id, today=TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled() and dialog.report is None  # still building
    assert dialog.progress.maximum() == 0  # a busy bar
    with qtbot.waitSignal(dialog.ready, timeout=WAIT_MS):
        dialog.show()
    assert dialog.report is not None and dialog.report.language == "pl"  # the case's language
    assert dialog.pages >= 3
    assert all(
        b.isEnabled()
        for b in (
            dialog.open_button,
            dialog.preview_button,
            dialog.print_button,
            dialog.save_button,
        )
    )
    assert f"{dialog.pages} pages" in dialog.status.text()
    assert dialog.report.company in dialog.heading.text()


def test_the_print_preview_paints_every_page_of_the_report(
    qtbot: QtBot, dialog: ReportDialog
) -> None:
    preview = dialog.preview_dialog(dialog.printer())
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: dialog.painted == dialog.pages, timeout=WAIT_MS)
    preview.close()


def test_printing_paints_every_page_onto_the_printer(dialog: ReportDialog, tmp_path: Path) -> None:
    printer = dialog.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert dialog.painted == dialog.pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.pages


def test_a_page_range_chosen_for_printing_is_honoured(dialog: ReportDialog, tmp_path: Path) -> None:
    printer = dialog.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    dialog.print_to(printer)
    assert dialog.painted == 2


def test_choosing_another_language_builds_the_report_again_in_it(
    qtbot: QtBot, dialog: ReportDialog
) -> None:
    with qtbot.waitSignal(dialog.ready, timeout=WAIT_MS):
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("lv"))
    assert dialog.report is not None and dialog.report.language == "lv"
    reader = PdfReader(io.BytesIO(dialog.report.data))
    assert reader.trailer["/Root"]["/Lang"] == "lv-LV"


def test_save_writes_the_report_and_keeps_its_name_readable(
    dialog: ReportDialog, tmp_path: Path
) -> None:
    assert dialog.report is not None
    out = dialog.save_to(tmp_path / "client.pdf")
    assert out.read_bytes() == dialog.report.data
    name = dialog.report.file_name(TODAY)
    assert name.endswith("-2026-11-29-pl.pdf") and "/" not in name


class _Viewer(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def show_file(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_hands_the_report_file_to_the_system_viewer(dialog: ReportDialog) -> None:
    viewer = _Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show_file")
    try:
        assert dialog.open_in_viewer()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert len(viewer.urls) == 1
    assert Path(viewer.urls[0].toLocalFile()).read_bytes().startswith(b"%PDF-")


def test_a_case_that_cannot_be_found_says_so_instead_of_a_report(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = ReportDialog(context, "no-such-case", today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as blocker:
        dialog.show()
    assert "no-such-case" in blocker.args[0]
    assert dialog.status.text() == blocker.args[0]
    assert not dialog.save_button.isEnabled() and not dialog.progress.isVisible()


def test_a_file_name_is_safe_for_any_company_name() -> None:
    report = BuiltReport(b"", "lt", "UAB „Žalgiris“ / <Vilnius>: 50%?", "0123456789")
    assert report.file_name(TODAY) == "UAB-Žalgiris-Vilnius-50-2026-11-29-lt.pdf"
    assert BuiltReport(b"", "en", "", "abcdef12-x").file_name(TODAY) == "abcdef12-2026-11-29-en.pdf"


def test_the_dialog_follows_a_change_of_the_ui_language(dialog: ReportDialog) -> None:
    set_language("qps")
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.print_button.text().startswith("⟦")
    assert dialog.status.text().startswith("⟦")
    assert dialog.report is not None and dialog.report.language == "pl"  # the report's own
