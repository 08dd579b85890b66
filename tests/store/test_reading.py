"""Reading a case file without SQLAlchemy: the same answers as the unit of work, every time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, StorageError, create_case_file, open_case_file
from brokerdesk.services.cases import answer_item, create_case, delete_case
from brokerdesk.services.demo import generate
from brokerdesk.store.reading import CaseQuery

QUERIES = [
    CaseQuery(),
    CaseQuery(order_by="company", descending=False),
    CaseQuery(order_by="readiness", limit=7, offset=3),
    CaseQuery(statuses=("assessed", "draft"), countries=("PL", "LV")),
    CaseQuery(bands=("ready",), order_by="completeness"),
    CaseQuery(search="gint"),
    CaseQuery(search="lodz"),
    CaseQuery(search="%_'\""),
    CaseQuery(include_deleted=True, order_by="nonsense"),
]


@pytest.fixture
def filled(desk: Desk, library: Library) -> Desk:
    generate(desk.uow, library, 40, seed=3)
    first = desk.reads
    with first:
        victim = first.cases.rows(CaseQuery(limit=1))[0].id
    delete_case(desk.uow, victim)
    return desk


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_the_reader_lists_and_counts_what_the_unit_of_work_lists_and_counts(
    filled: Desk, query: CaseQuery
) -> None:
    with filled.reads as reads:
        rows, count = reads.cases.rows(query), reads.cases.count(query)
    with filled.uow as uow:
        assert uow.cases.rows(query) == rows
        assert uow.cases.count(query) == count


def test_a_read_sees_every_change_committed_before_it(desk: Desk, library: Library) -> None:
    with desk.reads as reads:
        assert reads.cases.count() == 0
    saved = create_case(desk.uow, library, company="Žalgiris UAB", country="LT")
    answer_item(desk.uow, library, saved.case.id, "headcount", 40)
    with desk.reads as reads:
        stored = reads.cases.get(saved.case.id)
        assert reads.cases.resolve(saved.case.id[:6]) == [saved.case.id]
        assert reads.settings.get("broker") == {"name": "Test Broker", "country": "PL"}
    assert stored is not None and stored.dirty and not stored.deleted
    assert stored.doc["answers"]["headcount"]["value"] == 40
    assert stored.doc["answers"]["company_name"]["value"] == "Žalgiris UAB"


def test_a_read_writes_nothing(desk: Desk) -> None:
    with desk.reads as reads, pytest.raises(Exception, match=r"readonly|read-only|query_only"):
        reads.cases.conn.execute("DELETE FROM settings")
    with desk.reads as reads:
        assert reads.settings.get("broker")


def test_each_thread_reads_in_a_transaction_of_its_own(filled: Desk) -> None:
    counts: list[int] = []
    with filled.reads as reads:
        mine = reads.cases.count()

        def other() -> None:
            with filled.reads as theirs:
                counts.append(theirs.cases.count())

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert reads.cases.count() == mine
    assert counts == [mine]


def test_release_closes_the_idle_connections_and_the_next_read_opens_a_new_one(
    filled: Desk,
) -> None:
    with filled.reads as reads:
        before = reads.cases.conn
    filled.case_file.release()
    with pytest.raises(Exception, match="closed"):
        before.execute("SELECT 1")
    with filled.reads as reads:
        assert reads.cases.conn is not before
        assert reads.cases.count() == 39


def test_opening_a_file_to_read_it_makes_no_unit_of_work(tmp_path: Path) -> None:
    create_case_file(tmp_path / "c.brokerdesk", broker={"name": "B"}).close()
    desk = open_case_file(tmp_path / "c.brokerdesk", backup=False)
    try:
        with desk.reads as reads:
            assert reads.settings.get("broker") == {"name": "B"}
        assert desk.case_file._engine is None  # the engine is made on the first write
    finally:
        desk.close()


def test_an_encrypted_file_is_read_with_its_key(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "secret.brokerdesk"
    desk = create_case_file(path, broker={"name": "Ieva"}, secret="a long enough passphrase")
    try:
        create_case(desk.uow, library, company="Rīgas Koks SIA", country="LV")
        with desk.reads as reads:
            assert [row.company for row in reads.cases.rows()] == ["Rīgas Koks SIA"]
    finally:
        desk.close()


def test_a_file_that_cannot_be_reached_is_told_as_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    desk = create_case_file(folder / "c.brokerdesk")
    try:
        desk.case_file.release()
        folder.rename(tmp_path / "unplugged")  # the memory stick is gone
        with pytest.raises(StorageError, match="could not use"), desk.reads as reads:
            reads.cases.count()
    finally:
        desk.close()
