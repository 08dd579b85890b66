"""The assessment instrument: sections, items, dimensions and criteria, built from plain data.

The file format is described in ``docs/instrument-format.md``. ``parse_instrument`` checks the
data and reports every problem with its place, so that whoever edits an instrument file finds the
mistake without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

ITEM_KINDS = frozenset(
    {
        "scale",
        "single",
        "multi",
        "number",
        "text",
        "date",
        "country",
        "countries",
        "region",
        "nace",
        "languages",
    }
)
SECTION_KINDS = ("profile", "readiness", "areas", "partner", "conclusions")
CONDITION_OPS = frozenset(
    {"equals", "not_equals", "in", "not_in", "contains", "gt", "gte", "lt", "lte", "answered"}
)
RULE_CHECKS = frozenset(
    {
        "min_length",
        "max_length",
        "pattern",
        "lte_item",
        "gte_item",
        "max_choices",
        "date_not_past",
        "date_not_future",
    }
)
SCALE_LEVELS = 5  # levels 0 to 4

REQUIRED_IDS: dict[str, dict[str, str]] = {
    "profile": {
        "company_name": "text",
        "country": "country",
        "region": "region",
        "town": "text",
        "nace": "nace",
        "founded": "number",
        "headcount": "number",
        "turnover": "number",
        "balance_sheet": "number",
        "independence": "single",
        "export_share": "number",
        "foreign_markets": "countries",
        "languages": "languages",
    },
    "partner": {
        "cooperation_types": "multi",
        "direction": "single",
        "target_countries": "countries",
        "partner_sought": "text",
        "keywords": "text",
        "summary_en": "text",
        "share_in_network": "single",
    },
    "conclusions": {"strengths": "text", "gaps": "text", "follow_up": "date"},
}


class InstrumentError(ValueError):
    """The instrument data has problems; ``problems`` lists each with its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid instrument:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Rule:
    check: str
    message: str
    value: Any = None
    item: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    text: str
    section: str
    help: str = ""
    required: bool = False
    relevant_if: Mapping[str, Any] | None = None
    rules: tuple[Rule, ...] = ()
    levels: tuple[str, ...] = ()
    allow_na: bool = True
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    multiline: bool = False
    dimension: str | None = None

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    weight: float
    items: tuple[Item, ...]
    help: str = ""
    actions: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    weight: float
    levels: tuple[str, ...]
    help: str = ""
    inverse: bool = False


@dataclass(frozen=True)
class Band:
    id: str
    name: str
    minimum: float
    description: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    kind: str
    title: str
    help: str = ""
    items: tuple[Item, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    min_areas: int = 1
    max_areas: int = 5

    def all_items(self) -> tuple[Item, ...]:
        if self.kind == "readiness":
            return tuple(item for dim in self.dimensions for item in dim.items)
        return self.items


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: str
    description: str
    bands: tuple[Band, ...]
    weak_below: float
    min_answered_share: float
    sections: tuple[Section, ...]
    _items: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The reference a case keeps: ``tibs-readiness@1``."""
        return f"{self.id}@{self.version}"

    def section(self, kind: str) -> Section:
        return next(s for s in self.sections if s.kind == kind)

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return self.section("readiness").dimensions

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.section("areas").criteria

    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.all_items()

    def item(self, item_id: str) -> Item:
        try:
            return self._items[item_id]
        except KeyError:
            raise KeyError(f"no item {item_id!r} in instrument {self.key}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def band_for(self, score: float) -> Band:
        chosen = self.bands[0]
        for band in self.bands:
            if score >= band.minimum:
                chosen = band
        return chosen


class _Reader:
    """Collects problems while reading nested data, each with its place."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, f"{key}: missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, f"{key}: expected a non-empty text")
            return ""
        return value

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        default: float | None = None,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        value = data.get(key, default)
        if value is None:
            if default is None and key in data:
                self.fail(where, f"{key}: expected a number")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"{key}: expected a number, found {value!r}")
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(where, f"{key}: {value} is out of range {low}..{high}")
        return float(value)

    def texts(self, data: Mapping[str, Any], key: str, where: str, count: int) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(where, f"{key}: expected a list of {count} texts")
            return ()
        if len(value) != count:
            self.fail(where, f"{key}: expected {count} texts, found {len(value)}")
        return tuple(value)


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _where(path: str, data: Any) -> str:
    if isinstance(data, Mapping) and isinstance(data.get("id"), str):
        return f"{path} (id {data['id']!r})"
    return path


