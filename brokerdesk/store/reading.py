"""Reading a case file in plain SQL: the listing, one case, the settings.

Everything here runs on a bare driver connection (``sqlite3``, or SQLCipher's for an encrypted
file) and imports no SQLAlchemy: opening a file to list its cases, or to print the report of one,
does not pay the fifth of a second that importing SQLAlchemy costs. The repositories of the unit
of work (``brokerdesk.store.repository``) inherit these reads and run the same SQL through their
SQLAlchemy connection, so that there is one query for each read, whichever way the file is open.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

SEARCH_TABLE = "case_search"  # FTS5 over company names, notes and keywords; rowid = cases.num


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


# The columns a list may be sorted by; anything else sorts by the last change.
SORTS = ("company", "country", "nace", "status", "readiness", "completeness", "updated", "created")
_ROW_COLUMNS = "id, company, country, nace, status, readiness, band, completeness, updated, dirty"

_TOKEN = re.compile(r"\w+", re.UNICODE)

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


def where_clause(query: CaseQuery) -> tuple[str, list[Any]]:
    """The WHERE clause of a listing query, with its parameters."""
    terms: list[str] = []
    params: list[Any] = []
    if not query.include_deleted:
        terms.append("deleted = 0")
    for column, values in (
        ("status", query.statuses),
        ("country", query.countries),
        ("band", query.bands),
    ):
        if values:
            terms.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    match = fts_query(query.search)
    if match:
        terms.append(f"num IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ?)")
        params.append(match)
    return " AND ".join(terms) or "1", params


class CaseReads:
    """The reads of the ``cases`` table, over a driver connection."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        return self.conn.execute(sql, tuple(params))

    def get(self, case_id: str) -> StoredCase | None:
        for doc, revision, base, dirty, deleted in self._rows(
            "SELECT doc, revision, base, dirty, deleted FROM cases WHERE id = ?", (case_id,)
        ):
            return StoredCase(
                json.loads(doc),
                int(revision),
                json.loads(base) if base else None,
                bool(dirty),
                bool(deleted),
            )
        return None

    def resolve(self, prefix: str) -> list[str]:
        """Ids that start with ``prefix`` (for command lines that take a short id)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [
            r[0]
            for r in self._rows(
                "SELECT id FROM cases WHERE id LIKE ? ESCAPE '\\' LIMIT 10", (f"{escaped}%",)
            )
        ]

    def count(self, query: CaseQuery = CaseQuery()) -> int:
        where, params = where_clause(query)
        for (number,) in self._rows(f"SELECT count(*) FROM cases WHERE {where}", params):
            return int(number or 0)
        return 0

    def rows(self, query: CaseQuery = CaseQuery()) -> list[CaseRow]:
        """The listing rows that match, in order, one page when ``limit`` is set."""
        where, params = where_clause(query)
        order = query.order_by if query.order_by in SORTS else "updated"
        direction = "DESC" if query.descending else "ASC"
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM cases WHERE {where} "
            f"ORDER BY {order} {direction}, num LIMIT ? OFFSET ?"
        )
        limit = -1 if query.limit is None else query.limit
        return [
            CaseRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]))
            for r in self._rows(sql, [*params, limit, query.offset])
        ]


class SettingsReads:
    """The reads of the ``settings`` table: one JSON value per key."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
        return self.conn.execute(sql, tuple(params))

    def get(self, key: str, default: Any = None) -> Any:
        for (value,) in self._rows("SELECT value FROM settings WHERE key = ?", (key,)):
            return json.loads(value)
        return default

    def all(self) -> dict[str, Any]:
        return {
            key: json.loads(value) for key, value in self._rows("SELECT key, value FROM settings")
        }


class ReadUnit(Protocol):
    """What a read-only service needs: ``with unit:``, then ``unit.cases`` and ``unit.settings``.

    Both the unit of work and the ``Reader`` are one.
    """

    @property
    def cases(self) -> CaseReads: ...

    @property
    def settings(self) -> SettingsReads: ...

    def __enter__(self) -> ReadUnit: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class _Open(threading.local):
    conn: Any = None
    born: int = 0  # the generation the connection was opened in
    cases: CaseReads | None = None
    settings: SettingsReads | None = None


class Reader:
    """Read-only transactions on a case file, one per ``with``, each on a connection of its own.

    Connections are kept for the next read (opening one costs the pragmas and, for an encrypted
    file, the key); ``release`` closes them, as a rekey or a restore needs. Like the unit of work,
    one object serves every thread, each in a transaction of its own.

    Args:
        connect: opens a driver connection to the file (keyed when it is encrypted).
        failed: turns a driver error into the error the user is told.
    """

    def __init__(
        self, connect: Callable[[], Any], failed: Callable[[BaseException], Exception]
    ) -> None:
        self._connect = connect
        self._failed = failed
        self._open = _Open()
        self._idle: list[Any] = []  # connections of the current generation, between reads
        self._lock = threading.Lock()
        self._generation = 0  # a release starts a new one: older connections are not kept
        self._closed = False

    @property
    def cases(self) -> CaseReads:
        assert self._open.cases is not None, "outside a read"
        return self._open.cases

    @property
    def settings(self) -> SettingsReads:
        assert self._open.settings is not None, "outside a read"
        return self._open.settings

    def _take(self) -> tuple[Any, int]:
        with self._lock:
            generation = self._generation
            if self._idle:
                return self._idle.pop(), generation
        conn = self._connect()
        try:
            conn.isolation_level = None  # the transactions below are explicit
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
        except BaseException:
            conn.close()
            raise
        return conn, generation

    def _give_back(self, conn: Any, born: int) -> None:
        with self._lock:
            if born == self._generation and not self._closed:
                self._idle.append(conn)
                return
        conn.close()  # opened before a release: it may hold the old key or file

    def __enter__(self) -> Reader:
        assert self._open.conn is None, "a read is not entered twice in one thread"
        try:
            conn, born = self._take()
            try:
                conn.execute("BEGIN")  # one snapshot for every statement of the read
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.close()
                raise
        except Exception as exc:
            if _is_driver_error(exc) or isinstance(exc, OSError):
                raise self._failed(exc) from None
            raise
        self._open.conn, self._open.born = conn, born
        self._open.cases = CaseReads(conn)
        self._open.settings = SettingsReads(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._open
        conn, born = state.conn, state.born
        state.conn, state.cases, state.settings = None, None, None
        try:
            conn.execute("ROLLBACK")
        except Exception:
            with contextlib.suppress(Exception):
                conn.close()
        else:
            self._give_back(conn, born)
        if exc is not None and _is_driver_error(exc):
            raise self._failed(exc) from exc

    def close(self) -> None:
        """Closes every connection, now or when its read ends; a later read opens its own and
        closes it after."""
        self._closed = True
        self.release()

    def release(self) -> None:
        """Closes the idle connections; those in use close when their read ends."""
        with self._lock:
            self._generation += 1
            idle, self._idle = self._idle, []
        for conn in idle:
            with contextlib.suppress(Exception):
                conn.close()


def _is_driver_error(exc: BaseException) -> bool:
    """An error of either SQLite driver (they share no base class): the file or the
    environment failed. The caller's ``failed`` tells which."""
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlcipher3")
