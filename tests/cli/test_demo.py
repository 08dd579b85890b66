"""``brokerdesk demo``: realistic demo cases, deterministic for a seed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

Brokerdesk = Callable[..., Any]
Check = Callable[[Any], str]

COUNTRIES = {"PL", "FI", "DK", "DE", "EE", "LT", "LV"}


def _documents(brokerdesk: Brokerdesk, case_file: Path, out: Path) -> list[dict[str, Any]]:
    run = brokerdesk("cases", "export", "--case-file", case_file, "--format", "json", "-o", out)
    assert run.code == 0, run.err
    cases: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["cases"]
    return cases


def _names(doc: dict[str, Any]) -> str:
    answers = doc["answers"]
    contacts = " ".join(c.get("name", "") for c in doc["contacts"].values())
    values = (answers.get(k, {}).get("value") for k in ("company_name", "town"))
    return " ".join(str(v) for v in values if v) + " " + contacts + " " + doc["broker"]["name"]


def test_demo_writes_the_cases_asked_for_and_says_so(
    brokerdesk: Brokerdesk, tmp_path: Path
) -> None:
    path = tmp_path / "new" / "demo.brokerdesk"
    run = brokerdesk("demo", "--case-file", path, "--no-encryption", "--cases", "9", "--seed", "11")
    assert run.code == 0, run.err
    assert run.out.startswith(f"9 demo cases written to {path}")
    assert len(brokerdesk("cases", "list", "--case-file", path, "--json").json()) == 9


def test_the_cases_spread_evenly_over_the_seven_countries(
    brokerdesk: Brokerdesk, demo_file: Path, demo_cases: int
) -> None:
    rows = brokerdesk("cases", "list", "--case-file", demo_file, "--json").json()
    assert len(rows) == demo_cases
    assert Counter(r["country"] for r in rows) == {c: demo_cases // 7 for c in COUNTRIES}


def test_every_country_has_names_with_native_diacritics(
    brokerdesk: Brokerdesk, demo_file: Path, tmp_path: Path
) -> None:
    docs = _documents(brokerdesk, demo_file, tmp_path / "out.json")
    by_country: dict[str, str] = {}
    for doc in docs:
        country = doc["answers"]["country"]["value"]
        by_country[country] = by_country.get(country, "") + " " + _names(doc)
    assert set(by_country) == COUNTRIES
    for country, names in by_country.items():
        assert any(ord(ch) > 127 for ch in names), country


def test_statuses_are_mixed_and_some_interviews_are_partial(
    brokerdesk: Brokerdesk, demo_file: Path
) -> None:
    rows = brokerdesk("cases", "list", "--case-file", demo_file, "--json").json()
    assert len({r["status"] for r in rows}) >= 3
    partial = [r for r in rows if r["completeness"] < 0.9]
    complete = [r for r in rows if r["completeness"] >= 0.9]
    assert partial and complete
    assert any(r["readiness"] is None for r in partial)
    assert all(r["readiness"] is not None for r in complete)


def test_the_same_seed_gives_the_same_documents_and_another_seed_others(
    brokerdesk: Brokerdesk, tmp_path: Path
) -> None:
    made = {}
    for name, seed in (("one", "3"), ("two", "3"), ("three", "4")):
        path = tmp_path / f"{name}.brokerdesk"
        assert (
            brokerdesk(
                "demo", "--case-file", path, "--no-encryption", "--cases", "8", "--seed", seed
            ).code
            == 0
        )
        made[name] = _documents(brokerdesk, path, tmp_path / f"{name}.json")
    assert made["one"] == made["two"]
    assert made["one"] != made["three"]


def test_the_program_makes_the_same_demo_in_another_process(
    brokerdesk: Brokerdesk,
    program: Brokerdesk,
    demo_file: Path,
    demo_cases: int,
    tmp_path: Path,
) -> None:
    # A child process has another hash seed: the demo must not depend on set or dict order.
    path = tmp_path / "child.brokerdesk"
    run = program(
        "demo",
        "--case-file",
        path,
        "--no-encryption",
        "--cases",
        str(demo_cases),
        "--seed",
        "4",
        cwd=tmp_path,
    )
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert run.out.startswith(f"{demo_cases} demo cases written to")
    mine = _documents(brokerdesk, demo_file, tmp_path / "mine.json")
    assert _documents(brokerdesk, path, tmp_path / "child.json") == mine


def test_a_negative_number_of_cases_is_a_user_error(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path
) -> None:
    path = tmp_path / "demo.brokerdesk"
    line = one_line_error(brokerdesk("demo", "--case-file", path, "--cases", "-1"))
    assert "--cases must be zero or more" in line
    assert not path.exists()


def test_demo_refuses_to_write_into_a_file_that_is_not_a_case_file(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes, not a case file.\n", encoding="utf-8")
    line = one_line_error(brokerdesk("demo", "--case-file", path, "--cases", "3"))
    assert "is not a BrokerDesk case file" in line
    assert path.read_text(encoding="utf-8") == "Meeting notes, not a case file.\n"
