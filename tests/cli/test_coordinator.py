"""``brokerdesk coordinator``: pull, list, review, matches, decide, dashboard and export from a
shell, against the real server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from brokerdesk.content import Library
from brokerdesk.services import sync
from brokerdesk.services.casefiles import create_case_file
from brokerdesk.services.cases import answer_item, get_case, list_cases
from brokerdesk.services.demo import generate
from tests.cli.conftest import Brokerdesk
from tests.server.conftest import database, postgres_url, server
from tests.server.helpers import Server

FIXTURES = (database, postgres_url, server)  # the real server


def network(brokerdesk: Brokerdesk, server: Server, library: Library, tmp_path: Path) -> Path:
    """A broker's 30 demo cases on the server, and an enrolled network file for PL, LT, FI."""
    anna = create_case_file(tmp_path / "anna.brokerdesk", broker={"name": "Anna Nowak"})
    generate(anna.uow, library, 30, seed=9)
    for case_id in [r.id for r in list_cases(anna.uow)]:
        if get_case(anna.uow, case_id).value("cooperation_types"):  # shared for matching
            answer_item(anna.uow, library, case_id, "share_in_network", "yes")
    sync.enroll(anna, server.url, server.code_for("anna", "broker", ("PL",)))
    assert sync.sync_now(anna, library).pushed == 30
    anna.close()
    path = tmp_path / "network.brokerdesk"
    code = server.code_for("mette", "coordinator", ("PL", "LT", "FI"))
    run = brokerdesk(
        "enroll", "--case-file", path, "--no-encryption", "--server", server.url, "--code", code
    )
    assert run.code == 0, run.err
    return path


def test_pull_then_list_review_and_export_from_the_command_line(
    brokerdesk: Brokerdesk, server: Server, library: Library, tmp_path: Path
) -> None:
    path = network(brokerdesk, server, library, tmp_path)
    run = brokerdesk("coordinator", "pull", "--case-file", path, "--json")
    assert run.code == 0, run.err
    pulled = run.json()["pulled"]
    assert 0 < pulled < 30  # three of the seven countries
    assert brokerdesk("coordinator", "pull", "--case-file", path, "--json").json()["pulled"] == 0

    rows = brokerdesk("coordinator", "cases", "--case-file", path, "--json").json()
    assert len(rows) == pulled and {r["country"] for r in rows} <= {"PL", "LT", "FI"}
    finnish = brokerdesk(
        "coordinator", "cases", "--case-file", path, "--country", "fi", "--json"
    ).json()
    assert finnish and {r["country"] for r in finnish} == {"FI"}

    case_id = rows[0]["id"]
    run = brokerdesk(
        "coordinator", "review", case_id[:8], "--return", "--comment", "Add the export plan.",
        "--case-file", path, "--json",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.json() == {"case": case_id, "state": "returned", "sent": True}
    reviewed = brokerdesk(
        "coordinator", "cases", "--case-file", path, "--review", "returned", "--json"
    ).json()
    assert [r["id"] for r in reviewed] == [case_id]

    out = tmp_path / "network.xlsx"
    run = brokerdesk("coordinator", "export", "--case-file", path, "--format", "xlsx", "-o", out)
    assert run.code == 0 and f"{pulled} cases exported" in run.out
    book = openpyxl.load_workbook(out, read_only=True)
    assert len(list(book["Cases"].iter_rows(values_only=True))) == pulled + 1
    book.close()
    out = tmp_path / "finnish.csv"
    run = brokerdesk(
        "coordinator", "export", "--case-file", path, "--format", "csv", "-o", out,
        "--country", "FI",
    )  # fmt: skip
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(finnish)


def test_returning_without_a_comment_ends_with_one_line(
    brokerdesk: Brokerdesk, server: Server, library: Library, tmp_path: Path
) -> None:
    path = network(brokerdesk, server, library, tmp_path)
    brokerdesk("coordinator", "pull", "--case-file", path)
    case_id = brokerdesk("coordinator", "cases", "--case-file", path, "--json").json()[0]["id"]
    run = brokerdesk("coordinator", "review", case_id, "--return", "--case-file", path)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("brokerdesk: error: Say what the broker should change")


def test_matches_decide_and_dashboard(
    brokerdesk: Brokerdesk, server: Server, library: Library, tmp_path: Path
) -> None:
    path = network(brokerdesk, server, library, tmp_path)
    brokerdesk("coordinator", "pull", "--case-file", path)
    run = brokerdesk(
        "coordinator", "matches", "--case-file", path, "--min-score", "0", "--json",
        "--language", "de",
    )  # fmt: skip
    assert run.code == 0, run.err
    found = run.json()
    for item in found:
        one, two = item["cases"]
        assert one["country"] != two["country"] and item["reasons"]
    if found:
        pair = found[0]["pair"]
        assert (
            brokerdesk("coordinator", "decide", pair, "--dismissed", "--case-file", path).code == 0
        )
        again = brokerdesk(
            "coordinator", "matches", "--case-file", path, "--min-score", "0", "--json"
        ).json()
        assert pair not in {m["pair"] for m in again}
        with_all = brokerdesk(
            "coordinator", "matches", "--case-file", path, "--min-score", "0", "--all", "--json"
        ).json()
        assert {m["pair"]: m["decision"] for m in with_all}[pair] == "dismissed"

    board = brokerdesk("coordinator", "dashboard", "--case-file", path, "--json").json()
    assert board["total"] == sum(n for _c, n in board["by_country"])
    text = brokerdesk("coordinator", "dashboard", "--case-file", path)
    assert text.code == 0 and text.out.startswith(f"{board['total']} cases")
    assert json.dumps(board)  # plain JSON
