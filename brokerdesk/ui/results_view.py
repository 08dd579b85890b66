"""Results: the readiness index and band, the radar chart, the dimensions, the activity areas
ranked with the top one and why, and the suggested actions.

Completeness stands beside every figure: the index, each dimension (answered of relevant), each
area (criteria rated); a dimension with too few answers shows "insufficient data", not a number.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.scoring import Result
from brokerdesk.i18n import _, active, render
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.figure_table import Cell, FigureTable
from brokerdesk.ui.form_parts import WrapLabel, heading, muted, scaled_font, separator, tr
from brokerdesk.ui.radar_chart import RadarChart
from brokerdesk.ui.session_page import SessionPage
from brokerdesk.ui.suggestion_list import SuggestionList


class ResultsView(SessionPage):
    """The scores of the case as they stand after the last saved change."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        content = QWidget()
        content.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 170)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 12, 16, 12)
        body.setSpacing(10)

        self.index = QLabel(content)
        self.index.setFont(scaled_font(self.index, 2.6, bold=True))
        self.index_caption = muted(WrapLabel("", content))
        self.band = heading("", 1.4, content)
        self.band_text = WrapLabel("", content)
        self.completeness = WrapLabel("", content)
        self.interim = WrapLabel("", content)
        figure = QVBoxLayout()
        figure.addWidget(self.index_caption)
        figure.addWidget(self.index)
        words = QVBoxLayout()
        words.addWidget(self.band)
        words.addWidget(self.band_text)
        words.addWidget(self.completeness)
        words.addWidget(self.interim)
        top = QHBoxLayout()
        top.addLayout(figure, 0)
        top.addSpacing(24)
        top.addLayout(words, 1)
        body.addLayout(top)
        body.addWidget(separator(content))

        self.chart = RadarChart(content)
        self.dimensions_title = heading("", 1.15, content)
        self.dimension_table = FigureTable(0, content)
        table = QVBoxLayout()
        table.addWidget(self.dimensions_title)
        table.addWidget(self.dimension_table)
        table.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.chart, 5)
        middle.addSpacing(16)
        middle.addLayout(table, 4)
        body.addLayout(middle)
        body.addWidget(separator(content))

        self.areas_title = heading("", 1.15, content)
        self.top_area = WrapLabel("", content)
        self.top_area.setFont(scaled_font(self.top_area, 1.05, bold=True))
        self.area_table = FigureTable(1, content)
        body.addWidget(self.areas_title)
        body.addWidget(self.top_area)
        body.addWidget(self.area_table)
        body.addWidget(separator(content))

        self.suggestions_title = heading("", 1.15, content)
        self.suggestions = SuggestionList(session, content)
        body.addWidget(self.suggestions_title)
        body.addWidget(self.suggestions)
        body.addStretch(1)

        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)
        self._content = content
        session.updated.connect(self.refresh)
        self.retranslate()

    def redraw(self) -> None:
        self.retranslate()
        self.suggestions.refresh()

    def _show_headline(self, result: Result) -> None:
        cat = active()
        self.index_caption.setText(_("Readiness index (0–100)"))
        if result.readiness is None:
            self.index.setText("—")
            self.band.setText(_("No readiness index yet"))
            self.band_text.setText(
                _(
                    "Every dimension still has too few answers. Answer at least half of the "
                    "questions of a dimension to score it."
                )
            )
        else:
            self.index.setText(cat.number(result.readiness))
            band = result.band
            self.band.setText(tr(band.name) if band else "")
            self.band_text.setText(tr(band.description) if band else "")
        self.index.setAccessibleName(_("Readiness index: {index}").format(index=self.index.text()))
        self.completeness.setText(
            _("Completeness of the assessment: {percent}").format(
                percent=cat.percent(result.completeness)
            )
        )
        self.interim.setText(
            _("This is an interim result: the assessment is not complete yet.")
            if result.interim
            else ""
        )
        self.interim.setVisible(result.interim)

    def _show_dimensions(self, result: Result) -> None:
        cat = active()
        rows = []
        for d in result.dimensions:
            score = cat.number(d.score) if d.score is not None else _("insufficient data")
            answered = _("{done} of {total} ({percent})").format(
                done=d.answered + d.not_applicable,
                total=d.relevant,
                percent=cat.percent(d.completeness),
            )
            rows.append(
                [
                    Cell(tr(d.dimension.title)),
                    Cell(score, bold=d.score is not None, quiet=d.score is None),
                    Cell(answered, quiet=True),
                ]
            )
        self.dimension_table.set_rows([_("Dimension"), _("Score"), _("Answered")], rows)
        self.chart.set_axes([(tr(d.dimension.title), d.score) for d in result.dimensions])
        self.chart.setAccessibleName(_("Radar chart of the readiness dimensions"))

    def _show_areas(self, result: Result) -> None:
        cat = active()
        if result.top_area is not None and result.top_reason is not None:
            self.top_area.setText(
                _("Highest potential: {reason}").format(reason=render(result.top_reason))
            )
        elif result.areas:
            self.top_area.setText(
                _(
                    "Rate at least half of the criteria of an area to find the one with the "
                    "highest potential."
                )
            )
        else:
            self.top_area.setText(_("No activity areas yet: add them under Activity areas."))
        rows = []
        for rank, area in enumerate(result.areas, start=1):
            top = result.top_area is not None and area.area_id == result.top_area.area_id
            known = area.potential is not None
            potential = (
                cat.number(area.potential) if area.potential is not None else _("insufficient data")
            )
            rows.append(
                [
                    Cell(f"{rank}" + (" ★" if top else ""), bold=top),
                    Cell(area.name or _("Unnamed area"), bold=top),
                    Cell(potential, bold=known, quiet=not known),
                    Cell(
                        _("{done} of {total}").format(done=area.rated, total=area.criteria),
                        quiet=True,
                    ),
                ]
            )
        header = ["#", _("Activity area"), _("Potential"), _("Criteria rated")]
        self.area_table.set_rows(header, rows)

    def table(self, which: str = "dimensions") -> list[list[str]]:
        """The texts of the dimension (or ``areas``) table as shown, row by row."""
        return (self.dimension_table if which == "dimensions" else self.area_table).texts()

    def retranslate(self) -> None:
        self.dimensions_title.setText(_("Readiness by dimension"))
        self.areas_title.setText(_("Activity areas by potential"))
        self.suggestions_title.setText(_("Suggested actions"))
        if not self.session.is_loaded:
            self.index.setText("")
            self.index_caption.setText(_("Loading the case…"))
            return
        result = self.session.result
        self._show_headline(result)
        self._show_dimensions(result)
        self._show_areas(result)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


__all__ = ["Qt", "ResultsView"]
