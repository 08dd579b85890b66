"""Coordinator: pull of 10,000 cases into a network file, and partner matching over 10,000.

The server runs as its own process on a loopback port over a fresh PostgreSQL database (SQLite
in a temporary folder when PostgreSQL is not reachable), filled by a broker pushing a 10,000-case
demo file. Baselines, measured in the same run:

- pull: parsing the same 10,000 documents with ``json.loads`` alone (what no pull can avoid),
  and a second device of the broker reading the same feed (the broker's pull);
- a pull with nothing new: the same pull on a network file of 100 cases;
- matching 10,000 profiles (target: at most 2 s): the obvious all-pairs matching
  (``score_pair`` on every pair, the best five of each profile kept) on 1,000 profiles, scaled
  by the number of pairs (x100).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import statistics
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.harness import Figure
from brokerdesk.content import Library
from brokerdesk.domain import matching
from brokerdesk.server import accounts
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ServerProcess, postgres_available, scratch_postgres
from brokerdesk.services import coordinator, sync
from brokerdesk.services.casefiles import Desk, create_case_file
from brokerdesk.services.demo import demo_document, generate

BIG = 10_000
SMALL = 100
PROFILES = 10_000
NAIVE = 1_000


def _code(db: Database, name: str, role: str, countries: list[str]) -> str:
    with db.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(conn, name, role, countries)
        return accounts.issue_code(conn, user)[0]


def _file(folder: Path, name: str) -> Desk:
    return create_case_file(folder / f"{name}.brokerdesk", broker={"name": name})


def _shared_docs(library: Library, count: int, seed: int) -> list[dict[str, Any]]:
    """Demo documents with a complete partner search, all shared in the network."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    docs: list[dict[str, Any]] = []
    n = 0
    while len(docs) < count:
        doc = demo_document(rng, library, n, start)
        n += 1
        answers = doc["answers"]
        if "cooperation_types" in answers and "direction" in answers:
            answers["share_in_network"] = {"value": "yes", "at": doc["updated"]}
            doc["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            docs.append(doc)
    return docs


def _match(docs: list[dict[str, Any]]) -> tuple[float, int]:
    gc.collect()
    start = time.perf_counter()
    found = matching.suggest(matching.profiles(docs))
    return time.perf_counter() - start, len(found)


def _naive(docs: list[dict[str, Any]]) -> float:
    """All pairs scored one by one, the best five of each profile kept: seconds."""
    start = time.perf_counter()
    found = matching.profiles(docs)
    kept: set[str] = set()
    for a in found:
        scored = [
            m
            for b in found
            if (m := matching.score_pair(a, b)) is not None and m.score >= matching.MIN_SCORE
        ]
        scored.sort(key=lambda m: (-m.score, m.other(a.case_id).case_id))
        kept.update(m.key for m in scored[: matching.PER_CASE])
    return time.perf_counter() - start


def _matching_figures(library: Library) -> list[Figure]:
    docs = _shared_docs(library, PROFILES, seed=11)
    runs = [_match(docs) for _ in range(3)]
    seconds = statistics.median(r[0] for r in runs)
    naive = _naive(docs[:NAIVE]) * (PROFILES / NAIVE) ** 2
    return [
        Figure(
            f"matching {PROFILES:,} shared profiles, median of 3 (baseline: all pairs, scaled)",
            seconds,
            "s",
            baseline=naive,
            target="<= 2 s",
        ),
        Figure(f"matching {PROFILES:,} profiles: suggestions", runs[0][1], ""),
    ]


def _pull_figures(library: Library, folder: Path, stack: ExitStack) -> list[Figure]:
    if postgres_available():
        url = stack.enter_context(scratch_postgres("brokerdesk_bench"))
        where, backend = ["--database-url", url], "PostgreSQL"
        db = Database(url)
        db.upgrade()
    else:
        print("  PostgreSQL is not reachable: the server runs on SQLite")
        where, backend = ["--data-dir", str(folder / "server")], "SQLite"
        db = open_database(data_dir=folder / "server")
    stack.callback(db.dispose)
    server = stack.enter_context(ServerProcess(where, log=folder / "server.log"))

    anna = _file(folder, "anna")
    stack.callback(anna.close)
    generate(anna.uow, library, BIG, seed=1)
    sync.enroll(anna, server.url, _code(db, "anna", "broker", ["PL"]))
    assert sync.sync_now(anna, library).pushed == BIG

    network = _file(folder, "network")
    stack.callback(network.close)
    sync.enroll(network, server.url, _code(db, "network", "coordinator", ["*"]))
    gc.collect()
    start = time.perf_counter()
    report = coordinator.pull(network, library)
    pulled = time.perf_counter() - start
    assert report.pulled == BIG

    with anna.uow as uow:
        texts = [json.dumps(d, ensure_ascii=False) for d in uow.cases.documents()]
    start = time.perf_counter()
    for text in texts:
        json.loads(text)
    parse = time.perf_counter() - start

    second = _file(folder, "anna-desktop")
    stack.callback(second.close)
    sync.enroll(second, server.url, _code(db, "anna", "broker", ["PL"]))
    start = time.perf_counter()
    assert sync.sync_now(second, library).pulled == BIG
    broker_pull = time.perf_counter() - start

    # Nothing new: 10,000 cases against a network file of 100 cases in another scope.
    small_db = _file(folder, "piotr")
    stack.callback(small_db.close)
    generate(small_db.uow, library, SMALL * 7, seed=2)  # a seventh of them are Latvian
    sync.enroll(small_db, server.url, _code(db, "piotr", "broker", ["LV"]))
    sync.sync_now(small_db, library)
    latvia = _file(folder, "latvia")
    stack.callback(latvia.close)
    sync.enroll(latvia, server.url, _code(db, "latvia", "coordinator", ["LV"]))
    coordinator.pull(network, library)
    coordinator.pull(latvia, library)
    quiet_big, quiet_small = [], []
    for _ in range(10):
        for desk, into in ((network, quiet_big), (latvia, quiet_small)):
            start = time.perf_counter()
            assert coordinator.pull(desk, library).pulled == 0
            into.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    found = coordinator.matches(network.uow)
    network_matching = time.perf_counter() - start
    return [
        Figure(
            f"pull of {BIG:,} cases into a network file ({backend} server; "
            "baseline: json.loads of the documents)",
            pulled,
            "s",
            baseline=parse,
        ),
        Figure(
            f"pull of {BIG:,} cases (baseline: a broker's second device pulling them)",
            pulled,
            "s",
            baseline=broker_pull,
        ),
        Figure(f"pull of {BIG:,} cases: throughput", BIG / pulled, "docs/s"),
        Figure(
            f"pull with nothing new at {BIG:,} cases (baseline: at ~{SMALL} cases)",
            statistics.median(quiet_big),
            "ms",
            baseline=statistics.median(quiet_small),
        ),
        Figure(
            f"matches of the pulled network file ({len(found):,} suggestions)",
            network_matching,
            "s",
        ),
    ]


def run() -> list[Figure]:
    library = Library()
    figures = _matching_figures(library)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-coord-")))
        figures += _pull_figures(library, folder, stack)
    return figures


if __name__ == "__main__":
    from bench.harness import report

    report("coordinator", run())
