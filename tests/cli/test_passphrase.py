"""The command line and encrypted case files: the passphrase from a file, the environment or a
prompt at a terminal; a missing or wrong one ends with one clear line and changes nothing."""

from __future__ import annotations

import hashlib
import os
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from brokerdesk.services.encryption import is_encrypted
from tests.cli.conftest import PROGRAM, Brokerdesk, Run

Check = Callable[[Run], str]
SECRET = "Żuraw nad Wisłą 7"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def encrypted(brokerdesk: Brokerdesk, secret_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cases.brokerdesk"
    run = brokerdesk("demo", "--case-file", path, "--passphrase-file", secret_file, "--cases", "5")
    assert run.code == 0, run.err
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_file_needs_a_passphrase_or_an_explicit_no_encryption(
    brokerdesk: Brokerdesk, one_line_error: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BROKERDESK_PASSPHRASE", raising=False)
    path = tmp_path / "new.brokerdesk"
    line = one_line_error(brokerdesk("demo", "--case-file", path, "--cases", "2"))
    assert "--no-encryption" in line and "--passphrase-file" in line
    assert not path.exists()
    assert brokerdesk("demo", "--case-file", path, "--no-encryption", "--cases", "2").code == 0
    assert not is_encrypted(path)


def test_a_file_made_with_a_passphrase_file_is_encrypted_and_read_with_the_environment(
    brokerdesk: Brokerdesk, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_encrypted(encrypted)
    monkeypatch.setenv("BROKERDESK_PASSPHRASE", SECRET)
    run = brokerdesk("cases", "list", "--case-file", encrypted, "--json")
    assert run.code == 0 and len(run.json()) == 5


def test_without_a_passphrase_or_with_a_wrong_one_the_file_is_untouched(
    brokerdesk: Brokerdesk,
    one_line_error: Check,
    encrypted: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BROKERDESK_PASSPHRASE", raising=False)
    before = digest(encrypted)
    line = one_line_error(brokerdesk("cases", "list", "--case-file", encrypted))
    assert "is encrypted" in line
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("Żuraw nad Wisłą 8\n", encoding="utf-8")
    line = one_line_error(
        brokerdesk("cases", "list", "--case-file", encrypted, "--passphrase-file", wrong)
    )
    assert "passphrase does not open" in line
    monkeypatch.setenv("BROKERDESK_PASSPHRASE", "nope nope nope")
    line = one_line_error(brokerdesk("cases", "list", "--case-file", encrypted))
    assert "passphrase does not open" in line
    assert digest(encrypted) == before


def _converse(args: list[str], answers: list[str], cwd: Path) -> tuple[int, str]:
    """Runs the program on a pseudo-terminal and answers each passphrase prompt in turn."""
    main, child = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "BROKERDESK_PASSPHRASE"}
    proc = subprocess.Popen(
        [str(PROGRAM), *args],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=cwd,
        env=env,
        start_new_session=True,  # no controlling terminal: getpass reads the pty on stdin
    )
    os.close(child)
    seen = b""
    pending = list(answers)
    answered = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break  # the program ended and closed the terminal
            if not chunk:
                break
            seen += chunk
            if pending and seen[answered:].rstrip().endswith(b":"):  # a new prompt
                os.write(main, pending.pop(0).encode() + b"\n")
                answered = len(seen)
        elif proc.poll() is not None:
            break
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(seen.decode("utf-8", "replace")) from None
    os.close(main)
    return code, seen.decode("utf-8", "replace")


def test_at_a_terminal_the_passphrase_is_asked_for_and_a_wrong_one_gets_another_try(
    encrypted: Path, tmp_path: Path
) -> None:
    code, screen = _converse(
        ["cases", "list", "--case-file", str(encrypted), "--json"],
        ["wrong passphrase", SECRET],
        tmp_path,
    )
    assert code == 0, screen
    assert screen.count("Passphrase for") == 2
    assert "passphrase does not open" in screen
    assert SECRET not in screen  # never echoed


def test_at_a_terminal_a_new_file_asks_for_the_passphrase_twice(tmp_path: Path) -> None:
    path = tmp_path / "new.brokerdesk"
    code, screen = _converse(
        ["demo", "--case-file", str(path), "--cases", "1"], [SECRET, SECRET], tmp_path
    )
    assert code == 0, screen
    assert "New passphrase" in screen and "same passphrase again" in screen
    assert is_encrypted(path)
    other = tmp_path / "mismatch.brokerdesk"
    code, screen = _converse(
        ["demo", "--case-file", str(other), "--cases", "1"], [SECRET, SECRET + "!"], tmp_path
    )
    assert code == 2 and "not the same" in screen
    assert not other.exists()
