"""Export and import: JSON documents round-trip, the CSV table, and refused import files."""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brokerdesk.content import Library
from brokerdesk.services import cases, exchange
from brokerdesk.services.casefiles import Desk, create_case_file
from brokerdesk.services.demo import generate

DEMO_CASES = 14


@pytest.fixture
def demo(desk: Desk, library: Library) -> Desk:
    generate(desk.uow, library, DEMO_CASES, seed=7)
    return desk


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, library: Library) -> dict[str, Any]:
    """An export of demo cases, made once: tests copy what they change."""
    desk = create_case_file(tmp_path_factory.mktemp("exchange") / "demo.brokerdesk")
    try:
        generate(desk.uow, library, DEMO_CASES, seed=7)
        data: dict[str, Any] = json.loads(json.dumps(exchange.export_documents(desk.uow)))
    finally:
        desk.close()
    return data


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Desk]:
    """A second, empty case file."""
    desk = create_case_file(tmp_path / "other.brokerdesk")
    yield desk
    desk.close()


def _documents(desk: Desk) -> list[dict[str, Any]]:
    cases_: list[dict[str, Any]] = exchange.export_documents(desk.uow)["cases"]
    return cases_


def test_export_then_import_into_a_new_file_then_export_gives_the_same_documents(
    demo: Desk, other: Desk, library: Library, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    exchange.write_json(exchange.export_documents(demo.uow), first)
    report = exchange.import_documents(other.uow, library, exchange.read_export(first))
    assert len(report.imported) == DEMO_CASES and report.skipped == []
    second = tmp_path / "second.json"
    exchange.write_json(exchange.export_documents(other.uow), second)

    one = json.loads(first.read_text(encoding="utf-8"))
    two = json.loads(second.read_text(encoding="utf-8"))
    assert (one["format"], one["version"]) == ("brokerdesk-cases", 1)
    assert len(one["cases"]) == DEMO_CASES
    assert two["cases"] == one["cases"]


def test_imported_cases_are_listed_with_the_same_scores(
    demo: Desk, other: Desk, library: Library
) -> None:
    exchange.import_documents(other.uow, library, _documents(demo))

    def rows(desk: Desk) -> list[tuple[Any, ...]]:
        return sorted(
            (r.id, r.company, r.country, r.status, r.readiness, r.band, r.completeness)
            for r in cases.list_cases(desk.uow)
        )

    assert rows(other) == rows(demo)


def test_the_export_file_keeps_native_diacritics_readable(demo: Desk, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    exchange.write_json(exchange.export_documents(demo.uow), out)
    text = out.read_text(encoding="utf-8")
    assert "\\u0" not in text  # no escaped letters
    assert any(ch in text for ch in "ąęłńśźżäöüõšžāēīūėįųøæå")


def test_cases_already_in_the_file_are_skipped_unless_replaced(
    demo: Desk, library: Library
) -> None:
    docs = _documents(demo)
    case_id = docs[0]["id"]
    report = exchange.import_documents(demo.uow, library, docs)
    assert report.imported == [] and len(report.skipped) == DEMO_CASES

    changed = json.loads(json.dumps(docs[0]))
    changed["answers"]["town"] = {"value": "Šiauliai", "at": "2026-11-02T10:00:00.000Z"}
    exchange.import_documents(demo.uow, library, [changed])
    assert cases.get_case(demo.uow, case_id).value("town") != "Šiauliai"
    report = exchange.import_documents(demo.uow, library, [changed], replace=True)
    assert report.imported == [case_id]
    assert cases.get_case(demo.uow, case_id).value("town") == "Šiauliai"


def test_importing_a_case_that_was_deleted_here_restores_it(demo: Desk, library: Library) -> None:
    docs = _documents(demo)
    case_id = docs[0]["id"]
    cases.delete_case(demo.uow, case_id)
    report = exchange.import_documents(demo.uow, library, docs)
    assert report.imported == [case_id]
    assert case_id in [r.id for r in cases.list_cases(demo.uow)]
    assert cases.get_case(demo.uow, case_id).doc == docs[0]


def test_the_csv_has_one_row_per_case_with_profile_scores_and_band(
    demo: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "cases.csv"
    exchange.write_csv(exchange.csv_rows(demo.uow, library), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheet programs
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == DEMO_CASES
    listed = {r.id: r for r in cases.list_cases(demo.uow)}
    assert {row["id"] for row in rows} == set(listed)
    header = list(rows[0])
    for column in ("id", "company", "country", "headcount", "turnover", "sme_category",
                   "status", "readiness", "band", "completeness", "top_area"):  # fmt: skip
        assert column in header
    dimensions = [c for c in header if c.startswith("dimension_")]
    assert len(dimensions) == len(library.current.dimensions)
    for row in rows:
        expected = listed[row["id"]]
        assert row["company"] == expected.company
        assert row["country"] == expected.country
        assert row["status"] == expected.status
        assert row["band"] == (expected.band or "")
        assert row["readiness"] == ("" if expected.readiness is None else str(expected.readiness))
        assert float(row["completeness"]) == pytest.approx(expected.completeness)
        assert row["sme_category"] in ("micro", "small", "medium", "large", "unknown")


def test_an_empty_case_file_exports_an_empty_csv_with_its_header(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "empty.csv"
    exchange.write_csv(exchange.csv_rows(desk.uow, library), out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert list(reader) == []
        assert reader.fieldnames is not None and "readiness" in reader.fieldnames


# Refused imports


def _export_with(exported: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(exported)
    change(data)
    return data


BROKEN: dict[str, tuple[Any, str]] = {
    "not an export": (lambda d: d.update(format="something-else"), "is not a BrokerDesk export"),
    "newer export": (lambda d: d.update(version=2), "was exported by a newer BrokerDesk"),
    "no list of cases": (lambda d: d.update(cases={"a": 1}), "holds no list of cases"),
    "answers not a map": (
        lambda d: d["cases"][3].update(answers=[]),
        "holds broken cases: cases[3]: answers: expected an object keyed by id",
    ),
    "unknown status": (
        lambda d: d["cases"][0].update(status="archived"),
        "cases[0]: status: unknown status 'archived'",
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_export_is_refused_with_a_clear_message(
    exported: dict[str, Any], tmp_path: Path, kind: str
) -> None:
    change, message = BROKEN[kind]
    path = tmp_path / "broken.json"
    exchange.write_json(_export_with(exported, change), path)
    before = path.read_bytes()
    with pytest.raises(exchange.ImportFailed) as caught:
        exchange.read_export(path)
    text = caught.value.message.render()
    assert str(path) in text
    assert message in text
    assert "\n" not in text
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "cannot be read as a BrokerDesk export"),
        (b"case;company\n1;Kl\xc5\x82os\n", "cannot be read as a BrokerDesk export"),
        (b"\xff\xfe\x00garbage", "cannot be read as a BrokerDesk export"),
        (b"[1, 2, 3]", "is not a BrokerDesk export"),
    ],
)
def test_a_file_that_is_not_json_is_refused_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "cases.json"
    path.write_bytes(content)
    with pytest.raises(exchange.ImportFailed, match=message):
        exchange.read_export(path)
    assert path.read_bytes() == content


def test_a_missing_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(exchange.ImportFailed, match="cannot be read as a BrokerDesk export"):
        exchange.read_export(tmp_path / "nothing.json")


def test_a_case_on_an_unknown_instrument_is_refused_and_nothing_is_imported(
    exported: dict[str, Any], other: Desk, library: Library
) -> None:
    docs = copy.deepcopy(exported["cases"])
    docs[5]["instrument"] = "tibs-readiness@99"
    with pytest.raises(exchange.ImportFailed) as caught:
        exchange.import_documents(other.uow, library, docs)
    assert "tibs-readiness@99" in caught.value.message.render()
    assert docs[5]["id"] in caught.value.message.render()
    assert cases.count_cases(other.uow) == 0


def test_a_case_of_a_newer_schema_is_refused_and_nothing_is_imported(
    exported: dict[str, Any], other: Desk, library: Library
) -> None:
    docs = copy.deepcopy(exported["cases"])
    docs[-1]["schema"] = 99
    with pytest.raises(exchange.ImportFailed, match="newer BrokerDesk"):
        exchange.import_documents(other.uow, library, docs)
    assert cases.count_cases(other.uow) == 0
