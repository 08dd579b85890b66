"""The app syncs by itself with a real server, says how it went, and lets the broker settle
conflicts field by field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.server import accounts
from brokerdesk.server.app import create_app
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ThreadedServer, free_port
from brokerdesk.services import cases, sync
from brokerdesk.services.casefiles import create_case_file
from brokerdesk.ui.conflicts_dialog import ConflictsDialog
from brokerdesk.ui.connect_dialog import ConnectDialog
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.sync_controller import SyncState
from tests.ui.conftest import open_ctx


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(data_dir=tmp_path / "server")
    yield db
    db.dispose()


@pytest.fixture
def server_url(database: Database) -> Iterator[str]:
    with ThreadedServer(create_app(database)) as running:
        yield running.url


def code_for(database: Database, name: str = "Agnieszka Wróbel") -> str:
    with database.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(conn, name, "broker", ["PL"])
        code, _expires = accounts.issue_code(conn, user)
    return code


@pytest.fixture
def ctx(tmp_path: Path, library: Library) -> Iterator[AppContext]:
    desk = create_case_file(tmp_path / "broker.brokerdesk", broker={"name": "Agnieszka Wróbel"})
    cases.create_case(desk.uow, library, company="Żuraw Sp. z o.o.", country="PL")
    cases.create_case(desk.uow, library, company="Bałtyk S.A.", country="PL")
    desk.close()
    ctx = open_ctx(tmp_path / "broker.brokerdesk", library)
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def window_for(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, {"ui_language": "en"})
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_unconnected_file_says_so_and_offers_no_sync(qtbot: QtBot, ctx: AppContext) -> None:
    window = window_for(qtbot, ctx)
    with qtbot.waitSignal(window.sync.state_changed, timeout=10_000):
        window.sync.sync_now()
    assert window.sync_label.text() == "Not connected to a server"
    assert not window.sync_action.isEnabled()


def test_connecting_in_the_dialog_syncs_every_case_and_the_status_bar_says_when(
    qtbot: QtBot, ctx: AppContext, database: Database, server_url: str
) -> None:
    window = window_for(qtbot, ctx)
    window.connect_server()
    dialog = window.connect_dialog
    assert isinstance(dialog, ConnectDialog)
    dialog.server.setText(server_url)
    dialog.code.setText(code_for(database))
    with qtbot.waitSignal(dialog.connected, timeout=20_000):
        dialog.connect_button.click()
    assert "Connected to" in dialog.current.text()
    qtbot.waitUntil(lambda: window.sync.outcome.state == SyncState.SYNCED, timeout=20_000)
    assert window.sync_label.text().startswith("Synced at ")
    assert window.sync_action.isEnabled()
    assert sync.pending_changes(ctx.uow) == 0
    with database.read() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM cases").scalar()
    assert stored == 2


def test_without_the_server_the_status_bar_counts_the_cases_waiting(
    qtbot: QtBot, ctx: AppContext, database: Database, server_url: str, library: Library
) -> None:
    sync.enroll(ctx.uow, server_url, code_for(database))
    sync.sync_now(ctx.desk, library)
    with ctx.uow as uow:  # the server moves away: this laptop is offline
        data = uow.settings.get(sync.CONNECTION_KEY)
        uow.settings.set(sync.CONNECTION_KEY, {**data, "server": f"http://127.0.0.1:{free_port()}"})
        uow.commit()
    cases.create_case(ctx.uow, library, company="Ąžuolas UAB", country="LT")
    window = window_for(qtbot, ctx)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.sync.outcome.state == SyncState.OFFLINE, timeout=30_000)
    assert window.sync_label.text() == "Offline — 1 case waiting"
    assert window.sync._timer.isActive()  # it tries again by itself


def test_a_revoked_device_is_told_it_was_disconnected_and_keeps_its_cases(
    qtbot: QtBot, ctx: AppContext, database: Database, server_url: str, library: Library
) -> None:
    connection = sync.enroll(ctx.uow, server_url, code_for(database))
    with database.write() as conn:
        accounts.revoke_device(conn, connection.device_id)
    window = window_for(qtbot, ctx)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.sync.outcome.state == SyncState.DISCONNECTED, timeout=20_000)
    assert "Disconnected by the server" in window.sync_label.text()
    assert cases.count_cases(ctx.uow) == 2


def test_a_conflict_is_shown_on_the_case_and_settled_field_by_field(
    qtbot: QtBot,
    ctx: AppContext,
    database: Database,
    server_url: str,
    library: Library,
    tmp_path: Path,
) -> None:
    sync.enroll(ctx.uow, server_url, code_for(database))
    sync.sync_now(ctx.desk, library)
    other = create_case_file(tmp_path / "second-laptop.brokerdesk")
    sync.enroll(other, server_url, code_for(database))
    sync.sync_now(other, library)
    case_id = cases.list_cases(ctx.uow)[0].id
    cases.answer_item(other.uow, library, case_id, "town", "Suwałki")
    sync.sync_now(other, library)
    cases.answer_item(ctx.uow, library, case_id, "town", "Białystok")
    report = sync.sync_now(ctx.desk, library)
    assert report.conflicts == 1
    other.close()

    from brokerdesk.ui.case_view import CaseView

    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.conflicts_button.isVisible(), timeout=10_000)
    assert view.conflicts_button.text() == "⚠ 1 conflict with another device"
    dialog = ConflictsDialog(view.session, view)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.body.findChildren(type(view.status))]
    assert "Białystok" in labels and "Suwałki" in labels
    with qtbot.waitSignal(dialog.settled, timeout=10_000):
        take = next(
            b
            for b in dialog.body.findChildren(type(view.report_button))
            if b.text() == "Take the other"
        )
        take.click()
    assert cases.get_case(ctx.uow, case_id).value("town") == "Suwałki"
    qtbot.waitUntil(lambda: not view.conflicts_button.isVisible(), timeout=10_000)
