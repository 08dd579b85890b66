"""Sync: first push of 10,000 cases, syncs with nothing to do, one changed case, 100 devices.

The server runs as its own process on a loopback port over a fresh PostgreSQL database (SQLite
in a temporary folder when PostgreSQL is not reachable). Baselines, measured in the same run:

- first push: the same documents written to PostgreSQL by bare psycopg (``executemany``), the
  floor any server has to pay;
- no-op sync: the same sync on a file of 100 cases (the target is that 10,000 cost at most 1.5x);
- one changed case: a no-op sync of the same file (what the one change adds);
- 100 devices at once: the same 5,000 documents pushed by one device, batch after batch.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

from bench.harness import Figure, median, percentile
from brokerdesk.content import Library
from brokerdesk.server import accounts
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ServerProcess, postgres_available, scratch_postgres
from brokerdesk.services import sync
from brokerdesk.services.casefiles import Desk, create_case_file
from brokerdesk.services.cases import answer_item
from brokerdesk.services.demo import demo_document, generate
from brokerdesk.store.reading import CaseQuery
from brokerdesk.sync.client import SyncClient
from brokerdesk.sync.protocol import Change

BIG = 10_000
SMALL = 100
DEVICES = 100
PER_DEVICE = 50
REPEAT = 20


def _code(db: Database, name: str) -> str:
    with db.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(conn, name, "broker", ["PL"])
        return accounts.issue_code(conn, user)[0]


def _token(db: Database, name: str) -> str:
    with db.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(conn, name, "broker", ["PL"])
        code, _ = accounts.issue_code(conn, user)
        return accounts.enrol(conn, code, str(uuid.uuid4()), name)[0]


def _desk(folder: Path, name: str, cases: int, library: Library, seed: int) -> Desk:
    desk = create_case_file(folder / f"{name}.brokerdesk", broker={"name": name, "country": "PL"})
    generate(desk.uow, library, cases, seed=seed)
    return desk


def _bare_insert(url: str, desk: Desk) -> float:
    """Seconds bare psycopg takes to store the same documents, in batches of the same size."""
    import psycopg

    with desk.uow as uow:
        docs = [json.dumps(d, ensure_ascii=False) for d in uow.cases.documents(CaseQuery())]
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE bare (id TEXT PRIMARY KEY, revision INT, doc TEXT)")
        conn.commit()
        start = time.perf_counter()
        for first in range(0, len(docs), sync.BATCH_SIZE):
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO bare (id, revision, doc) VALUES (%s, 1, %s)",
                    [(str(uuid.uuid4()), d) for d in docs[first : first + sync.BATCH_SIZE]],
                )
            conn.commit()
        return time.perf_counter() - start


def _noop_ms(desks: list[Desk], library: Library, repeat: int = 30) -> list[list[float]]:
    """Durations of syncs with nothing to do, taken in turn on each file so that the load of
    the machine falls on all of them alike."""
    for desk in desks:
        for _ in range(3):  # the first sync after a push reads its own changes back (echoes)
            sync.sync_now(desk, library)
    out: list[list[float]] = [[] for _ in desks]
    for _ in range(repeat):
        for n, desk in enumerate(desks):
            start = time.perf_counter()
            report = sync.sync_now(desk, library)
            out[n].append((time.perf_counter() - start) * 1000)
            assert report.pushed == report.pulled == 0
    return out


def _one_change_ms(desk: Desk, library: Library, repeat: int = REPEAT) -> list[float]:
    with desk.uow as uow:
        case_id = uow.cases.rows(CaseQuery(limit=1))[0].id
    out = []
    for n in range(repeat):
        answer_item(desk.uow, library, case_id, "headcount", 500 + n)  # the broker's edit
        start = time.perf_counter()
        report = sync.sync_now(desk, library)
        out.append((time.perf_counter() - start) * 1000)
        assert report.pushed == 1
    return out


def _devices(url: str, db: Database, library: Library) -> tuple[list[float], float, int, float]:
    """100 devices push 50 cases each at the same moment; then one device pushes as many."""
    import random

    rng = random.Random(3)
    start_at = __import__("datetime").datetime(2026, 11, 1, tzinfo=__import__("datetime").UTC)
    batches = [
        [Change(id=d["id"], base_revision=0, doc=d) for d in
         (demo_document(rng, library, n * PER_DEVICE + i, start_at) for i in range(PER_DEVICE))]
        for n in range(DEVICES)
    ]  # fmt: skip
    tokens = [_token(db, f"device-broker-{n % 20}") for n in range(DEVICES)]
    latencies: list[float] = []
    errors: list[str] = []
    barrier = threading.Barrier(DEVICES)
    lock = threading.Lock()

    def device(n: int) -> None:
        with SyncClient(url, tokens[n], timeout=120, retries=0) as api:
            api.health()  # connected before the start, as a running app would be
            barrier.wait()
            began = time.perf_counter()
            try:
                answer = api.push(batches[n])
                bad = [r.status for r in answer.results if r.status != "accepted"]
                if bad:
                    raise RuntimeError(f"not accepted: {bad[:3]}")
            except Exception as exc:  # counted and reported: the figure is "no error"
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                return
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(DEVICES)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    # The baseline: one device, the same number of documents, batch after batch.
    rng = random.Random(4)
    docs = [demo_document(rng, library, 90_000 + i, start_at) for i in range(DEVICES * PER_DEVICE)]
    with SyncClient(url, _token(db, "one-device"), timeout=120) as api:
        began = time.perf_counter()
        for first in range(0, len(docs), PER_DEVICE):
            api.push(
                [
                    Change(id=d["id"], base_revision=0, doc=d)
                    for d in docs[first : first + PER_DEVICE]
                ]
            )
        sequential = time.perf_counter() - began
    if errors:
        print(f"  {len(errors)} device errors, first: {errors[0]}")
    return latencies, wall, len(errors), sequential


def run() -> list[Figure]:
    library = Library()
    figures: list[Figure] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-sync-")))
        if postgres_available():
            url = stack.enter_context(scratch_postgres("brokerdesk_bench"))
            where, backend = ["--database-url", url], "PostgreSQL"
            db = Database(url)
            db.upgrade()
        else:
            print("  PostgreSQL is not reachable: the server runs on SQLite")
            url, backend = "", "SQLite"
            where = ["--data-dir", str(folder / "server")]
            db = open_database(data_dir=folder / "server")
        stack.callback(db.dispose)
        server = stack.enter_context(ServerProcess(where, log=folder / "server.log"))

        big = _desk(folder, "big", BIG, library, seed=1)
        small = _desk(folder, "small", SMALL, library, seed=2)
        stack.callback(big.close)
        stack.callback(small.close)
        sync.enroll(big, server.url, _code(db, "anna"))
        sync.enroll(small, server.url, _code(db, "piotr"))

        start = time.perf_counter()
        report = sync.sync_now(big, library)
        first_push = time.perf_counter() - start
        assert report.pushed == BIG and report.pending == 0
        bare = _bare_insert(url, big) if url else None
        figures += [
            Figure(
                f"first push of {BIG:,} cases ({backend} server)",
                first_push,
                "s",
                baseline=bare,
            ),
            Figure(f"first push of {BIG:,} cases: throughput", BIG / first_push, "docs/s"),
        ]

        sync.sync_now(small, library)
        small_ms, big_ms = _noop_ms([small, big], library)
        noop_small, noop_big = median(small_ms), median(big_ms)
        figures.append(
            Figure(
                f"no-op sync at {BIG:,} cases (baseline: at {SMALL} cases)",
                noop_big,
                "ms",
                baseline=noop_small,
                target="ratio <= 1.5",
            )
        )
        one = _one_change_ms(big, library)
        figures.append(
            Figure(
                f"one changed case at {BIG:,} cases, median (baseline: no-op)",
                median(one),
                "ms",
                baseline=noop_big,
                target="<= 150 ms",
            )
        )
        figures.append(Figure("one changed case, p95", percentile(one, 95), "ms"))

        latencies, wall, errors, sequential = _devices(server.url, db, library)
        total = DEVICES * PER_DEVICE
        figures += [
            Figure(
                f"{DEVICES} devices x {PER_DEVICE} cases at once: errors", errors, "", target="0"
            ),
            Figure(f"{DEVICES} devices at once: push latency p50", median(latencies), "ms"),
            Figure(f"{DEVICES} devices at once: push latency p95", percentile(latencies, 95), "ms"),
            Figure(
                f"{DEVICES} devices at once: throughput (baseline: one device in turn)",
                total / wall,
                "docs/s",
                baseline=total / sequential,
            ),
        ]
    return figures


if __name__ == "__main__":
    from bench.harness import report

    report("sync", run())
