"""Locking the main window: after idle time or at once, nothing of the case data on screen or
in the title, and back with the passphrase (a wrong one is refused)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.services.casefiles import create_case_file, get_settings, open_case_file
from brokerdesk.services.demo import generate
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.lock_screen import LockSettingsBox
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.ops import Operations
from brokerdesk.ui.settings_dialog import SettingsDialog
from brokerdesk.ui.window_lock import IdleWatcher

SECRET = "Ostsee und Elbe 2026"


@pytest.fixture
def secret_ctx(tmp_path: Path, library: Library) -> Iterator[AppContext]:
    path = tmp_path / "cases.brokerdesk"
    made = create_case_file(path, {"name": "Jens Möller", "country": "DE"}, secret=SECRET)
    generate(made.uow, library, 12, seed=5)
    made.close()
    ctx = AppContext(open_case_file(path, backup=False, secret=SECRET), library, Operations())
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def show_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, get_settings(ctx.uow))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_view.model.rowCount() > 0 and not ctx.ops.pending)
    return window


def visible_texts(window: QWidget) -> str:
    """Every text the window shows: labels, buttons, fields, and the list's cells."""
    parts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            columns = (
                max(1, model.columnCount(root)) if not isinstance(model, QAbstractListModel) else 1
            )
            for row in range(model.rowCount(root)):
                for column in range(columns):
                    parts.append(str(model.index(row, column, root).data() or ""))
    return "\n".join(parts)


def companies(window: MainWindow) -> list[str]:
    model = window.list_view.model
    return [model.case_row(r).company for r in range(model.rowCount())]


def test_a_locked_window_shows_no_case_data_and_the_right_passphrase_unlocks_it(
    qtbot: QtBot, secret_ctx: AppContext
) -> None:
    window = show_window(qtbot, secret_ctx)
    names = companies(window)
    assert all(name in visible_texts(window) for name in names)
    assert "cases.brokerdesk" in window.windowTitle()
    lock = window.protection.lock

    with qtbot.waitSignal(lock.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    shown = visible_texts(window)
    assert not any(name in shown for name in names)
    assert "cases.brokerdesk" not in shown  # not even the file's name, nor in the title
    assert window.windowTitle() == "BrokerDesk"
    assert not window.list_view.isVisible() and not window.menuBar().isVisible()
    assert not window.new_case_action.isEnabled()  # no shortcut reaches the cases
    assert window.centralWidget() is lock.screen
    QApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.windowTitle() == "BrokerDesk"  # a retranslation does not give it back

    screen = lock.screen
    qtbot.keyClicks(screen.passphrase_edit, "Ostsee und Elbe 2025")
    qtbot.keyClick(screen.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.problem_label.isVisible)
    assert "not the passphrase" in screen.problem_label.text()
    assert lock.is_locked and screen.passphrase_edit.text() == ""

    with qtbot.waitSignal(lock.unlocked):
        qtbot.keyClicks(screen.passphrase_edit, SECRET)
        qtbot.keyClick(screen.passphrase_edit, Qt.Key.Key_Return)
    assert window.centralWidget() is window.stack
    assert window.list_view.isVisible() and window.menuBar().isVisible()
    assert window.new_case_action.isEnabled()
    assert "cases.brokerdesk" in window.windowTitle()
    assert companies(window) == names


def test_an_open_case_and_its_dialogs_are_hidden_while_locked(
    qtbot: QtBot, secret_ctx: AppContext
) -> None:
    window = show_window(qtbot, secret_ctx)
    case_id = window.list_view.model.case_row(0).id
    name = window.list_view.model.case_row(0).company
    window.open_case(case_id, name)
    qtbot.waitUntil(lambda: name in visible_texts(window))
    window.edit_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)

    window.protection.lock.lock()
    assert name not in visible_texts(window)
    assert not dialog.isVisible()
    window.protection.lock.unlock()
    assert dialog.isVisible() and name in visible_texts(window)
    dialog.reject()


def _move_mouse(window: QWidget, step: int) -> float:
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(10, 10 + step),
        QPointF(window.mapToGlobal(QPoint(10, 10 + step))),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    return time.monotonic()


def test_the_window_locks_itself_after_the_idle_time_and_input_postpones_it(
    qtbot: QtBot, secret_ctx: AppContext
) -> None:
    window = show_window(qtbot, secret_ctx)
    lock = window.protection.lock
    qtbot.waitUntil(lambda: lock.watcher.seeing_input)  # a second after the first frame
    lock.watcher.set_timeout(300)
    first = _move_mouse(window, 0)
    qtbot.waitUntil(lambda: time.monotonic() - first > 0.2)  # the event loop keeps running
    assert not lock.is_locked
    last = _move_mouse(window, 1)  # input again, before the time is up
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass
    locked_at = time.monotonic()
    assert locked_at - last >= 0.3  # counted from the last input, not the first
    assert lock.is_locked


def test_the_idle_watch_sees_input_only_once_the_window_has_shown_its_first_frame(
    qtbot: QtBot, secret_ctx: AppContext
) -> None:
    window = MainWindow(secret_ctx, get_settings(secret_ctx.uow))
    qtbot.addWidget(window)
    watcher = window.protection.lock.watcher
    assert not watcher.seeing_input  # building and showing the window pass no event through it
    window.show()
    qtbot.waitUntil(lambda: watcher.seeing_input, timeout=5_000)


def test_an_unencrypted_file_locks_too_and_continues_without_a_passphrase(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    window = show_window(qtbot, shell_ctx)
    assert window.protection.sign.isVisible()  # the standing offer to encrypt it
    lock = window.protection.lock
    lock.lock()
    assert not lock.screen.passphrase_edit.isVisible()
    assert "not encrypted" in lock.screen.note_label.text()
    with qtbot.waitSignal(lock.unlocked):
        qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)


def test_the_idle_time_is_a_setting_and_zero_means_never(
    qtbot: QtBot, secret_ctx: AppContext
) -> None:
    window = show_window(qtbot, secret_ctx)
    assert window.protection.lock.watcher.timeout_ms == 10 * 60_000  # the default
    window.edit_settings()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    box = dialog.lock_box
    assert isinstance(box, LockSettingsBox)
    box.minutes.setValue(0)
    assert box.minutes.text() == "never"
    dialog.accept()
    qtbot.waitUntil(lambda: get_settings(secret_ctx.uow).get("lock_after_minutes") == 0)
    qtbot.waitUntil(lambda: window.protection.lock.watcher.timeout_ms == 0)


def test_an_idle_watcher_counts_only_input(qtbot: QtBot) -> None:
    watcher = IdleWatcher(50)
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass
    watcher.stop()
