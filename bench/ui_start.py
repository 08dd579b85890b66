"""One cold start, for ``bench_ui``: ``python -m bench.ui_start baseline|app|cli|floor [FILE]``.

``app`` starts the desktop app as ``brokerdesk.ui.app`` does; ``cli`` first builds the command
line parser, as the ``brokerdesk`` script does before it reaches the app.

Prints ``framed <rss_kib>`` once the window has painted its first frame (for the app: its list
may still be loading), ``shown <rss_kib>`` once its table has been painted with its content (for
the app: the first page of its case list; for the baseline: its empty table), then
``settled <rss_kib>`` once its start-up work is done, and exits. Both modes start the same way,
as a fresh interpreter, so the parent times them alike.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def say(word: str) -> None:
    print(f"{word} {rss_kib()}", flush=True)


def after_paint(widget: Any, ready: Callable[[], bool], then: Callable[[], None]) -> None:
    """Calls ``then`` once ``widget`` has painted while ``ready()`` held: what was shown was
    drawn, not only asked for."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and ready():
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)  # after this paint has been handled
            return False

    watch = Watch(widget)
    widget.installEventFilter(watch)


def run_until_painted(app: Any, window: Any, table: Any) -> int:
    """Shows a reference window and reports it framed, shown and settled once its table has
    painted: there is nothing more to wait for."""
    window.resize(1280, 800)

    def shown() -> None:
        say("framed")
        say("shown")
        say("settled")
        app.quit()

    after_paint(table.viewport(), lambda: True, shown)
    window.show()
    return int(app.exec())


def baseline() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView()
    window.setCentralWidget(table)
    return run_until_painted(app, window, table)


def floor(case_file: Path) -> int:
    """The list window with nothing else, for reference: menus, the search and filter row, and
    the first 30 rows read with ``sqlite3`` and formatted by Babel in the broker's language. No
    case view, sync, lock, backups, page check or translators: what a real list costs at least."""
    import datetime as dt
    import sqlite3

    from babel import Locale
    from babel.dates import format_datetime
    from babel.numbers import format_percent
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    uri = f"{case_file.resolve().as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        rows = db.execute(
            "SELECT company, country, nace, status, readiness, completeness, updated FROM cases"
            " WHERE deleted = 0 ORDER BY updated DESC LIMIT 200"
        ).fetchall()
    locale = Locale.parse("en_GB")
    display = int(Qt.ItemDataRole.DisplayRole)

    def text(row: tuple[Any, ...], column: int) -> str:
        if column == 1:
            return str(locale.territories.get(row[1], row[1]))
        if column == 5:
            return format_percent(row[5], locale=locale)
        if column == 6:
            moment = dt.datetime.fromisoformat(row[6].replace("Z", "+00:00"))
            return format_datetime(moment, "short", locale=locale)
        return str(row[column])

    class Model(QAbstractTableModel):
        def rowCount(self, parent: Any = None) -> int:
            return len(rows)

        def columnCount(self, parent: Any = None) -> int:
            return 7

        def data(self, index: Any, role: int = display) -> Any:
            return text(rows[index.row()], index.column()) if role == display else None

    window = QMainWindow()
    for title in ("&File", "&Edit", "&View", "&Help"):
        window.menuBar().addMenu(title)
    central = QWidget()
    layout = QVBoxLayout(central)
    top = QHBoxLayout()
    layout.addLayout(top)
    top.addWidget(QLabel("&Search:"))
    top.addWidget(QLineEdit(), 1)
    for label in ("Status:", "Country:", "Readiness:"):
        top.addWidget(QLabel(label))
        combo = QComboBox()
        combo.addItem("All")
        top.addWidget(combo)
    table = QTableView()
    model = Model(table)
    table.setModel(model)
    layout.addWidget(table, 1)
    window.setCentralWidget(central)
    window.statusBar().addWidget(QLabel(case_file.name), 1)
    return run_until_painted(app, window, table)


def app(case_file: Path, through_cli: bool) -> int:
    if through_cli:
        # What the ``brokerdesk`` script does before ``run`` reaches the app: build the parser
        # a plain ``brokerdesk`` needs, and read the command line.
        from brokerdesk.cli import command_line

        parser, arguments = command_line([])
        parser.parse_args(arguments)
    from brokerdesk.ui.app import Launcher, make_application  # before Qt, as ``run`` does

    # isort: split
    from PySide6.QtCore import QSettings, QTimer

    from brokerdesk.ui.main_window import MainWindow

    application = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        launcher = Launcher(state)

        def window_shown(window: MainWindow) -> None:
            after_paint(window, lambda: True, lambda: say("framed"))
            table = window.list_view.table
            after_paint(
                table.viewport(),
                lambda: table.model().rowCount() > 0,
                lambda: (say("shown"), settle(window)),
            )

        def settle(window: MainWindow) -> None:
            # Settled: the queue is empty and the writing layers are loaded (beside the queue).
            if window.ctx.ops.pending or not window.ctx.desk.uow_ready:
                QTimer.singleShot(20, lambda: settle(window))
                return
            say("settled")
            window.close()

        launcher.window_shown.connect(window_shown)
        launcher.failed.connect(
            lambda exc: (print(f"failed {exc}", flush=True), application.exit(2))
        )
        launcher.finished.connect(application.exit)
        QTimer.singleShot(0, lambda: launcher.start(case_file))
        return application.exec()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "baseline":
        raise SystemExit(baseline())
    if mode == "floor":
        raise SystemExit(floor(Path(sys.argv[2])))
    raise SystemExit(app(Path(sys.argv[2]), through_cli=mode == "cli"))
