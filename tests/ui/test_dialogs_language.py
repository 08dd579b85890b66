"""The dialogs outside the main window show no text that escaped translation: each is opened in
the pseudo-language, where every translated text is marked, and searched for unmarked text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from brokerdesk.ui.backups_dialog import BackupsDialog
from brokerdesk.ui.connect_dialog import ConnectDialog
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.lock_screen import LockScreen
from brokerdesk.ui.passphrase_dialog import PassphraseDialog
from brokerdesk.ui.pseudo import untranslated_texts
from brokerdesk.ui.translator import apply_language


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[QApplication]:
    apply_language(qapp, "qps")
    yield qapp
    apply_language(qapp, "en")


def check(qtbot: QtBot, widget: QWidget, *data: str) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: "⟦" in widget.windowTitle() or not widget.windowTitle())
    leftovers = untranslated_texts(widget, ["BrokerDesk", *data])
    assert not leftovers, "\n".join(map(str, leftovers))


def test_the_connect_dialog_is_translated(
    qtbot: QtBot, pseudo: QApplication, shell_ctx: AppContext
) -> None:
    dialog = ConnectDialog(shell_ctx)
    qtbot.waitUntil(lambda: not shell_ctx.ops.pending)
    check(qtbot, dialog, "https://brokerdesk.example.org", "XXXX-XXXX-XXXX")


def test_the_backups_dialog_is_translated(
    qtbot: QtBot, pseudo: QApplication, shell_ctx: AppContext
) -> None:
    dialog = BackupsDialog(shell_ctx)
    qtbot.waitUntil(lambda: not shell_ctx.ops.pending)
    check(qtbot, dialog, str(shell_ctx.desk.path.parent / "backups"))


@pytest.mark.parametrize("mode", ["new", "open", "change"])
def test_the_passphrase_dialog_is_translated(
    qtbot: QtBot, pseudo: QApplication, tmp_path: Path, mode: str
) -> None:
    path = tmp_path / "cases.brokerdesk"
    check(qtbot, PassphraseDialog(mode, path), str(path), path.name)  # type: ignore[arg-type]


def test_the_lock_screen_is_translated(qtbot: QtBot, pseudo: QApplication) -> None:
    check(qtbot, LockScreen(encrypted=True))
