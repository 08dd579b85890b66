"""The main window: new case, open and back with the keyboard, settings, the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from brokerdesk.services.casefiles import get_settings
from brokerdesk.services.cases import answer_item
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow

NOW = "2030-01-01T09:00:00.000Z"  # later than every demo case


def show_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, get_settings(ctx.uow))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() > 0 and not ctx.ops.pending)
    return window


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.ctx.ops.pending and not window.list_view.model.loading)


def test_a_new_case_is_opened_at_once_and_is_in_the_list_after(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    window = show_window(qtbot, shell_ctx)
    qtbot.keyClick(window.list_view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_case_dialog
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("Brückner Maschinenbau GmbH")
    dialog.accept()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.case_page)
    assert window.case_title.text() == "Brückner Maschinenbau GmbH"
    settle(qtbot, window)
    window.activateWindow()  # the window manager's part once a dialog closes
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window.case_page, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.list_view
    settle(qtbot, window)
    model = window.list_view.model
    assert model.total == 41
    assert model.case_row(0).company == "Brückner Maschinenbau GmbH"  # newest first
    assert model.case_row(0).country == "PL"  # the broker's country, to start with
    assert window.list_view.current_row() == 0
    assert "41 cases" in window.counts_label.text()


def test_enter_opens_the_chosen_case_and_alt_left_goes_back_to_it(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    window = show_window(qtbot, shell_ctx)
    table = window.list_view.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    chosen = window.list_view.current_case_id()
    company = window.list_view.model.case_row(2).company
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_page
    assert window.case_title.text() == company
    assert not window.find_action.isEnabled()  # Ctrl+F belongs to the case now

    qtbot.keyClick(window.case_page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.list_view
    assert window.list_view.current_case_id() == chosen
    assert table.hasFocus() or not window.isActiveWindow()


def test_ctrl_f_puts_the_cursor_in_the_search_field(qtbot: QtBot, shell_ctx: AppContext) -> None:
    window = show_window(qtbot, shell_ctx)
    window.list_view.search_edit.setText("old search")
    window.find_action.trigger()
    assert window.list_view.search_edit.hasFocus() or not window.isActiveWindow()
    assert window.list_view.search_edit.selectedText() == "old search"


def test_the_menus_carry_the_usual_shortcuts(qtbot: QtBot, shell_ctx: AppContext) -> None:
    window = show_window(qtbot, shell_ctx)
    keys = {
        window.new_case_action: "Ctrl+N",
        window.open_file_action: "Ctrl+O",
        window.find_action: "Ctrl+F",
        window.settings_action: "Ctrl+,",
        window.quit_action: "Ctrl+Q",
        window.refresh_action: "F5",
        window.list_view.delete_action: "Del",
        window.list_view.undo_action: "Ctrl+Z",
    }
    for action, key in keys.items():
        assert key in [s.toString() for s in action.shortcuts()], action.text()


def test_settings_are_saved_in_the_case_file(qtbot: QtBot, shell_ctx: AppContext) -> None:
    window = show_window(qtbot, shell_ctx)
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.name_edit.setText("Agnieszka Wróbel-Nowak")
    dialog.email_edit.setText("not an address")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "does not look like an e-mail address" in dialog.problem_label.text()
    dialog.email_edit.setText("a.wrobel@example.pl")
    dialog.report_language.setCurrentIndex(dialog.report_language.findData("lt"))
    dialog.save_button.click()
    settle(qtbot, window)
    settings = get_settings(shell_ctx.uow)
    assert settings["broker"]["name"] == "Agnieszka Wróbel-Nowak"
    assert settings["broker"]["email"] == "a.wrobel@example.pl"
    assert settings["report_language"] == "lt"
    assert settings["ui_language"] == "en"


def test_closing_the_window_keeps_its_size_in_the_case_file(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    window = show_window(qtbot, shell_ctx)
    window.resize(760, 500)  # within the offscreen screen
    size = window.size()
    window.close()
    assert get_settings(shell_ctx.uow).get("window_geometry")
    again = MainWindow(shell_ctx, get_settings(shell_ctx.uow))
    qtbot.addWidget(again)
    assert again.size() == size
    settle(qtbot, again)


def test_a_change_saved_in_the_case_view_shows_in_the_list_on_the_way_back(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    window = show_window(qtbot, shell_ctx)
    case_id = window.list_view.model.case_id(4)
    window.open_case(case_id)
    view = window.case_view
    assert view is not None and hasattr(view, "changed")
    settle(qtbot, window)
    answer_item(shell_ctx.uow, shell_ctx.library, case_id, "company_name", "Kärkkäinen Oy", now=NOW)
    view.changed.emit(case_id)  # what the case view does after each save
    window.show_list()
    settle(qtbot, window)
    model = window.list_view.model
    assert model.case_row(0).company == "Kärkkäinen Oy"  # the latest change comes first
    assert window.list_view.current_case_id() == case_id


def test_before_its_first_rows_the_window_says_neither_no_cases_nor_zero_cases(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    shell_ctx.ops.hold()  # as at start: the first frame is painted before the list is read
    window = MainWindow(shell_ctx, get_settings(shell_ctx.uow))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.list_view
    assert view._pages.currentWidget() is view.table  # not "No cases yet. Start the first…"
    assert window.counts_label.text() == ""
    assert view.country_combo.count() == 1  # "All countries": the names come with the rows
    shell_ctx.ops.release()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert window.counts_label.text().endswith("cases")
    assert view.country_combo.count() == 8
    assert view.band_combo.count() > 1
