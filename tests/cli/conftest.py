"""Running the ``brokerdesk`` command in-process and as a real program."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brokerdesk.cli import main

# The console script installed beside the interpreter running the tests (.venv/bin/brokerdesk).
PROGRAM = Path(sys.executable).with_name("brokerdesk")
DEMO_CASES = 21  # three per partner country


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Brokerdesk = Callable[..., Run]


@pytest.fixture
def brokerdesk(capsys: pytest.CaptureFixture[str]) -> Brokerdesk:
    """Runs ``brokerdesk ARGS`` in this process, as ``brokerdesk.cli.main`` would."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse ends usage errors and --help this way
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def _run_program(*args: str | Path, cwd: Path) -> Run:
    """Runs the installed ``brokerdesk`` program as a child process."""
    done = subprocess.run(
        [str(PROGRAM), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _one_line_error(run: Run) -> str:
    """A user error: non-zero exit, nothing on stdout, one line on stderr, no traceback."""
    assert run.code != 0, run
    assert run.out == ""
    assert "Traceback" not in run.err
    assert run.err.endswith("\n") and run.err.count("\n") == 1, run.err
    assert run.err.startswith("brokerdesk")
    return run.err.strip()


@pytest.fixture
def program() -> Callable[..., Run]:
    """Runs the installed ``brokerdesk`` program as a child process: ``program(*args, cwd=)``."""
    return _run_program


@pytest.fixture
def one_line_error() -> Callable[[Run], str]:
    """Checks that a run ended as a user error should, and returns the line."""
    return _one_line_error


@pytest.fixture
def demo_cases() -> int:
    return DEMO_CASES


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo case file made once for the session; tests only read it (or copy it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.brokerdesk"
    assert (
        main(
            [
                "demo",
                "--case-file",
                str(path),
                "--no-encryption",
                "--cases",
                str(DEMO_CASES),
                "--seed",
                "4",
            ]
        )
        == 0
    )
    return path
