"""The case file: autosave of one answer, opening and listing, full-text search, demo data.

Baselines are bare ``sqlite3`` doing the same storage work with the same durability settings
(WAL, ``synchronous=FULL``), measured in the same run.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, median, percentile, samples
from brokerdesk.content import Library
from brokerdesk.services.casefiles import create_case_file, open_case_file
from brokerdesk.services.cases import answer_item, create_case, list_cases
from brokerdesk.store.reading import CaseQuery

CASES = 10_000


def _bare_autosave(folder: Path, doc: str, repeat: int) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)")
    conn.execute("INSERT INTO t (id, doc) VALUES (1, ?)", (doc,))
    counter = itertools.count()

    def write() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE t SET doc = ? WHERE id = 1", (doc + str(next(counter)),))
        conn.execute("COMMIT")

    out = samples(write, repeat)
    conn.close()
    return out


def autosave(folder: Path, library: Library, repeat: int = 300) -> list[Figure]:
    desk = create_case_file(folder / "autosave.brokerdesk")
    case_id = create_case(desk.uow, library, company="Nordlicht GmbH", country="DE").case.id
    items = [i.id for d in library.current.dimensions for i in d.items]
    steps = itertools.count()

    def answer() -> None:
        n = next(steps)
        answer_item(desk.uow, library, case_id, items[n % len(items)], n % 5)

    ours = samples(answer, repeat)
    with desk.uow as uow:
        stored = uow.cases.get(case_id)
        assert stored is not None
        doc = json.dumps(stored.doc)
    desk.close()
    bare = _bare_autosave(folder, doc, repeat)
    return [
        Figure(
            "autosave of one answer, median", median(ours), "ms", median(bare), "≤ 5 ms, ratio ≤ 3"
        ),
        Figure("autosave of one answer, p99", percentile(ours, 99), "ms", percentile(bare, 99)),
    ]


def big_file(folder: Path) -> Path:
    path = folder / "big.brokerdesk"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "brokerdesk",
            "demo",
            "--case-file",
            str(path),
            "--no-encryption",
            "--cases",
            str(CASES),
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
    )
    return path


def open_and_search(path: Path) -> list[Figure]:
    def open_and_list(verify: bool = False) -> None:
        # As the app does it: the page-by-page check runs on the background queue, first.
        desk = open_case_file(path, backup=False, verify=verify)
        rows = list_cases(desk.uow, CaseQuery(limit=50))
        assert len(rows) == 50
        desk.close()

    def bare_open_and_list() -> None:
        conn = sqlite3.connect(path)
        rows = conn.execute(
            "SELECT id, company, country, nace, status, readiness, band, completeness, updated"
            " FROM cases WHERE deleted = 0 ORDER BY updated DESC LIMIT 50"
        ).fetchall()
        assert len(rows) == 50
        conn.close()

    desk = open_case_file(path, backup=False)
    words = itertools.cycle(
        ["balt", "pomor", "żuraw", "ozol", "nord", "tehnika", "laser", "timber", "distributor"]
    )

    def search() -> None:
        list_cases(desk.uow, CaseQuery(search=next(words), limit=50))

    def bare_search() -> None:
        conn = sqlite3.connect(path)
        conn.execute(
            "SELECT c.id, c.company FROM cases c WHERE c.num IN (SELECT rowid FROM case_search"
            " WHERE case_search MATCH ?) ORDER BY c.updated DESC LIMIT 50",
            (f'"{next(words)}"*',),
        ).fetchall()
        conn.close()

    bare = median(samples(bare_open_and_list, 30))
    figures = [
        Figure(
            f"open a {CASES}-case file and list the first page, median",
            median(samples(open_and_list, 30)),
            "ms",
            bare,
            "≤ 30 ms",
        ),
        Figure(
            "  the same with the full page check before the list, median",
            median(samples(lambda: open_and_list(verify=True), 30)),
            "ms",
            bare,
        ),
        Figure(
            f"full-text search over {CASES} cases, median",
            median(samples(search, 100)),
            "ms",
            median(samples(bare_search, 100)),
            "≤ 30 ms",
        ),
    ]
    desk.close()
    return figures


def run() -> list[Figure]:
    library = Library()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = autosave(folder, library)
        start = time.perf_counter()
        path = big_file(folder)
        demo_seconds = time.perf_counter() - start
        figures.append(Figure(f"brokerdesk demo --cases {CASES}", demo_seconds, "s"))
        figures += open_and_search(path)
    return figures
