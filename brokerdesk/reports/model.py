"""What the client report says, gathered from a case and its score, in the report language.

``assemble`` turns a case, its ``Result`` and the instrument into plain, translated strings:
instrument texts through the catalog of the report language, numbers, money, dates, countries
and languages formatted by Babel in that language. The layout (``document``) only places them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_currency

from brokerdesk.content import Library
from brokerdesk.domain.case import Case
from brokerdesk.domain.company import sme_category
from brokerdesk.domain.instrument import Choice, Dimension, Instrument
from brokerdesk.domain.scoring import DimensionScore, Result
from brokerdesk.domain.text import N_
from brokerdesk.i18n import Catalog

AREA_KINDS = {
    "product": N_("Product"),
    "service": N_("Service"),
    "competence": N_("Competence"),
}
MAX_SUGGESTED_ACTIONS = 6  # keeps a complete report within six pages


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class DimensionRow:
    title: str
    score: float | None
    score_text: str  # a whole number 0–100, or "insufficient data"
    answered_text: str
    weak: bool


@dataclass(frozen=True)
class AreaRow:
    rank: str
    name: str
    kind: str
    description: str
    potential: float | None
    potential_text: str
    strongest: str


@dataclass(frozen=True)
class ActionRow:
    text: str
    context: str  # the dimension it comes from, or its due date


@dataclass(frozen=True)
class NoteRow:
    heading: str
    text: str


@dataclass(frozen=True)
class ReportModel:
    """Every text of one report, translated and formatted, ready to be laid out."""

    language: str
    title: str
    instrument_title: str
    about: str
    company: str
    place: str
    date: str
    case_id: str
    reference: str
    broker: str
    interim: bool
    completeness: str
    profile: tuple[Field, ...]
    contacts: tuple[str, ...]
    readiness: str
    readiness_value: float | None
    band: str
    band_description: str
    top_area: str
    top_reason: str
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    strengths_note: str
    gaps_note: str
    dimensions: tuple[DimensionRow, ...]
    weak_below: str
    areas: tuple[AreaRow, ...]
    partner: tuple[Field, ...]
    actions: tuple[ActionRow, ...]
    actions_suggested: bool
    next_steps: str
    follow_up: str
    notes: tuple[NoteRow, ...]
    broker_contact: tuple[Field, ...]
    keywords: tuple[str, ...]


def short_reference(case_id: str) -> str:
    """The case reference printed on every page: the start of its id, enough to find it."""
    return case_id.replace("-", "")[:8].upper()


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def money(cat: Catalog, amount: float, currency: str = "EUR") -> str:
    """An amount of money in whole units, placed as the report language places currencies."""
    pattern = cat.locale.currency_formats["standard"].pattern.split(";")[0]
    whole = pattern.replace("0.00", "0")
    return format_currency(
        round(amount), currency, format=whole, locale=cat.locale, currency_digits=False
    )


def _score(cat: Catalog, value: float | None) -> str:
    _ = cat.gettext
    return _("insufficient data") if value is None else cat.number(round(value))


class _Assembler:
    def __init__(
        self, case: Case, result: Result, instrument: Instrument, library: Library, cat: Catalog
    ) -> None:
        self.case, self.result, self.instrument = case, result, instrument
        self.library, self.cat = library, cat
        self.values = case.values()

    def choice_label(self, item_id: str, choice_id: Any) -> str:
        if not self.instrument.has_item(item_id):
            return _text(choice_id)
        choice = self.instrument.item(item_id).choice(str(choice_id))
        return self.cat.gettext(choice.label) if choice else _text(choice_id)

    def countries(self, codes: Any) -> str:
        if not isinstance(codes, list):
            return ""
        return ", ".join(self.cat.country(c) for c in codes if isinstance(c, str))

    def place(self) -> str:
        parts = [_text(self.values.get("town"))]
        region = _text(self.values.get("region"))
        regions = dict(self.library.regions.get(self.case.country, []))
        if region and len(regions) != 1:  # Latvia's one region is Latvia: say it once
            parts.append(regions.get(region, region))
        if self.case.country:
            parts.append(self.cat.country(self.case.country))
        return ", ".join(p for p in parts if p)

    def profile(self) -> tuple[Field, ...]:
        _ = self.cat.gettext
        v, cat = self.values, self.cat
        out: list[Field] = []

        def add(label: str, value: str) -> None:
            if value:
                out.append(Field(label, value))

        nace = self.library.nace_division(v.get("nace")) if v.get("nace") else None
        if nace:
            add(_("Main economic activity (NACE Rev. 2)"), f"{nace.code} – {_(nace.title)}")
        founded, staff = _figure(v.get("founded")), _figure(v.get("headcount"))
        turnover, assets = _figure(v.get("turnover")), _figure(v.get("balance_sheet"))
        if founded is not None:
            add(_("Year of foundation"), str(int(founded)))
        if staff is not None:
            add(_("Number of staff"), cat.number(staff))
        if turnover is not None:
            add(_("Annual turnover"), money(cat, turnover))
        if (staff, turnover, assets) != (None, None, None):
            independence = v.get("independence") or "autonomous"
            category = sme_category(staff, turnover, assets, independence=independence)
            add(_("EU SME category"), _(category.category.label))
        share = _figure(v.get("export_share"))
        if share is not None:
            add(_("Share of foreign sales in turnover"), cat.percent(share / 100))
        add(_("Countries where the company sells"), self.countries(v.get("foreign_markets")))
        languages = v.get("languages")
        if isinstance(languages, list):
            add(
                _("Languages in which staff can do business"),
                ", ".join(cat.language_name(c) for c in languages if isinstance(c, str)),
            )
        add(_("Website"), _text(v.get("website")))
        return tuple(out)

    def contacts(self) -> tuple[str, ...]:
        out = []
        for entry in _ordered(self.case.doc.get("contacts")):
            name, role = _text(entry.get("name")), _text(entry.get("role"))
            if name:
                out.append(f"{name}, {role}" if role else name)
        return tuple(out)

    def dimension_row(self, d: DimensionScore) -> DimensionRow:
        _ = self.cat.gettext
        answered = _("{answered} of {relevant}").format(
            answered=self.cat.number(d.answered + d.not_applicable),
            relevant=self.cat.number(d.relevant),
        )
        weak = d.score is not None and d.score < self.instrument.weak_below
        return DimensionRow(
            _(d.dimension.title), d.score, _score(self.cat, d.score), answered, weak
        )

    def areas(self) -> tuple[AreaRow, ...]:
        _ = self.cat.gettext
        docs = self.case.doc.get("areas") or {}
        rows = []
        for n, area in enumerate(self.result.areas, start=1):
            doc = docs.get(area.area_id) or {}
            kind = AREA_KINDS.get(_text(doc.get("kind")))
            strongest = ", ".join(_(c.title) for c in area.best)
            rows.append(
                AreaRow(
                    rank=self.cat.number(n) if area.potential is not None else "–",
                    name=area.name or _("Unnamed activity area"),
                    kind=_(kind) if kind else "",
                    description=_text(doc.get("description")),
                    potential=area.potential,
                    potential_text=_score(self.cat, area.potential),
                    strongest=strongest or "–",
                )
            )
        return tuple(rows)

    def partner(self) -> tuple[Field, ...]:
        _ = self.cat.gettext
        v = self.values
        out: list[Field] = []
        types = v.get("cooperation_types")
        if isinstance(types, list) and types:
            labels = [self.choice_label("cooperation_types", t) for t in types]
            out.append(Field(_("Types of cooperation"), "; ".join(labels)))
        if v.get("direction"):
            out.append(Field(_("Offer or request"), self.choice_label("direction", v["direction"])))
        countries = self.countries(v.get("target_countries"))
        if countries:
            out.append(Field(_("Countries of the partner sought"), countries))
        for item_id, label in (
            ("partner_sought", _("Partner sought")),
            ("keywords", _("Keywords")),
            ("summary_en", _("Summary in English")),
        ):
            if _text(v.get(item_id)):
                out.append(Field(label, _text(v.get(item_id))))
        if v.get("share_in_network"):
            out.append(
                Field(
                    _("Anonymised profile shared in the brokerage network"),
                    self.choice_label("share_in_network", v["share_in_network"]),
                )
            )
        return tuple(out)

    def actions(self) -> tuple[tuple[ActionRow, ...], bool]:
        """The case's actions when there are any, else those the scoring suggests.

        An action accepted from a suggestion and not edited keeps the instrument's English
        text (see ``services.interview``): it is shown in the report language. Open actions
        come first, done ones after them, marked.
        """
        _ = self.cat.gettext
        agreed = []
        entries = _ordered(self.case.doc.get("actions"))
        entries.sort(key=lambda e: bool(e.get("done")))  # stable: keeps the order within
        for entry in entries:
            suggestion = self._instrument_action(entry.get("suggestion") or entry.get("action"))
            text = _text(entry.get("text"))
            if suggestion and (not text or not entry.get("edited")):
                text = _(suggestion[1].label)
            if not text:
                continue
            due = _text(entry.get("due"))
            parts = [
                _(suggestion[0].title) if suggestion else "",
                _text(entry.get("owner")),
                _("by {date}").format(date=self._date(due)) if _is_date(due) else "",
                _("done") if entry.get("done") else "",
            ]
            agreed.append(ActionRow(text, " · ".join(p for p in parts if p)))
        if agreed:
            return tuple(agreed), False
        # Suggestions the broker has not dropped: one per weak dimension, weakest first, then
        # a second round, and so on.
        decided = self.case.doc.get("suggestions") or {}
        by_dimension: dict[str, list[ActionRow]] = {}
        for s in self.result.suggestions:
            if isinstance(decided.get(s.action.id), Mapping):
                continue
            row = ActionRow(_(s.action.label), _(s.dimension.title))
            by_dimension.setdefault(s.dimension.id, []).append(row)
        suggested: list[ActionRow] = []
        rounds = max((len(rows) for rows in by_dimension.values()), default=0)
        for n in range(rounds):
            suggested.extend(rows[n] for rows in by_dimension.values() if n < len(rows))
        return tuple(suggested[:MAX_SUGGESTED_ACTIONS]), True

    def _instrument_action(self, action_id: Any) -> tuple[Dimension, Choice] | None:
        for dimension in self.instrument.dimensions:
            for action in dimension.actions:
                if action.id == action_id:
                    return dimension, action
        return None

    def _date(self, iso: str, form: str = "long") -> str:
        return self.cat.date(iso, form) if _is_date(iso) else iso

    def notes(self) -> tuple[NoteRow, ...]:
        out = []
        for entry in _ordered(self.case.doc.get("notes"), key="at"):
            text = _text(entry.get("text"))
            if not text or entry.get("private"):
                continue
            at = _text(entry.get("at"))
            heading = self._date(at[:10], "medium") if _is_date(at[:10]) else ""
            author = _text(entry.get("author"))
            heading = " · ".join(p for p in (heading, author) if p)
            out.append(NoteRow(heading, text))
        return tuple(out)

    def broker_contact(self, broker: Mapping[str, Any]) -> tuple[Field, ...]:
        _ = self.cat.gettext
        out = []
        for key, label in (
            ("name", _("Name")),
            ("organisation", _("Organisation")),
            ("email", _("E-mail")),
            ("phone", _("Telephone")),
        ):
            if _text(broker.get(key)):
                out.append(Field(label, _text(broker.get(key))))
        if _text(broker.get("country")):
            out.append(Field(_("Country"), self.cat.country(_text(broker["country"]))))
        return tuple(out)


def _figure(value: Any) -> float | None:
    """A number answer, or None for no answer (or something that is not a number)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _ordered(entries: Any, key: str = "position") -> list[Mapping[str, Any]]:
    """The entries of a map in the order of ``key``, then of their creation."""
    if not isinstance(entries, Mapping):
        return []
    items = [(k, v) for k, v in entries.items() if isinstance(v, Mapping)]

    def order(kv: tuple[str, Mapping[str, Any]]) -> tuple[int, float, str, str, str]:
        value = kv[1].get(key)
        number = _figure(value)
        text = "" if number is not None or value is None else str(value)
        return (
            0 if number is not None else 1,
            number or 0.0,
            text,
            str(kv[1].get("created", "")),
            kv[0],
        )

    items.sort(key=order)
    return [v for _k, v in items]


