"""Reading and writing cases and settings inside one transaction of a case file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, delete, func, insert, select, text, update

from brokerdesk.store.reading import (
    CaseQuery,
    CaseReads,
    SettingsReads,
    StoredCase,
    fold,
    where_clause,
)
from brokerdesk.store.tables import SEARCH_TABLE, cases, settings

__all__ = ["LISTING_COLUMNS", "CaseRepository", "SettingsRepository", "search_text"]

LISTING_COLUMNS = ("company", "country", "nace", "status", "readiness", "band", "completeness")

_SURROGATE = re.compile("[\ud800-\udfff]")

# Built once: an autosave runs these on every answer, and building them costs more than running.
_INDEXED = text(f"SELECT company, notes, keywords FROM {SEARCH_TABLE} WHERE rowid = :n")
_UNINDEX = text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :n")
_INDEX = text(
    f"INSERT INTO {SEARCH_TABLE} (rowid, company, notes, keywords) VALUES (:n, :c, :t, :k)"
)
_UPDATES: dict[frozenset[str], Any] = {}


def _update_statement(columns: frozenset[str]) -> Any:
    statement = _UPDATES.get(columns)
    if statement is None:
        statement = (
            update(cases)
            .where(cases.c.id == bindparam("case_id"))
            .values({name: bindparam(name) for name in sorted(columns)})
            .returning(cases.c.num)
        )
        _UPDATES[columns] = statement
    return statement


_INSERTS: dict[frozenset[str], Any] = {}


def _insert_statement(columns: frozenset[str]) -> Any:
    # Built once per set of columns, as the updates are: a pull inserts thousands of cases.
    statement = _INSERTS.get(columns)
    if statement is None:
        statement = (
            insert(cases)
            .values({name: bindparam(name) for name in sorted(columns)})
            .returning(cases.c.num)
        )
        _INSERTS[columns] = statement
    return statement


def search_text(doc: Mapping[str, Any]) -> tuple[str, str, str]:
    """The company name, notes and keywords of a document, as the search index holds them."""
    answers = doc.get("answers") or {}
    company = str((answers.get("company_name") or {}).get("value") or "")
    notes = " ".join(str(n.get("text") or "") for n in (doc.get("notes") or {}).values())
    item_notes = " ".join(str(a.get("note") or "") for a in answers.values() if a.get("note"))
    keywords = str((answers.get("keywords") or {}).get("value") or "")
    areas = " ".join(str(a.get("name") or "") for a in (doc.get("areas") or {}).values())
    town = str((answers.get("town") or {}).get("value") or "")
    keywords = f"{keywords} {town}"
    return (
        _valid(fold(company)),
        _valid(fold(f"{notes} {item_notes}".strip())),
        _valid(fold(f"{keywords} {areas}".strip())),
    )


def _json_text(doc: Mapping[str, Any]) -> str:
    """The document as JSON text that SQLite can hold.

    A lone surrogate (from a broken paste) cannot be encoded as UTF-8; it becomes U+FFFD rather
    than failing the save and losing the rest of the change.
    """
    return _valid(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))


def _valid(text_: str) -> str:
    try:
        text_.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text_)
    return text_


class CaseRepository(CaseReads):
    """The cases of the file: the reads of ``CaseReads`` through SQLAlchemy, and the writes."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.conn: Connection = conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        return self.conn.exec_driver_sql(sql, tuple(params))

    def save(
        self,
        doc: Mapping[str, Any],
        listing: Mapping[str, Any],
        *,
        dirty: bool = True,
        revision: int | None = None,
        base: Mapping[str, Any] | bool | None = False,
        deleted: bool | None = None,
    ) -> None:
        """Writes a document and its listing columns, and refreshes its search entry.

        Args:
            doc: the whole case document.
            listing: values for ``LISTING_COLUMNS``.
            dirty: whether the change still has to be pushed to the server.
            revision: the server revision, when the sync sets it; unchanged otherwise.
            base: the document as last synced, when the sync sets it; ``False`` leaves it.
            deleted: set or clear the tombstone; unchanged when ``None``.
        """
        values: dict[str, Any] = {k: listing.get(k) for k in LISTING_COLUMNS}
        values.update(
            doc=_json_text(doc),
            schema=int(doc.get("schema", 1)),
            dirty=dirty,
            updated=str(doc.get("updated")),
        )
        values["company"] = values["company"] or ""
        values["country"] = values["country"] or ""
        values["nace"] = values["nace"] or ""
        values["completeness"] = values["completeness"] or 0.0
        if revision is not None:
            values["revision"] = revision
        if base is not False:
            values["base"] = json.dumps(base, ensure_ascii=False) if base is not None else None
        if deleted is not None:
            values["deleted"] = deleted
        num = self.conn.execute(
            _update_statement(frozenset(values)), {**values, "case_id": doc["id"]}
        ).scalar()
        company, notes, keywords = search_text(doc)
        if num is None:
            values.update(id=doc["id"], created=str(doc.get("created") or doc.get("updated")))
            num = self.conn.execute(_insert_statement(frozenset(values)), values).scalar()
        else:
            indexed = self.conn.execute(_INDEXED, {"n": num}).first()
            if indexed is not None and tuple(indexed) == (company, notes, keywords):
                return  # most answers change nothing the search index holds
            self.conn.execute(_UNINDEX, {"n": num})
        self.conn.execute(_INDEX, {"n": num, "c": company, "t": notes, "k": keywords})

    def set_deleted(self, case_id: str, deleted: bool, now: str) -> bool:
        result = self.conn.execute(
            update(cases)
            .where(cases.c.id == case_id)
            .values(deleted=deleted, dirty=True, updated=now)
        )
        return bool(result.rowcount)

    def purge(self, case_id: str) -> None:
        num = self.conn.execute(select(cases.c.num).where(cases.c.id == case_id)).scalar()
        if num is not None:
            self.conn.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :n"), {"n": num})
            self.conn.execute(delete(cases).where(cases.c.num == num))

    def documents(self, query: CaseQuery = CaseQuery()) -> Iterator[dict[str, Any]]:
        where, params = where_clause(query)
        for (doc,) in self._rows(f"SELECT doc FROM cases WHERE {where} ORDER BY num", params):
            yield json.loads(doc)

    def dirty(self, limit: int | None = None) -> list[StoredCase]:
        """Cases changed since the last sync, tombstones included."""
        stmt = select(cases.c.id).where(cases.c.dirty == True).order_by(cases.c.num)  # noqa: E712
        if limit is not None:
            stmt = stmt.limit(limit)
        ids = [r.id for r in self.conn.execute(stmt)]
        return [c for c in (self.get(i) for i in ids) if c is not None]

    def count_dirty(self) -> int:
        stmt = select(func.count()).select_from(cases).where(cases.c.dirty == True)  # noqa: E712
        return int(self.conn.execute(stmt).scalar() or 0)

    def dirty_ids(self) -> list[str]:
        """Ids of the cases changed since the last sync, in the order they were made."""
        stmt = select(cases.c.id).where(cases.c.dirty == True).order_by(cases.c.num)  # noqa: E712
        return [r.id for r in self.conn.execute(stmt)]

    def pending(self, ids: list[str]) -> list[tuple[str, str, int, bool]]:
        """For a push: id, document as stored JSON text, revision and tombstone of the cases
        among ``ids`` that still wait, in one query."""
        stmt = select(cases.c.id, cases.c.doc, cases.c.revision, cases.c.deleted).where(
            cases.c.id.in_(ids),
            cases.c.dirty == True,  # noqa: E712 - SQL expression
        )
        return [(r.id, r.doc, int(r.revision), bool(r.deleted)) for r in self.conn.execute(stmt)]

    def mark_pushed(self, accepted: list[tuple[str, int, str, bool]]) -> None:
        """Records pushes the server accepted: (id, revision, document text sent, tombstone sent).

        The text sent becomes the case's base. A case is clean again only while it still holds
        exactly what was sent; an edit made while the push was on its way keeps it waiting.
        """
        if not accepted:
            return
        unchanged = and_(
            cases.c.doc == bindparam("b_text"), cases.c.deleted == bindparam("b_deleted")
        )
        self.conn.execute(
            update(cases)
            .where(cases.c.id == bindparam("b_id"))
            .values(
                revision=bindparam("b_revision"),
                base=bindparam("b_text"),
                dirty=case((unchanged, False), else_=True),
            ),
            [{"b_id": i, "b_revision": r, "b_text": t, "b_deleted": d} for i, r, t, d in accepted],
        )


class SettingsRepository(SettingsReads):
    """The settings of the file: the reads of ``SettingsReads`` through SQLAlchemy, and ``set``."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.conn: Connection = conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        return self.conn.exec_driver_sql(sql, tuple(params))

    def set(self, key: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False)
        found = self.conn.execute(select(settings.c.key).where(settings.c.key == key)).first()
        if found:
            self.conn.execute(update(settings).where(settings.c.key == key).values(value=data))
        else:
            self.conn.execute(insert(settings).values(key=key, value=data))
