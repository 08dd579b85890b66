"""The ``brokerdesk`` command line as a whole: plain ``brokerdesk`` starts the app."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from brokerdesk.cli import COMMANDS, command_line
from brokerdesk.cli.app import run


def commands_of(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def test_plain_brokerdesk_runs_the_app_with_a_parser_of_the_app_command_only() -> None:
    parser, arguments = command_line([])
    assert arguments == ["run"]
    assert commands_of(parser) == {"run"}
    assert parser.parse_args(arguments).handler is run


def test_run_with_options_is_read_by_the_same_short_parser() -> None:
    parser, arguments = command_line(["run", "--lang", "de"])
    assert commands_of(parser) == {"run"}
    args = parser.parse_args(arguments)
    assert (args.handler, args.lang) == (run, "de")


def test_any_other_command_line_knows_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    parser, arguments = command_line(["cases", "list"])
    assert arguments == ["cases", "list"]
    assert {"run", "cases", "report", "sync", "screens"} <= commands_of(parser)
    with pytest.raises(SystemExit):
        command_line(["--help"])[0].parse_args(["--help"])
    assert "coordinator" in capsys.readouterr().out


def test_starting_the_app_imports_no_other_command_module() -> None:
    probe = (
        "import sys; from brokerdesk.cli import command_line; command_line([]); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('brokerdesk.cli.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["brokerdesk.cli.app", "brokerdesk.cli.common"]
    assert len(COMMANDS) > 2  # there are others to leave out
