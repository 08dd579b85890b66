"""Case services: create, answer, rate, edit, change status, list, search, delete."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brokerdesk.content import Library
from brokerdesk.domain.answers import validate
from brokerdesk.domain.case import Case, CaseError, new_document, upcast
from brokerdesk.domain.personal_data import sharing_refused
from brokerdesk.domain.scoring import Result, score_case
from brokerdesk.domain.text import N_, Message
from brokerdesk.services.listing import count_cases as count_cases  # offered here too
from brokerdesk.services.listing import list_cases as list_cases
from brokerdesk.store.reading import ReadUnit

if TYPE_CHECKING:
    from brokerdesk.services.unit_of_work import UnitOfWork


class NotFound(LookupError):
    def __init__(self, case_id: str) -> None:
        self.message = Message(N_("There is no case {case}."), {"case": case_id})
        super().__init__(str(self.message))


class InvalidAnswer(ValueError):
    def __init__(self, problems: list[Message]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def listing(case: Case, result: Result) -> dict[str, Any]:
    """The listing columns of a case, from its document and its score."""
    return {
        "company": case.company_name,
        "country": case.country,
        "nace": str(case.value("nace") or ""),
        "status": case.status,
        "readiness": result.readiness,
        "band": result.band.id if result.band else None,
        "completeness": result.completeness,
    }


@dataclass(frozen=True)
class Saved:
    """What a change left: the case and its fresh score, for the face to show."""

    case: Case
    result: Result


def load_case(uow: ReadUnit, case_id: str) -> Case:
    """The case, inside a unit of work the caller has entered (for services that change it).

    Raises:
        NotFound: there is no such case, or it is deleted.
    """
    stored = uow.cases.get(case_id)
    if stored is None or stored.deleted:
        raise NotFound(case_id)
    return Case(upcast(stored.doc))


def store_case(uow: UnitOfWork, library: Library, case: Case) -> Saved:
    """Scores the case, writes it with its listing columns and commits the unit of work."""
    result = score_case(library.instrument(case.instrument_key), case)
    uow.cases.save(case.doc, listing(case, result))
    uow.commit()
    return Saved(case, result)


def create_case(
    uow: UnitOfWork,
    library: Library,
    *,
    company: str = "",
    country: str = "",
    report_language: str | None = None,
    case_id: str | None = None,
    now: str | None = None,
) -> Saved:
    """Creates a case on the current instrument, owned by the file's broker."""
    stamp = now or now_iso()
    with uow:
        broker = uow.settings.get("broker", {})
        language = report_language or uow.settings.get("report_language", "en")
        doc = new_document(
            case_id or str(uuid.uuid4()),
            library.current.key,
            stamp,
            broker={k: broker.get(k) for k in ("name", "country", "email", "phone") if k in broker},
            report_language=language,
        )
        case = Case(doc)
        if company:
            case.set_answer("company_name", company, stamp)
        if country:
            case.set_answer("country", country, stamp)
        case.doc["status"] = "draft"
        return store_case(uow, library, case)


def get_case(uow: ReadUnit, case_id: str) -> Case:
    with uow:
        return load_case(uow, case_id)


def score(uow: ReadUnit, library: Library, case_id: str) -> Saved:
    with uow:
        case = load_case(uow, case_id)
    return Saved(case, score_case(library.instrument(case.instrument_key), case))


def answer_item(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    item_id: str,
    value: Any,
    *,
    note: str | None = None,
    today: dt.date | None = None,
    now: str | None = None,
) -> Saved:
    """Records one answer (``None`` clears it) in one durable transaction.

    Raises:
        NotFound: no such case.
        InvalidAnswer: the value does not fit the item; nothing is saved.
    """
    with uow:
        case = load_case(uow, case_id)
        instrument = library.instrument(case.instrument_key)
        item = instrument.item(item_id)
        problems = validate(item, value, case.values(), today or dt.date.today())
        if value is not None and problems:
            raise InvalidAnswer(problems)
        case.set_answer(item_id, value, now or now_iso(), note=note)
        return store_case(uow, library, case)


def put_entry(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    collection: str,
    entry: Mapping[str, Any],
    *,
    key: str | None = None,
    now: str | None = None,
) -> tuple[str, Saved]:
    """Adds or replaces a contact, activity area, note, action or feedback entry."""
    with uow:
        case = load_case(uow, case_id)
        stamp = now or now_iso()
        entry_id = key or str(uuid.uuid4())
        previous = case.doc.get(collection, {}).get(entry_id, {})
        data = {**previous, **entry}
        data.setdefault("created", stamp)
        if collection == "areas":
            data.setdefault("ratings", {})
            data.setdefault("position", len(case.doc["areas"]))
            limit = library.instrument(case.instrument_key).section("areas").max_areas
            if entry_id not in case.doc["areas"] and len(case.doc["areas"]) >= limit:
                raise CaseError(
                    Message(N_("A case holds at most {limit} activity areas."), {"limit": limit})
                )
        case.put(collection, entry_id, data, stamp)
        return entry_id, store_case(uow, library, case)


def remove_entry(
    uow: UnitOfWork, library: Library, case_id: str, collection: str, key: str
) -> Saved:
    with uow:
        case = load_case(uow, case_id)
        case.remove(collection, key, now_iso())
        return store_case(uow, library, case)


def rate_area(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    area_id: str,
    criterion_id: str,
    level: int | None,
    now: str | None = None,
) -> Saved:
    with uow:
        case = load_case(uow, case_id)
        criteria = {c.id for c in library.instrument(case.instrument_key).criteria}
        if criterion_id not in criteria:
            raise CaseError(Message(N_("There is no such criterion.")))
        case.rate_area(area_id, criterion_id, level, now or now_iso())
        return store_case(uow, library, case)


def change_status(
    uow: UnitOfWork, library: Library, case_id: str, status: str, now: str | None = None
) -> Saved:
    with uow:
        case = load_case(uow, case_id)
        refused = sharing_refused(case.doc) if status == "partner_search" else None
        if refused is not None:  # the partner search shares the case in the network
            raise CaseError(refused)
        case.change_status(status, now or now_iso())
        return store_case(uow, library, case)


def set_report_language(uow: UnitOfWork, library: Library, case_id: str, language: str) -> Saved:
    with uow:
        case = load_case(uow, case_id)
        case.doc["report_language"] = language
        case.touch(now_iso())
        return store_case(uow, library, case)


def delete_case(uow: UnitOfWork, case_id: str) -> None:
    """Marks a case deleted (a tombstone that syncs); ``restore_case`` takes it back."""
    with uow:
        if not uow.cases.set_deleted(case_id, True, now_iso()):
            raise NotFound(case_id)
        uow.commit()


def restore_case(uow: UnitOfWork, case_id: str) -> None:
    with uow:
        if not uow.cases.set_deleted(case_id, False, now_iso()):
            raise NotFound(case_id)
        uow.commit()


def resolve_case(uow: ReadUnit, reference: str) -> str:
    """The id of the one case whose id is or starts with ``reference``.

    Raises:
        NotFound: none, or more than one, match.
    """
    with uow:
        matches = uow.cases.resolve(reference)
    if len(matches) == 1:
        return matches[0]
    if reference in matches:
        return reference
    raise NotFound(reference)
