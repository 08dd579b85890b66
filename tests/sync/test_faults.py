"""Sync through a network that drops, cuts, delays and repeats requests, and a server that dies.

Afterwards the server and both devices hold the same cases, counted and compared document by
document: nothing lost, nothing doubled.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from brokerdesk.content import Library
from brokerdesk.server import accounts
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ServerProcess
from brokerdesk.server.tables import audit
from brokerdesk.server.tables import cases as server_cases
from brokerdesk.services import cases, sync
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.demo import generate
from brokerdesk.store.reading import CaseQuery
from tests.server.conftest import empty_postgres
from tests.sync.conftest import DeskFactory
from tests.sync.proxy import FaultyProxy

RATES = {"drop_before": 0.06, "cut_upload": 0.04, "drop_after": 0.1, "repeat": 0.1, "delay": 0.2}
CASES = 120


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[ServerProcess, Database]]:
    """A server process over SQLite or PostgreSQL, and the database it uses."""
    if request.param == "sqlite":
        db = open_database(data_dir=tmp_path / "server-data")
        where = ["--data-dir", str(tmp_path / "server-data")]
    else:
        url = request.getfixturevalue("postgres_url")
        db = empty_postgres(url)
        where = ["--database-url", url]
    process = ServerProcess(where, log=tmp_path / "server.log").start()
    yield process, db
    process.stop()
    db.dispose()


def code(db: Database, name: str) -> str:
    with db.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(conn, name, "broker", ["PL"])
        return accounts.issue_code(conn, user)[0]


def documents(desk: Desk) -> dict[str, tuple[bool, dict]]:
    with desk.uow as uow:
        ids = [r.id for r in uow.cases.rows(CaseQuery(include_deleted=True))]
        return {i: (s.deleted, s.doc) for i in ids if (s := uow.cases.get(i)) is not None}


def settle(desk: Desk, library: Library, attempts: int = 40) -> None:
    """Syncs until a sync goes through with nothing left waiting (the network keeps failing)."""
    for _ in range(attempts):
        try:
            report = sync.sync_now(desk, library, batch_size=15, page_size=25, backoff=0.05)
        except sync.ServerUnreachable:
            continue
        if report.pending == 0:
            return
    raise AssertionError(f"{desk.path.stem} did not settle")


def test_server_and_devices_converge_through_faults_and_a_server_restart(
    served: tuple[ServerProcess, Database], make_desk: DeskFactory, library: Library
) -> None:
    process, db = served
    restarts: list[threading.Thread] = []
    pushes = Counter[str]()

    def on_request(_number: int, head: bytes) -> str | None:
        if head.startswith(b"POST /v1/push"):
            pushes["n"] += 1
            if pushes["n"] == 3:
                return "kill"  # the server dies while it works on the third push
        return None

    def kill() -> None:
        process.kill()
        restart = threading.Thread(target=process.start)
        restart.start()
        restarts.append(restart)

    laptop, desktop = make_desk("laptop"), make_desk("desktop")
    generate(laptop.uow, library, CASES, seed=11)
    with FaultyProxy(process.port, seed=5, rates=RATES, on_request=on_request, kill=kill) as proxy:
        for desk in (laptop, desktop):
            for _ in range(10):
                try:
                    sync.enroll(desk, proxy.url, code(db, "anna"), backoff=0.05)
                    break
                except sync.ServerUnreachable:
                    continue
        settle(laptop, library)
        settle(desktop, library)
        assert len(documents(desktop)) == CASES

        ids = sorted(documents(laptop))
        mine, theirs, both = ids[0:20], ids[20:40], ids[40:50]
        for case_id in mine + both:
            cases.answer_item(laptop.uow, library, case_id, "headcount", 1111)
        for case_id in theirs + both:
            cases.answer_item(desktop.uow, library, case_id, "headcount", 2222)
            cases.put_entry(desktop.uow, library, case_id, "notes", {"text": "Zweiter Besuch."})
        for case_id in ids[50:55]:
            cases.delete_case(laptop.uow, case_id)
        added = [
            cases.create_case(
                desktop.uow, library, company=f"Jūrmala {n} SIA", country="LV"
            ).case.id
            for n in range(5)
        ]
        for _ in range(3):
            settle(laptop, library)
            settle(desktop, library)
        proxy.enabled = False
        settle(laptop, library)
        settle(desktop, library)
        settle(laptop, library)
        for restart in restarts:
            restart.join(60)

    assert len(restarts) == 1
    for fault in ("drop_before", "cut_upload", "drop_after", "repeat", "delay"):
        assert proxy.counts[fault] > 0, fault

    with db.read() as conn:
        rows = conn.execute(
            select(
                server_cases.c.id,
                server_cases.c.revision,
                server_cases.c.deleted,
                server_cases.c.doc,
            )
        ).all()
        batches = [
            json.loads(r.detail)["batch"]
            for r in conn.execute(select(audit.c.detail).where(audit.c.action == "push"))
        ]
    held = {r.id: (bool(r.deleted), json.loads(r.doc)) for r in rows}
    revisions = {r.id: r.revision for r in rows}

    # Nothing lost: the same cases everywhere, equal document by document.
    assert len(held) == CASES + len(added)
    assert documents(laptop) == held
    assert documents(desktop) == held
    # Nothing doubled: every batch applied once, untouched cases never re-written, one note and
    # one conflict where one was made.
    assert len(batches) == len(set(batches))
    untouched = set(ids) - set(mine + theirs + both + ids[50:55])
    assert {revisions[i] for i in untouched} == {1}
    assert {revisions[i] for i in mine + theirs + ids[50:55]} == {2}
    for case_id in theirs + both:
        assert [n["text"] for n in held[case_id][1]["notes"].values()].count("Zweiter Besuch.") == 1
    for case_id in both:
        assert len(held[case_id][1]["conflicts"]) == 1
    assert all(held[i][0] for i in ids[50:55])
    assert sync.pending_changes(laptop.uow) == sync.pending_changes(desktop.uow) == 0
