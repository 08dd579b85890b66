"""Every text of the shell is wrapped for translation, and follows a language change at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from brokerdesk.i18n import LANGUAGES, LOCALES, active
from brokerdesk.services.casefiles import get_settings
from brokerdesk.ui.choices import PARTNER_COUNTRIES, endonym
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.pseudo import untranslated_texts
from brokerdesk.ui.settings_dialog import SettingsDialog
from brokerdesk.ui.translator import apply_language
from brokerdesk.ui.welcome_dialog import WelcomeDialog


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_language(qapp, "en")


def names(ctx: AppContext) -> list[str]:
    """Data a screen shows: companies, countries, languages, the file, the broker."""
    found = [str(ctx.desk.path), ctx.desk.path.name, "Agnieszka Wróbel", "BrokerDesk"]
    found += [active().country(c) for c in PARTNER_COUNTRIES]
    found += [endonym(code) for code in LANGUAGES] + list(LOCALES.values())
    return found


def switch_at_run_time(qtbot: QtBot, app: QApplication, widget: QWidget) -> None:
    apply_language(app, "qps")
    qtbot.waitUntil(lambda: "⟦" in widget.windowTitle())


def test_the_main_window_retranslates_every_text_at_run_time(
    qtbot: QtBot, app: QApplication, shell_ctx: AppContext
) -> None:
    window = MainWindow(shell_ctx, get_settings(shell_ctx.uow))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() > 0 and not shell_ctx.ops.pending)
    switch_at_run_time(qtbot, app, window)
    qtbot.waitUntil(lambda: not shell_ctx.ops.pending)
    leftovers = untranslated_texts(window, names(shell_ctx))
    assert not leftovers, "\n".join(map(str, leftovers))


def test_the_first_run_and_settings_dialogs_retranslate_every_text(
    qtbot: QtBot, app: QApplication, shell_ctx: AppContext, tmp_path: Path
) -> None:
    welcome = WelcomeDialog(tmp_path / "cases.brokerdesk")
    qtbot.addWidget(welcome)
    welcome.show()
    welcome.create_button.click()  # shows the problem line too
    settings = SettingsDialog(get_settings(shell_ctx.uow), shell_ctx.desk.path)
    qtbot.addWidget(settings)
    settings.show()
    switch_at_run_time(qtbot, app, welcome)
    qtbot.waitUntil(lambda: "⟦" in settings.windowTitle())
    data = [
        *names(shell_ctx),
        str(tmp_path / "cases.brokerdesk"),
        str(shell_ctx.desk.path.parent / "backups"),
    ]
    for dialog in (welcome, settings):
        leftovers = untranslated_texts(dialog, data)
        assert not leftovers, "\n".join(map(str, leftovers))
