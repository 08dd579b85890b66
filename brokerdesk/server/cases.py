"""The server's case store: pushed changes, the change feed, reading a case.

The change feed must never skip a change that commits late. With a plain sequence, a writer can
take number 7, stall, and commit after a writer that took number 8: a reader that has seen 8 has
moved past 7 for good. Here a writer first writes its rows, then, as the last thing before its
commit, increments the one ``feed`` row and numbers its changes from it. That row stays locked
until the commit, so feed numbers become visible in the order they were given: whoever sees
number *n* committed also sees every number below it. Writers wait on each other only for that
short last step. Rows are locked in id order, before the feed row, so writers cannot deadlock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic_core
from sqlalchemy import Connection, bindparam, delete, null, select, true, update
from sqlalchemy import case as when
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from brokerdesk.domain.case import check_document
from brokerdesk.domain.personal_data import erased_document, is_erased
from brokerdesk.server import access
from brokerdesk.server.accounts import Principal, record
from brokerdesk.server.db import Database, now_iso
from brokerdesk.server.errors import ApiError
from brokerdesk.server.tables import FEED_ROW, batches, cases, devices, feed, users
from brokerdesk.sync.merge import same
from brokerdesk.sync.protocol import (
    MAX_DOC_BYTES,
    Change,
    ChangeResult,
    FeedEntry,
    FeedPage,
    PushRequest,
    PushResponse,
    ServerCase,
)

BATCH_RETENTION = dt.timedelta(days=30)
PRUNE_EVERY = dt.timedelta(hours=6)
# PostgreSQL's "deadlock detected" and "could not serialize": the whole batch is tried again.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})


@dataclass(frozen=True)
class _Row:
    id: str
    owner_id: int
    owner: str
    owner_countries: tuple[str, ...]
    country: str
    revision: int
    deleted: bool
    doc: str

    def server_case(self) -> ServerCase:
        return ServerCase(
            id=self.id,
            revision=self.revision,
            deleted=self.deleted,
            owner=self.owner,
            country=self.country,
            doc=json.loads(self.doc),
        )


def _insert_ignore(conn: Connection, table: Any, values: Mapping[str, Any]) -> bool:
    """Inserts a row unless its key exists (waiting for a concurrent insert to settle)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    key = next(iter(table.primary_key.columns))
    # RETURNING, not rowcount: drivers do not all count the rows an INSERT made.
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return conn.execute(stmt).first() is not None


def _select_rows() -> Any:
    return select(
        cases.c.id,
        cases.c.owner_id,
        cases.c.country,
        cases.c.revision,
        cases.c.deleted,
        cases.c.doc,
        users.c.name.label("owner"),
        users.c.countries.label("owner_countries"),
    ).join(users, users.c.id == cases.c.owner_id)


def _row(r: Any) -> _Row:
    return _Row(
        r.id,
        int(r.owner_id),
        r.owner,
        tuple(c for c in r.owner_countries.split(",") if c),
        r.country,
        int(r.revision),
        bool(r.deleted),
        r.doc,
    )


def _lock(conn: Connection, ids: Iterable[str]) -> dict[str, _Row]:
    # ORDER BY makes PostgreSQL lock the rows in id order: two batches never lock crosswise.
    stmt = (
        _select_rows()
        .where(cases.c.id.in_(sorted(ids)))
        .order_by(cases.c.id)
        .with_for_update(of=cases)
    )
    return {r.id: _row(r) for r in conn.execute(stmt)}


def may_write(who: Principal, row: _Row) -> bool:
    if who.user.role == "broker":
        return row.owner_id == who.user.id
    if who.user.role == "coordinator":
        return access.in_scope(who.user.countries, row.country)
    return False


def _problems(change: Change, text: str) -> list[str]:
    problems = list(check_document(change.doc))
    if change.doc.get("id") != change.id:
        problems.append("id: the document's id is not the change's id")
    if len(text.encode("utf-8")) > MAX_DOC_BYTES:
        problems.append(f"the document is larger than {MAX_DOC_BYTES // 1024} KiB")
    return problems


def request_hash(request: PushRequest) -> str:
    """A fingerprint of a batch: a retry sends the same changes, in the same order."""
    try:
        data = request.model_dump_json(include={"changes"}).encode()
    except pydantic_core.PydanticSerializationError:  # broken Unicode: escaped, still stable
        data = json.dumps(request.model_dump(include={"changes"})).encode()
    return hashlib.sha256(data).hexdigest()


