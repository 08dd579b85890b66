"""The network view: the cases of every broker in scope, filtered, opened, exported."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.services.network import NetworkQuery, network_rows
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.network_view import COLUMNS, NetworkView
from tests.ui.network import CASES, network_ctx, settle

FIXTURES = (network_ctx,)


def shown(qtbot: QtBot, ctx: AppContext) -> NetworkView:
    view = NetworkView(ctx)
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    settle(qtbot, ctx)
    return view


def companies(view: NetworkView) -> set[str]:
    return {r.company for r in view.model.rows}


def test_every_case_of_the_network_is_listed_with_its_broker(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    assert view.proxy.rowCount() == CASES
    assert "60 cases in view" in view.count_label.text()
    combo = view.combos["broker"]
    brokers = {combo.itemData(i) for i in range(1, combo.count())}
    assert view.proxy.index(0, COLUMNS.index("broker")).data() in brokers
    assert len(brokers) > 1
    assert view.combos["country"].count() == 1 + 7  # "all", then the seven countries


def test_each_filter_narrows_the_list_to_what_the_service_selects(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    cases = [
        ("country", "LT", NetworkQuery(countries=("LT",))),
        ("status", "assessed", NetworkQuery(statuses=("assessed",))),
        ("band", "developing", NetworkQuery(bands=("developing",))),
        ("division", view.combos["division"].itemData(1), None),
        ("review", "none", NetworkQuery(reviews=("none",))),
    ]
    for name, value, expected in cases:
        view.clear_filters()
        qtbot.waitUntil(lambda: not view.loading, timeout=20_000)
        with qtbot.waitSignal(view.loaded, timeout=20_000):
            view.set_filter(name, value)
        query = expected or NetworkQuery(divisions=(value,))
        wanted = {r.company for r in network_rows(network_ctx.uow, query)}
        assert companies(view) == wanted, name
        assert 0 < len(wanted) <= CASES
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.clear_filters()
    assert view.proxy.rowCount() == CASES


def test_the_date_filter_takes_the_opening_day(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx)
    days = sorted(r.created[:10] for r in view.model.rows)
    middle = days[len(days) // 2]
    view.date_from.set_value(middle)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.date_from.committed.emit(middle)
    assert view.model.rows and all(r.created[:10] >= middle for r in view.model.rows)
    assert view.query().date_from == middle


def test_searching_as_you_type_filters_the_network(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx)
    company = view.model.rows[0].company
    word = company.split()[0]
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.keyClicks(view.search, word)
    assert company in companies(view)
    assert len(view.model.rows) < CASES


def test_enter_on_a_row_asks_to_open_that_case(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx)
    view.table.setFocus()
    view.table.selectRow(3)
    expected = view.current_case_id()
    with qtbot.waitSignal(view.open_requested, timeout=5_000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args is not None and opened.args[0] == expected


def test_the_cases_in_view_are_exported_as_csv(
    qtbot: QtBot, network_ctx: AppContext, tmp_path: Path
) -> None:
    view = shown(qtbot, network_ctx)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.set_filter("country", "DK")
    out = tmp_path / "danish.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000) as done:
        view.export("csv", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert done.args == [out, len(table)]
    assert {r["country"] for r in table} == {"DK"}
    assert {r["company"] for r in table} == companies(view)
