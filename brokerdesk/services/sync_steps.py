"""The steps of one sync: read the change feed, merge, push in batches.

Each step commits on its own, so a sync cut off anywhere loses nothing: the cursor moves only with
the pages it covers, and a case is clean only once the server accepted exactly what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brokerdesk.content import ContentError, Library
from brokerdesk.domain.case import Case, CaseError, upcast
from brokerdesk.domain.personal_data import is_erased
from brokerdesk.domain.scoring import score_case
from brokerdesk.services.cases import listing, now_iso
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store import erasure
from brokerdesk.store.reading import StoredCase
from brokerdesk.sync import client as wire
from brokerdesk.sync.merge import merge, same
from brokerdesk.sync.protocol import ChangeResult, FeedEntry, ServerCase

CURSOR_KEY = "sync_cursor"
BATCH_SIZE = 200
PAGE_SIZE = 500
MAX_ROUNDS = 4  # push, merge the conflicts, push again: bounded, the rest waits for next time


@dataclass(frozen=True)
class Rejected:
    """A change the server refused; it stays in the file, marked as waiting."""

    case_id: str
    status: str
    problems: tuple[str, ...]


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    conflicted: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    pending: int = 0
    started: str = ""
    finished: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "conflicts": self.conflicts,
            "conflicted_cases": sorted(set(self.conflicted)),
            "rejected": [
                {"case": r.case_id, "status": r.status, "problems": list(r.problems)}
                for r in self.rejected
            ],
            "pending": self.pending,
            "started": self.started,
            "finished": self.finished,
        }


def listing_of(library: Library, doc: dict[str, Any]) -> dict[str, Any]:
    case = Case(doc)
    try:
        return listing(case, score_case(library.instrument(case.instrument_key), case))
    except (ContentError, CaseError, KeyError, ValueError, TypeError, AttributeError):
        # A case from a newer program or instrument: stored whole, listed without a score.
        return {
            "company": case.company_name,
            "country": case.country,
            "nace": str(case.value("nace") or ""),
            "status": case.status,
            "readiness": None,
            "band": None,
            "completeness": 0.0,
        }


class Steps:
    """One sync: the pull, then the pushes, with the report they fill in."""

    def __init__(
        self,
        uow: UnitOfWork,
        library: Library,
        report: SyncReport,
        stop: Callable[[], bool],
        batch_size: int,
        page_size: int,
    ) -> None:
        self.uow = uow
        self.library = library
        self.report = report
        self.stop = stop
        self.batch_size = max(1, batch_size)
        self.page_size = max(1, page_size)

    def _check_stop(self) -> None:
        if self.stop():
            raise wire.Stopped("stopped", "stopped")

    # -- pull ------------------------------------------------------------------------------

    def pull(self, api: wire.SyncClient) -> None:
        with self.uow:
            cursor = int(self.uow.settings.get(CURSOR_KEY, 0) or 0)
        while True:
            self._check_stop()
            page = api.changes(cursor, self.page_size)
            with self.uow:
                behind = [
                    e.id
                    for e in page.changes
                    if e.echo and self._behind(self.uow.cases.get(e.id), e.revision)
                ]
            # Our own changes come back without documents; a file restored from a backup may
            # lack them, so those few are fetched whole.
            fetched = {case_id: api.case(case_id) for case_id in behind}
            with self.uow:
                if int(self.uow.settings.get(CURSOR_KEY, 0) or 0) != cursor:
                    # The file changed under this sync (a backup was restored): its own cursor
                    # stands, and the next sync pulls from there; moving it on would skip changes.
                    return
                for entry in page.changes:
                    self._take(entry, fetched.get(entry.id))
                if page.cursor != cursor:
                    self.uow.settings.set(CURSOR_KEY, page.cursor)
                self.uow.commit()
            cursor = page.cursor
            if not page.more:
                return

    @staticmethod
    def _behind(stored: StoredCase | None, revision: int) -> bool:
        return stored is None or (stored.revision < revision and not stored.dirty)

    def _take(self, entry: FeedEntry, fetched: ServerCase | None) -> None:
        stored = self.uow.cases.get(entry.id)
        if stored is not None and stored.revision >= entry.revision:
            return  # already here (our own push, or an earlier pull)
        if fetched is not None:
            doc, revision, deleted = fetched.doc, fetched.revision, fetched.deleted
        elif entry.doc is not None:
            doc, revision, deleted = entry.doc, entry.revision, entry.deleted
        else:
            return  # an echo of a change still waiting here: the next push settles it
        self._settle(stored, doc, revision, deleted)
        self.report.pulled += 1

    def _settle(
        self, stored: StoredCase | None, remote: dict[str, Any], revision: int, deleted: bool
    ) -> None:
        """Takes the server's version of a case, merging it with local changes if any."""
        # An erasure wins over every other change, on whichever side it was made.
        if is_erased(remote):
            if stored is not None:
                self._drop(stored.doc["id"])
            return
        if stored is not None and stored.dirty and is_erased(stored.doc):
            self.uow.cases.save(
                stored.doc,
                listing_of(self.library, stored.doc),
                revision=revision,
                base=None,
                deleted=True,
            )
            return
        if stored is None or not stored.dirty:
            self.uow.cases.save(
                remote,
                listing_of(self.library, remote),
                dirty=False,
                revision=revision,
                base=remote,
                deleted=deleted,
            )
            return
        try:
            local, theirs = upcast(stored.doc), upcast(remote)
            base = upcast(stored.base) if stored.base else None
        except CaseError as exc:
            # A newer program wrote one side: keep ours waiting, untouched, and say so.
            self.report.rejected.append(Rejected(stored.doc["id"], "newer", (str(exc),)))
            return
        result = merge(
            base,
            local,
            theirs,
            now=now_iso(),
            local_deleted=stored.deleted,
            remote_deleted=deleted,
        )
        unchanged = same(result.doc, remote) and result.deleted == deleted
        self.uow.cases.save(
            result.doc,
            listing_of(self.library, result.doc),
            dirty=not unchanged,
            revision=revision,
            base=remote,
            deleted=result.deleted,
        )
        if result.conflicts:
            self.report.conflicts += len(result.conflicts)
            self.report.conflicted.append(stored.doc["id"])

    # -- push ------------------------------------------------------------------------------

    def push(self, api: wire.SyncClient) -> None:
        with self.uow:
            waiting = self.uow.cases.dirty_ids()
        for _round in range(MAX_ROUNDS):
            if not waiting:
                return
            again: list[str] = []
            for start in range(0, len(waiting), self.batch_size):
                self._check_stop()
                again += self._push_batch(api, waiting[start : start + self.batch_size])
            waiting = again

    def _push_batch(self, api: wire.SyncClient, ids: list[str]) -> list[str]:
        with self.uow:
            found = {p[0]: p for p in self.uow.cases.pending(ids)}
        waiting = [found[i] for i in ids if i in found]
        if not waiting:
            return []
        answer = api.push_stored([(i, rev, deleted, text) for i, text, rev, deleted in waiting])
        by_id = {r.id: r for r in answer.results}
        accepted: list[tuple[str, int, str, bool]] = []
        again: list[str] = []
        with self.uow:
            for case_id, text, _revision, deleted in waiting:
                result = by_id.get(case_id)
                if result is None:
                    continue
                if result.status == "accepted":
                    accepted.append((case_id, result.revision, text, deleted))
                elif self._refused(case_id, result):
                    again.append(case_id)
            self.uow.cases.mark_pushed(accepted)
            for case_id, text, _revision, deleted in waiting:
                if deleted and case_id in {a[0] for a in accepted} and is_erased(json.loads(text)):
                    self._drop(case_id)  # the server has the erasure: nothing more to keep
            self.uow.commit()
        self.report.pushed += len(accepted)
        return again

    def _drop(self, case_id: str) -> None:
        """Removes an erased case from the file, its content overwritten."""
        conn = self.uow.cases.conn
        erasure.zero_freed(conn)
        try:
            self.uow.cases.purge(case_id)
            erasure.merge_search_index(conn)
        finally:
            erasure.zero_freed(conn, on=False)

    def _refused(self, case_id: str, result: ChangeResult) -> bool:
        """Records a change the server did not take; True when it must be pushed again."""
        stored = self.uow.cases.get(case_id)
        if stored is None:
            return False
        if result.status == "conflict" and result.current is not None:
            current = result.current
            self._settle(stored, current.doc, current.revision, current.deleted)
            after = self.uow.cases.get(case_id)
            return after is not None and after.dirty
        self.report.rejected.append(Rejected(case_id, result.status, tuple(result.problems)))
        return False
