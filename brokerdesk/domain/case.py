"""The case: one JSON document per company assessment, and its status workflow.

A case is stored and synced as one document (see DESIGN §3). Collections inside it are maps keyed
by stable ids, never lists, so that a three-way merge can work path by path. The ``Case`` class is
a thin, typed view over that document; the document itself stays plain JSON.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brokerdesk.domain.text import N_, Message

SCHEMA_VERSION = 1

STATUSES = ("draft", "interviewing", "assessed", "partner_search", "closed")
STATUS_LABELS = {
    "draft": N_("Draft"),
    "interviewing": N_("Interviewing"),
    "assessed": N_("Assessed"),
    "partner_search": N_("Partner search"),
    "closed": N_("Closed"),
}
# Forward along the broker's path, one step back to correct, and reopening a closed case.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"interviewing"}),
    "interviewing": frozenset({"draft", "assessed"}),
    "assessed": frozenset({"interviewing", "partner_search", "closed"}),
    "partner_search": frozenset({"assessed", "closed"}),
    "closed": frozenset({"interviewing"}),
}
MAPS = ("answers", "contacts", "areas", "notes", "actions", "feedback", "conflicts")


class CaseError(ValueError):
    """A change the case does not allow; ``message`` says why, translatable."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def new_document(
    case_id: str,
    instrument_key: str,
    now: str,
    *,
    broker: Mapping[str, Any] | None = None,
    report_language: str = "en",
) -> dict[str, Any]:
    """A fresh, empty case document."""
    doc: dict[str, Any] = {
        "id": case_id,
        "schema": SCHEMA_VERSION,
        "instrument": instrument_key,
        "created": now,
        "updated": now,
        "status": "draft",
        "report_language": report_language,
        "broker": dict(broker or {}),
        "review": {"state": "none"},
    }
    for name in MAPS:
        doc[name] = {}
    return doc


def upcast(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Brings a document of an older schema to the current one.

    A current, complete document is returned as it is (the same object), since upcasting runs
    on every load; an older one is copied first.

    Raises:
        CaseError: the document is of a newer schema than this program knows.
    """
    schema = doc.get("schema", 1)
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise CaseError(
            Message(
                N_("This case was written by a newer BrokerDesk (document schema {schema})."),
                {"schema": schema},
            )
        )
    complete = all(name in doc for name in (*MAPS, "review", "broker"))
    if schema == SCHEMA_VERSION and complete and isinstance(doc, dict):
        return doc
    out = copy.deepcopy(dict(doc))
    for name in MAPS:
        out.setdefault(name, {})
    out.setdefault("review", {"state": "none"})
    out.setdefault("broker", {})
    out["schema"] = SCHEMA_VERSION
    return out


@dataclass
class Case:
    """A typed view over a case document; every change goes into ``doc``."""

    doc: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.doc["id"])

    @property
    def status(self) -> str:
        return str(self.doc.get("status", "draft"))

    @property
    def instrument_key(self) -> str:
        return str(self.doc["instrument"])

    @property
    def report_language(self) -> str:
        return str(self.doc.get("report_language") or "en")

    def values(self) -> dict[str, Any]:
        """The answer values by item id (without notes and times)."""
        return {k: a.get("value") for k, a in self.doc["answers"].items()}

    def value(self, item_id: str) -> Any:
        return self.doc["answers"].get(item_id, {}).get("value")

    @property
    def company_name(self) -> str:
        return str(self.value("company_name") or "")

    @property
    def country(self) -> str:
        return str(self.value("country") or "")

    def set_answer(self, item_id: str, value: Any, now: str, note: str | None = None) -> None:
        """Records an answer; ``None`` clears the value but keeps a note, if any."""
        entry = dict(self.doc["answers"].get(item_id, {}))
        entry["value"] = value
        entry["at"] = now
        if note is not None:
            entry["note"] = note
        if entry.get("value") is None and not entry.get("note"):
            self.doc["answers"].pop(item_id, None)
        else:
            self.doc["answers"][item_id] = entry
        self.touch(now)

    def touch(self, now: str) -> None:
        self.doc["updated"] = now
        if self.status == "draft" and self.doc["answers"]:
            self.doc["status"] = "interviewing"

    def put(self, collection: str, key: str, entry: Mapping[str, Any], now: str) -> None:
        """Adds or replaces one entry of a map (contacts, areas, notes, actions...)."""
        if collection not in MAPS:
            raise KeyError(collection)
        self.doc[collection][key] = dict(entry)
        self.touch(now)

    def remove(self, collection: str, key: str, now: str) -> None:
        self.doc[collection].pop(key, None)
        self.touch(now)

    def rate_area(self, area_id: str, criterion_id: str, level: int | None, now: str) -> None:
        area = self.doc["areas"].get(area_id)
        if area is None:
            raise CaseError(Message(N_("There is no such activity area.")))
        ratings = dict(area.get("ratings", {}))
        if level is None:
            ratings.pop(criterion_id, None)
        elif isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            raise CaseError(Message(N_("Choose a level from 0 to 4.")))
        else:
            ratings[criterion_id] = level
        self.doc["areas"][area_id] = {**area, "ratings": ratings}
        self.touch(now)

    def change_status(self, new_status: str, now: str) -> None:
        """Moves the case along its workflow.

        Raises:
            CaseError: the status is unknown or cannot follow the current one.
        """
        if new_status not in STATUSES:
            raise CaseError(Message(N_("Unknown status {status}."), {"status": new_status}))
        if new_status not in TRANSITIONS[self.status]:
            raise CaseError(
                Message(
                    N_("A case cannot go from {current} to {new}."),
                    {
                        "current": Message(STATUS_LABELS[self.status]),
                        "new": Message(STATUS_LABELS[new_status]),
                    },
                )
            )
        self.doc["status"] = new_status
        self.doc["updated"] = now


def check_document(doc: Any) -> list[str]:
    """Structural problems of a case document from outside (an import, a server), by place."""
    if not isinstance(doc, Mapping):
        return ["expected an object"]
    problems = []
    for key in ("id", "instrument", "created", "updated", "status"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            problems.append(f"{key}: expected a non-empty text")
    if doc.get("status") not in STATUSES:
        problems.append(f"status: unknown status {doc.get('status')!r}")
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        problems.append("schema: expected a whole number ≥ 1")
    for name in MAPS:
        value = doc.get(name, {})
        if not isinstance(value, Mapping):
            problems.append(f"{name}: expected an object keyed by id")
        elif not all(isinstance(v, Mapping) for v in value.values()):
            problems.append(f"{name}: every entry must be an object")
    return problems
