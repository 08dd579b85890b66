"""The client report of a case: built off the GUI thread, then opened, previewed, printed or saved.

The report is built on the background queue (``AppContext.ops``) in the chosen report language;
while it builds the dialog shows a busy bar. Printing and the print preview paint the PDF's
pages, rendered with pypdfium2, onto the printer (QtPrintSupport), so that what is printed is
exactly the PDF the client would get by e-mail.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSizeF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, ngettext
from brokerdesk.services.cases import get_case
from brokerdesk.services.reports import build_report_bytes, report_language, save_pdf
from brokerdesk.ui.choices import fill_report_languages
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.messages import describe, show_error

MAX_PRINT_DPI = 300  # sharp on paper; more only costs memory and time
MAX_PREVIEW_DPI = 150


@dataclass(frozen=True)
class BuiltReport:
    """A built report and what the dialog shows about it."""

    data: bytes
    language: str
    company: str
    case_id: str

    def file_name(self, today: dt.date) -> str:
        """A file name a broker recognises: company, date and language, safe on every system."""
        stem = re.sub(r"[^\w\-]+", "-", self.company, flags=re.UNICODE).strip("-_")[:60]
        return f"{stem or self.case_id[:8]}-{today.isoformat()}-{self.language}.pdf"


def build(context: AppContext, case_id: str, language: str | None, today: dt.date) -> BuiltReport:
    """Builds the report (runs on the background queue)."""
    case = get_case(context.reads, case_id)
    chosen = report_language(language, case.report_language)
    data = build_report_bytes(context.reads, context.library, case_id, language=chosen, today=today)
    return BuiltReport(data, chosen, case.company_name, case_id)


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def paint_pdf(data: bytes, printer: QPrinter, max_dpi: int = MAX_PRINT_DPI) -> int:
    """Paints the pages of a PDF onto ``printer``, each fitted to the printable area.

    Honours a page range chosen in the print dialog. Returns the number of pages painted.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError(_("The printer could not be started."))
        first, last = 1, len(document)
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(1, printer.fromPage()), min(last, printer.toPage() or last)
        dpi = max(72, min(printer.resolution(), max_dpi))
        painted = 0
        for number in range(first, last + 1):
            if painted:
                printer.newPage()
            page = document[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                ).copy()  # the bitmap's memory goes with it
                bitmap.close()
            finally:
                page.close()
            area = QRectF(painter.viewport())
            size = QSizeF(image.size()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(area.topLeft(), size)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
            painted += 1
        return painted
    finally:
        if painter.isActive():
            painter.end()
        document.close()


class ReportDialog(QDialog):
    """Builds the client report of one case and offers to open, preview, print or save it."""

    ready = Signal()  # the report is built
    failed = Signal(str)  # building failed; the message, in the UI language

    def __init__(
        self,
        context: AppContext,
        case_id: str,
        language: str | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._case_id = case_id
        self._language = language
        self._today = today or dt.date.today()
        self.report: BuiltReport | None = None
        self.pages = 0
        self.painted = 0  # pages painted by the last preview or print
        self._preview_printer: QPrinter | None = None
        self._build_ui()
        self.retranslate()
        self.start()

    # Layout

    def _build_ui(self) -> None:
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        fill_report_languages(self.language_combo, self._language or "en")
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.language_label.setBuddy(self.language_combo)
        form = QFormLayout()
        form.addRow(self.language_label, self.language_combo)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a report takes a fraction of a second to seconds
        self.progress.setTextVisible(False)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_in_viewer)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_report)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_as)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.open_button, self.preview_button, self.print_button, self.save_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._set_actions_enabled(False)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Client report"))
        self.language_label.setText(_("Report &language:"))
        self.open_button.setText(_("&Open"))
        self.open_button.setToolTip(_("Open the report in the system's PDF viewer"))
        self.preview_button.setText(_("Print pre&view…"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as…"))
        fill_report_languages(self.language_combo)
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_state(self) -> None:
        if self.report is None:
            self.heading.setText(_("Client report"))
            if self.progress.isVisible() or not self.status.text():
                self.status.setText(_("Building the report…"))
            return
        self.heading.setText(
            _("Report of {company}").format(company=self.report.company or _("the company"))
        )
        self.status.setText(
            ngettext(
                "The report is ready: {pages} page.",
                "The report is ready: {pages} pages.",
                self.pages,
            ).format(pages=self.pages)
        )

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.open_button, self.preview_button, self.print_button, self.save_button):
            button.setEnabled(enabled)

    # Building

    def start(self) -> None:
        """Builds the report, in the background, in the chosen language."""
        self.report = None
        self._set_actions_enabled(False)
        self.language_combo.setEnabled(False)
        self.progress.show()
        self.status.setText(_("Building the report…"))
        language, context, case_id, today = (
            self._language,
            self._context,
            self._case_id,
            self._today,
        )
        self._context.ops.run(
            lambda: build(context, case_id, language, today), self._built, self._failed
        )

    def _built(self, report: BuiltReport) -> None:
        self.report = report
        self._language = report.language
        self.pages = page_count(report.data)
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(report.language)))
        self.language_combo.blockSignals(False)
        self.language_combo.setEnabled(True)
        self.progress.hide()
        self._set_actions_enabled(True)
        self._show_state()
        self.ready.emit()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.language_combo.setEnabled(True)
        text = describe(exc)
        self.status.setText(text)
        self.failed.emit(text)

    def _language_chosen(self) -> None:
        language = self.language_combo.currentData()
        if language and language != self._language:
            self._language = str(language)
            self.start()

    # What the broker does with it

    def temporary_file(self) -> Path:
        """The report as a file in BrokerDesk's temporary folder (for the system viewer)."""
        assert self.report is not None
        folder = Path(tempfile.gettempdir()) / "BrokerDesk-reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.report.file_name(self._today)
        path.write_bytes(self.report.data)
        return path

    def open_in_viewer(self) -> bool:
        if self.report is None:
            return False
        try:
            path = self.temporary_file()
        except OSError as exc:
            show_error(self, exc)
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_error(
                self,
                OSError(
                    _(
                        "No program to show PDF files was found. Save the report and open it "
                        "with a PDF viewer."
                    )
                ),
            )
            return False
        return True

    def save_to(self, path: Path) -> Path:
        """Writes the report to ``path`` (atomically: an older file survives a failure)."""
        assert self.report is not None
        return save_pdf(self.report.data, path)

    def save_as(self) -> None:
        if self.report is None:
            return
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = Path(documents or Path.home()) / self.report.file_name(self._today)
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the report"), str(suggested), _("PDF documents (*.pdf)")
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        try:
            self.save_to(path)
        except OSError as exc:
            show_error(self, exc)
            return
        self.status.setText(_("Saved as {path}.").format(path=path))

    def printer(self) -> QPrinter:
        """A printer set up for the report: A4 portrait, its pages, its name."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFromTo(1, max(1, self.pages))
        if self.report is not None:
            printer.setDocName(self.report.file_name(self._today))
        return printer

    def print_to(self, printer: QPrinter) -> None:
        """Paints the report onto ``printer``, for printing."""
        if self.report is not None:
            self.painted = paint_pdf(self.report.data, printer, MAX_PRINT_DPI)

    def preview_to(self, printer: QPrinter) -> None:
        """Paints the report onto the preview's printer, at a screen-friendly resolution."""
        if self.report is not None:
            self.painted = paint_pdf(self.report.data, printer, MAX_PREVIEW_DPI)

    def preview_dialog(self, printer: QPrinter) -> QPrintPreviewDialog:
        """A print preview of the report on ``printer``, not yet shown."""
        # The preview keeps a bare pointer to the printer: keep the printer alive as long.
        self._preview_printer = printer
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(_("Print preview"))
        preview.paintRequested.connect(self.preview_to)
        return preview

    def print_preview(self) -> None:
        if self.report is None:
            return
        printer = self.printer()
        preview = self.preview_dialog(printer)
        preview.exec()
        preview.deleteLater()

    def print_report(self) -> None:
        if self.report is None:
            return
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.pages))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.print_to(printer)
            except OSError as exc:
                show_error(self, exc)
        dialog.deleteLater()
