"""``brokerdesk report``: the client report of a case as a PDF file."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from brokerdesk.cli import main
from brokerdesk.cli.report import LANGUAGE_CODES
from brokerdesk.content import Library
from brokerdesk.i18n import LANGUAGES
from brokerdesk.services.casefiles import create_case_file
from brokerdesk.services.cases import list_cases
from brokerdesk.services.demo import generate


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo case file, and the id of one case per country."""
    path = tmp_path_factory.mktemp("report-cli") / "cases.brokerdesk"
    desk = create_case_file(path, broker={"name": "Jūratė Kazlauskienė", "country": "LT"})
    try:
        generate(desk.uow, Library(), 14, seed=5)
        ids = {row.country: row.id for row in list_cases(desk.uow)}
    finally:
        desk.close()
    return path, ids


@pytest.fixture
def brokerdesk(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse ends usage errors this way
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def _one_line_error(run: Run) -> str:
    assert run.code != 0, run
    assert run.out == "" and "Traceback" not in run.err
    assert run.err.count("\n") == 1 and run.err.startswith("brokerdesk: error:"), run.err
    return run.err.strip()


def test_the_report_of_a_case_named_by_a_prefix_is_written_in_the_language_asked_for(
    brokerdesk, case_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = case_file
    out = tmp_path / "klients.pdf"
    run = brokerdesk(
        "report", ids["LV"][:8], "--case-file", path, "--lang", "de", "-o", out,
        "--date", "2026-11-29",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert str(out) in run.out and ids["LV"][:8] in run.out
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    assert "29. November 2026" in "".join(p.extract_text() for p in reader.pages)


def test_without_an_output_the_report_is_named_after_the_case_and_its_language(
    brokerdesk,
    case_file: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, ids = case_file
    monkeypatch.chdir(tmp_path)
    assert brokerdesk("report", ids["LT"], "--case-file", path).code == 0
    assert (tmp_path / f"report-{ids['LT'][:8]}-lt.pdf").exists()  # the case's own language


def test_an_unknown_case_ends_with_one_clear_line_and_writes_nothing(
    brokerdesk, case_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    run = brokerdesk("report", "zzzz", "--case-file", case_file[0], "-o", tmp_path / "x.pdf")
    assert "There is no case zzzz." in _one_line_error(run)
    assert not (tmp_path / "x.pdf").exists()


def test_a_language_brokerdesk_does_not_have_is_a_usage_error(
    brokerdesk, case_file: tuple[Path, dict[str, str]]
) -> None:
    run = brokerdesk("report", "a", "--case-file", case_file[0], "--lang", "sv")
    assert run.code == 2 and "invalid choice" in run.err


def test_a_folder_as_output_is_refused(
    brokerdesk, case_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = case_file
    assert "is a folder" in _one_line_error(
        brokerdesk("report", ids["PL"], "--case-file", path, "-o", tmp_path)
    )


def test_the_command_offers_exactly_the_program_s_languages() -> None:
    assert LANGUAGE_CODES == LANGUAGES


def test_the_installed_program_writes_a_report(
    case_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = case_file
    program = Path(sys.executable).with_name("brokerdesk")
    done = subprocess.run(
        [str(program), "report", ids["EE"][:6], "--case-file", str(path), "-o", "r.pdf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_a_report_reads_the_case_file_without_loading_sqlalchemy(
    case_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    # Importing SQLAlchemy would cost the cold command a fifth of a second; reading needs none.
    path, ids = case_file
    script = (
        "import sys\n"
        "from brokerdesk.cli import main\n"
        f"code = main(['report', {ids['LV'][:8]!r}, '--case-file', {str(path)!r}, '-o', 'r.pdf'])\n"
        "heavy = ('sqlalchemy', 'alembic')\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