def _document_text(change: Change) -> tuple[str, list[str]]:
    """The document as stored JSON text, and what is wrong with it.

    The tombstone of an erased company is stored as the server makes it, whatever else the
    device sent: it must hold nothing about the company.
    """
    if change.deleted and is_erased(change.doc):
        change = change.model_copy(
            update={"doc": erased_document(change.doc, str(change.doc["erased"]))}
        )
    try:
        text = pydantic_core.to_json(change.doc).decode("utf-8")
    except pydantic_core.PydanticSerializationError:
        return "", ["the document holds text that is not valid Unicode"]
    return text, _problems(change, text)


def _invalid(change: Change, problems: list[str], revision: int = 0) -> ChangeResult:
    return ChangeResult(id=change.id, status="invalid", revision=revision, problems=problems)


def _forbidden(change: Change, why: str) -> ChangeResult:
    return ChangeResult(id=change.id, status="forbidden", revision=0, problems=[why])


class CaseStore:
    """Pushes, the feed and single cases, over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._pruned: dt.datetime | None = None
        self._prune_lock = threading.Lock()

    # -- push ------------------------------------------------------------------------------

    def push(
        self,
        who: Principal,
        request: PushRequest,
        *,
        before_numbering: Callable[[], Any] | None = None,
    ) -> PushResponse:
        """Applies a batch once; a batch already applied is answered as the first time.

        Args:
            who: the device and user pushing.
            request: the batch.
            before_numbering: called after the rows are written and before the changes get
                their feed numbers (tests use it to hold a transaction open at that point).
        """
        if who.user.role == "admin":
            raise ApiError(403, "forbidden", "An admin account has no access to cases.")
        self._maybe_prune()
        digest = request_hash(request)
        for attempt in range(5):
            try:
                with self.db.write() as conn:
                    return self._push(conn, who, request, digest, before_numbering)
            except DBAPIError as exc:
                state = getattr(exc.orig, "sqlstate", None)
                if state not in RETRY_SQLSTATES or attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def _push(
        self,
        conn: Connection,
        who: Principal,
        request: PushRequest,
        digest: str,
        before_numbering: Callable[[], Any] | None,
    ) -> PushResponse:
        now = now_iso()
        fresh = _insert_ignore(
            conn,
            batches,
            {
                "device_id": who.device_id,
                "batch_id": request.batch_id,
                "request_hash": digest,
                "created": now,
            },
        )
        if not fresh:
            return self._replay(conn, who, request, digest)
        changes = request.changes
        rows = _lock(conn, {c.id for c in changes})
        results: dict[int, ChangeResult] = {}
        texts: dict[int, str] = {}
        creations: list[int] = []
        writes: list[tuple[int, _Row]] = []
        seen: set[str] = set()
        for index in sorted(range(len(changes)), key=lambda i: changes[i].id):
            change = changes[index]
            if change.id in seen:
                results[index] = _invalid(change, ["the case appears twice in this batch"])
                continue
            seen.add(change.id)
            row = rows.get(change.id)
            text, problems = _document_text(change)
            if problems:
                visible = row is not None and may_write(who, row)
                results[index] = _invalid(change, problems, row.revision if visible and row else 0)
            elif row is not None:
                results[index] = self._judge(who, change, row, writes, index)
            elif who.user.role != "broker":
                results[index] = _forbidden(change, "only brokers add cases")
            else:
                creations.append(index)
            texts[index] = text
        numbered = self._create(conn, who, changes, creations, texts, results, writes, now)
        numbered += self._write(conn, who, changes, writes, texts, results, now)
        erased = [
            changes[i].id
            for i in sorted(results)
            if changes[i].id in set(numbered) and changes[i].deleted and is_erased(changes[i].doc)
        ]
        if erased:
            self._purge(conn, who, erased, request.batch_id)
        if before_numbering is not None:
            before_numbering()
        if numbered:
            top: int = conn.execute(
                update(feed)
                .where(feed.c.name == FEED_ROW)
                .values(position=feed.c.position + len(numbered))
                .returning(feed.c.position)
            ).scalar_one()
            first = int(top) - len(numbered) + 1
            numbered.sort()
            conn.execute(
                update(cases).where(cases.c.id == bindparam("b_id")).values(seq=bindparam("b_seq")),
                [{"b_id": case_id, "b_seq": first + n} for n, case_id in enumerate(numbered)],
            )
        response = PushResponse(
            batch_id=request.batch_id, results=[results[i] for i in range(len(changes))]
        )
        conn.execute(
            update(batches)
            .where(batches.c.device_id == who.device_id, batches.c.batch_id == request.batch_id)
            .values(response=response.model_dump_json())
        )
        conn.execute(update(devices).where(devices.c.id == who.device_id).values(last_seen=now))
        outcome: dict[str, list[Any]] = {}
        for result in response.results:
            outcome.setdefault(result.status, []).append(
                [result.id, result.revision] if result.status == "accepted" else result.id
            )
        record(conn, who.user.name, "push", {"batch": request.batch_id, **outcome}, who.device_id)
        return response

    def _replay(
        self, conn: Connection, who: Principal, request: PushRequest, digest: str
    ) -> PushResponse:
        row = conn.execute(
            select(batches.c.request_hash, batches.c.response).where(
                batches.c.device_id == who.device_id, batches.c.batch_id == request.batch_id
            )
        ).one()
        if row.request_hash != digest:
            raise ApiError(
                409, "batch_reused", "This batch id was already used for a different batch."
            )
        if row.response is None:
            raise ApiError(409, "conflict", "This batch is still being applied; try again.")
        return PushResponse.model_validate_json(row.response)

    def _purge(self, conn: Connection, who: Principal, ids: list[str], batch_id: str) -> None:
        """After an erasure: only the tombstone stays, and an audit record of the erasure.

        Answers kept for retried batches can hold a whole document (a conflict's current
        version); those that name an erased case are dropped.
        """
        for case_id in ids:
            conn.execute(
                delete(batches).where(
                    batches.c.batch_id != batch_id,
                    batches.c.response.contains(f'"id":"{case_id}"'),
                    batches.c.response.contains('"current":{'),
                )
            )
            record(conn, who.user.name, "erase", {"case": case_id}, who.device_id)

    def _judge(
        self, who: Principal, change: Change, row: _Row, writes: list[tuple[int, _Row]], index: int
    ) -> ChangeResult:
        """The answer to a change of an existing case; a change to write joins ``writes``."""
        if not may_write(who, row):
            return _forbidden(change, "this case is not yours to change")
        current = json.loads(row.doc)
        if is_erased(current) and not is_erased(change.doc):
            # An erased company stays erased: the device is told, and drops its copy.
            return ChangeResult(
                id=change.id, status="conflict", revision=row.revision, current=row.server_case()
            )
        if same(current, change.doc) and row.deleted == change.deleted:
            return ChangeResult(id=change.id, status="accepted", revision=row.revision)
        if row.revision != change.base_revision:
            return ChangeResult(
                id=change.id, status="conflict", revision=row.revision, current=row.server_case()
            )
        if who.user.role == "coordinator" and not access.coordinator_change_allowed(
            current, change.doc, row.deleted, change.deleted
        ):
            return _forbidden(change, "a coordinator may change only feedback and review")
        writes.append((index, row))
        return ChangeResult(id=change.id, status="accepted", revision=row.revision + 1)

    def _create(
        self,
        conn: Connection,
        who: Principal,
        changes: list[Change],
        creations: list[int],
        texts: dict[int, str],
        results: dict[int, ChangeResult],
        writes: list[tuple[int, _Row]],
        now: str,
    ) -> list[str]:
        """Inserts the new cases in one statement; returns the ids made."""
        if not creations:
            return []
        values = [
            {
                "id": changes[i].id,
                "owner_id": who.user.id,
                "country": access.case_country(changes[i].doc, who.user.countries),
                "revision": 1,
                "deleted": changes[i].deleted,
                "device_id": who.device_id,
                "doc": texts[i],
                "changed": now,
            }
            for i in creations
        ]
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(cases).values(values).on_conflict_do_nothing()
        made = {r.id for r in conn.execute(stmt.returning(cases.c.id))}
        late = [i for i in creations if changes[i].id not in made]
        # Another device created these meanwhile: they are existing cases now.
        rows = _lock(conn, [changes[i].id for i in late]) if late else {}
        for index in creations:
            change = changes[index]
            if change.id in made:
                results[index] = ChangeResult(id=change.id, status="accepted", revision=1)
            else:
                results[index] = self._judge(who, change, rows[change.id], writes, index)
        return sorted(made)

    def _write(
        self,
        conn: Connection,
        who: Principal,
        changes: list[Change],
        writes: list[tuple[int, _Row]],
        texts: dict[int, str],
        results: dict[int, ChangeResult],
        now: str,
    ) -> list[str]:
        """Writes the accepted changes of existing cases in one statement."""
        if not writes:
            return []
        conn.execute(
            update(cases)
            .where(cases.c.id == bindparam("b_id"))
            .values(
                revision=bindparam("b_revision"),
                deleted=bindparam("b_deleted"),
                device_id=bindparam("b_device"),
                doc=bindparam("b_doc"),
                country=bindparam("b_country"),
                changed=bindparam("b_changed"),
            ),
            [
                {
                    "b_id": row.id,
                    "b_revision": row.revision + 1,
                    "b_deleted": changes[i].deleted,
                    "b_device": who.device_id,
                    "b_doc": texts[i],
                    # An erasure keeps the case's country: its coordinators must hear of it.
                    "b_country": row.country
                    if is_erased(changes[i].doc)
                    else access.case_country(changes[i].doc, row.owner_countries),
                    "b_changed": now,
                }
                for i, row in writes
            ],
        )
        return [row.id for _, row in writes]

    def _maybe_prune(self) -> None:
        moment = dt.datetime.now(dt.UTC)
        with self._prune_lock:
            if self._pruned is not None and moment - self._pruned < PRUNE_EVERY:
                return
            self._pruned = moment
        self.prune(moment - BATCH_RETENTION)

    def prune(self, before: dt.datetime) -> int:
        """Forgets the answers to batches older than ``before``."""
        with self.db.write() as conn:
            result = conn.execute(delete(batches).where(batches.c.created < now_iso(before)))
        return int(result.rowcount or 0)

    # -- pull ------------------------------------------------------------------------------

    def _scope(self, who: Principal) -> Any:
        if who.user.role == "broker":
            return cases.c.owner_id == who.user.id
        if who.user.role == "coordinator":
            if access.ALL_COUNTRIES in who.user.countries:
                return true()
            return cases.c.country.in_(who.user.countries)
        raise ApiError(403, "forbidden", "An admin account has no access to cases.")

    def changes(self, who: Principal, since: int, limit: int) -> FeedPage:
        """One page of the change feed after ``since``, in feed order."""
        scope = self._scope(who)
        stmt = (
            select(
                cases.c.id,
                cases.c.revision,
                cases.c.seq,
                cases.c.deleted,
                cases.c.country,
                users.c.name.label("owner"),
                when((cases.c.device_id == who.device_id, null()), else_=cases.c.doc).label("doc"),
            )
            .join(users, users.c.id == cases.c.owner_id)
            .where(scope, cases.c.seq > since)
            .order_by(cases.c.seq)
            .limit(limit)
        )
        with self.db.read() as conn:
            rows = conn.execute(stmt).all()
        entries = [
            FeedEntry(
                id=r.id,
                revision=r.revision,
                seq=r.seq,
                deleted=bool(r.deleted),
                echo=r.doc is None,
                owner=r.owner,
                country=r.country,
                doc=json.loads(r.doc) if r.doc is not None else None,
            )
            for r in rows
        ]
        seen = [[e.id, e.revision] for e in entries if not e.echo]
        if seen:
            with self.db.write() as conn:
                record(
                    conn,
                    who.user.name,
                    "pull",
                    {"since": since, "until": entries[-1].seq, "cases": seen},
                    who.device_id,
                )
                conn.execute(
                    update(devices).where(devices.c.id == who.device_id).values(last_seen=now_iso())
                )
        return FeedPage(
            changes=entries,
            cursor=entries[-1].seq if entries else since,
            more=len(entries) == limit,
        )

    def get(self, who: Principal, case_id: str) -> ServerCase:
        scope = self._scope(who)
        with self.db.read() as conn:
            found = conn.execute(_select_rows().where(cases.c.id == case_id)).first()
            visible = conn.execute(select(cases.c.id).where(cases.c.id == case_id, scope)).first()
        if found is None:
            raise ApiError(404, "not_found", "There is no such case.")
        if visible is None:
            raise ApiError(403, "forbidden", "This case is outside your access.")
        row = _row(found)
        with self.db.write() as conn:
            record(
                conn,
                who.user.name,
                "read",
                {"case": row.id, "revision": row.revision},
                who.device_id,
            )
        return row.server_case()
