"""Passphrases in the app: opening an encrypted file asks for it (and again after a wrong one,
the file untouched), a new passphrase is typed twice, it can be changed, and an unencrypted file
is encrypted into a new one that opens in its place."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.services.casefiles import WrongPassphrase, create_case_file, open_case_file
from brokerdesk.services.cases import list_cases
from brokerdesk.services.demo import generate
from brokerdesk.ui.app import Launcher
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.passphrase_dialog import PassphraseDialog

SECRET = "Vilnius ir Kaunas 2026"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def launcher(shell_state: QSettings, library: Library) -> Iterator[Launcher]:
    launcher = Launcher(shell_state, library)
    yield launcher
    for widget in (launcher.window, launcher.welcome, launcher.error_box):
        if widget is not None:
            widget.close()


@pytest.fixture
def secret_file(tmp_path: Path, library: Library) -> Path:
    desk = create_case_file(tmp_path / "cases.brokerdesk", {"name": "Rasa"}, secret=SECRET)
    generate(desk.uow, library, 6, seed=2)
    desk.close()
    return desk.path


def answer(qtbot: QtBot, dialog: PassphraseDialog, *texts: str) -> None:
    fields = {
        "open": [dialog.current_edit],
        "new": [dialog.new_edit, dialog.repeat_edit],
        "change": [dialog.current_edit, dialog.new_edit, dialog.repeat_edit],
    }[dialog.mode]
    for field, text in zip(fields, texts, strict=True):
        field.setText(text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_a_new_passphrase_must_be_long_enough_and_typed_twice_alike(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = PassphraseDialog("new", tmp_path / "cases.brokerdesk")
    qtbot.addWidget(dialog)
    dialog.show()
    answer(qtbot, dialog, "short", "short")
    assert dialog.isVisible() and "at least 8 characters" in dialog.problem_label.text()
    answer(qtbot, dialog, SECRET, SECRET + "!")
    assert dialog.isVisible() and "not the same" in dialog.problem_label.text()
    with qtbot.waitSignal(dialog.accepted):
        answer(qtbot, dialog, SECRET, SECRET)
    assert dialog.passphrase() == SECRET
    assert dialog.new_edit.echoMode() == dialog.new_edit.EchoMode.Password


def test_opening_an_encrypted_file_asks_for_the_passphrase_and_again_after_a_wrong_one(
    qtbot: QtBot, launcher: Launcher, secret_file: Path
) -> None:
    before = digest(secret_file)
    launcher.start(secret_file)
    asked = launcher.passphrase_dialog
    assert isinstance(asked, PassphraseDialog) and asked.isVisible()
    assert "cases.brokerdesk is encrypted" in asked.intro_label.text()
    with qtbot.waitSignal(launcher.failed, timeout=20_000) as refused:
        answer(qtbot, asked, "Vilnius ir Kaunas 2025")
    assert isinstance(refused.args[0], WrongPassphrase)
    assert digest(secret_file) == before
    again = launcher.passphrase_dialog
    assert isinstance(again, PassphraseDialog) and again.isVisible()
    assert "passphrase does not open" in again.problem_label.text()
    assert launcher.window is None and launcher.error_box is None
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        answer(qtbot, again, SECRET)
    window: MainWindow = shown.args[0]
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() == 6)
    assert window.ctx.desk.case_file.encrypted
    assert not window.protection.sign.isVisible()  # encrypted: no offer to encrypt


def test_cancelling_the_passphrase_goes_back_to_the_first_run_dialog(
    qtbot: QtBot, launcher: Launcher, secret_file: Path
) -> None:
    launcher.start(secret_file)
    asked = launcher.passphrase_dialog
    assert isinstance(asked, PassphraseDialog)
    qtbot.mouseClick(asked.cancel_button, Qt.MouseButton.LeftButton)
    assert launcher.welcome is not None
    qtbot.waitUntil(launcher.welcome.isVisible)


def test_the_passphrase_is_changed_from_the_file_menu(
    qtbot: QtBot, launcher: Launcher, secret_file: Path
) -> None:
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        launcher.open(secret_file, secret=SECRET)
    window: MainWindow = shown.args[0]
    window.protection.passphrase_action.trigger()
    dialog = window.protection.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.mode == "change"
    answer(qtbot, dialog, "not the one at all", "Nowe hasło 2027", "Nowe hasło 2027")
    qtbot.waitUntil(lambda: "passphrase does not open" in dialog.problem_label.text())
    assert dialog.isVisible()
    answer(qtbot, dialog, SECRET, "Nowe hasło 2027", "Nowe hasło 2027")
    qtbot.waitUntil(lambda: window.protection.passphrase_dialog is None)
    qtbot.waitUntil(lambda: not window.ctx.ops.pending)
    window.close()
    with pytest.raises(WrongPassphrase):
        open_case_file(secret_file, backup=False, secret=SECRET)
    desk = open_case_file(secret_file, backup=False, secret="Nowe hasło 2027")
    try:
        assert len(list_cases(desk.uow)) == 6
    finally:
        desk.close()


def test_an_unencrypted_file_is_encrypted_into_a_new_file_that_opens_in_its_place(
    qtbot: QtBot, launcher: Launcher, demo_file: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        launcher.open(demo_file)
    window: MainWindow = shown.args[0]
    assert window.protection.sign.isVisible()
    target = tmp_path / "demo-encrypted.brokerdesk"
    window.protection.encrypt_into(target)
    dialog = window.protection.passphrase_dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.mode == "new"
    with qtbot.waitSignal(launcher.window_shown, timeout=30_000) as replaced:
        answer(qtbot, dialog, SECRET, SECRET)
    new_window: MainWindow = replaced.args[0]
    assert new_window.ctx.desk.path == target and new_window.ctx.desk.case_file.encrypted
    qtbot.waitUntil(lambda: new_window.list_view.model.rowCount() == 40)
    assert demo_file.exists()  # the old file is kept
    assert b"SQLite format 3" not in target.read_bytes()[:16]
