"""The desktop app with 10,000 cases: cold start, search as you type, resident memory.

- Cold start: a fresh interpreter until the main window is on screen, its first frame painted
  (menus, search and filters, the table's header, the status bar; the list fills after it),
  against a bare PySide6 window whose empty ``QTableView`` has painted, started the same way
  (``python -m bench.ui_start``), alternated in the same run. Target: ratio at most 1.5, for
  ``python -m bench.ui_start app`` and through the ``brokerdesk`` command. Also reported: until
  the window's table has painted the first page of the 10,000 cases, and a reference start of
  a list window alone (menus, filters, 30 rows formatted by Babel, nothing else).
- Search as you type: keys typed at a typist's pace into the real search field of the real
  window; each is timed from the key press until the table has painted the rows for the text
  typed so far (debounce, background query, model reset, paint). Baseline: the same queries
  straight through the services on the calling thread. Target: median at most 50 ms.
- Resident memory once the app has settled with the file open, against the bare window.
  Target: at most 100 MB more.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import Figure, median, percentile

CASES = 10_000
ROOT = Path(__file__).resolve().parent.parent
WORDS = ("hanse", "pohjola", "baltic", "timber", "gintaras", "nordlicht", "machining")
PACE_S = 0.12  # about eight keys a second
STARTS = 7


def case_file() -> Path:
    """The 10,000-case demo file, made once per machine (about 15 s)."""
    path = Path(tempfile.gettempdir()) / "bench10k.brokerdesk"
    if not path.exists():
        from brokerdesk.content import Library
        from brokerdesk.services.casefiles import create_case_file
        from brokerdesk.services.demo import generate

        desk = create_case_file(path, broker={"name": "Bench Broker", "country": "PL"})
        generate(desk.uow, Library(), CASES)
        desk.close()
    return path


def _start(mode: str, path: Path) -> tuple[float, float, float]:
    """One cold start: milliseconds until on screen and until shown with its content, and
    resident MB once settled."""
    # Bytecode is written and read as an installed program has it (a shell may disable it).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "0"}
    begin = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.ui_start", mode, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert child.stdout is not None
    framed_ms, shown_ms, settled_mb = 0.0, 0.0, 0.0
    for line in child.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "framed":
            framed_ms = (time.perf_counter() - begin) * 1000
        elif word == "shown":
            shown_ms = (time.perf_counter() - begin) * 1000
        elif word == "settled":
            settled_mb = int(value) / 1024
        elif word == "failed":
            raise RuntimeError(f"the app did not start: {value}")
    child.wait(timeout=60)
    if not shown_ms:
        raise RuntimeError(f"{mode} never showed its window")
    return framed_ms, shown_ms, settled_mb


def cold_start(path: Path) -> list[Figure]:
    _start("app", path)  # the first open of the file makes its backup: not a cold start's work
    base_ms, base_mb, floor_ms = [], [], []
    framed_ms, listed_ms, app_mb, cli_framed_ms, cli_listed_ms = [], [], [], [], []
    for _ in range(STARTS):
        _framed, ms, mb = _start("baseline", path)
        base_ms.append(ms)
        base_mb.append(mb)
        floor_ms.append(_start("floor", path)[1])
        framed, listed, mb = _start("app", path)
        framed_ms.append(framed)
        listed_ms.append(listed)
        app_mb.append(mb)
        framed, listed, _mb = _start("cli", path)
        cli_framed_ms.append(framed)
        cli_listed_ms.append(listed)
    baseline = median(base_ms)
    return [
        Figure(
            "cold start to the main window on screen (median)",
            median(framed_ms),
            "ms",
            baseline=baseline,
            target="ratio ≤ 1.5",
        ),
        Figure(
            "the same through the brokerdesk command (median)",
            median(cli_framed_ms),
            "ms",
            baseline=baseline,
            target="ratio ≤ 1.5",
        ),
        Figure(
            "cold start until the 10,000-case list is drawn (median)",
            median(listed_ms),
            "ms",
            baseline=baseline,
        ),
        Figure(
            "list drawn, through the brokerdesk command (median)",
            median(cli_listed_ms),
            "ms",
            baseline=baseline,
        ),
        Figure(
            "reference: the list window alone (30 rows, Babel, no other part)",
            median(floor_ms),
            "ms",
            baseline=baseline,
        ),
        Figure(
            "resident memory, 10,000-case file open",
            median(app_mb),
            "MB",
            baseline=median(base_mb),
            target=f"≤ {median(base_mb) + 100:.0f} MB (baseline + 100)",
        ),
    ]


def _wait(app: Any, done: Any, seconds: float = 10) -> None:
    """Runs the event loop (idle, not spinning: the query thread needs the GIL) until done."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + seconds
    check = QTimer()
    check.setInterval(1)

    def look() -> None:
        if done() or time.perf_counter() > deadline:
            loop.quit()

    check.timeout.connect(look)
    check.start()
    loop.exec()
    check.stop()


