"""Scoring: dimension scores, the readiness index and band, completeness, activity areas.

A dimension score is the mean of its answered items (0–4, "not applicable" left out) scaled to
0–100; with fewer answers than the instrument's ``min_answered_share`` of its relevant items it
has "insufficient data" (``None``) rather than a misleading figure. The readiness index is the
weighted mean of the dimensions that have a score. Completeness is always reported beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brokerdesk.domain.answers import NOT_APPLICABLE, condition_holds, is_answered
from brokerdesk.domain.case import Case
from brokerdesk.domain.instrument import Band, Choice, Criterion, Dimension, Instrument, Item
from brokerdesk.domain.text import N_, Message


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    score: float | None
    answered: int  # with a level 0–4
    not_applicable: int
    relevant: int

    @property
    def sufficient(self) -> bool:
        return self.score is not None

    @property
    def completeness(self) -> float:
        done = self.answered + self.not_applicable
        return done / self.relevant if self.relevant else 1.0


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    name: str
    potential: float | None
    rated: int
    criteria: int
    best: tuple[Criterion, ...]


@dataclass(frozen=True)
class SuggestedAction:
    dimension: Dimension
    action: Choice
    score: float


@dataclass(frozen=True)
class Result:
    dimensions: tuple[DimensionScore, ...]
    readiness: float | None
    band: Band | None
    completeness: float
    areas: tuple[AreaScore, ...]
    top_area: AreaScore | None
    top_reason: Message | None
    suggestions: tuple[SuggestedAction, ...]

    @property
    def interim(self) -> bool:
        return self.completeness < 1.0

    def strengths(self, limit: int = 3, threshold: float = 60.0) -> list[DimensionScore]:
        good = [d for d in self.dimensions if d.score is not None and d.score >= threshold]
        return sorted(good, key=lambda d: -(d.score or 0))[:limit]

    def gaps(self, weak_below: float, limit: int = 3) -> list[DimensionScore]:
        weak = [d for d in self.dimensions if d.score is not None and d.score < weak_below]
        return sorted(weak, key=lambda d: d.score or 0)[:limit]


def relevant_items(instrument: Instrument, values: Mapping[str, Any]) -> list[Item]:
    return [i for i in instrument.items() if condition_holds(i.relevant_if, values)]


def score_dimension(
    dimension: Dimension, values: Mapping[str, Any], min_share: float
) -> DimensionScore:
    relevant = [i for i in dimension.items if condition_holds(i.relevant_if, values)]
    levels = [values[i.id] for i in relevant if isinstance(values.get(i.id), int)]
    levels = [v for v in levels if not isinstance(v, bool) and 0 <= v <= 4]
    na = sum(1 for i in relevant if values.get(i.id) == NOT_APPLICABLE)
    enough = bool(levels) and len(levels) >= min_share * len(relevant)
    score = round(sum(levels) / len(levels) / 4 * 100, 1) if enough else None
    return DimensionScore(dimension, score, len(levels), na, len(relevant))


def readiness_index(scores: list[DimensionScore] | tuple[DimensionScore, ...]) -> float | None:
    scored = [s for s in scores if s.score is not None]
    if not scored:
        return None
    total = sum(s.dimension.weight for s in scored)
    return round(sum((s.score or 0) * s.dimension.weight for s in scored) / total, 1)


def score_area(area_id: str, area: Mapping[str, Any], criteria: tuple[Criterion, ...]) -> AreaScore:
    ratings = area.get("ratings") or {}
    rated = [(c, ratings[c.id]) for c in criteria if isinstance(ratings.get(c.id), int)]
    effective = [(c, 4 - level if c.inverse else level) for c, level in rated]
    potential = None
    if effective and len(effective) * 2 >= len(criteria):
        weight = sum(c.weight for c, _ in effective)
        potential = round(sum(c.weight * e for c, e in effective) / weight / 4 * 100, 1)
    best = tuple(c for c, e in sorted(effective, key=lambda ce: -ce[1] * ce[0].weight) if e >= 3)
    return AreaScore(
        area_id, str(area.get("name") or ""), potential, len(rated), len(criteria), best[:2]
    )


_REASONS = {
    (False, 0): N_(
        "{area} has the highest potential of the areas rated, though no criterion is rated high."
    ),
    (False, 1): N_("{area} has the highest potential, with its strongest rating on {criterion1}."),
    (False, 2): N_(
        "{area} has the highest potential, with its strongest ratings on {criterion1} and "
        "{criterion2}."
    ),
    (True, 0): N_("{area} is the only area rated, though no criterion is rated high."),
    (True, 1): N_("{area} is the only area rated, with its strongest rating on {criterion1}."),
    (True, 2): N_(
        "{area} is the only area rated, with its strongest ratings on {criterion1} and "
        "{criterion2}."
    ),
}


def _top_reason(top: AreaScore, ranked: list[AreaScore]) -> Message:
    alone = not any(a is not top and a.potential is not None for a in ranked)
    params: dict[str, Any] = {"area": top.name}
    params.update({f"criterion{n + 1}": Message(c.title) for n, c in enumerate(top.best)})
    return Message(_REASONS[(alone, len(top.best))], params)


def completeness(instrument: Instrument, case: Case) -> float:
    """Share of the assessment done: relevant required items answered, and area ratings given."""
    values = case.values()
    required = [i for i in relevant_items(instrument, values) if i.required]
    done = sum(1 for i in required if is_answered(values.get(i.id)))
    section = instrument.section("areas")
    areas = case.doc.get("areas") or {}
    slots = max(section.min_areas, len(areas)) * len(section.criteria)
    rated = sum(
        1
        for area in areas.values()
        for c in section.criteria
        if isinstance((area.get("ratings") or {}).get(c.id), int)
    )
    total = len(required) + slots
    return round((done + min(rated, slots)) / total, 4) if total else 1.0


def score_case(instrument: Instrument, case: Case) -> Result:
    values = case.values()
    dims = tuple(
        score_dimension(d, values, instrument.min_answered_share) for d in instrument.dimensions
    )
    index = readiness_index(dims)
    areas = case.doc.get("areas") or {}
    ordered = sorted(areas.items(), key=lambda kv: (kv[1].get("position", 0), kv[0]))
    area_scores = [score_area(k, a, instrument.criteria) for k, a in ordered]
    ranked = sorted(area_scores, key=lambda a: -(a.potential if a.potential is not None else -1))
    top = ranked[0] if ranked and ranked[0].potential is not None else None
    suggestions = tuple(
        SuggestedAction(d.dimension, action, d.score)
        for d in sorted(dims, key=lambda d: d.score if d.score is not None else 101)
        if d.score is not None and d.score < instrument.weak_below
        for action in d.dimension.actions
    )
    return Result(
        dimensions=dims,
        readiness=index,
        band=instrument.band_for(index) if index is not None else None,
        completeness=completeness(instrument, case),
        areas=tuple(ranked),
        top_area=top,
        top_reason=_top_reason(top, ranked) if top else None,
        suggestions=suggestions,
    )
