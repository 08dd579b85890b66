"""The three-way merge: properties over arbitrary documents, and the cases a broker meets."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from brokerdesk.sync.merge import MISSING, merge, same

NOW = "2026-11-02T10:00:00.000Z"
# Few key names, so that independent edits often meet at the same place.
KEYS = st.sampled_from(["a", "b", "c", "d", "e"])
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.text(alphabet="xyzł", max_size=3)
    | st.lists(st.integers(0, 3), max_size=3)
)
VALUES = st.recursive(LEAVES, lambda inner: st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)
DOCS = st.dictionaries(KEYS, VALUES, max_size=5)

Path = tuple[str, ...]


def leaves(value: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """Every non-map value (and every empty map) with its path."""
    if isinstance(value, dict) and value:
        return [pair for key, sub in value.items() for pair in leaves(sub, (*path, key))]
    return [(path, value)] if path else []


def nodes(value: Any, path: Path = ()) -> list[Path]:
    """Every path inside a document, maps included."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, sub in value.items():
            out += nodes(sub, (*path, key))
    return out


def get(value: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def put(doc: dict[str, Any], path: Path, value: Any) -> None:
    target = doc
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    if value is MISSING:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


@st.composite
def edited(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """The base after a few random edits: values set, replaced, added or removed."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 4))):
        places = nodes(doc)
        if places and draw(st.booleans()):
            path = draw(st.sampled_from(places))
        else:
            path = tuple(draw(st.lists(KEYS, min_size=1, max_size=3)))
        put(doc, path, draw(VALUES | st.just(MISSING)))
    return doc


def without_conflicts(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "conflicts"}


def holds(found: Any, value: Any) -> bool:
    """Whether ``found`` keeps ``value``; an empty map is kept by any map (it is a container)."""
    if value == {} and isinstance(value, dict):
        return isinstance(found, dict)
    return same(found, value)


@given(DOCS, DOCS)
def test_merging_a_change_with_itself_gives_it_back(base: dict, doc: dict) -> None:
    result = merge(base, doc, doc, now=NOW)
    assert same(result.doc, doc)
    assert result.conflicts == []


@given(st.data(), DOCS)
def test_a_change_on_one_side_only_is_taken_whole(data: st.DataObject, base: dict) -> None:
    changed = data.draw(edited(base))
    assert same(merge(base, changed, base, now=NOW).doc, changed)
    assert same(merge(base, base, changed, now=NOW).doc, changed)


@given(st.data(), DOCS)
def test_disjoint_changes_are_both_kept_without_a_conflict(data: st.DataObject, base: dict) -> None:
    # Top-level keys are dealt to one side or the other, so no edit can touch the other's place.
    mine = data.draw(st.sets(KEYS))
    local, remote, expected = copy.deepcopy(base), copy.deepcopy(base), copy.deepcopy(base)
    for key in ["a", "b", "c", "d", "e"]:
        side = local if key in mine else remote
        sub = data.draw(edited({"k": base.get(key, MISSING)} if key in base else {}))
        value = sub.get("k", MISSING) if key in base else data.draw(VALUES | st.just(MISSING))
        put(side, (key,), value)
        put(expected, (key,), value)
    result = merge(base, local, remote, now=NOW)
    assert same(result.doc, expected)
    assert result.conflicts == []


@given(st.data(), DOCS.filter(lambda d: bool(leaves(d))))
def test_a_field_changed_on_both_sides_keeps_the_local_value_and_records_the_remote_one(
    data: st.DataObject, base: dict
) -> None:
    path, old = data.draw(st.sampled_from(leaves(base)))
    mine = data.draw(LEAVES.filter(lambda v: not same(v, old)))
    theirs = data.draw(LEAVES.filter(lambda v: not same(v, old) and not same(v, mine)))
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    put(local, path, mine)
    put(remote, path, theirs)
    result = merge(base, local, remote, now=NOW)
    assert same(get(result.doc, path), mine)
    recorded = [c for c in result.doc["conflicts"].values() if tuple(c["path"]) == path]
    assert len(recorded) == 1
    assert same(recorded[0]["remote"], theirs)
    assert same(recorded[0]["local"], mine)
    assert recorded[0]["at"] == NOW


@settings(max_examples=300)
@given(st.data(), DOCS)
def test_no_value_from_either_side_disappears(data: st.DataObject, base: dict) -> None:
    local = data.draw(edited(base))
    remote = data.draw(edited(base))
    result = merge(base, local, remote, now=NOW)
    merged = without_conflicts(result.doc)
    entries = list(result.doc.get("conflicts", {}).values())
    for path, value in leaves(local):
        if not same(get(base, path), value):
            assert holds(get(merged, path), value), path
    for path, value in leaves(remote):
        if same(get(base, path), value) or holds(get(merged, path), value):
            continue
        kept = [
            e
            for e in entries
            if tuple(e["path"]) == path[: len(e["path"])]
            and holds(get(e["remote"], path[len(e["path"]) :]), value)
        ]
        assert kept, path


@given(st.data(), DOCS)
def test_merging_again_with_the_merged_result_changes_nothing(
    data: st.DataObject, base: dict
) -> None:
    local = data.draw(edited(base))
    remote = data.draw(edited(base))
    first = merge(base, local, remote, now=NOW)
    again = merge(remote, first.doc, remote, now=NOW)
    assert same(again.doc, first.doc)
    assert again.conflicts == []


def case(**answers: Any) -> dict[str, Any]:
    return {
        "id": "c1",
        "updated": "2026-11-01T09:00:00.000Z",
        "status": "interviewing",
        "answers": {k: {"value": v, "at": "2026-11-01T09:00:00.000Z"} for k, v in answers.items()},
        "notes": {},
        "conflicts": {},
    }


def test_notes_added_on_two_devices_are_both_kept() -> None:
    base = case(headcount=12)
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    local["notes"]["n-laptop"] = {"text": "Visited the plant in Łódź."}
    local["updated"] = "2026-11-01T10:00:00.000Z"
    remote["notes"]["n-other"] = {"text": "CEO wants a Danish distributor."}
    remote["updated"] = "2026-11-01T11:00:00.000Z"
    result = merge(base, local, remote, now=NOW)
    assert set(result.doc["notes"]) == {"n-laptop", "n-other"}
    assert result.doc["updated"] == "2026-11-01T11:00:00.000Z"
    assert result.conflicts == []


def test_the_same_answer_changed_on_two_devices_keeps_the_local_one_and_lists_the_other() -> None:
    base = case(headcount=12)
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    local["answers"]["headcount"] = {"value": 14, "at": "2026-11-01T10:00:00.000Z"}
    remote["answers"]["headcount"] = {"value": 15, "at": "2026-11-01T10:30:00.000Z"}
    result = merge(base, local, remote, now=NOW)
    assert result.doc["answers"]["headcount"]["value"] == 14
    assert result.doc["answers"]["headcount"]["at"] == "2026-11-01T10:30:00.000Z"
    (entry,) = result.doc["conflicts"].values()
    assert entry == {
        "path": ["answers", "headcount", "value"],
        "local": 14,
        "remote": 15,
        "at": NOW,
    }


def test_an_entry_deleted_here_but_edited_there_is_recorded_as_a_conflict() -> None:
    base = case()
    base["notes"]["n1"] = {"text": "first"}
    local, remote = copy.deepcopy(base), copy.deepcopy(base)
    del local["notes"]["n1"]
    remote["notes"]["n1"] = {"text": "first, and more"}
    result = merge(base, local, remote, now=NOW)
    assert "n1" not in result.doc["notes"]
    (entry,) = result.doc["conflicts"].values()
    assert entry["local_missing"] is True
    assert entry["remote"] == {"text": "first, and more"}


def test_a_case_deleted_on_the_other_device_stays_here_and_the_deletion_is_listed() -> None:
    base = case(headcount=12)
    local = copy.deepcopy(base)
    local["answers"]["headcount"]["value"] = 13
    result = merge(base, local, base, now=NOW, remote_deleted=True)
    assert result.deleted is False
    assert result.doc["answers"]["headcount"]["value"] == 13
    (entry,) = result.doc["conflicts"].values()
    assert entry["path"] == ["deleted"] and entry["remote"] is True


def test_merging_the_same_versions_twice_records_a_conflict_once() -> None:
    base = case(headcount=12)
    local, remote = case(headcount=13), case(headcount=14)
    first = merge(base, local, remote, now=NOW)
    second = merge(base, first.doc, remote, now="2026-11-03T10:00:00.000Z")
    assert len(second.doc["conflicts"]) == 1


def test_json_equality_tells_true_from_one() -> None:
    assert not same(True, 1)
    assert not same(1, 1.0)
    assert same({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]})
