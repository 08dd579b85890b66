"""Who may read and write which case, and which country a case belongs to.

- A **broker** reads and writes only the cases they own (the cases they pushed first).
- A **coordinator** reads the cases of the countries in their scope (``*`` is the whole
  network) and may change only a case's ``feedback`` and ``review`` (and its ``updated``
  stamp); never its other fields, and never delete it.
- An **admin** manages accounts and reads the audit log; an admin has no access to cases.

A case belongs to the country of the company (its ``country`` answer); while that is not
answered, to the owner's country (the first country of the broker's account).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from brokerdesk.sync.merge import MISSING, same
from brokerdesk.sync.protocol import ALL_COUNTRIES

COORDINATOR_FIELDS = frozenset({"feedback", "review", "updated"})
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def case_country(doc: Mapping[str, Any], owner_countries: Iterable[str]) -> str:
    """The country a case belongs to, for coordinators' scopes."""
    answers = doc.get("answers")
    entry = answers.get("country") if isinstance(answers, Mapping) else None
    value = entry.get("value") if isinstance(entry, Mapping) else None
    if isinstance(value, str) and _COUNTRY.match(value):
        return value.upper()
    for country in owner_countries:
        if country != ALL_COUNTRIES:
            return country
    return ""


def in_scope(countries: Iterable[str], country: str) -> bool:
    scope = set(countries)
    return ALL_COUNTRIES in scope or country in scope


def may_read(
    role: str, user_id: int, countries: Iterable[str], owner_id: int, country: str
) -> bool:
    if role == "broker":
        return owner_id == user_id
    if role == "coordinator":
        return in_scope(countries, country)
    return False


def coordinator_change_allowed(
    old: Mapping[str, Any], new: Mapping[str, Any], old_deleted: bool, new_deleted: bool
) -> bool:
    """Whether a coordinator's change touches only feedback and review."""
    if old_deleted != new_deleted:
        return False
    keys = (set(old) | set(new)) - COORDINATOR_FIELDS
    return all(same(old.get(k, MISSING), new.get(k, MISSING)) for k in keys)
