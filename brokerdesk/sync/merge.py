"""The three-way merge of case documents: a pure function, no I/O.

``merge(base, local, remote)`` works path by path against ``base``, the document as last synced:

- a value changed on one side only takes that side's value;
- maps (objects) changed on both sides merge key by key, so notes, contacts and actions added or
  edited on two devices are all kept;
- a value changed on both sides to different things keeps the *local* value and records the
  remote one in the document's ``conflicts`` map, for the broker to settle;
- timestamps (``updated`` and every ``at``) take the later value without a conflict: they say
  when something changed, not what;
- nothing is thrown away: every value either side set is in the result or in a conflict entry.

Lists are values, not collections (a list of languages or countries is one answer).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

CONFLICTS: Final = "conflicts"
# Keys whose later value wins without a conflict; ISO 8601 UTC strings compare in time order.
TIMESTAMP_KEYS: Final = frozenset({"updated", "at"})


class _Missing:
    """A key that is absent on one side (deleted there, or never set)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True)
class Conflict:
    """The same place changed on both sides: the local value was kept, the remote recorded."""

    path: tuple[str, ...]
    local: Any
    remote: Any

    @property
    def id(self) -> str:
        """A stable id: merging the same two versions again records the conflict once."""
        data = json.dumps(
            [list(self.path), _plain(self.local), _plain(self.remote)],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return "c-" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]

    def entry(self, now: str) -> dict[str, Any]:
        """The conflict as an entry of the document's ``conflicts`` map."""
        out: dict[str, Any] = {
            "path": list(self.path),
            "local": _plain(self.local),
            "remote": _plain(self.remote),
            "at": now,
        }
        if self.local is MISSING:
            out["local_missing"] = True
        if self.remote is MISSING:
            out["remote_missing"] = True
        return out


@dataclass
class MergeResult:
    doc: dict[str, Any]
    deleted: bool
    conflicts: list[Conflict] = field(default_factory=list)


def same(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: ``1``, ``1.0`` and ``true`` are three different values."""
    if a is MISSING or b is MISSING:
        return a is b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def merge(
    base: Mapping[str, Any] | None,
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    *,
    now: str,
    local_deleted: bool = False,
    remote_deleted: bool = False,
) -> MergeResult:
    """Merges the local and the remote version of a case against their common base.

    Args:
        base: the document as last synced; ``None`` when the device never had it synced.
        local: the device's document.
        remote: the server's current document.
        now: the time stamped on new conflict entries.
        local_deleted: whether the device holds the case as deleted.
        remote_deleted: whether the server holds the case as deleted.

    Returns:
        The merged document, whether it is deleted (the local choice), and the new conflicts,
        which are also entered in the merged document's ``conflicts`` map.
    """
    found: list[Conflict] = []
    merged = _merge((), dict(base or {}), dict(local), dict(remote), found)
    assert isinstance(merged, dict)
    if local_deleted != remote_deleted:
        # The deletion flag follows the device, and the other side's choice is shown.
        found.append(Conflict(("deleted",), local_deleted, remote_deleted))
    if found:
        table = dict(merged.get(CONFLICTS) or {})
        for conflict in found:
            table.setdefault(conflict.id, conflict.entry(now))
        merged[CONFLICTS] = table
    return MergeResult(copy.deepcopy(merged), local_deleted, found)


def _merge(path: tuple[str, ...], base: Any, local: Any, remote: Any, found: list[Conflict]) -> Any:
    if same(local, remote):
        return local
    if same(base, local):
        return remote
    if same(base, remote):
        return local
    if isinstance(local, dict) and isinstance(remote, dict):
        old = base if isinstance(base, dict) else {}
        out: dict[str, Any] = {}
        for key in [*local, *(k for k in remote if k not in local)]:
            value = _merge(
                (*path, key),
                old.get(key, MISSING),
                local.get(key, MISSING),
                remote.get(key, MISSING),
                found,
            )
            if value is not MISSING:
                out[key] = value
        # Keys removed on both sides stay removed; keys only in base were handled above.
        return out
    if path and path[-1] in TIMESTAMP_KEYS and isinstance(local, str) and isinstance(remote, str):
        return max(local, remote)
    if path and path[0] == CONFLICTS:
        # Two devices settled the same conflict differently: the device's own view stands.
        return local
    found.append(Conflict(path, local, remote))
    return local


def _plain(value: Any) -> Any:
    return None if value is MISSING else value