class _PaintWatch:
    """Notes when the table has painted the rows of a search (after the paint, not before)."""

    def __init__(self, viewport: Any, painted: dict[str, float]) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.painted = painted
        self.waiting: str | None = None
        watch = self

        class Filter(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and watch.waiting is not None:
                    text, watch.waiting = watch.waiting, None
                    QTimer.singleShot(0, lambda: painted.setdefault(text, time.perf_counter()))
                return False

        self.filter = Filter()
        viewport.installEventFilter(self.filter)

    def expect(self, text: str) -> None:
        self.waiting = text


def search_as_you_type(path: Path) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from brokerdesk.content import Library
    from brokerdesk.services.casefiles import get_settings, open_case_file
    from brokerdesk.services.listing import CaseQuery, count_cases, list_cases
    from brokerdesk.ui.app import make_application
    from brokerdesk.ui.case_list_model import COLUMNS, PAGE
    from brokerdesk.ui.context import AppContext
    from brokerdesk.ui.main_window import MainWindow
    from brokerdesk.ui.ops import Operations

    app = make_application([])
    desk = open_case_file(path, backup=False, verify=False)
    ctx = AppContext(desk, Library(), Operations())
    window = MainWindow(ctx, get_settings(desk.uow))
    window.resize(1280, 800)
    window.show()
    view, model = window.list_view, window.list_view.model
    _wait(app, lambda: model.rowCount() > 0 and not ctx.ops.pending)
    edit = view.search_edit
    updated: dict[str, float] = {}  # search text -> when the list showing its rows was painted
    painter = _PaintWatch(view.table.viewport(), updated)
    model.refreshed.connect(lambda: painter.expect(model.filters.search))

    def type_words() -> list[float]:
        latencies = []
        for word in WORDS:
            for char in word:
                expected = edit.text() + char
                updated.pop(expected, None)
                pressed = time.perf_counter()
                QTest.keyClick(edit, char)
                _wait(app, lambda e=expected: e in updated)  # type: ignore[misc]
                latencies.append((updated[expected] - pressed) * 1000)
                _wait(app, lambda p=pressed: time.perf_counter() - p >= PACE_S)  # type: ignore[misc]
            edit.clear()
            _wait(app, lambda: "" in updated and not model.loading)
            updated.clear()
        return latencies

    by_date = type_words()
    view.table.sortByColumn(COLUMNS.index("company"), Qt.SortOrder.AscendingOrder)
    _wait(app, lambda: not model.loading and not ctx.ops.pending)
    by_name = type_words()

    direct = []
    for word in WORDS:
        for end in range(1, len(word) + 1):
            query = CaseQuery(search=word[:end], limit=PAGE)
            began = time.perf_counter()
            rows = list_cases(desk.uow, query)
            if len(rows) == PAGE:
                count_cases(desk.uow, query)
            direct.append((time.perf_counter() - began) * 1000)
    window.close()
    # Deleted now, as the app deletes a closed window: left to the interpreter's exit, its
    # event filters could be called with their Python side already gone.
    shiboken6.delete(window)
    desk.close()
    return [
        Figure(
            "search as you type, key press to updated list (median)",
            median(by_date),
            "ms",
            baseline=median(direct),
            target="≤ 50 ms",
        ),
        Figure(
            "search as you type, key press to updated list (90th pct)",
            percentile(by_date, 90),
            "ms",
            baseline=percentile(direct, 90),
        ),
        Figure(
            "search as you type, list sorted by company name (median)",
            median(by_name),
            "ms",
            baseline=median(direct),
        ),
    ]


def run() -> list[Figure]:
    path = case_file()
    return cold_start(path) + search_as_you_type(path)


if __name__ == "__main__":
    from bench.harness import report

    report("ui", run())
