"""Fixtures of the UI tests: demo case files, an open desk with its background queue, app state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from brokerdesk.content import Library
from brokerdesk.i18n import set_language
from brokerdesk.services.casefiles import create_case_file, open_case_file
from brokerdesk.services.demo import generate
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.ops import Operations
from brokerdesk.ui.translator import apply_language


def make_demo_file(path: Path, library: Library, cases: int, seed: int = 1) -> Path:
    desk = create_case_file(
        path,
        broker={"name": "Agnieszka Wróbel", "country": "PL"},
        settings={"ui_language": "en", "report_language": "pl"},
    )
    try:
        generate(desk.uow, library, cases, seed=seed)
    finally:
        desk.close()
    return path


@pytest.fixture
def demo_file(tmp_path: Path, library: Library) -> Path:
    """A closed case file with 40 demo cases."""
    return make_demo_file(tmp_path / "demo.brokerdesk", library, 40)


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Path:
    """A closed case file with 10,000 demo cases (made once per test session)."""
    return make_demo_file(tmp_path_factory.mktemp("big") / "big.brokerdesk", library, 10_000)


@pytest.fixture
def shell_state(tmp_path: Path) -> QSettings:
    """The app's own state (the last file) in a temporary file, never the user's."""
    return QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)


def _english() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_language(app, "en")  # Qt's translators and default locale too
    else:
        set_language("en")


@pytest.fixture(autouse=True)
def english_ui() -> Iterator[None]:
    """Each UI test starts, and leaves the process, in English."""
    _english()
    yield
    _english()


def open_ctx(path: Path, library: Library) -> AppContext:
    return AppContext(open_case_file(path, backup=False), library, Operations())


@pytest.fixture
def shell_ctx(demo_file: Path, library: Library) -> Iterator[AppContext]:
    """The demo file, open, with a background queue."""
    ctx = open_ctx(demo_file, library)
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()
