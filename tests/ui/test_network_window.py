"""Coordinator mode, end to end over the real server: a network file opens in the network window,
a case opens read-only beside the review, a return reaches the server, and the broker sees the
review on the case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.server.db import Database, open_database
from brokerdesk.services import coordinator, sync
from brokerdesk.services.casefiles import Desk, create_case_file, get_settings, open_case_file
from brokerdesk.services.cases import get_case
from brokerdesk.services.demo import generate
from brokerdesk.ui.app import window_for
from brokerdesk.ui.case_view import CaseView
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.network_window import NetworkCase, NetworkWindow
from brokerdesk.ui.ops import Operations
from brokerdesk.ui.sync_controller import SyncState
from tests.server.conftest import server
from tests.server.helpers import Server
from tests.ui.network import settle

FIXTURES = (server,)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """The server's database: the window's part is the same on either, SQLite is enough."""
    db = open_database(data_dir=tmp_path / "server-data")
    yield db
    db.dispose()


@pytest.fixture
def broker(server: Server, tmp_path: Path, library: Library) -> Iterator[Desk]:
    desk = create_case_file(tmp_path / "anna.brokerdesk", broker={"name": "Anna Nowak"})
    generate(desk.uow, library, 14, seed=3)
    sync.enroll(desk, server.url, server.code_for("anna", "broker", ("PL",)))
    sync.sync_now(desk, library)
    yield desk
    desk.close()


@pytest.fixture
def network(server: Server, broker: Desk, tmp_path: Path, library: Library) -> Iterator[AppContext]:
    path = tmp_path / "network.brokerdesk"
    desk = create_case_file(path, broker={"name": "Mette Sørensen"})
    sync.enroll(desk, server.url, server.code_for("mette", "coordinator", ("*",)))
    assert coordinator.pull(desk, library).pulled == 14
    desk.close()
    ctx = AppContext(open_case_file(path, backup=False), library, Operations())
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def shown(qtbot: QtBot, ctx: AppContext) -> NetworkWindow:
    settings = get_settings(ctx.uow)
    assert window_for(settings) is NetworkWindow
    window = NetworkWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.network_view.model.rows) == 14, timeout=20_000)
    settle(qtbot, ctx)
    return window


def close(qtbot: QtBot, window: NetworkWindow) -> None:
    window.close()  # stops the sync and drains the queue before the file closes
    settle(qtbot, window.ctx)


def open_first(qtbot: QtBot, window: NetworkWindow) -> NetworkCase:
    table = window.network_view.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    view = window.case_view
    assert isinstance(view, NetworkCase)
    qtbot.waitUntil(lambda: view.session.is_loaded, timeout=20_000)
    settle(qtbot, window.ctx)
    return view


def test_a_brokers_file_keeps_the_brokers_window(desk: Desk) -> None:
    assert window_for(get_settings(desk.uow)) is MainWindow


def test_the_network_window_shows_the_network_and_hides_the_brokers_commands(
    qtbot: QtBot, network: AppContext
) -> None:
    window = shown(qtbot, network)
    assert window.stack.currentWidget() is window.network_tabs
    assert not window.new_case_action.isVisible() and not window.new_case_action.isEnabled()
    assert window.network_menu.title() == "&Network"
    window.page_actions["dashboard"].trigger()
    assert window.network_tabs.currentWidget() is window.dashboard_view
    qtbot.waitUntil(lambda: window.dashboard_view.board is not None, timeout=20_000)
    assert window.dashboard_view.board.total == 14
    close(qtbot, window)


def test_a_case_opens_read_only_and_nothing_typed_there_is_saved(
    qtbot: QtBot, network: AppContext
) -> None:
    window = shown(qtbot, network)
    view = open_first(qtbot, window)
    case_view = view.case_view
    assert isinstance(case_view, CaseView) and case_view.read_only
    assert not case_view.status_button.isVisible()
    assert not case_view.language.isEnabled()
    assert case_view.report_button.isEnabled()  # the report in any language
    assert case_view.saved_sign.text() == "Read-only: a case of the network"
    edits = case_view.profile.findChildren(QLineEdit)
    assert edits and all(e.isReadOnly() for e in edits)
    before = get_case(network.uow, view.case_id).doc
    case_view.session.answer("headcount", 4321)  # as a page would, were it not read-only
    settle(qtbot, network)
    assert get_case(network.uow, view.case_id).doc == before
    assert sync.pending_changes(network.uow) == 0
    qtbot.keyClick(window.case_page, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.network_tabs
    close(qtbot, window)


def test_a_return_from_the_review_panel_reaches_the_server_and_the_broker(
    qtbot: QtBot, network: AppContext, server: Server, broker: Desk, library: Library
) -> None:
    window = shown(qtbot, network)
    view = open_first(qtbot, window)
    panel = view.review
    panel.return_button.click()
    assert "Say what the broker should change" in panel.error.text()
    panel.comment.setPlainText("Please add the export plan.")
    with qtbot.waitSignal(panel.reviewed, timeout=20_000):
        panel.return_button.click()
    qtbot.waitUntil(lambda: window.sync.outcome.state == SyncState.SYNCED, timeout=30_000)
    assert sync.pending_changes(network.uow) == 0
    qtbot.waitUntil(lambda: view.case_view.feedback.isVisible(), timeout=20_000)
    assert "Returned to the broker" in view.case_view.feedback.summary.text()
    assert "Returned to the broker" in panel.state.text()
    close(qtbot, window)

    # The broker syncs and opens the case: the review and the comment are there, read-only.
    assert sync.sync_now(broker, library).pulled == 1
    broker_ctx = AppContext(broker, library, Operations())
    case_view = CaseView(broker_ctx, view.case_id)
    qtbot.addWidget(case_view)
    case_view.show()
    qtbot.waitUntil(lambda: case_view.feedback.isVisible(), timeout=20_000)
    summary = case_view.feedback.summary.text()
    assert "Returned to the broker, by mette" in summary
    assert "“Please add the export plan.”" in summary
    case_view.feedback.all_button.click()
    assert "mette" in case_view.feedback.history.text()
    assert not case_view.read_only and case_view.status_button.isVisible()
    case_view.close()
    broker_ctx.ops.wait()


def test_every_text_of_the_network_window_is_translatable(
    qtbot: QtBot, network: AppContext
) -> None:
    from PySide6.QtWidgets import QApplication

    from brokerdesk.ui.pseudo import untranslated_texts
    from brokerdesk.ui.translator import apply_language

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = shown(qtbot, network)
    apply_language(app, "qps")
    qtbot.waitUntil(lambda: "⟦" in window.network_menu.title())
    data = {network.desk.path.name, "Mette Sørensen", "mette"}
    data |= {r.broker for r in window.network_view.model.rows}
    data |= {r.company for r in window.network_view.model.rows}
    for page in (window.network_view, window.dashboard_view, window.matches_view):
        window.show_network_page(page)
        settle(qtbot, network)
        qtbot.waitUntil(lambda: not window.matches_view.loading, timeout=20_000)
        found = untranslated_texts(page, data)
        # Combo entries of the filters are data: countries, brokers, NACE titles in English.
        print(page, found[:8])
        found = [f for f in found if "QComboBox" not in f.where]
        assert found == [], found
    close(qtbot, window)
