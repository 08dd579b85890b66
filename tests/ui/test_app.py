"""Starting the app: the file it opens, the last file remembered, every refusal explained."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.services.casefiles import backup_if_due, open_case_file
from brokerdesk.ui.app import LAST_FILE, Launcher
from brokerdesk.ui.main_window import MainWindow


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def launcher(shell_state: QSettings, library: Library) -> Iterator[Launcher]:
    launcher = Launcher(shell_state, library)
    yield launcher
    for widget in (launcher.window, launcher.welcome, launcher.error_box):
        if widget is not None:
            widget.close()


def start(qtbot: QtBot, launcher: Launcher, path: Path | None) -> MainWindow:
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        launcher.start(path)
    window: MainWindow = shown.args[0]
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() > 0 and not window.ctx.ops.pending)
    return window


def refused(qtbot: QtBot, launcher: Launcher, path: Path) -> QMessageBox:
    with qtbot.waitSignal(launcher.failed, timeout=20_000):
        launcher.start(path)
    assert launcher.error_box is not None
    return launcher.error_box


def buttons(box: QMessageBox) -> list[str]:
    return [b.text() for b in box.buttons()]


def click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def test_the_app_starts_offscreen_on_a_demo_file_without_a_qt_warning(
    qtbot: QtBot, launcher: Launcher, demo_file: Path
) -> None:
    window = start(qtbot, launcher, demo_file)
    assert window.isVisible()
    assert window.list_view.model.total == 40
    assert "40 cases" in window.counts_label.text()
    assert demo_file.name in window.file_label.text()
    with qtbot.waitSignal(launcher.finished) as finished:
        window.quit_action.trigger()
    assert finished.args == [0]


def test_the_last_file_opened_is_opened_at_the_next_start(
    qtbot: QtBot, launcher: Launcher, demo_file: Path, shell_state: QSettings, library: Library
) -> None:
    first = start(qtbot, launcher, demo_file)
    assert shell_state.value(LAST_FILE) == str(demo_file)
    first.close()
    again = Launcher(shell_state, library)
    window = start(qtbot, again, None)
    assert window.ctx.desk.path == demo_file
    window.close()


def test_a_file_that_is_not_a_case_file_is_explained_with_a_way_out(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.brokerdesk"
    path.write_text("Minutes of the meeting, not a case file.\n")
    before = digest(path)
    box = refused(qtbot, launcher, path)
    assert "not a BrokerDesk case file" in box.text()
    assert sorted(buttons(box)) == ["Create a new case file…", "Open another file…", "Quit"]
    with qtbot.waitSignal(launcher.finished) as finished:
        click(box, "Quit")
    assert finished.args == [1]
    assert digest(path) == before


def test_a_file_from_a_newer_brokerdesk_is_refused_and_left_as_it_was(
    qtbot: QtBot, launcher: Launcher, demo_file: Path
) -> None:
    with sqlite3.connect(demo_file) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    raw.close()
    before = digest(demo_file)
    box = refused(qtbot, launcher, demo_file)
    assert "newer version of BrokerDesk" in box.text()
    assert "Install the newest BrokerDesk" in box.informativeText()
    assert "Open another file…" in buttons(box)
    assert digest(demo_file) == before


def test_a_damaged_file_offers_a_copy_of_its_newest_backup_and_stays_as_it_was(
    qtbot: QtBot, launcher: Launcher, demo_file: Path, library: Library
) -> None:
    desk = open_case_file(demo_file, backup=False)
    backup = backup_if_due(desk)
    desk.close()
    assert backup is not None
    with sqlite3.connect(demo_file) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = bytearray(demo_file.read_bytes())
    page = 4096
    data[page * 3 :] = bytes([0xA5]) * (len(data) - page * 3)  # the header still looks right
    demo_file.write_bytes(bytes(data))
    before = digest(demo_file)

    box = refused(qtbot, launcher, demo_file)
    assert "is damaged" in box.text()
    assert "newest backup" in box.informativeText()
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        click(box, "Open a copy of the newest backup")
    window: MainWindow = shown.args[0]
    restored = window.ctx.desk.path
    assert restored != demo_file and "restored" in restored.name
    qtbot.waitUntil(lambda: window.list_view.model.total == 40)
    assert digest(demo_file) == before
    window.close()


def test_a_missing_file_given_on_the_command_line_starts_the_first_run_there(
    qtbot: QtBot, launcher: Launcher, tmp_path: Path
) -> None:
    path = tmp_path / "new" / "mine.brokerdesk"
    launcher.start(path)
    assert launcher.welcome is not None
    qtbot.waitUntil(launcher.welcome.isVisible)
    assert launcher.welcome.path_edit.text() == str(path)


@pytest.mark.slow
def test_a_file_locked_by_another_program_can_be_tried_again(
    qtbot: QtBot, launcher: Launcher, demo_file: Path
) -> None:
    other = sqlite3.connect(demo_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        box = refused(qtbot, launcher, demo_file)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "in use by another program" in box.text()
    with qtbot.waitSignal(launcher.window_shown, timeout=20_000) as shown:
        click(box, "Try again")
    window: MainWindow = shown.args[0]
    assert window.ctx.desk.path == demo_file
    window.close()


START = """
import sys, tempfile
from pathlib import Path
from brokerdesk.ui.app import Launcher, make_application
from brokerdesk.ui.case_list_model import when_listed
from PySide6.QtCore import QSettings, QTimer

app = make_application(sys.argv[:1])
state = QSettings(str(Path(tempfile.mkdtemp()) / "state.ini"), QSettings.Format.IniFormat)
launcher = Launcher(state)
seen = {}

def heavy():
    return sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic", "httpx"})

def formatting():
    return sorted({"babel", "brokerdesk.domain.instrument"} & set(sys.modules))

def shown(window):
    seen["shown"] = formatting()

    def listed():
        seen["listed"] = (window.list_view.model.total, heavy())
        QTimer.singleShot(0, lambda: ready(window))

    def ready(window):  # the writing layers follow, beside the queue
        if window.ctx.desk.uow_ready:
            seen["ready"] = heavy()
            app.exit(0)
        else:
            QTimer.singleShot(5, lambda: ready(window))

    when_listed(window.list_view.model, listed)

launcher.window_shown.connect(shown)
launcher.failed.connect(lambda exc: app.exit(2))
launcher.start(Path(sys.argv[1]))
code = app.exec()
print(code, seen["shown"], *seen["listed"], seen["ready"])
"""


def test_the_window_shows_before_babel_and_lists_before_the_writing_layers_load(
    demo_file: Path, tmp_path: Path
) -> None:
    # SQLAlchemy and the HTTP client take a third of a second to import: the list comes first.
    # Babel's locale data and the instrument are read with the first rows, after the window
    # has shown itself.
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", START, str(demo_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 [] 40 [] ['sqlalchemy']"
