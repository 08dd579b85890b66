"""The change feed never skips a change that commits late, with many writers on PostgreSQL."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from brokerdesk.server import accounts
from brokerdesk.server.accounts import Principal
from brokerdesk.server.cases import CaseStore
from brokerdesk.server.db import Database
from brokerdesk.server.runner import ServerProcess
from brokerdesk.sync.protocol import Change, PushRequest
from tests.server.conftest import empty_postgres
from tests.server.helpers import case_doc

pytestmark = pytest.mark.postgres
WRITERS = 8


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    db = empty_postgres(postgres_url)
    yield db
    db.dispose()


def enrolled(
    db: Database, name: str, role: str = "broker", countries: tuple[str, ...] = ("PL",)
) -> tuple[Principal, str]:
    with db.write() as conn:
        user = accounts.find_user(conn, name) or accounts.add_user(
            conn, name, role, list(countries)
        )
        code, _ = accounts.issue_code(conn, user)
        token, _user = accounts.enrol(conn, code, f"dev-{uuid.uuid4()}", name)
    with db.read() as conn:
        who, _ = accounts.authenticate(conn, token)
    return who, token


def batch(*ids: str) -> PushRequest:
    return PushRequest(
        batch_id=str(uuid.uuid4()),
        changes=[Change(id=i, base_revision=0, doc=case_doc(i)) for i in ids],
    )


def test_a_change_that_commits_late_still_comes_after_the_readers_cursor(pg: Database) -> None:
    store = CaseStore(pg)
    slow, _ = enrolled(pg, "anna")
    fast, _ = enrolled(pg, "anna")
    reader, _ = enrolled(pg, "anna")
    reached, release = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        assert release.wait(30)

    late = threading.Thread(target=lambda: store.push(slow, batch("late"), before_numbering=hold))
    late.start()
    assert reached.wait(30)  # "late" is written but not committed
    store.push(fast, batch("early"))
    first = store.changes(reader, since=0, limit=100)
    assert [e.id for e in first.changes] == ["early"]
    release.set()
    late.join(30)
    second = store.changes(reader, since=first.cursor, limit=100)
    assert [e.id for e in second.changes] == ["late"]


def test_a_plain_sequence_would_skip_the_late_commit_which_is_why_the_feed_numbers_at_commit(
    pg: Database,
) -> None:
    # The same choreography on a table numbered by a sequence at insert time.
    with pg.write() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS naive (seq BIGSERIAL PRIMARY KEY, id TEXT)"))
        conn.execute(text("TRUNCATE naive RESTART IDENTITY"))
    slow = pg.engine.connect()
    slow.execute(text("INSERT INTO naive (id) VALUES ('late')"))  # takes number 1, not committed
    with pg.write() as conn:
        conn.execute(text("INSERT INTO naive (id) VALUES ('early')"))  # number 2, committed
    with pg.read() as conn:
        seen = conn.execute(text("SELECT seq, id FROM naive ORDER BY seq")).all()
    assert [r.id for r in seen] == ["early"]
    cursor = seen[-1].seq
    slow.commit()
    slow.close()
    with pg.read() as conn:
        after = conn.execute(text("SELECT id FROM naive WHERE seq > :c"), {"c": cursor}).all()
    assert after == []  # "late" is behind the cursor: a reader would never see it


def test_eight_writers_on_two_server_processes_and_a_reader_pulling_without_pause(
    pg: Database, postgres_url: str, tmp_path: Path
) -> None:
    tokens = [
        enrolled(pg, f"broker{n % 4}", countries=("PL", "DE", "FI", "LV")[n % 4 :][:1])[1]
        for n in range(WRITERS)
    ]
    _, reader_token = enrolled(pg, "network", "coordinator", ("*",))
    written: dict[str, int] = {}  # case id -> the revision its last accepted change made
    lock = threading.Lock()
    done = threading.Event()
    failures: list[str] = []
    database = ["--database-url", postgres_url]
    log = tmp_path / "servers.log"
    with ServerProcess(database, log=log) as one, ServerProcess(database, log=log) as two:

        def write(n: int) -> None:
            rng = random.Random(n)
            url = (one, two)[n % 2].url
            mine: dict[str, int] = {}
            with httpx.Client(
                base_url=url, headers={"Authorization": f"Bearer {tokens[n]}"}, timeout=60
            ) as http:
                for _ in range(25):
                    changes = []
                    for _ in range(rng.randint(1, 8)):
                        if mine and rng.random() < 0.3:
                            case_id = rng.choice(sorted(mine))
                            doc = case_doc(case_id, status=rng.choice(["assessed", "closed"]))
                            doc["notes"] = {"n": {"text": str(rng.random())}}
                            changes.append(
                                {"id": case_id, "base_revision": mine[case_id], "doc": doc}
                            )
                        else:
                            case_id = f"w{n}-{uuid.uuid4()}"
                            changes.append(
                                {"id": case_id, "base_revision": 0, "doc": case_doc(case_id)}
                            )
                    unique = {c["id"]: c for c in changes}
                    answer = http.post(
                        "/v1/push",
                        json={"batch_id": str(uuid.uuid4()), "changes": list(unique.values())},
                    )
                    if answer.status_code != 200:
                        failures.append(answer.text)
                        return
                    for result in answer.json()["results"]:
                        if result["status"] != "accepted":
                            failures.append(str(result))
                        mine[result["id"]] = result["revision"]
            with lock:
                written.update(mine)

        seen: list[tuple[str, int, int]] = []

        def read() -> None:
            cursor = 0
            with httpx.Client(
                base_url=two.url, headers={"Authorization": f"Bearer {reader_token}"}, timeout=60
            ) as http:
                while True:
                    finishing = done.is_set()
                    page = http.get("/v1/changes", params={"since": cursor, "limit": 7}).json()
                    seen.extend((e["id"], e["revision"], e["seq"]) for e in page["changes"])
                    cursor = page["cursor"]
                    if finishing and not page["more"]:
                        return

        reader = threading.Thread(target=read)
        reader.start()
        writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join(120)
        done.set()
        reader.join(120)

    assert failures == []
    assert len(written) > WRITERS * 25
    pairs = [(case_id, revision) for case_id, revision, _ in seen]
    assert len(pairs) == len(set(pairs)), "a change was seen twice"
    seqs = [s for _, _, s in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    last: dict[str, int] = {}
    for case_id, revision, _ in seen:
        assert revision > last.get(case_id, 0), "a case went back in time"
        last[case_id] = revision
    assert last == written, "a change was never seen"
