"""The dashboard: six charts of the cases in view, drawn in Qt, each saved as a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from brokerdesk.i18n import active
from brokerdesk.services.network import NetworkQuery, dashboard
from brokerdesk.ui.bar_chart import PNG_SCALE, BarChart
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.dashboard_view import CHARTS, DashboardView
from brokerdesk.ui.translator import apply_language
from tests.ui.network import network_ctx, settle

FIXTURES = (network_ctx,)


def shown(qtbot: QtBot, ctx: AppContext, query: NetworkQuery | None = None) -> DashboardView:
    view = DashboardView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 900)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh(query)
    settle(qtbot, ctx)
    return view


def test_the_charts_show_the_figures_of_the_cases_in_view(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    board = dashboard(network_ctx.uow, network_ctx.library)
    countries = view.charts["countries"]
    assert [v for _l, v in countries.bars] == [n for _c, n in board.by_country]
    assert countries.bars[0][0] == active().country(board.by_country[0][0])
    assert sum(v for _l, v in view.charts["statuses"].bars) == board.total == 60
    assert [v for _l, v in view.charts["months"].bars] == [n for _m, n in board.assessed_per_month]
    readiness = view.charts["readiness"]
    assert readiness.maximum == 100.0
    assert all(0 <= v <= 100 for _l, v in readiness.bars)
    assert "cases" in readiness.accessibleDescription()  # "52.3 (8 cases)"
    assert "60 cases in view" in view.summary.text()


def test_the_dashboard_follows_the_network_filters(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx, NetworkQuery(countries=("FI",)))
    assert [label for label, _v in view.charts["countries"].bars] == [active().country("FI")]


def test_every_chart_is_saved_as_a_png_that_reads_back(
    qtbot: QtBot, network_ctx: AppContext, tmp_path: Path
) -> None:
    view = shown(qtbot, network_ctx)
    for name in CHARTS:
        path = tmp_path / f"{name}.png"
        assert view.save_png(name, path)
        image = QImage(str(path))
        chart = view.charts[name]
        assert not image.isNull()
        assert image.height() == chart.sizeHint().height() * PNG_SCALE
        bar = chart.palette().color(chart.palette().ColorRole.Highlight).rgb()
        pixels = {
            image.pixel(x, y)
            for x in range(0, image.width(), 5)
            for y in range(0, image.height(), 5)
        }
        assert bar in pixels  # the bars are drawn


def test_a_chart_that_cannot_be_written_says_so(
    qtbot: QtBot, network_ctx: AppContext, tmp_path: Path
) -> None:
    view = shown(qtbot, network_ctx)
    assert not view.save_png("countries", tmp_path / "no-such-folder" / "chart.png")
    assert view.error.isVisible() and "could not be written" in view.error.text()


def test_an_empty_chart_says_there_is_nothing_to_show(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars("Nothing", [])
    chart.show()
    assert chart.accessibleDescription() == "No cases in view."
    assert not chart.image(300).isNull()


def test_the_charts_speak_the_ui_language(qtbot: QtBot, network_ctx: AppContext) -> None:
    from PySide6.QtWidgets import QApplication

    view = shown(qtbot, network_ctx)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    first = dashboard(network_ctx.uow, network_ctx.library).by_country[0][0]
    english = view.charts["countries"].bars[0][0]
    apply_language(app, "de")
    qtbot.waitUntil(lambda: view.charts["countries"].bars[0][0] == active().country(first))
    assert active().language == "de" and view.charts["countries"].bars[0][0] != english
