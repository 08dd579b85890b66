"""The backups dialog (dates and case counts, restore after a copy is kept) and the contacts
tab of a case (consent by purpose, export, erasure back to the list)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.domain.personal_data import PARTNER_NETWORK, consents_of
from brokerdesk.services import backups
from brokerdesk.services.casefiles import create_case_file, get_settings, open_case_file
from brokerdesk.services.cases import create_case, get_case, list_cases
from brokerdesk.ui.backups_dialog import BackupsDialog
from brokerdesk.ui.case_view import CaseView
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.ops import Operations

SECRET = "Tallinn ja Tartu 2026"


@pytest.fixture
def secret_ctx(tmp_path: Path, library: Library) -> Iterator[AppContext]:
    path = tmp_path / "cases.brokerdesk"
    create_case_file(path, {"name": "Kadri", "country": "EE"}, secret=SECRET).close()
    ctx = AppContext(open_case_file(path, backup=False, secret=SECRET), library, Operations())
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def show_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, get_settings(ctx.uow))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not ctx.ops.pending and not window.list_view.model.loading)
    return window


def test_backups_are_listed_with_their_case_counts_and_one_is_restored(
    qtbot: QtBot, secret_ctx: AppContext, library: Library
) -> None:
    ctx = secret_ctx
    create_case(ctx.uow, library, company="Mõisa Puit OÜ", country="EE")
    backups.backup_now(ctx.desk, now=dt.datetime(2026, 11, 2, 9, 0))
    create_case(ctx.uow, library, company="Saare Kala AS", country="EE")
    window = show_window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() == 2)

    window.protection.backups_action.trigger()
    dialog = window.protection.backups_dialog
    assert isinstance(dialog, BackupsDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 1).text() == "1"
    assert "2026" in dialog.table.item(0, 0).text()
    with qtbot.waitSignal(dialog.listed, timeout=10_000):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["2", "1"]

    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and "1 cases" in box.text()
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        restore.click()
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() == 1)
    assert [r.company for r in list_cases(ctx.uow)] == ["Mõisa Puit OÜ"]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3)
    assert "before a restore" in dialog.table.item(0, 0).text()
    assert dialog.table.item(0, 1).text() == "2"
    dialog.accept()


def open_contacts(qtbot: QtBot, window: MainWindow, case_id: str) -> CaseView:
    window.open_case(case_id)
    view = window.case_view
    assert isinstance(view, CaseView)
    qtbot.waitUntil(lambda: view.session.is_loaded)
    view.show_page("contacts")
    return view


def test_a_contact_person_and_their_consent_are_saved_and_erasure_goes_back_to_the_list(
    qtbot: QtBot, secret_ctx: AppContext, library: Library, tmp_path: Path
) -> None:
    ctx = secret_ctx
    case_id = create_case(ctx.uow, library, company="Läänemere Disain OÜ", country="EE").case.id
    kept = create_case(ctx.uow, library, company="Saare Kala AS", country="EE").case.id
    window = show_window(qtbot, ctx)
    view = open_contacts(qtbot, window, case_id)
    editor = view.contacts
    assert not editor.details.isEnabled()  # no contact person yet

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.current is not None and editor.details.isEnabled())
    editor.edits["name"].setText("Maarja Tamm")
    editor.edits["email"].setText("maarja@example.ee")
    editor.edits["email"].editingFinished.emit()
    qtbot.waitUntil(lambda: not ctx.ops.pending)
    editor.consent_dates[PARTNER_NETWORK].setDate(QDate(2026, 11, 3))
    editor.consent_checks[PARTNER_NETWORK].setChecked(True)
    qtbot.waitUntil(lambda: not ctx.ops.pending and not view.session.busy)
    (contact,) = get_case(ctx.uow, case_id).doc["contacts"].values()
    assert contact["name"] == "Maarja Tamm" and contact["email"] == "maarja@example.ee"
    assert consents_of(contact) == {PARTNER_NETWORK: "2026-11-03"}
    assert editor.list.item(0).text() == "Maarja Tamm"

    out = tmp_path / "export.json"
    editor.export_to(out, "json")
    qtbot.waitUntil(out.exists)
    assert json.loads(out.read_text(encoding="utf-8"))["company"] == "Läänemere Disain OÜ"

    qtbot.mouseClick(editor.erase_button, Qt.MouseButton.LeftButton)
    box = editor.confirm_box
    assert isinstance(box, QMessageBox) and "Läänemere Disain OÜ" in box.text()
    erase = next(b for b in box.buttons() if b.text() == "Erase")
    with qtbot.waitSignal(view.erased, timeout=10_000):
        erase.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.list_view)
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() == 1)
    assert [r.id for r in list_cases(ctx.uow)] == [kept]
