"""Reading and writing cases and settings inside one transaction of a case file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, delete, func, insert, select, text, update
from sqlalchemy.sql.elements import ColumnElement

from brokerdesk.store.tables import SEARCH_TABLE, cases, settings

LISTING_COLUMNS = ("company", "country", "nace", "status", "readiness", "band", "completeness")
SORTS = {
    "company": cases.c.company,
    "country": cases.c.country,
    "nace": cases.c.nace,
    "status": cases.c.status,
    "readiness": cases.c.readiness,
    "completeness": cases.c.completeness,
    "updated": cases.c.updated,
    "created": cases.c.created,
}


@dataclass(frozen=True)
class StoredCase:
    """A case document with its sync bookkeeping."""

    doc: dict[str, Any]
    revision: int
    base: dict[str, Any] | None
    dirty: bool
    deleted: bool


@dataclass(frozen=True)
class CaseRow:
    """The listing columns of one case: what a list shows without loading the document."""

    id: str
    company: str
    country: str
    nace: str
    status: str
    readiness: float | None
    band: str | None
    completeness: float
    updated: str
    dirty: bool


@dataclass(frozen=True)
class CaseQuery:
    search: str = ""
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    include_deleted: bool = False
    order_by: str = "updated"
    descending: bool = True
    limit: int | None = None
    offset: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)


_TOKEN = re.compile(r"\w+", re.UNICODE)
_SURROGATE = re.compile("[\ud800-\udfff]")

# Built once: an autosave runs these on every answer, and building them costs more than running.
_GET = select(cases.c.doc, cases.c.revision, cases.c.base, cases.c.dirty, cases.c.deleted).where(
    cases.c.id == bindparam("case_id")
)
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


# Letters that Unicode does not decompose into a base letter and a mark, so that SQLite's
# remove_diacritics leaves them as they are: "lodz" must find Łódź, "molle" Mølle.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ı": "i",
    }
)


def fold(text_: str) -> str:
    """Text as the search index holds it: letters without their own decomposition folded."""
    return text_.translate(_FOLD)


def fts_query(search: str) -> str:
    """Turns what a user typed into an FTS5 prefix query: every word must start a word."""
    words = _TOKEN.findall(fold(search))
    return " ".join(f'"{w}"*' for w in words)


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


class CaseRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, case_id: str) -> StoredCase | None:
        row = self.conn.execute(_GET, {"case_id": case_id}).first()
        if row is None:
            return None
        return StoredCase(
            json.loads(row.doc),
            row.revision,
            json.loads(row.base) if row.base else None,
            bool(row.dirty),
            bool(row.deleted),
        )

    def resolve(self, prefix: str) -> list[str]:
        """Ids that start with ``prefix`` (for command lines that take a short id)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            select(cases.c.id).where(cases.c.id.like(f"{escaped}%", escape="\\")).limit(10)
        )
        return [r.id for r in rows]

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

    def _where(self, query: CaseQuery) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if not query.include_deleted:
            where.append(cases.c.deleted == False)  # noqa: E712 - SQL expression
        if query.statuses:
            where.append(cases.c.status.in_(query.statuses))
        if query.countries:
            where.append(cases.c.country.in_(query.countries))
        if query.bands:
            where.append(cases.c.band.in_(query.bands))
        match = fts_query(query.search)
        if match:
            hits = text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q")
            where.append(cases.c.num.in_(hits.bindparams(q=match)))
        return where

    def count(self, query: CaseQuery = CaseQuery()) -> int:
        stmt = select(func.count()).select_from(cases).where(and_(True, *self._where(query)))
        return int(self.conn.execute(stmt).scalar() or 0)

    def rows(self, query: CaseQuery = CaseQuery()) -> list[CaseRow]:
        """The listing rows that match, in order, one page when ``limit`` is set."""
        order = SORTS.get(query.order_by, cases.c.updated)
        stmt = (
            select(
                cases.c.id,
                cases.c.company,
                cases.c.country,
                cases.c.nace,
                cases.c.status,
                cases.c.readiness,
                cases.c.band,
                cases.c.completeness,
                cases.c.updated,
                cases.c.dirty,
            )
            .where(and_(True, *self._where(query)))
            .order_by(order.desc() if query.descending else order.asc(), cases.c.num)
            .offset(query.offset)
        )
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        return [
            CaseRow(
                r.id,
                r.company,
                r.country,
                r.nace,
                r.status,
                r.readiness,
                r.band,
                r.completeness,
                r.updated,
                bool(r.dirty),
            )
            for r in self.conn.execute(stmt)
        ]

    def documents(self, query: CaseQuery = CaseQuery()) -> Iterator[dict[str, Any]]:
        stmt = select(cases.c.doc).where(and_(True, *self._where(query))).order_by(cases.c.num)
        for row in self.conn.execute(stmt):
            yield json.loads(row.doc)

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


class SettingsRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str, default: Any = None) -> Any:
        value = self.conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        return json.loads(value) if value is not None else default

    def set(self, key: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False)
        found = self.conn.execute(select(settings.c.key).where(settings.c.key == key)).first()
        if found:
            self.conn.execute(update(settings).where(settings.c.key == key).values(value=data))
        else:
            self.conn.execute(insert(settings).values(key=key, value=data))

    def all(self) -> dict[str, Any]:
        return {r.key: json.loads(r.value) for r in self.conn.execute(select(settings))}
