"""``brokerdesk screens OUTDIR``: pictures of the main screens in each language, offscreen.

The screens are built over a temporary file of demo cases and grabbed with ``QWidget.grab()``:
the first-run dialog, the case list (all cases, then searched and filtered), the settings, and a
case in each of its tabs. One folder per language, the same file names in each, so that the
languages can be compared side by side. ``--scale`` and ``--dark`` show how the screens fare at
high-DPI scaling and in a dark palette.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from brokerdesk.cli.common import UserError, library
from brokerdesk.i18n import LANGUAGES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from brokerdesk.ui.context import AppContext
    from brokerdesk.ui.main_window import MainWindow


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("screens", help="save pictures of the main screens in each language")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder for the PNG files")
    parser.add_argument(
        "--lang",
        action="append",
        choices=LANGUAGES,
        metavar="LANG",
        help=f"a language, repeatable ({' '.join(LANGUAGES)}; default: all)",
    )
    parser.add_argument("--cases", type=int, default=60, metavar="N", help="demo cases (60)")
    parser.add_argument(
        "--size", default="1280x800", metavar="WxH", help="window size in logical pixels"
    )
    parser.add_argument(
        "--scale", type=float, default=None, metavar="F", help="UI scale, e.g. 1.25 or 2"
    )
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        width, height = (int(n) for n in str(args.size).lower().split("x"))
    except ValueError:
        raise UserError(f"--size must look like 1280x800, not {args.size!r}") from None
    if args.cases < 1:
        raise UserError("--cases must be one or more")
    # Before Qt starts: no screen is needed, and the scale is read once.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    languages = args.lang or list(LANGUAGES)
    with tempfile.TemporaryDirectory(prefix="brokerdesk-screens-") as folder:
        saved = capture(
            Path(args.outdir), languages, Path(folder), args.cases, (width, height), args.dark
        )
    print(f"{saved} pictures in {args.outdir}")
    return 0


def capture(
    outdir: Path,
    languages: list[str],
    workdir: Path,
    cases: int,
    size: tuple[int, int],
    dark: bool = False,
) -> int:
    """Saves the screens of each language under ``outdir/<lang>/``; returns how many."""
    from brokerdesk.services.casefiles import create_case_file, get_settings
    from brokerdesk.services.demo import generate
    from brokerdesk.ui.app import make_application, switch_language
    from brokerdesk.ui.context import AppContext
    from brokerdesk.ui.ops import Operations

    app = make_application([])
    previous = _quiet_offscreen_notes()
    if dark:
        _darken(app)
    content = library()
    desk = create_case_file(
        workdir / "cases.brokerdesk",
        broker={"name": "Agnieszka Wróbel", "country": "PL", "email": "a.wrobel@example.pl"},
        settings={"ui_language": "en", "report_language": "pl"},
    )
    generate(desk.uow, content, cases)
    ctx = AppContext(desk, content, Operations())
    settings = get_settings(desk.uow)
    count = 0
    try:
        for language in languages:
            switch_language(language)
            folder = outdir / language
            folder.mkdir(parents=True, exist_ok=True)
            shots = _Shots(app, ctx, folder, size)
            shots.welcome(workdir)
            shots.main_window(settings)
            count += shots.saved
    finally:
        switch_language("en")
        ctx.ops.wait()
        desk.close()
        _restore_handler(previous)
    return count


class _Shots:
    """The screens of one language."""

    def __init__(
        self, app: QApplication, ctx: AppContext, folder: Path, size: tuple[int, int]
    ) -> None:
        self.app = app
        self.ctx = ctx
        self.folder = folder
        self.size = size
        self.saved = 0

    def settle(self, until: Callable[[], bool] = lambda: True, seconds: float = 20) -> None:
        """Runs the event loop until ``until()`` holds and the queue is idle, then a bit more
        for layouts and repaints."""
        from PySide6.QtCore import QEventLoop, QThread

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if until() and not self.ctx.ops.pending:
                break
            QThread.msleep(10)
        for _ in range(5):
            self.app.processEvents()

    def grab(self, widget: QWidget, name: str) -> None:
        self.settle()
        widget.grab().save(str(self.folder / f"{name}.png"))
        self.saved += 1

    def welcome(self, workdir: Path) -> None:
        from brokerdesk.ui.welcome_dialog import WelcomeDialog

        language = _active_language()
        dialog = WelcomeDialog(workdir / "BrokerDesk" / "cases.brokerdesk", language)
        dialog.name_edit.setText("Agnieszka Wróbel")
        dialog.show()
        self.grab(dialog, "01-welcome")
        dialog.create_button.click()  # without a name: the dialog says what is missing
        dialog.name_edit.clear()
        dialog.create_file()
        self.grab(dialog, "02-welcome-problem")
        dialog.close()
        dialog.deleteLater()

    def main_window(self, settings: dict[str, object]) -> None:
        from brokerdesk.ui.main_window import MainWindow
        from brokerdesk.ui.settings_dialog import SettingsDialog

        window = MainWindow(self.ctx, dict(settings))
        window.resize(*self.size)
        window.show()
        view = window.list_view
        self.settle(lambda: view.model.rowCount() > 0 and not view.model.loading)
        self.grab(window, "03-case-list")

        view.status_combo.setCurrentIndex(view.status_combo.findData("assessed"))
        view.search_edit.setText("oy")
        view.refresh()
        self.settle(lambda: not view.model.loading)
        self.grab(window, "04-case-list-filtered")
        view.search_edit.clear()
        view.status_combo.setCurrentIndex(0)
        view.refresh()
        self.settle(lambda: not view.model.loading)

        dialog = SettingsDialog(dict(settings), self.ctx.desk.path, window)
        dialog.show()
        self.grab(dialog, "05-settings")
        dialog.close()
        dialog.deleteLater()

        self.case_tabs(window)
        window.close()
        window.deleteLater()
        self.settle()

    def case_tabs(self, window: MainWindow) -> None:
        """A finished case in every tab of the case view (when this build has it)."""
        model = window.list_view.model
        rows = [model.case_row(r) for r in range(model.rowCount())]
        chosen = next((r for r in rows if r.status == "assessed"), rows[0])
        window.open_case(chosen.id)
        view = window.case_view
        if view is None:
            return
        loaded = getattr(view, "loaded", None)
        done: list[bool] = []
        if loaded is not None:
            loaded.connect(lambda: done.append(True))
            self.settle(lambda: bool(done))
        pages: dict[str, QWidget] = getattr(view, "pages", {})
        show_page = getattr(view, "show_page", None)
        if not pages or show_page is None:
            self.grab(window, "06-case")
            return
        for number, name in enumerate(pages, start=6):
            show_page(name)
            self.grab(window, f"{number:02d}-case-{name}")
        window.show_list()


def _quiet_offscreen_notes() -> object:
    """The offscreen platform reports what it cannot do; that is no news for pictures.

    Returns:
        The message handler that was installed before, for ``_restore_handler``.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    return qInstallMessageHandler(handler)


def _restore_handler(previous: object) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(previous)  # type: ignore[arg-type]


def _active_language() -> str:
    from brokerdesk.i18n import active

    return active().language


def _darken(app: QApplication) -> None:
    """A dark palette, as a desktop in dark mode would hand the program."""
    from PySide6.QtGui import QColor, QPalette

    app.setStyle("Fusion")
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2e",
        role.WindowText: "#e8e8ea",
        role.Base: "#1e1e20",
        role.AlternateBase: "#28282b",
        role.ToolTipBase: "#3a3a3e",
        role.ToolTipText: "#e8e8ea",
        role.PlaceholderText: "#8c8c92",
        role.Text: "#e8e8ea",
        role.Button: "#35353a",
        role.ButtonText: "#e8e8ea",
        role.BrightText: "#ff6b6b",
        role.Link: "#6cb4ff",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.Mid: "#4a4a50",
        role.Dark: "#19191b",
        role.Light: "#505056",
    }
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for which in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, which, QColor("#77777c"))
    app.setPalette(palette)
