"""Helpers of the case view tests: a case file with a background queue, an open case view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.domain.case import Case
from brokerdesk.services import cases
from brokerdesk.services.casefiles import Desk, open_case_file
from brokerdesk.ui.case_view import CaseView
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.ops import Operations


@pytest.fixture
def case_ctx(desk: Desk, library: Library) -> Iterator[AppContext]:
    """A fresh case file with its background queue; the queue is drained before it closes."""
    ctx = AppContext(desk, library, Operations())
    yield ctx
    ctx.ops.wait()


def settle(qtbot: QtBot, ctx: AppContext) -> None:
    """Waits until every queued change is saved and its callbacks have run."""
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=10_000)


def open_view(qtbot: QtBot, ctx: AppContext, case_id: str, page: str | None = None) -> CaseView:
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.session.is_loaded, timeout=10_000)
    qtbot.waitUntil(lambda: view.interview.current is not None, timeout=10_000)
    settle(qtbot, ctx)
    if page is not None:
        view.show_page(page)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    return view


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def reopened(path: Path, case_id: str) -> Case:
    """The case as a fresh open of the file reads it (what survives closing the program)."""
    desk = open_case_file(path, backup=False)
    try:
        return cases.get_case(desk.uow, case_id)
    finally:
        desk.close()


def new_case(ctx: AppContext, **answers: Any) -> str:
    """A case with the given answers, saved through the services."""
    saved = cases.create_case(ctx.uow, ctx.library)
    for item_id, value in answers.items():
        cases.answer_item(ctx.uow, ctx.library, saved.case.id, item_id, value)
    return saved.case.id
