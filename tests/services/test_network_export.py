"""Exports of the cases in view, read back with the csv module, openpyxl and json."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from brokerdesk.content import Library
from brokerdesk.services import exchange, network_export
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.demo import generate
from brokerdesk.services.network import NetworkQuery, network_rows

TRICKY = '=HYPERLINK("http://example.org", "Łódź")'


@pytest.fixture
def network(desk: Desk, library: Library) -> Desk:
    """Forty demo cases of seven countries, one of them with a name that looks like a formula."""
    generate(desk.uow, library, 40, seed=5)
    with desk.uow as uow:
        case_id = uow.cases.rows()[0].id
        stored = uow.cases.get(case_id)
        assert stored is not None
        doc = stored.doc
        doc["answers"]["company_name"] = {"value": TRICKY, "at": doc["updated"]}
        doc["review"] = {"state": "returned", "by": "mette", "at": "2026-05-01T10:00:00.000Z"}
        from brokerdesk.services.sync_steps import listing_of

        uow.cases.save(doc, listing_of(library, doc), dirty=False)
        uow.commit()
    return desk


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_xlsx(path: Path) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book["Cases"]
    values = list(sheet.iter_rows(values_only=True))
    book.close()
    header = [str(v) for v in values[0]]
    # Empty cells at the end of a row are not stored: they read back as None.
    return [dict(zip(header, [*row, *[None] * (len(header) - len(row))], strict=True))
            for row in values[1:]]  # fmt: skip


POLISH = NetworkQuery(countries=("PL",), order_by="company", descending=False)


def test_the_csv_holds_the_cases_in_view_with_profile_scores_band_and_partner_search(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "polish.csv"
    count = network_export.export(network.uow, library, "csv", out, POLISH)
    table = read_csv(out)
    in_view = network_rows(network.uow, POLISH)
    assert count == len(table) == len(in_view) > 0
    assert [r["id"] for r in table] == [r.id for r in in_view]
    assert {r["country"] for r in table} == {"PL"}
    header = list(table[0])
    assert header[: len(network_export.FIELDS)] == list(network_export.FIELDS)
    assert any(h.startswith("dimension_") for h in header)
    for row, listed in zip(table, in_view, strict=True):
        assert row["company"].lstrip("'") == listed.company
        assert row["band"] == (listed.band or "")
        if listed.readiness is not None:
            assert float(row["readiness"]) == listed.readiness
        assert row["broker"] == listed.broker


def test_the_xlsx_reads_back_with_numbers_as_numbers_and_text_as_text(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "network.xlsx"
    count = network_export.export(network.uow, library, "xlsx", out)
    table = read_xlsx(out)
    csv_out = tmp_path / "network.csv"
    network_export.export(network.uow, library, "csv", csv_out)
    flat = read_csv(csv_out)
    assert count == len(table) == len(flat) == 40
    for cells, text in zip(table, flat, strict=True):
        assert cells["id"] == text["id"]
        if cells["readiness"] is not None:
            assert isinstance(cells["readiness"], float | int)
            assert cells["readiness"] == float(text["readiness"])
        assert isinstance(cells["completeness"], float | int)
        assert (cells["cooperation_types"] or "") == text["cooperation_types"]
    tricky = next(c for c in table if c["company"] == TRICKY)
    assert tricky["review"] == "returned" and tricky["reviewed_by"] == "mette"


def test_text_that_looks_like_a_formula_never_becomes_one(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    network_export.export(network.uow, library, "xlsx", tmp_path / "n.xlsx")
    network_export.export(network.uow, library, "csv", tmp_path / "n.csv")
    book = openpyxl.load_workbook(tmp_path / "n.xlsx")  # not read-only: cell types are kept
    cells = [c for row in book["Cases"].iter_rows() for c in row if c.value == TRICKY]
    assert len(cells) == 1 and cells[0].data_type == "s"
    book.close()
    (row,) = [r for r in read_csv(tmp_path / "n.csv") if "HYPERLINK" in r["company"]]
    assert row["company"] == "'" + TRICKY


def test_the_json_is_an_export_of_the_documents_in_view_that_imports_again(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "polish.json"
    count = network_export.export(network.uow, library, "json", out, POLISH)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == exchange.EXPORT_FORMAT and count == len(data["cases"])
    assert [d["id"] for d in data["cases"]] == [r.id for r in network_rows(network.uow, POLISH)]
    assert exchange.read_export(out) == data["cases"]


def test_an_export_that_fails_leaves_no_half_file(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "missing-folder" / "network.xlsx"
    with pytest.raises(OSError):
        network_export.export(network.uow, library, "xlsx", out)
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    with pytest.raises(ValueError):
        network_export.export(network.uow, library, "ods", tmp_path / "network.ods")


def test_an_empty_view_exports_a_header_only(
    network: Desk, library: Library, tmp_path: Path
) -> None:
    nobody = NetworkQuery(countries=("SE",))
    network_export.export(network.uow, library, "csv", tmp_path / "e.csv", nobody)
    network_export.export(network.uow, library, "xlsx", tmp_path / "e.xlsx", nobody)
    assert read_csv(tmp_path / "e.csv") == []
    assert read_xlsx(tmp_path / "e.xlsx") == []
    header = (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",") == list(network_export.FIELDS)