def _read_choices(r: _Reader, raw: Any, where: str, key: str = "choices") -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        r.fail(where, f"{key}: expected a non-empty list")
        return ()
    out = []
    for i, c in enumerate(raw):
        cw = f"{where}.{key}[{i}]"
        if not isinstance(c, Mapping):
            r.fail(cw, "expected an object")
            continue
        cid = r.text(c, "id", cw)
        label = r.text(c, "label" if key == "choices" else "text", cw)
        out.append(Choice(cid, label))
    ids = [c.id for c in out]
    if len(set(ids)) != len(ids):
        r.fail(where, f"{key}: duplicate ids")
    return tuple(out)


def _check_condition(r: _Reader, cond: Any, where: str) -> None:
    if not isinstance(cond, Mapping):
        r.fail(where, "relevant_if: expected an object")
        return
    for combinator in ("all", "any"):
        if combinator in cond:
            parts = cond[combinator]
            if not isinstance(parts, list) or not parts:
                r.fail(where, f"relevant_if.{combinator}: expected a non-empty list")
                return
            for part in parts:
                _check_condition(r, part, where)
            return
    if "not" in cond:
        _check_condition(r, cond["not"], where)
        return
    if not isinstance(cond.get("item"), str):
        r.fail(where, "relevant_if: needs 'item' (or all/any/not)")
    if cond.get("op") not in CONDITION_OPS:
        r.fail(where, f"relevant_if: unknown op {cond.get('op')!r}")
    elif cond["op"] != "answered" and "value" not in cond:
        r.fail(where, f"relevant_if: op {cond['op']!r} needs a value")
    # A value of the wrong type would make the condition fail while scoring, not here.
    elif cond["op"] in ("in", "not_in") and not isinstance(cond["value"], list):
        r.fail(where, f"relevant_if: op {cond['op']!r} needs a list value")
    elif cond["op"] in ("gt", "gte", "lt", "lte") and (
        isinstance(cond["value"], bool) or not isinstance(cond["value"], int | float)
    ):
        r.fail(where, f"relevant_if: op {cond['op']!r} needs a number value")


def _condition_items(cond: Any) -> Iterator[str]:
    if not isinstance(cond, Mapping):
        return  # reported by _check_condition
    for combinator in ("all", "any"):
        parts = cond.get(combinator, ())
        for part in parts if isinstance(parts, list) else ():
            yield from _condition_items(part)
    if "not" in cond:
        yield from _condition_items(cond["not"])
    if isinstance(cond.get("item"), str):
        yield cond["item"]


