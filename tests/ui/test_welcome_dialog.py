"""First run: the welcome dialog creates the broker's case file, or opens the demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.services.casefiles import get_settings, open_case_file
from brokerdesk.ui.app import LAST_FILE, Launcher
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.welcome_dialog import WelcomeDialog


@pytest.fixture
def launcher(shell_state: QSettings, library: Library) -> Iterator[Launcher]:
    launcher = Launcher(shell_state, library)
    yield launcher
    if launcher.window is not None:
        launcher.window.close()
    if launcher.welcome is not None:
        launcher.welcome.close()


def welcome(qtbot: QtBot, launcher: Launcher, path: Path) -> WelcomeDialog:
    launcher.start(path)
    dialog = launcher.welcome
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose(combo_owner: WelcomeDialog, combo_name: str, code: str) -> None:
    combo = getattr(combo_owner, combo_name)
    combo.setCurrentIndex(combo.findData(code))


def test_creating_a_case_file_through_the_first_run_dialog(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path, shell_state: QSettings
) -> None:
    path = tmp_path / "Mäkinen" / "cases.brokerdesk"
    dialog = welcome(qtbot, launcher, path)
    dialog.name_edit.insert("Päivi Mäkinen")  # QTest types ASCII only
    choose(dialog, "ui_language", "fi")
    assert dialog.country_combo.currentData() == "FI"  # follows the language chosen
    assert dialog.report_language.currentData() == "fi"
    choose(dialog, "report_language", "de")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    asked = dialog.passphrase_dialog  # a new case file is encrypted: its passphrase, twice
    assert asked is not None and asked.isVisible()
    asked.new_edit.setText("Sauna ja järvi 7")
    asked.repeat_edit.setText("Sauna ja järvi 7")
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
    window: MainWindow = shown.args[0]
    qtbot.waitUntil(lambda: not window.ctx.ops.pending)

    assert path.exists() and window.ctx.desk.case_file.encrypted
    assert shell_state.value(LAST_FILE) == str(path)
    assert window.list_view.empty_label.isVisible()
    assert "Ctrl+N" in window.list_view.empty_label.text()
    window.close()
    desk = open_case_file(path, backup=False, secret="Sauna ja järvi 7")
    settings = get_settings(desk.uow)
    desk.close()
    assert settings["broker"] == {"name": "Päivi Mäkinen", "country": "FI"}
    assert settings["ui_language"] == "fi"
    assert settings["report_language"] == "de"


def test_the_dialog_asks_for_the_name_and_keeps_what_was_typed(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    path = tmp_path / "cases.brokerdesk"
    dialog = welcome(qtbot, launcher, path)
    choose(dialog, "report_language", "lv")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem_label.isVisible()
    assert "Enter your name" in dialog.problem_label.text()
    assert dialog.report_language.currentData() == "lv"
    assert not path.exists()


def test_the_dialog_will_not_create_over_an_existing_file(
    qtbot: QtBot, launcher: Launcher, demo_file: Path
) -> None:
    dialog = welcome(qtbot, launcher, demo_file.with_name("new.brokerdesk"))
    dialog.path_edit.setText(str(demo_file))
    qtbot.keyClicks(dialog.name_edit, "Juergen Koehler")
    dialog.create_button.click()
    assert dialog.isVisible()
    assert "There is already a file" in dialog.problem_label.text()


def test_trying_the_demo_opens_demo_cases_without_remembering_the_file(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path, shell_state: QSettings
) -> None:
    dialog = welcome(qtbot, launcher, tmp_path / "cases.brokerdesk")
    with qtbot.waitSignal(launcher.window_shown, timeout=30_000) as shown:
        dialog.demo_button.click()
    window: MainWindow = shown.args[0]
    qtbot.waitUntil(lambda: window.list_view.model.total > 0)
    assert window.ctx.desk.path == tmp_path / "demo.brokerdesk"
    assert window.list_view.model.total == 60
    assert shell_state.value(LAST_FILE) is None


def test_quitting_the_first_run_ends_the_program(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    dialog = welcome(qtbot, launcher, tmp_path / "cases.brokerdesk")
    with qtbot.waitSignal(launcher.finished) as finished:
        dialog.quit_button.click()
    assert finished.args == [0]
