"""Coordinator use cases: pull the network, review cases, partner matches, network figures.

A coordinator works on a **network file**: a normal case file enrolled with a coordinator account
(``brokerdesk enroll``). Pulling fills it with the cases of every broker in the coordinator's
scope, stored as the server holds them and never marked changed. The only changes the file ever
sends are reviews: the case's ``review`` object and a ``feedback`` entry, which the server lets a
coordinator write and which the broker's own edits never touch, so they cannot conflict with
them. A review made offline waits in the file and goes with the next pull.

Match decisions (introduced, dismissed) stay in the file's settings: they are the coordinator's
notes, not part of any case.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain import matching
from brokerdesk.domain.case import Case, upcast
from brokerdesk.domain.text import N_, Message
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.cases import NotFound, now_iso
from brokerdesk.services.sync import (
    CONNECTION_KEY,
    LAST_KEY,
    ClientFactory,
    Disconnected,
    NotConnected,
    ServerUnreachable,
    SyncError,
    device_client,
)
from brokerdesk.services.sync_steps import (
    BATCH_SIZE,
    MAX_ROUNDS,
    PAGE_SIZE,
    Rejected,
    Steps,
    SyncReport,
    listing_of,
)
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store.network import NetworkQuery, NetworkRepository
from brokerdesk.store.reading import StoredCase
from brokerdesk.sync import client as wire
from brokerdesk.sync.merge import MISSING, same

__all__ = [
    "DECISIONS",
    "REVIEW_STATES",
    "CoordinatorError",
    "MatchRow",
    "NetworkQuery",
    "NotCoordinator",
    "PullReport",
    "ReviewResult",
    "decide_match",
    "decisions",
    "explain",
    "matches",
    "pull",
    "review",
    "send_reviews",
]

DECISIONS_KEY = "match_decisions"
REVIEW_STATES = ("approved", "returned")
DECISIONS = ("introduced", "dismissed")
# What a coordinator may change in a case (the server's rule, kept here for the guard below).
COORDINATOR_FIELDS = frozenset({"feedback", "review", "updated"})
REVIEW_LABELS = {
    "none": N_("Not reviewed"),
    "approved": N_("Approved"),
    "returned": N_("Returned to the broker"),
}


class CoordinatorError(SyncError):
    """A coordinator action that cannot be done; ``message`` says why."""


class NotCoordinator(CoordinatorError):
    def __init__(self) -> None:
        super().__init__(
            Message(
                N_(
                    "This case file is not connected with a coordinator account. Connect a new "
                    "network file with a coordinator's enrolment code."
                )
            )
        )


@dataclass
class PullReport:
    """What a pull did: cases taken from the server, reviews sent, reviews still waiting."""

    pulled: int = 0
    pushed: int = 0
    pending: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    started: str = ""
    finished: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReviewResult:
    case: Case
    sent: bool  # False: saved here, waits for the next pull (the server was not reachable)


# -- the sync steps of a network file ------------------------------------------------------


def _beyond_review(stored: StoredCase) -> bool:
    """Whether a waiting change touches more than a coordinator may change."""
    base = stored.base or {}
    keys = (set(base) | set(stored.doc)) - COORDINATOR_FIELDS
    return not all(same(base.get(k, MISSING), stored.doc.get(k, MISSING)) for k in keys)


class CoordinatorSteps(Steps):
    """The sync steps, with the coordinator's own merge and a guard on what is sent.

    A case that changed on the server while a review waited here takes the server's document
    whole and puts the review on top: the review and new feedback entries made here win over
    the server's (another coordinator's earlier review), nothing else is touched, and so no
    conflict entry is ever made (a coordinator may not write one).
    """

    def _settle(
        self, stored: StoredCase | None, remote: dict[str, Any], revision: int, deleted: bool
    ) -> None:
        if stored is None or not stored.dirty:
            super()._settle(stored, remote, revision, deleted)
            return
        if deleted:
            # The broker deleted (or erased) the case: a review of it has nothing left to go
            # to. The server's state is taken as for any case without waiting changes.
            super()._settle(replace(stored, dirty=False), remote, revision, deleted)
            self.report.rejected.append(
                Rejected(stored.doc["id"], "deleted", ("the case was deleted",))
            )
            return
        merged = copy.deepcopy(remote)
        base = stored.base or {}
        local_feedback = stored.doc.get("feedback") or {}
        base_feedback = base.get("feedback") or {}
        feedback = dict(merged.get("feedback") or {})
        for key, entry in local_feedback.items():
            if not same(base_feedback.get(key, MISSING), entry):
                feedback[key] = entry
        merged["feedback"] = feedback
        if not same(base.get("review", MISSING), stored.doc.get("review", MISSING)):
            merged["review"] = stored.doc.get("review")
        merged["updated"] = max(str(remote.get("updated") or ""), str(stored.doc.get("updated")))
        self.uow.cases.save(
            merged,
            listing_of(self.library, merged),
            dirty=not same(merged, remote),
            revision=revision,
            base=remote,
            deleted=False,
        )

    def push_ids(self, api: wire.SyncClient, ids: list[str]) -> None:
        """Sends the waiting reviews of these cases; what the server returns is merged."""
        with self.uow:
            allowed = []
            for case_id in ids:
                stored = self.uow.cases.get(case_id)
                if stored is None or not stored.dirty:
                    continue
                if _beyond_review(stored):
                    self.report.rejected.append(
                        Rejected(case_id, "local", ("changed here beyond feedback and review",))
                    )
                else:
                    allowed.append(case_id)
        waiting = allowed
        for _round in range(MAX_ROUNDS):
            if not waiting:
                return
            again: list[str] = []
            for start in range(0, len(waiting), self.batch_size):
                self._check_stop()
                again += self._push_batch(api, waiting[start : start + self.batch_size])
            waiting = again

    def push(self, api: wire.SyncClient) -> None:
        with self.uow:
            waiting = self.uow.cases.dirty_ids()
        self.push_ids(api, waiting)


def _coordinator_connection(uow: UnitOfWork) -> dict[str, Any]:
    with uow:
        data = uow.settings.get(CONNECTION_KEY)
    if not data:
        raise NotConnected()
    if data.get("role") != "coordinator":
        raise NotCoordinator()
    if data.get("revoked"):
        raise Disconnected()
    return dict(data)


def _run(
    desk: Desk,
    library: Library,
    work: Callable[[CoordinatorSteps, wire.SyncClient], None],
    *,
    should_stop: Callable[[], bool] | None,
    page_size: int,
    client_factory: ClientFactory | None,
    options: dict[str, Any],
) -> PullReport:
    uow = UnitOfWork(desk.case_file)  # its own, so that it can run beside the UI's work
    data = _coordinator_connection(uow)
    stop = should_stop or (lambda: False)
    report = SyncReport(started=now_iso())
    steps = CoordinatorSteps(uow, library, report, stop, BATCH_SIZE, page_size)
    with device_client(uow, data, client_factory, stop, options) as api:
        work(steps, api)
    out = PullReport(
        pulled=report.pulled,
        pushed=report.pushed,
        rejected=[
            {"case": r.case_id, "status": r.status, "problems": list(r.problems)}
            for r in report.rejected
        ],
        started=report.started,
        finished=now_iso(),
    )
    with uow:
        out.pending = uow.cases.count_dirty()
        uow.settings.set(LAST_KEY, {**report.as_json(), **out.as_json()})
        uow.commit()
    return out


def pull(
    desk: Desk,
    library: Library,
    should_stop: Callable[[], bool] | None = None,
    *,
    page_size: int = PAGE_SIZE,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> PullReport:
    """Fetches the cases that changed on the server since the last pull, and sends the reviews
    that wait here.

    Raises:
        NotConnected: the file has no server.
        NotCoordinator: the file is enrolled with a broker's account.
        Disconnected: the server revoked this device (the file keeps its cases).
        ServerUnreachable: offline or the server is down.
        SyncStopped: ``should_stop`` said so; what was pulled so far is kept.
        SyncError: any other failure, with its reason.
    """

    def work(steps: CoordinatorSteps, api: wire.SyncClient) -> None:
        steps.pull(api)
        steps.push(api)

    return _run(
        desk,
        library,
        work,
        should_stop=should_stop,
        page_size=page_size,
        client_factory=client_factory,
        options=options,
    )


def send_reviews(
    desk: Desk,
    library: Library,
    case_ids: Iterable[str] | None = None,
    *,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> PullReport:
    """Sends waiting reviews (of the given cases, or all) without pulling."""
    ids = list(case_ids) if case_ids is not None else None

    def work(steps: CoordinatorSteps, api: wire.SyncClient) -> None:
        if ids is None:
            steps.push(api)
        else:
            steps.push_ids(api, ids)

    return _run(
        desk,
        library,
        work,
        should_stop=None,
        page_size=PAGE_SIZE,
        client_factory=client_factory,
        options=options,
    )


# -- review --------------------------------------------------------------------------------


def review(
    desk: Desk,
    library: Library,
    case_id: str,
    state: str,
    comment: str = "",
    *,
    send: bool = True,
    now: str | None = None,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> ReviewResult:
    """Approves a case or returns it to its broker, with a comment, and sends the review.

    The review is saved in the network file first; when the server cannot be reached it waits
    there (``sent`` is False) and goes with the next pull.

    Raises:
        CoordinatorError: an unknown state, or a return without a comment.
        NotConnected, NotCoordinator: the file is not a coordinator's network file.
        NotFound: no such case in the file.
        Disconnected, SyncError: the server refused; the review stays saved here.
    """
    if state not in REVIEW_STATES:
        raise CoordinatorError(Message(N_("Unknown review state {state}."), {"state": state}))
    text = comment.strip()
    if state == "returned" and not text:
        raise CoordinatorError(
            Message(N_("Say what the broker should change before returning the case."))
        )
    uow = desk.uow
    data = _coordinator_connection(uow)
    stamp = now or now_iso()
    with uow:
        stored = uow.cases.get(case_id)
        if stored is None or stored.deleted:
            raise NotFound(case_id)
        case = Case(upcast(stored.doc))
        entry_id = str(uuid.uuid4())
        author = str(data.get("user") or "")
        case.doc["feedback"][entry_id] = {
            "text": text,
            "author": author,
            "at": stamp,
            "created": stamp,
            "review": state,
        }
        case.doc["review"] = {
            "state": state,
            "by": author,
            "at": stamp,
            "comment": text,
            "feedback": entry_id,
        }
        case.doc["updated"] = max(stamp, str(case.doc.get("updated") or ""))
        uow.cases.save(case.doc, listing_of(library, case.doc), dirty=True)
        uow.commit()
    if not send:
        return ReviewResult(case, sent=False)
    try:
        report = send_reviews(desk, library, [case_id], client_factory=client_factory, **options)
    except ServerUnreachable:
        return ReviewResult(case, sent=False)
    if report.rejected:
        problems = "; ".join(p for r in report.rejected for p in r["problems"])
        raise CoordinatorError(
            Message(N_("The server did not take the review: {reason}"), {"reason": problems})
        )
    return ReviewResult(case, sent=report.pending == 0 or not _waiting(uow, case_id))


def _waiting(uow: UnitOfWork, case_id: str) -> bool:
    with uow:
        stored = uow.cases.get(case_id)
    return bool(stored and stored.dirty)


# -- partner matches -----------------------------------------------------------------------


@dataclass(frozen=True)
class MatchRow:
    """A suggested pair with the coordinator's decision on it (None: not decided)."""

    match: matching.Match
    decision: str | None
    decided: str | None  # when

    @property
    def key(self) -> str:
        return self.match.key


