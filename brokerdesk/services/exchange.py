"""Export and import of case documents (JSON) and the case table (CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brokerdesk.content import ContentError, Library
from brokerdesk.domain.case import Case, CaseError, check_document, upcast
from brokerdesk.domain.company import sme_category
from brokerdesk.domain.instrument import Instrument
from brokerdesk.domain.scoring import score_case
from brokerdesk.domain.text import N_, Message
from brokerdesk.services.cases import listing, now_iso
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store.reading import CaseQuery

EXPORT_FORMAT = "brokerdesk-cases"
EXPORT_VERSION = 1


class ImportFailed(ValueError):
    """The file to import is not an export of BrokerDesk, or holds broken documents."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def export_documents(uow: UnitOfWork, query: CaseQuery = CaseQuery()) -> dict[str, Any]:
    with uow:
        docs = list(uow.cases.documents(query))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": now_iso(),
        "cases": docs,
    }


def write_json(data: dict[str, Any], out: Path) -> None:
    out.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def read_export(path: Path) -> list[dict[str, Any]]:
    """Reads and checks an export file; every problem names the case and the place."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(
            Message(
                N_("{path} cannot be read as a BrokerDesk export: {reason}"),
                {"path": str(path), "reason": str(exc)},
            )
        ) from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFailed(Message(N_("{path} is not a BrokerDesk export."), {"path": str(path)}))
    if not isinstance(data.get("version"), int) or data["version"] > EXPORT_VERSION:
        raise ImportFailed(
            Message(N_("{path} was exported by a newer BrokerDesk."), {"path": str(path)})
        )
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise ImportFailed(Message(N_("{path} holds no list of cases."), {"path": str(path)}))
    problems = [
        f"cases[{n}]: {problem}" for n, doc in enumerate(cases) for problem in check_document(doc)
    ]
    if problems:
        raise ImportFailed(
            Message(
                N_("{path} holds broken cases: {problems}"),
                {"path": str(path), "problems": "; ".join(problems[:5])},
            )
        )
    return cases


def _importable(library: Library, raw: dict[str, Any]) -> tuple[Case, Instrument]:
    """The case and its instrument, or ImportFailed naming the case (not a ContentError)."""
    try:
        case = Case(upcast(raw))
    except CaseError as exc:
        raise ImportFailed(
            Message(
                N_("The case {case} cannot be imported: {reason}"),
                {"case": str(raw.get("id")), "reason": exc.message},
            )
        ) from None
    try:
        return case, library.instrument(case.instrument_key)
    except ContentError:
        raise ImportFailed(
            Message(
                N_(
                    "The case {case} was answered with the instrument {instrument}, which this "
                    "BrokerDesk does not have."
                ),
                {"case": case.id, "instrument": case.instrument_key},
            )
        ) from None


def import_documents(
    uow: UnitOfWork, library: Library, docs: Iterable[dict[str, Any]], replace: bool = False
) -> ImportReport:
    """Stores documents; ones already in the file are skipped unless ``replace``. All or none.

    A deleted case of the same id does not count as already there: importing it restores it.
    """
    report = ImportReport()
    with uow:
        for raw in docs:
            case, instrument = _importable(library, raw)
            stored = uow.cases.get(case.id)
            if stored is not None and not stored.deleted and not replace:
                report.skipped.append(case.id)
                continue
            result = score_case(instrument, case)
            uow.cases.save(case.doc, listing(case, result), deleted=False)
            report.imported.append(case.id)
        uow.commit()
    return report


CSV_FIELDS = (
    "id",
    "company",
    "country",
    "region",
    "town",
    "nace",
    "headcount",
    "turnover",
    "balance_sheet",
    "sme_category",
    "status",
    "readiness",
    "band",
    "completeness",
    "top_area",
    "top_area_potential",
    "cooperation_types",
    "direction",
    "target_countries",
    "keywords",
    "updated",
)


def csv_rows(uow: UnitOfWork, library: Library, query: CaseQuery = CaseQuery()) -> list[dict]:
    with uow:
        docs = list(uow.cases.documents(query))
    rows = []
    for doc in docs:
        case = Case(upcast(doc))
        instrument = library.instrument(case.instrument_key)
        result = score_case(instrument, case)
        sme = sme_category(
            case.value("headcount"),
            case.value("turnover"),
            case.value("balance_sheet"),
            case.value("independence"),
        )
        row: dict[str, Any] = {
            "id": case.id,
            "company": case.company_name,
            "country": case.country,
            "region": case.value("region"),
            "town": case.value("town"),
            "nace": case.value("nace"),
            "headcount": case.value("headcount"),
            "turnover": case.value("turnover"),
            "balance_sheet": case.value("balance_sheet"),
            "sme_category": sme.category.value,
            "status": case.status,
            "readiness": result.readiness,
            "band": result.band.id if result.band else "",
            "completeness": result.completeness,
            "top_area": result.top_area.name if result.top_area else "",
            "top_area_potential": result.top_area.potential if result.top_area else "",
            "cooperation_types": " ".join(case.value("cooperation_types") or []),
            "direction": case.value("direction"),
            "target_countries": " ".join(case.value("target_countries") or []),
            "keywords": case.value("keywords"),
            "updated": doc.get("updated"),
        }
        for dim in result.dimensions:
            row[f"dimension_{dim.dimension.id}"] = dim.score
        rows.append(row)
    return rows


def write_csv(rows: list[dict], out: Path) -> None:
    fields = list(CSV_FIELDS)
    for row in rows:
        fields += [k for k in row if k not in fields]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    # A byte-order mark lets spreadsheet programs read the diacritics right.
    out.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
