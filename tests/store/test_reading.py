"""Reading a case file without SQLAlchemy: the same answers as the unit of work, every time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, StorageError, create_case_file, open_case_file
from brokerdesk.services.cases import answer_item, create_case, delete_case
from brokerdesk.services.demo import generate
from brokerdesk.store.reading import SORTS, CaseQuery

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


def _expected(desk: Desk, query: CaseQuery) -> list[str]:
    """The ids a listing query must give, worked out in Python from every stored row."""
    with desk.reads as reads:
        rows = list(
            reads.cases.conn.execute(
                "SELECT num, id, company, country, nace, status, readiness, band, completeness,"
                " created, updated, deleted FROM cases"
            )
        )
    names = ("num", "id", "company", "country", "nace", "status", "readiness", "band")
    names += ("completeness", "created", "updated", "deleted")
    found = [dict(zip(names, row, strict=True)) for row in rows]
    found = [
        r
        for r in found
        if (query.include_deleted or not r["deleted"])
        and (not query.statuses or r["status"] in query.statuses)
        and (not query.countries or r["country"] in query.countries)
        and (not query.bands or r["band"] in query.bands)
    ]
    column = query.order_by if query.order_by in SORTS else "updated"
    # SQLite's order: NULL before every value; ties by the row number, always ascending.
    found.sort(key=lambda r: r["num"])
    found.sort(
        key=lambda r: (r[column] is not None, r[column] if r[column] is not None else 0),
        reverse=query.descending,
    )
    ids = [r["id"] for r in found][query.offset :]
    return ids if query.limit is None else ids[: query.limit]


UNSEARCHED = [q for q in QUERIES if not q.search]


@pytest.mark.parametrize("query", UNSEARCHED, ids=range(len(UNSEARCHED)))
def test_the_listing_gives_the_rows_that_match_in_the_order_asked(
    filled: Desk, query: CaseQuery
) -> None:
    with filled.reads as reads:
        rows, count = reads.cases.rows(query), reads.cases.count(query)
    expected = _expected(filled, query)
    assert [r.id for r in rows] == expected
    unpaged = CaseQuery(**{**query.__dict__, "limit": None, "offset": 0})
    assert count == len(_expected(filled, unpaged))


def test_search_finds_every_word_at_the_start_of_a_word_without_diacritics(
    desk: Desk, library: Library
) -> None:
    lodz = create_case(desk.uow, library, company="Łódź Tech Sp. z o.o.", country="PL").case.id
    molle = create_case(desk.uow, library, company="Nørre-Mølle A/S", country="DK").case.id
    create_case(desk.uow, library, company="Odzież Polska", country="PL")
    with desk.reads as reads:
        assert [r.id for r in reads.cases.rows(CaseQuery(search="lodz te"))] == [lodz]
        assert [r.id for r in reads.cases.rows(CaseQuery(search="moll"))] == [molle]
        assert reads.cases.rows(CaseQuery(search="dz")) == []  # not inside a word
        assert reads.cases.count(CaseQuery(search="%_'\"")) == 0


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_the_reader_lists_and_counts_what_the_unit_of_work_lists_and_counts(
    filled: Desk, query: CaseQuery
) -> None:
    # The same SQL through two drivers' wrappers: the types of the values must agree too.
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


def test_a_read_sees_one_moment_of_the_file_whatever_is_committed_meanwhile(
    filled: Desk, library: Library
) -> None:
    with filled.reads as reads:
        before = reads.cases.count()

        def other() -> None:  # another thread commits a new case in the middle of the read
            create_case(filled.uow, library, company="Uus OÜ", country="EE")

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert reads.cases.count() == before
    with filled.reads as reads:
        assert reads.cases.count() == before + 1


def test_a_connection_released_during_its_read_is_closed_when_the_read_ends(
    filled: Desk,
) -> None:
    with filled.reads as reads:
        during = reads.cases.conn
        filled.case_file.release()
        assert reads.cases.count() == 39  # the read in progress goes on
    with pytest.raises(Exception, match="closed"):
        during.execute("SELECT 1")
    with filled.reads as reads:
        assert reads.cases.conn is not during


def test_after_a_change_of_passphrase_reads_use_the_new_key(
    tmp_path: Path, library: Library
) -> None:
    from brokerdesk.services.encryption import change_passphrase

    path = tmp_path / "secret.brokerdesk"
    desk = create_case_file(path, broker={"name": "Ieva"}, secret="the first passphrase")
    try:
        create_case(desk.uow, library, company="Rīgas Koks SIA", country="LV")
        with desk.reads as reads:
            assert reads.cases.count() == 1  # a keyed connection now waits in the pool
        change_passphrase(desk, "the first passphrase", "another passphrase, longer")
        with desk.reads as reads:
            assert reads.cases.count() == 1
    finally:
        desk.close()
    again = open_case_file(path, backup=False, secret="another passphrase, longer")
    try:
        with again.reads as reads:
            assert [r.company for r in reads.cases.rows()] == ["Rīgas Koks SIA"]
    finally:
        again.close()


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


def test_a_file_that_cannot_be_reached_is_told_and_not_made_anew(tmp_path: Path) -> None:
    path = tmp_path / "c.brokerdesk"
    desk = create_case_file(path)
    try:
        desk.case_file.release()
        path.rename(tmp_path / "moved.brokerdesk")  # another program moved it away
        with pytest.raises(StorageError, match="could not use"), desk.reads as reads:
            reads.cases.count()
        assert not path.exists()  # no empty file where the case file was
    finally:
        desk.close()
