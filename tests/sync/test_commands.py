"""``brokerdesk enroll`` and ``brokerdesk sync``: connect a case file and sync it from a shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brokerdesk.cli import main
from brokerdesk.server.runner import free_port
from tests.server.helpers import Server


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_enroll_then_sync_json_reports_pushed_pulled_and_conflicts(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = str(tmp_path / "laptop.brokerdesk"), str(tmp_path / "desktop.brokerdesk")
    assert run(capsys, "demo", "--case-file", laptop, "--no-encryption", "--cases", "12")[0] == 0
    code, out, _ = run(
        capsys, "enroll", "--case-file", laptop, "--server", server.url,
        "--code", server.code_for("anna"), "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["user"] == "anna"
    code, out, _ = run(capsys, "sync", "--case-file", laptop, "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["pushed"], report["pulled"], report["conflicts"], report["pending"]) == (
        12,
        0,
        0,
        0,
    )
    code, out, _ = run(
        capsys, "enroll", "--case-file", desktop, "--no-encryption", "--server", server.url,
        "--code", server.code_for("anna"),
    )  # fmt: skip
    assert code == 0 and out.startswith(f"Connected to {server.url} as anna (broker)")
    code, out, _ = run(capsys, "sync", "--case-file", desktop)
    assert code == 0 and out.splitlines()[0] == "pushed 0, pulled 12, conflicts 0, waiting 0"


def test_a_bad_code_ends_with_one_line_and_exit_code_two(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "laptop.brokerdesk")
    code, out, err = run(
        capsys,
        "enroll",
        "--case-file",
        path,
        "--no-encryption",
        "--server",
        server.url,
        "--code",
        "X",
    )
    assert code == 2 and out == ""
    assert err.startswith("brokerdesk: error: The enrolment code was not accepted")
    assert len(err.strip().splitlines()) == 1


def test_sync_without_a_server_and_with_the_server_away_say_so_with_distinct_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "laptop.brokerdesk")
    run(capsys, "demo", "--case-file", path, "--no-encryption", "--cases", "1")
    code, _, err = run(capsys, "sync", "--case-file", path)
    assert code == 2 and "not connected to a server" in err
    code, _, err = run(
        capsys, "enroll", "--case-file", path, "--server", f"http://127.0.0.1:{free_port()}",
        "--code", "X",
    )  # fmt: skip
    assert code == 4 and "cannot be reached" in err