def assemble(
    case: Case,
    result: Result,
    instrument: Instrument,
    library: Library,
    cat: Catalog,
    today: dt.date,
    broker: Mapping[str, Any] | None = None,
) -> ReportModel:
    """Gathers every text of the report of ``case`` in the language of ``cat``.

    Args:
        case: the case.
        result: its score.
        instrument: the instrument the case was answered with.
        library: the bundled content (NACE titles, regions).
        cat: the catalog of the report language.
        today: the date the report carries.
        broker: the broker's contact details; the case's own when not given.
    """
    _ = cat.gettext
    a = _Assembler(case, result, instrument, library, cat)
    v = a.values
    top = result.top_area
    actions, suggested = a.actions()
    broker = broker if broker is not None else case.doc.get("broker") or {}
    strengths = tuple(
        f"{_(d.dimension.title)} ({_score(cat, d.score)})" for d in result.strengths()
    )
    gaps = tuple(
        f"{_(d.dimension.title)} ({_score(cat, d.score)})"
        for d in result.gaps(instrument.weak_below)
    )
    follow_up = _text(v.get("follow_up"))
    return ReportModel(
        language=cat.language,
        title=_("Internationalisation readiness report"),
        instrument_title=_(instrument.title),
        about=_(instrument.description) if instrument.description else "",
        company=case.company_name or _("Company not named yet"),
        place=a.place(),
        date=cat.date(today, "long"),
        case_id=case.id,
        reference=short_reference(case.id),
        broker=_text(broker.get("name")),
        interim=result.interim,
        completeness=cat.percent(result.completeness),
        profile=a.profile(),
        contacts=a.contacts(),
        readiness=_score(cat, result.readiness),
        readiness_value=result.readiness,
        band=_(result.band.name) if result.band else "",
        band_description=_(result.band.description) if result.band else "",
        top_area=top.name if top else "",
        top_reason=cat.render(result.top_reason) if result.top_reason else "",
        strengths=strengths,
        gaps=gaps,
        strengths_note=_text(v.get("strengths")),
        gaps_note=_text(v.get("gaps")),
        dimensions=tuple(a.dimension_row(d) for d in result.dimensions),
        weak_below=cat.number(instrument.weak_below),
        areas=a.areas(),
        partner=a.partner(),
        actions=actions,
        actions_suggested=suggested,
        next_steps=_text(v.get("next_steps")),
        follow_up=a._date(follow_up) if follow_up else "",
        notes=a.notes(),
        broker_contact=a.broker_contact(broker),
        keywords=tuple(
            k
            for k in (
                _("internationalisation"),
                _("readiness assessment"),
                _("SME"),
                case.company_name,
                cat.country(case.country) if case.country else "",
            )
            if k
        ),
    )


__all__ = ["ActionRow", "AreaRow", "DimensionRow", "Field", "ReportModel", "assemble"]
