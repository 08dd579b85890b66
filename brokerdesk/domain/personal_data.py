"""Personal data in a case: contact persons' consent, and the erasure of a company.

A contact person is an entry of the case's ``contacts`` map::

    {"name": "Anna Kowalska", "role": "CEO", "email": "...", "phone": "...",
     "consent": {"brokerage": {"date": "2026-11-02"}, "partner_network": {"date": "2026-11-02"}}}

Each consent is kept per purpose with the day it was given, so that a sync merges two devices'
consents purpose by purpose. Older documents hold one consent as ``{"given": true, "date": ...,
"purpose": ...}``; it is read as the same thing.

Erasing a company turns its case into a tombstone that holds nothing about the company or its
people: the id (so that the erasure can travel), the instrument, the day it was made and the day
it was erased. The tombstone syncs like any change; whoever receives one drops the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brokerdesk.domain.case import MAPS, SCHEMA_VERSION
from brokerdesk.domain.text import N_, Message

BROKERAGE = "brokerage"
PARTNER_NETWORK = "partner_network"
PURPOSES = (BROKERAGE, PARTNER_NETWORK)
PURPOSE_LABELS = {
    BROKERAGE: N_("Assessment and advice by the broker"),
    PARTNER_NETWORK: N_("Sharing in the partner network"),
}
ERASED = "erased"  # the key of a tombstone left by an erasure: the moment of the erasure


def consents_of(contact: Mapping[str, Any]) -> dict[str, str]:
    """The purposes a contact person consented to, each with the day it was given."""
    consent = contact.get("consent")
    if not isinstance(consent, Mapping):
        return {}
    if "given" in consent or "purpose" in consent:  # the older single-consent form
        purpose = consent.get("purpose")
        if consent.get("given") and isinstance(purpose, str):
            return {purpose: str(consent.get("date") or "")}
        return {}
    return {
        purpose: str(entry.get("date") or "")
        for purpose, entry in consent.items()
        if isinstance(entry, Mapping) and entry.get("date")
    }


def with_consent(contact: Mapping[str, Any], purpose: str, day: str | None) -> dict[str, Any]:
    """The contact with consent for ``purpose`` given on ``day``, or withdrawn (``None``)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    consents = consents_of(contact)
    if day:
        consents[purpose] = day
    else:
        consents.pop(purpose, None)
    return {**contact, "consent": {p: {"date": d} for p, d in consents.items()}}


def without_network_consent(doc: Mapping[str, Any]) -> list[str]:
    """The names of the contact persons who have not consented to sharing in the network."""
    contacts = doc.get("contacts") or {}
    return [
        str(contact.get("name") or "?")
        for contact in contacts.values()
        if isinstance(contact, Mapping) and PARTNER_NETWORK not in consents_of(contact)
    ]


def sharing_refused(doc: Mapping[str, Any]) -> Message | None:
    """Why the case may not be shared in the partner network yet; None when it may."""
    missing = without_network_consent(doc)
    if not missing:
        return None
    return Message(
        N_(
            "Sharing in the partner network needs the consent of every contact person. "
            "Missing: {names}."
        ),
        {"names": ", ".join(missing)},
    )


def is_erased(doc: Mapping[str, Any] | None) -> bool:
    return bool(doc and doc.get(ERASED))


def erased_document(doc: Mapping[str, Any], now: str) -> dict[str, Any]:
    """The tombstone of an erased company: nothing about the company or its people remains."""
    out: dict[str, Any] = {
        "id": str(doc["id"]),
        "schema": SCHEMA_VERSION,
        "instrument": str(doc.get("instrument") or ""),
        "created": str(doc.get("created") or now),
        "updated": now,
        "status": "closed",
        ERASED: now,
        "report_language": "en",
        "broker": {},
        "review": {"state": "none"},
    }
    for name in MAPS:
        out[name] = {}
    return out
