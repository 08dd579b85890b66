"""Exports of the cases in a coordinator's view: a CSV or XLSX table, or the JSON documents.

The table has one row per case: the company profile, the broker, the status and review, the
readiness index, band and dimension scores, the activity area with the highest potential and the
partner search. Column names are stable identifiers (``readiness``, ``dimension_<id>``...), the
same in CSV and XLSX, so that programme reports can be built on them. The JSON is the export
format of ``brokerdesk cases export`` (``services.exchange``), readable by ``cases import``.

A file is written beside its place first and moved there when complete: a failed export never
leaves half a file under the name asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from brokerdesk.content import ContentError, Library
from brokerdesk.domain.case import Case, CaseError, upcast
from brokerdesk.domain.company import sme_category
from brokerdesk.domain.scoring import score_case
from brokerdesk.services import exchange
from brokerdesk.services.cases import now_iso
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.store.network import NetworkQuery, NetworkRepository

FORMATS = ("csv", "xlsx", "json")
FIELDS = (
    "id",
    "company",
    "country",
    "region",
    "town",
    "nace",
    "broker",
    "headcount",
    "turnover",
    "balance_sheet",
    "sme_category",
    "status",
    "review",
    "reviewed_by",
    "reviewed_at",
    "readiness",
    "band",
    "completeness",
    "top_area",
    "top_area_potential",
    "cooperation_types",
    "direction",
    "target_countries",
    "partner_sought",
    "keywords",
    "summary_en",
    "share_in_network",
    "created",
    "updated",
)
# Free text typed by people: a spreadsheet must never take it for a formula.
TEXT_FIELDS = frozenset(
    {"company", "town", "broker", "reviewed_by", "top_area", "partner_sought", "keywords",
     "summary_en"}
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _joined(value: Any) -> str:
    return " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def row_of(library: Library, doc: dict[str, Any]) -> dict[str, Any]:
    """One row of the table for a case document."""
    case = Case(upcast(doc))
    value = case.value
    row: dict[str, Any] = {
        "id": case.id,
        "company": case.company_name,
        "country": case.country,
        "region": value("region"),
        "town": value("town"),
        "nace": value("nace"),
        "broker": str((doc.get("broker") or {}).get("name") or ""),
        "headcount": value("headcount"),
        "turnover": value("turnover"),
        "balance_sheet": value("balance_sheet"),
        "status": case.status,
        "review": str((doc.get("review") or {}).get("state") or "none"),
        "reviewed_by": (doc.get("review") or {}).get("by"),
        "reviewed_at": (doc.get("review") or {}).get("at"),
        "cooperation_types": _joined(value("cooperation_types")),
        "direction": value("direction"),
        "target_countries": _joined(value("target_countries")),
        "partner_sought": value("partner_sought"),
        "keywords": value("keywords"),
        "summary_en": value("summary_en"),
        "share_in_network": value("share_in_network"),
        "created": doc.get("created"),
        "updated": doc.get("updated"),
    }
    row["sme_category"] = sme_category(
        value("headcount"), value("turnover"), value("balance_sheet"), value("independence")
    ).category.value
    try:
        result = score_case(library.instrument(case.instrument_key), case)
    except (ContentError, CaseError, KeyError, ValueError, TypeError):
        return row  # a case from a newer instrument: its profile, without scores
    row.update(
        readiness=result.readiness,
        band=result.band.id if result.band else None,
        completeness=result.completeness,
        top_area=result.top_area.name if result.top_area else None,
        top_area_potential=result.top_area.potential if result.top_area else None,
    )
    for dim in result.dimensions:
        row[f"dimension_{dim.dimension.id}"] = dim.score
    return row


def rows(uow: UnitOfWork, library: Library, query: NetworkQuery | None = None) -> list[dict]:
    """The table of the cases in view, in the order of the view."""
    with uow:
        docs = list(NetworkRepository(uow.cases.conn).documents(query or NetworkQuery()))
    return [row_of(library, doc) for doc in docs]


def columns(table: list[dict[str, Any]]) -> list[str]:
    """The fixed columns, then the dimension columns in the order they first appear."""
    out = list(FIELDS)
    for row in table:
        out += [k for k in row if k not in out]
    return out


@contextmanager
def _replacing(out: Path) -> Iterator[Path]:
    partial = out.with_name(out.name + ".partial")
    try:
        yield partial
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def _safe_text(field: str, value: Any) -> Any:
    if field in TEXT_FIELDS and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # the spreadsheet convention for "this is text"
    return value


def write_csv(table: list[dict[str, Any]], out: Path) -> None:
    """A UTF-8 CSV with a byte-order mark (so that spreadsheets read the diacritics right).

    Free text starting like a formula (``=``, ``+``, ``-``, ``@``) is written with a leading
    apostrophe, so that a spreadsheet opening the file shows it rather than running it.
    """
    fields = columns(table)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in table:
        writer.writerow({k: "" if v is None else _safe_text(k, v) for k, v in row.items()})
    with _replacing(Path(out)) as partial:
        partial.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def write_xlsx(table: list[dict[str, Any]], out: Path, *, sheet: str = "Cases") -> None:
    """An XLSX workbook: a header row (bold, frozen, with filters) and one row per case.

    Numbers stay numbers; every text is stored as text, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    fields = columns(table)
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    for n, name in enumerate(fields, start=1):
        width = 40 if name in ("summary_en", "partner_sought", "keywords") else 14
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(table) + 1}"
    bold = Font(bold=True)
    header = []
    for name in fields:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in table:
        cells = []
        for name in fields:
            value = row.get(name)
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=..." for a formula
            cells.append(cell)
        ws.append(cells)
    # Saved to memory first: a write-only workbook cut short by an unwritable place would be
    # left half-open; the bytes then go to the file like every other export.
    data = io.BytesIO()
    book.save(data)
    with _replacing(Path(out)) as partial:
        partial.write_bytes(data.getvalue())


def documents(uow: UnitOfWork, query: NetworkQuery | None = None) -> dict[str, Any]:
    """The documents in view, in the export format of ``services.exchange``."""
    with uow:
        docs = list(NetworkRepository(uow.cases.conn).documents(query or NetworkQuery()))
    return {
        "format": exchange.EXPORT_FORMAT,
        "version": exchange.EXPORT_VERSION,
        "exported": now_iso(),
        "cases": docs,
    }


def export(
    uow: UnitOfWork, library: Library, fmt: str, out: Path, query: NetworkQuery | None = None
) -> int:
    """Writes the cases in view to ``out`` as ``csv``, ``xlsx`` or ``json``; returns how many.

    Raises:
        ValueError: an unknown format.
        OSError: the file cannot be written (the place asked for is left as it was).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    out = Path(out)
    if fmt == "json":
        data = documents(uow, query)
        with _replacing(out) as partial:
            exchange.write_json(data, partial)
        return len(data["cases"])
    table = rows(uow, library, query)
    (write_csv if fmt == "csv" else write_xlsx)(table, out)
    return len(table)