def _read_rules(r: _Reader, raw: Any, where: str) -> tuple[Rule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.fail(where, "rules: expected a list")
        return ()
    rules = []
    for i, rule in enumerate(raw):
        rw = f"{where}.rules[{i}]"
        if not isinstance(rule, Mapping):
            r.fail(rw, "expected an object")
            continue
        check = rule.get("check")
        if check not in RULE_CHECKS:
            r.fail(rw, f"check: unknown check {check!r}")
            continue
        message = r.text(rule, "message", rw)
        if check in ("lte_item", "gte_item") and not isinstance(rule.get("item"), str):
            r.fail(rw, f"{check}: needs 'item'")
        if check in ("min_length", "max_length", "max_choices") and not isinstance(
            rule.get("value"), int
        ):
            r.fail(rw, f"{check}: needs a whole number 'value'")
        if check == "pattern":
            try:
                re.compile(str(rule.get("value")))
            except re.error as exc:
                r.fail(rw, f"pattern: not a regular expression ({exc})")
        rules.append(Rule(check, message, rule.get("value"), rule.get("item")))
    return tuple(rules)


def _read_item(
    r: _Reader, data: Any, path: str, section: str, dimension: str | None = None
) -> Item | None:
    where = _where(path, data)
    if not isinstance(data, Mapping):
        r.fail(where, "expected an object")
        return None
    item_id = r.text(data, "id", where)
    if item_id and not _ID.match(item_id):
        r.fail(where, f"id: {item_id!r} is not snake_case")
    kind = data.get("kind")
    if kind not in ITEM_KINDS:
        r.fail(where, f"kind: unknown kind {kind!r}")
        return None
    text = r.text(data, "text", where)
    levels: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    if kind == "scale":
        levels = r.texts(data, "levels", where, SCALE_LEVELS)
    if kind in ("single", "multi"):
        choices = _read_choices(r, data.get("choices"), where)
    minimum = r.number(data, "min", where)
    maximum = r.number(data, "max", where)
    if minimum is not None and maximum is not None and minimum > maximum:
        r.fail(where, "min is greater than max")
    if data.get("relevant_if") is not None:
        _check_condition(r, data["relevant_if"], where)
    return Item(
        id=item_id,
        kind=kind,
        text=text,
        section=section,
        help=r.text(data, "help", where, required=False),
        required=bool(data.get("required", kind == "scale")),
        relevant_if=data.get("relevant_if"),
        rules=_read_rules(r, data.get("rules"), where),
        levels=levels,
        allow_na=bool(data.get("allow_na", True)),
        choices=choices,
        unit=r.text(data, "unit", where, required=False),
        minimum=minimum,
        maximum=maximum,
        integer=bool(data.get("integer", False)),
        multiline=bool(data.get("multiline", False)),
        dimension=dimension,
    )


def _read_items(r: _Reader, raw: Any, path: str, section: str) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        r.fail(path, "expected a non-empty list of items")
        return ()
    items = (_read_item(r, d, f"{path}[{i}]", section) for i, d in enumerate(raw))
    return tuple(i for i in items if i is not None)


def _read_dimension(r: _Reader, data: Any, path: str, section: str) -> Dimension | None:
    where = _where(path, data)
    if not isinstance(data, Mapping):
        r.fail(where, "expected an object")
        return None
    dim_id = r.text(data, "id", where)
    raw_items = data.get("items")
    items: list[Item] = []
    if not isinstance(raw_items, list) or not raw_items:
        r.fail(where, "items: expected a non-empty list")
    else:
        for i, d in enumerate(raw_items):
            item = _read_item(r, d, f"{path}.items[{i}]", section, dim_id)
            if item is not None:
                if item.kind != "scale":
                    r.fail(_where(f"{path}.items[{i}]", d), "kind: dimensions hold scale items")
                items.append(item)
    actions = _read_choices(r, data.get("actions"), where, key="actions")
    return Dimension(
        id=dim_id,
        title=r.text(data, "title", where),
        weight=r.number(data, "weight", where, default=1.0, low=0.01) or 1.0,
        items=tuple(items),
        help=r.text(data, "help", where, required=False),
        actions=actions,
    )


def _read_criterion(r: _Reader, data: Any, path: str) -> Criterion | None:
    where = _where(path, data)
    if not isinstance(data, Mapping):
        r.fail(where, "expected an object")
        return None
    return Criterion(
        id=r.text(data, "id", where),
        title=r.text(data, "title", where),
        weight=r.number(data, "weight", where, default=1.0, low=0.01) or 1.0,
        levels=r.texts(data, "levels", where, SCALE_LEVELS),
        help=r.text(data, "help", where, required=False),
        inverse=bool(data.get("inverse", False)),
    )


def _read_section(r: _Reader, data: Any, path: str) -> Section | None:
    where = _where(path, data)
    if not isinstance(data, Mapping):
        r.fail(where, "expected an object")
        return None
    kind = data.get("kind")
    if kind not in SECTION_KINDS:
        r.fail(where, f"kind: unknown section kind {kind!r}")
        return None
    sid = r.text(data, "id", where)
    common = {
        "id": sid,
        "kind": kind,
        "title": r.text(data, "title", where),
        "help": r.text(data, "help", where, required=False),
    }
    if kind == "readiness":
        raw = data.get("dimensions")
        if not isinstance(raw, list) or not raw:
            r.fail(where, "dimensions: expected a non-empty list")
            raw = []
        dims = (_read_dimension(r, d, f"{path}.dimensions[{i}]", sid) for i, d in enumerate(raw))
        return Section(**common, dimensions=tuple(d for d in dims if d is not None))
    if kind == "areas":
        raw = data.get("criteria")
        if not isinstance(raw, list) or not raw:
            r.fail(where, "criteria: expected a non-empty list")
            raw = []
        crits = (_read_criterion(r, c, f"{path}.criteria[{i}]") for i, c in enumerate(raw))
        low = int(r.number(data, "min_areas", where, default=1, low=0) or 0)
        high = int(r.number(data, "max_areas", where, default=5, low=1) or 5)
        return Section(
            **common,
            criteria=tuple(c for c in crits if c is not None),
            min_areas=low,
            max_areas=high,
        )
    return Section(**common, items=_read_items(r, data.get("items"), f"{path}.items", sid))


def _read_bands(r: _Reader, raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        r.fail("bands", "expected a non-empty list")
        return ()
    bands = []
    for i, b in enumerate(raw):
        where = _where(f"bands[{i}]", b)
        if not isinstance(b, Mapping):
            r.fail(where, "expected an object")
            continue
        bands.append(
            Band(
                id=r.text(b, "id", where),
                name=r.text(b, "name", where),
                minimum=r.number(b, "min", where, default=0, low=0, high=100) or 0.0,
                description=r.text(b, "description", where, required=False),
            )
        )
    if bands and bands[0].minimum != 0:
        r.fail("bands[0]", "min: the first band must start at 0")
    if [b.minimum for b in bands] != sorted({b.minimum for b in bands}):
        r.fail("bands", "expected strictly ascending 'min' values")
    return tuple(bands)


def _check_references(r: _Reader, instrument: Instrument) -> None:
    """Checks what needs the whole instrument: unique ids, relied-on ids, references."""
    seen: dict[str, int] = {}
    for item in instrument.items():
        seen[item.id] = seen.get(item.id, 0) + 1
    for item_id, count in seen.items():
        if count > 1:
            r.fail(f"item {item_id!r}", f"id: used {count} times")
    # Scores and area ratings are keyed by these ids too.
    groups = {
        "dimension": [d.id for s in instrument.sections for d in s.dimensions],
        "criterion": [c.id for s in instrument.sections for c in s.criteria],
    }
    for what, ids in groups.items():
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            r.fail(f"{what} {dup!r}", f"id: used {ids.count(dup)} times")
    kinds = {s.kind for s in instrument.sections}
    for kind in SECTION_KINDS:
        if kind not in kinds:
            r.fail("sections", f"no section of kind {kind!r}")
    for section_kind, expected in REQUIRED_IDS.items():
        for item_id, item_kind in expected.items():
            found = instrument._items.get(item_id)
            if found is None:
                r.fail(f"section {section_kind!r}", f"missing the item {item_id!r}")
            elif found.kind != item_kind:
                r.fail(f"item {item_id!r}", f"kind: expected {item_kind!r}, found {found.kind!r}")
    for item in instrument.items():
        refs = list(_condition_items(item.relevant_if or {}))
        refs += [rule.item for rule in item.rules if isinstance(rule.item, str)]
        for ref in refs:
            if ref not in instrument._items:
                r.fail(f"item {item.id!r}", f"refers to the unknown item {ref!r}")
            elif ref == item.id:
                r.fail(f"item {item.id!r}", "refers to itself")


def parse_instrument(data: Any) -> Instrument:
    """Builds an instrument from parsed JSON data.

    Raises:
        InstrumentError: listing every problem found, each with its place.
    """
    r = _Reader()
    if not isinstance(data, Mapping):
        raise InstrumentError(["top level: expected an object"])
    raw_sections = data.get("sections")
    sections: list[Section] = []
    if not isinstance(raw_sections, list) or not raw_sections:
        r.fail("top level", "sections: expected a non-empty list")
    else:
        for i, s in enumerate(raw_sections):
            section = _read_section(r, s, f"sections[{i}]")
            if section is not None:
                sections.append(section)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        r.fail("top level", f"version: expected a whole number ≥ 1, found {version!r}")
        version = 0
    instrument = Instrument(
        id=r.text(data, "id", "top level"),
        version=version,
        title=r.text(data, "title", "top level"),
        description=r.text(data, "description", "top level", required=False),
        bands=_read_bands(r, data.get("bands")),
        weak_below=r.number(data, "weak_below", "top level", default=50, low=0, high=100) or 0,
        min_answered_share=r.number(
            data, "min_answered_share", "top level", default=0.5, low=0, high=1
        )
        or 0.0,
        sections=tuple(sections),
    )
    for item in instrument.items():
        instrument._items.setdefault(item.id, item)
    _check_references(r, instrument)
    if r.problems:
        raise InstrumentError(r.problems)
    return instrument
