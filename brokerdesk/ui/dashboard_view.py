"""The network at a glance: six bar charts over the cases in view, each savable as a PNG.

Cases by country, by status and by readiness band; the mean readiness by country; the most
frequent sectors (NACE divisions); cases assessed per month. The figures are computed on the
background queue (``services.network.dashboard``) for the filters of the network view.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.case import STATUS_LABELS
from brokerdesk.i18n import _, active, ngettext
from brokerdesk.services.network import Dashboard, NetworkQuery, dashboard
from brokerdesk.ui.bar_chart import BarChart
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, heading, muted, tr
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import describe

CHARTS = ("countries", "statuses", "bands", "readiness", "sectors", "months")


class DashboardView(QWidget):
    """Six charts of the cases in view; ``refresh(query)`` reads them again."""

    loaded = Signal()  # the figures arrived and the charts show them

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: Dashboard | None = None
        self.query = NetworkQuery()
        self.title = heading("", 1.3, self)
        self.summary = muted(WrapLabel("", self))
        self.error = ErrorLabel(self)
        self.charts: dict[str, BarChart] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, name in enumerate(CHARTS):
            chart = BarChart(self)
            button = QPushButton(self)
            button.clicked.connect(lambda _c=False, name=name: self.choose_png(name))
            cell = QVBoxLayout()
            cell.addWidget(chart)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            cell.addLayout(row)
            grid.addLayout(cell, n // 2, n % 2, Qt.AlignmentFlag.AlignTop)
            self.charts[name] = chart
            self.save_buttons[name] = button
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.addWidget(self.title)
        inner.addWidget(self.summary)
        inner.addWidget(self.error)
        inner.addLayout(grid)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------

    def refresh(self, query: NetworkQuery | None = None) -> None:
        """Reads the figures of the cases the query selects, off the GUI thread."""
        if query is not None:
            self.query = query
        ctx, chosen = self.ctx, self.query
        run_for(
            self,
            ctx.ops,
            lambda: dashboard(ctx.uow, ctx.library, chosen),
            self.show_board,
            lambda exc: self.error.show_messages([describe(exc)]),
        )

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        self.error.show_messages([])
        self._draw()
        self.loaded.emit()

    def _draw(self) -> None:
        board = self.board
        number = active().number
        if board is None:
            self.summary.setText("")
            for chart in self.charts.values():
                chart.set_bars("", [])
            self._titles()
            return
        self.summary.setText(
            ngettext("{count} case in view", "{count} cases in view", board.total).format(
                count=number(board.total)
            )
        )
        country = active().country
        bands = {b.id: tr(b.name) for b in self.ctx.library.current.bands}
        titles = {code: tr(entry.title) for code, entry in self.ctx.library.nace.items()}
        charts = self.charts
        names = self._names()
        charts["countries"].set_bars(
            names["countries"], [(country(c), n) for c, n in board.by_country]
        )
        charts["statuses"].set_bars(
            names["statuses"], [(_(STATUS_LABELS.get(s, s)), n) for s, n in board.by_status]
        )
        charts["bands"].set_bars(
            names["bands"],
            [(bands.get(b, b) if b else _("No band yet"), n) for b, n in board.by_band],
        )
        charts["readiness"].set_bars(
            names["readiness"],
            [(country(c), mean) for c, mean, _n in board.readiness_by_country],
            texts=[
                ngettext("{score} ({count} case)", "{score} ({count} cases)", n).format(
                    score=number(mean), count=number(n)
                )
                for _c, mean, n in board.readiness_by_country
            ],
            maximum=100.0,
        )
        charts["sectors"].set_bars(
            names["sectors"],
            [(f"{code} {titles.get(code, '')}".strip(), n) for code, n in board.top_sectors],
        )
        charts["months"].set_bars(
            names["months"], [(_month(m), n) for m, n in board.assessed_per_month]
        )

    # -- saving --------------------------------------------------------------------------------

    def choose_png(self, name: str) -> None:
        """Asks where to save one chart, then saves it."""
        suggested = str(Path.home() / f"{name}.png")
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Save the chart as PNG"), suggested, _("PNG images (*.png)")
        )
        if path:
            self.save_png(name, Path(path))

    def save_png(self, name: str, path: Path) -> bool:
        """Saves one chart as a PNG; a failure is shown above the charts."""
        if self.charts[name].save_png(path):
            return True
        self.error.show_messages([_("{path} could not be written.").format(path=path)])
        return False

    # -- language ------------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        return {
            "countries": _("Cases by country"),
            "statuses": _("Cases by status"),
            "bands": _("Cases by readiness band"),
            "readiness": _("Mean readiness by country (0–100)"),
            "sectors": _("Most frequent sectors (NACE divisions)"),
            "months": _("Cases assessed per month"),
        }

    def _titles(self) -> None:
        for name, title in self._names().items():
            self.charts[name].title = title
            self.charts[name].setAccessibleName(title)

    def retranslate(self) -> None:
        self.title.setText(_("Dashboard"))
        for name, button in self.save_buttons.items():
            button.setText(_("Save as PNG…"))
            button.setAccessibleName(
                _("Save the chart “{title}” as PNG").format(title=self._names()[name])
            )
        self._draw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


def _month(month: str) -> str:
    """``2026-04`` as the UI language writes a month: "Apr 2026", "kwi 2026"."""
    day = dt.date(int(month[:4]), int(month[5:7]), 1)
    return format_date(day, "LLL y", locale=active().locale)
