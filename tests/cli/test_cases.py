"""``brokerdesk cases list|export|import`` and how the command line reports user errors."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Brokerdesk = Callable[..., Any]
Check = Callable[[Any], str]


def _list(brokerdesk: Brokerdesk, path: Path, *extra: str) -> list[dict[str, Any]]:
    run = brokerdesk("cases", "list", "--case-file", path, "--json", *extra)
    assert run.code == 0, run.err
    rows: list[dict[str, Any]] = run.json()
    return rows


# Listing and search


def test_the_json_list_has_the_public_fields_of_every_case(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int
) -> None:
    rows = _list(brokerdesk, demo_file)
    assert len(rows) == demo_cases
    for row in rows:
        assert {"id", "company", "country", "status", "readiness", "completeness"} <= set(row)
        assert isinstance(row["id"], str) and len(row["id"]) == 36
        assert row["readiness"] is None or 0 <= row["readiness"] <= 100
        assert 0 <= row["completeness"] <= 1
    assert len({r["id"] for r in rows}) == demo_cases


def test_the_plain_list_shows_one_line_per_case_and_the_count(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int
) -> None:
    run = brokerdesk("cases", "list", "--case-file", demo_file)
    assert run.code == 0
    lines = run.out.splitlines()
    assert len(lines) == demo_cases + 1
    assert lines[-1] == f"{demo_cases} cases"
    first = _list(brokerdesk, demo_file)[0]
    assert lines[0].startswith(first["id"][:8]) and lines[0].endswith(first["company"])


def test_search_finds_a_company_by_a_word_of_its_name(
    brokerdesk: Brokerdesk, demo_file: Path
) -> None:
    rows = _list(brokerdesk, demo_file)
    target = next(r for r in rows if any(ord(ch) > 127 for ch in r["company"]))
    word = max(target["company"].replace("„", " ").replace("“", " ").split(), key=len)
    found = _list(brokerdesk, demo_file, "--search", word.lower())
    assert target["id"] in [r["id"] for r in found]
    assert all(word.casefold() in r["company"].casefold() for r in found)
    assert len(found) < len(rows)


def test_search_for_nothing_known_lists_nothing(brokerdesk: Brokerdesk, demo_file: Path) -> None:
    assert _list(brokerdesk, demo_file, "--search", "Quetzalcoatl") == []
    run = brokerdesk("cases", "list", "--case-file", demo_file, "--search", "Quetzalcoatl")
    assert run.out == "0 cases\n"


def test_the_list_is_filtered_by_status_and_country(
    brokerdesk: Brokerdesk, demo_file: Path
) -> None:
    rows = _list(brokerdesk, demo_file)
    status = rows[0]["status"]
    expected = {r["id"] for r in rows if r["status"] == status and r["country"] == "PL"}
    found = _list(brokerdesk, demo_file, "--status", status, "--country", "pl")
    assert {r["id"] for r in found} == expected


# Export and import


def test_export_then_import_into_a_new_file_then_export_gives_the_same_documents(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    copy = tmp_path / "copy.brokerdesk"
    run = brokerdesk("cases", "export", "--case-file", demo_file, "--format", "json", "-o", first)
    assert (run.code, run.out) == (0, f"{demo_cases} cases exported to {first}\n")
    run = brokerdesk("cases", "import", "--case-file", copy, "--no-encryption", first)
    assert (run.code, run.out) == (0, f"{demo_cases} cases imported\n")
    assert brokerdesk("cases", "export", "--case-file", copy, "-o", second).code == 0

    one = json.loads(first.read_text(encoding="utf-8"))
    two = json.loads(second.read_text(encoding="utf-8"))
    assert one["cases"] == two["cases"]
    assert _list(brokerdesk, copy) == _list(brokerdesk, demo_file)


def test_importing_the_same_cases_again_skips_them(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int, tmp_path: Path
) -> None:
    out = tmp_path / "cases.json"
    assert brokerdesk("cases", "export", "--case-file", demo_file, "-o", out).code == 0
    copy = tmp_path / "copy.brokerdesk"
    assert brokerdesk("cases", "import", "--case-file", copy, "--no-encryption", out).code == 0
    run = brokerdesk("cases", "import", "--case-file", copy, out)
    assert run.code == 0
    assert run.out.startswith(f"0 cases imported, {demo_cases} already there")
    run = brokerdesk("cases", "import", "--case-file", copy, out, "--replace")
    assert run.out == f"{demo_cases} cases imported\n"


def test_the_program_lists_the_same_cases_in_a_child_process(
    brokerdesk: Brokerdesk, program: Brokerdesk, demo_file: Path, tmp_path: Path
) -> None:
    run = program("cases", "list", "--case-file", demo_file, "--json", cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert run.json() == _list(brokerdesk, demo_file)
    assert any(ord(ch) > 127 for ch in run.out)  # names printed as they are, not escaped


def test_the_csv_export_has_one_row_per_case(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int, tmp_path: Path
) -> None:
    out = tmp_path / "cases.csv"
    run = brokerdesk("cases", "export", "--case-file", demo_file, "--format", "csv", "-o", out)
    assert run.code == 0, run.err
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    listed = {r["id"]: r for r in _list(brokerdesk, demo_file)}
    assert len(rows) == demo_cases
    for row in rows:
        case = listed[row["id"]]
        assert (row["company"], row["country"], row["status"]) == (
            case["company"], case["country"], case["status"],
        )  # fmt: skip
        assert row["band"] == (case["band"] or "")
        assert row["sme_category"] in ("micro", "small", "medium", "large", "unknown")


# User errors: a non-zero exit code and one clear line


def test_a_missing_case_file_is_one_clear_line(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.brokerdesk"
    line = one_line_error(brokerdesk("cases", "list", "--case-file", missing))
    assert line == f"brokerdesk: error: There is no file at {missing}."
    assert not missing.exists()


def test_a_text_file_is_not_a_case_file(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path
) -> None:
    text = tmp_path / "minutes.txt"
    text.write_text("Sitzung mit Herrn Müller.\n", encoding="utf-8")
    line = one_line_error(brokerdesk("cases", "list", "--case-file", text))
    assert line == f"brokerdesk: error: {text} is not a BrokerDesk case file."
    assert text.read_text(encoding="utf-8") == "Sitzung mit Herrn Müller.\n"


@pytest.mark.parametrize("damage", ["cut short", "overwritten page"])
def test_a_damaged_case_file_is_refused_in_one_line_and_left_as_it_was(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "damaged.brokerdesk"
    shutil.copyfile(demo_file, path)
    with path.open("r+b") as fh:
        if damage == "cut short":
            fh.truncate(path.stat().st_size // 2)
        else:
            fh.seek(4096 * 2)
            fh.write(b"\xde\xad\xbe\xef" * 1024)
    before = path.read_bytes()
    line = one_line_error(brokerdesk("cases", "list", "--case-file", path))
    assert f"{path} is damaged" in line
    assert path.read_bytes() == before


def test_an_unknown_case_is_one_clear_line(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    run = brokerdesk("report", "no-such-case", "--case-file", demo_file, "-o", out)
    assert one_line_error(run) == "brokerdesk: error: There is no case no-such-case."
    assert not out.exists()


def test_a_bad_format_is_one_line_naming_the_choices(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cases.xml"
    run = brokerdesk("cases", "export", "--case-file", demo_file, "--format", "xml", "-o", out)
    line = one_line_error(run)
    assert "invalid choice: 'xml'" in line and "'json', 'csv'" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "cannot be read as a BrokerDesk export"),
        ("id;company\n1;Kłos\n", "cannot be read as a BrokerDesk export"),
        ('{"format": "something-else"}', "is not a BrokerDesk export"),
        ('{"format": "brokerdesk-cases", "version": 1, "cases": [{"id": "x"}]}', "broken cases"),
    ],
)
def test_a_broken_import_file_is_refused_and_the_case_file_is_unchanged(
    brokerdesk: Brokerdesk,
    one_line_error: Check,
    demo_file: Path,
    tmp_path: Path,
    content: str,
    message: str,
) -> None:
    target = tmp_path / "target.brokerdesk"
    shutil.copyfile(demo_file, target)
    before = target.read_bytes()
    bad = tmp_path / "import.json"
    bad.write_text(content, encoding="utf-8")
    line = one_line_error(brokerdesk("cases", "import", "--case-file", target, bad))
    assert message in line and str(bad) in line
    assert target.read_bytes() == before
    assert bad.read_text(encoding="utf-8") == content


def test_an_import_with_a_case_on_an_unknown_instrument_changes_nothing(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "cases.json"
    assert brokerdesk("cases", "export", "--case-file", demo_file, "-o", export).code == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    data["cases"][2]["instrument"] = "tibs-readiness@42"
    export.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.brokerdesk"
    line = one_line_error(
        brokerdesk("cases", "import", "--case-file", target, "--no-encryption", export)
    )
    assert "tibs-readiness@42" in line
    assert _list(brokerdesk, target) == []


def test_an_import_into_a_new_file_from_a_broken_file_creates_no_case_file(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not an export", encoding="utf-8")
    target = tmp_path / "new.brokerdesk"
    one_line_error(brokerdesk("cases", "import", "--case-file", target, "--no-encryption", bad))
    assert not target.exists()


def test_an_import_file_that_does_not_exist_is_one_clear_line(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    line = one_line_error(brokerdesk("cases", "import", "--case-file", demo_file, missing))
    assert str(missing) in line


def test_an_export_into_a_missing_folder_is_one_clear_line(
    brokerdesk: Brokerdesk, one_line_error: Check, demo_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "no" / "such" / "folder" / "cases.json"
    line = one_line_error(brokerdesk("cases", "export", "--case-file", demo_file, "-o", out))
    assert "No such file or directory" in line and str(out) in line
