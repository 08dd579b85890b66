"""Personal data: contact persons and their consent, export of everything held about a company,
and erasure of a company.

Erasure turns the case into a tombstone (``domain.personal_data.erased_document``) that syncs:
the server keeps only that tombstone and an audit record, and every device that receives it
drops the case. On this device the case's content is overwritten in the file, its search entry
merged away, the write-ahead log emptied, and the case removed from the backups too, so that
restoring a backup cannot bring the company back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain.case import Case, upcast
from brokerdesk.domain.personal_data import PURPOSES, erased_document, with_consent
from brokerdesk.i18n import Catalog
from brokerdesk.services.casefiles import Desk, backups
from brokerdesk.services.cases import NotFound, Saved, now_iso, put_entry, remove_entry
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store import erasure

EXPORT_FORMAT = "brokerdesk-personal-data"


def save_contact(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    contact: Mapping[str, Any],
    key: str | None = None,
) -> tuple[str, Saved]:
    """Adds or changes a contact person (name, role, e-mail, phone); consent is kept."""
    fields = {k: str(contact.get(k) or "").strip() for k in ("name", "role", "email", "phone")}
    return put_entry(uow, library, case_id, "contacts", fields, key=key)


def remove_contact(uow: UnitOfWork, library: Library, case_id: str, key: str) -> Saved:
    return remove_entry(uow, library, case_id, "contacts", key)


def record_consent(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    contact_id: str,
    purpose: str,
    day: str | None,
) -> Saved:
    """Records a contact person's consent for ``purpose`` given on ``day`` (ISO date), or its
    withdrawal (``None``).

    Raises:
        NotFound: no such case or contact person.
        ValueError: an unknown purpose.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if day is not None:
        dt.date.fromisoformat(day)  # a date, or ValueError
    with uow:
        stored = uow.cases.get(case_id)
        if stored is None or stored.deleted:
            raise NotFound(case_id)
        contact = (stored.doc.get("contacts") or {}).get(contact_id)
    if contact is None:
        raise NotFound(contact_id)
    _key, saved = put_entry(
        uow,
        library,
        case_id,
        "contacts",
        with_consent(contact, purpose, day),
        key=contact_id,
    )
    return saved


def company_data(uow: UnitOfWork, case_id: str) -> dict[str, Any]:
    """Everything this case file holds about the company of a case, as plain data.

    Raises:
        NotFound: no such case.
    """
    with uow:
        stored = uow.cases.get(case_id)
    if stored is None:
        raise NotFound(case_id)
    doc = upcast(stored.doc)
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "exported": now_iso(),
        "company": Case(doc).company_name,
        "case": doc,
        "sync": {
            "revision": stored.revision,
            "waiting": stored.dirty,
            "deleted": stored.deleted,
            # The copy kept for merging: what the server held at the last sync.
            "last_synced": stored.base,
        },
    }


def export_company_json(uow: UnitOfWork, case_id: str, target: Path) -> Path:
    data = company_data(uow, case_id)
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(target)
    return target


def export_company_pdf(uow: UnitOfWork, case_id: str, target: Path, cat: Catalog) -> Path:
    from brokerdesk.reports.personal_data import render  # reportlab only when wanted

    pdf = render(company_data(uow, case_id), cat)
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(target)
    return target


@dataclass(frozen=True)
class Erased:
    """What an erasure did."""

    case_id: str
    travels: bool  # a tombstone waits to be synced (the server had the case)
    backups: int  # backups the case was removed from
    log_emptied: bool  # False when another reader held the write-ahead log back


EMPTY_LISTING = {
    "company": "",
    "country": "",
    "nace": "",
    "status": "closed",
    "readiness": None,
    "band": None,
    "completeness": 0.0,
}


def erase_company(desk: Desk, case_id: str) -> Erased:
    """Erases a company: its case becomes a tombstone that syncs, and nothing of it remains in
    the file, its log or its backups.

    A case the server never had is removed outright: there is nobody to tell.

    Raises:
        NotFound: no such case.
    """
    uow = desk.uow
    with uow:
        stored = uow.cases.get(case_id)
        if stored is None:
            raise NotFound(case_id)
        conn = uow.cases.conn
        erasure.zero_freed(conn)
        try:
            travels = stored.revision > 0
            if travels:
                tombstone = erased_document(stored.doc, now_iso())
                uow.cases.save(tombstone, EMPTY_LISTING, dirty=True, base=None, deleted=True)
            else:
                uow.cases.purge(case_id)
            erasure.merge_search_index(conn)
            uow.commit()
        finally:
            erasure.zero_freed(conn, on=False)
    emptied = erasure.truncate_log(desk.case_file)
    scrubbed = sum(
        erasure.erase_from_copy(path, desk.case_file.passphrase, case_id) for path in backups(desk)
    )
    return Erased(case_id, travels, scrubbed, emptied)


__all__ = [
    "Erased",
    "company_data",
    "erase_company",
    "export_company_json",
    "export_company_pdf",
    "record_consent",
    "remove_contact",
    "save_contact",
]
