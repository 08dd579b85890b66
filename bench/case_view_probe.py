"""Measures the case view in a fresh process (``python -m bench.case_view_probe FILE``).

Prints one JSON object of lists of milliseconds: ``baseline_open`` (a bare tab widget with six
empty pages, shown), ``open`` (a case view on a finished demo case, until every page shows it),
``key`` (a level key in the interview until the screen has redrawn), ``baseline_key`` (a label
given new text and redrawn), ``saved`` (the same key until the answer is committed to the file).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

OPENS = 7
KEYS = 40


def _wait(app: QApplication, done: Callable[[], bool]) -> None:
    deadline = time.perf_counter() + 30
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the case view did not settle")


def main(source: Path) -> None:
    from brokerdesk.content import Library
    from brokerdesk.services import cases
    from brokerdesk.services.casefiles import open_case_file
    from brokerdesk.ui.case_view import CaseView
    from brokerdesk.ui.context import AppContext
    from brokerdesk.ui.ops import Operations

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.brokerdesk"
    shutil.copy(source, path)
    desk = open_case_file(path, backup=False)
    library = Library()
    ctx = AppContext(desk, library, Operations())
    rows = cases.list_cases(desk.uow)
    case_id = max(rows, key=lambda r: r.completeness).id
    out: dict[str, list[float]] = {k: [] for k in ("baseline_open", "open", "key", "saved")}
    out["baseline_key"] = []

    for n in range(OPENS + 1):  # the first of each is a warm-up
        start = time.perf_counter()
        tabs = QTabWidget()
        for page in range(6):
            tabs.addTab(QWidget(), f"Page {page}")
        tabs.resize(1280, 800)
        tabs.show()
        app.processEvents()
        if n:
            out["baseline_open"].append((time.perf_counter() - start) * 1000)
        tabs.close()
        tabs.deleteLater()

        start = time.perf_counter()
        view = CaseView(ctx, case_id)
        view.resize(1280, 800)
        view.show()

        def ready(v: CaseView = view) -> bool:
            return v.interview.current is not None and ctx.ops.pending == 0

        _wait(app, ready)
        app.processEvents()
        if n:
            out["open"].append((time.perf_counter() - start) * 1000)
        if n < OPENS:
            view.close()
            view.deleteLater()
            app.processEvents()

    view.show_page("interview")
    view.interview.go_to("mgmt_commitment")
    app.processEvents()
    chooser = view.interview.panels["mgmt_commitment"].chooser
    assert chooser is not None
    card = chooser.cards[0]  # the key goes where the broker's focus is: on a level card
    label = QLabel("0")
    label.show()
    for n in range(KEYS):
        start = time.perf_counter()
        QTest.keyClick(card, getattr(Qt.Key, f"Key_{n % 5}"))
        app.processEvents()
        out["key"].append((time.perf_counter() - start) * 1000)
        if chooser.selected() != n % 5:
            raise AssertionError("the key did not choose the level")
        _wait(app, lambda: ctx.ops.pending == 0)
        out["saved"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        label.setText(str(n))
        label.repaint()
        app.processEvents()
        out["baseline_key"].append((time.perf_counter() - start) * 1000)
    ctx.ops.wait()
    desk.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