def decisions(uow: UnitOfWork) -> dict[str, dict[str, Any]]:
    """The decisions on suggested pairs, by pair key: ``state``, ``at``, ``by``."""
    with uow:
        value = uow.settings.get(DECISIONS_KEY, {})
    return dict(value) if isinstance(value, dict) else {}


def decide_match(uow: UnitOfWork, key: str, decision: str | None, by: str = "") -> None:
    """Marks a suggested pair introduced or dismissed; ``None`` forgets the decision."""
    if decision is not None and decision not in DECISIONS:
        raise CoordinatorError(Message(N_("Unknown decision {decision}."), {"decision": decision}))
    with uow:
        table = dict(uow.settings.get(DECISIONS_KEY, {}) or {})
        if decision is None:
            table.pop(key, None)
        else:
            table[key] = {"state": decision, "at": now_iso(), "by": by}
        uow.settings.set(DECISIONS_KEY, table)
        uow.commit()


def matches(
    uow: UnitOfWork,
    query: NetworkQuery | None = None,
    *,
    min_score: int = matching.MIN_SCORE,
    per_case: int = matching.PER_CASE,
    include_dismissed: bool = False,
) -> list[MatchRow]:
    """Partner suggestions among the shared profiles of the cases in view, best first."""
    with uow:
        repo = NetworkRepository(uow.cases.conn)
        docs = list(repo.documents(_shared(query or NetworkQuery())))
        table = uow.settings.get(DECISIONS_KEY, {}) or {}
    found = matching.suggest(matching.profiles(docs), min_score=min_score, per_case=per_case)
    out = []
    for match in found:
        decided = table.get(match.key) or {}
        state = decided.get("state")
        if state == "dismissed" and not include_dismissed:
            continue
        out.append(MatchRow(match, state, decided.get("at")))
    return out


def _shared(query: NetworkQuery) -> NetworkQuery:
    return replace(query, shared_only=True, limit=None, offset=0, order_by="created")


def explain(library: Library, match: matching.Match) -> tuple[Message, ...]:
    """The reasons of a suggestion, with the cooperation types and sectors by their names."""
    try:
        item = library.current.item("cooperation_types")
        labels = {c.id: c.label for c in item.choices}
    except KeyError:
        labels = {}
    titles = {code: entry.title for code, entry in library.nace.items()}
    return match.reasons(labels, titles)
