"""What every command shares: the case file option, opening it, and clear errors.

Imports of the heavier layers happen inside the functions: building the parser for ``--help``
or ``--version`` must not load SQLAlchemy, Alembic, reportlab or Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brokerdesk.domain.text import Message
from brokerdesk.paths import default_case_file

if TYPE_CHECKING:
    from brokerdesk.content import Library
    from brokerdesk.services.casefiles import Desk


class UserError(Exception):
    """Ends a command with one line and an exit code."""

    def __init__(self, text: str, code: int = 2) -> None:
        self.text = text
        self.code = code
        super().__init__(text)


def fail(text: str, code: int = 2) -> int:
    # One line, even when a detail from SQLite or the OS spans several.
    line = " ".join(part.strip() for part in text.splitlines() if part.strip())
    print(f"brokerdesk: error: {line}", file=sys.stderr)
    return code


def add_case_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--case-file",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"the case file (default: {default_case_file()})",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"read the case file's passphrase from the first line of PATH (else ${PASSPHRASE_ENV}"
        ", else a prompt at a terminal)",
    )
    parser.add_argument(
        "--no-encryption",
        action="store_true",
        help="create a new case file unencrypted (for demos and tests; real cases are encrypted)",
    )


PASSPHRASE_ENV = "BROKERDESK_PASSPHRASE"
PROMPT_TRIES = 3


def _given_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from ``--passphrase-file`` or the environment, if either gives one."""
    source = getattr(args, "passphrase_file", None)
    if source is not None:
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UserError(f"cannot read the passphrase file {source}: {exc.strerror}") from None
        if not lines or not lines[0]:
            raise UserError(f"the passphrase file {source} is empty")
        return lines[0]
    return os.environ.get(PASSPHRASE_ENV) or None


def _prompt(text: str) -> str:
    import getpass

    return getpass.getpass(text)


def new_passphrase(args: argparse.Namespace, path: Path) -> str | None:
    """The passphrase for a new case file; None with ``--no-encryption``."""
    from brokerdesk.services.encryption import passphrase_problem

    if getattr(args, "no_encryption", False):
        return None
    given = _given_passphrase(args)
    if given is None and sys.stdin.isatty():
        given = _prompt(f"New passphrase for {path}: ")
        problem = passphrase_problem(given, _prompt("The same passphrase again: "))
        if problem is not None:
            raise UserError(str(problem))
        return given
    if given is None:
        raise UserError(
            f"{path} would be a new case file, and new case files are encrypted: give a "
            f"passphrase with --passphrase-file or ${PASSPHRASE_ENV}, or create it with "
            "--no-encryption"
        )
    problem = passphrase_problem(given)
    if problem is not None:
        raise UserError(str(problem))
    return given


def _open_encrypted(path: Path, args: argparse.Namespace, **options: Any) -> Desk:
    """Opens an encrypted file with the given passphrase, or asks for it at a terminal."""
    from brokerdesk.services.casefiles import WrongPassphrase, open_case_file

    given = _given_passphrase(args)
    if given is not None:
        return open_case_file(path, secret=given, **options)
    if not sys.stdin.isatty():
        raise UserError(
            f"{path} is encrypted: give its passphrase with --passphrase-file or ${PASSPHRASE_ENV}"
        )
    for attempt in range(PROMPT_TRIES):
        try:
            return open_case_file(path, secret=_prompt(f"Passphrase for {path}: "), **options)
        except WrongPassphrase as exc:
            if attempt == PROMPT_TRIES - 1:
                raise
            print(str(exc.message), file=sys.stderr)  # and another try
    raise AssertionError("unreachable")


def open_desk(path: Path, args: argparse.Namespace, create: bool = False, **options: Any) -> Desk:
    """Creates or opens the case file, with its passphrase when it is (to be) encrypted."""
    from brokerdesk.services.casefiles import create_case_file, open_case_file
    from brokerdesk.services.encryption import is_encrypted

    if create and not path.exists():
        return create_case_file(path, secret=new_passphrase(args, path))
    if is_encrypted(path):
        return _open_encrypted(path, args, **options)
    return open_case_file(path, **options)


def case_file_path(args: argparse.Namespace) -> Path:
    return Path(args.case_file) if args.case_file else default_case_file()


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turns the program's own errors into one clear line."""
    from brokerdesk.content import ContentError

    try:
        yield
    except UserError:
        raise
    except ContentError as exc:
        raise UserError(f"the installation is incomplete: {exc}", 3) from None
    except OSError as exc:
        raise UserError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
    except Exception as exc:
        # The program's own errors carry a translatable message; anything else is a bug.
        message = getattr(exc, "message", None)
        if isinstance(message, Message):
            raise UserError(str(message)) from None
        if getattr(exc, "problems", None) and isinstance(exc, ValueError):
            raise UserError(str(exc)) from None  # an invalid answer lists its problems
        raise


@contextlib.contextmanager
def opened(
    args: argparse.Namespace, create: bool = False, read_only: bool = False
) -> Iterator[Desk]:
    """The case file, open for the command's block.

    Args:
        args: the command's arguments (case file, passphrase options).
        create: make the file when it does not exist.
        read_only: the command only reads (a list, an export, a report): it makes no
            rotating backup (the file is still checked page by page first).
    """
    path = case_file_path(args)
    options = {"backup": False} if read_only else {}
    with user_errors():
        desk = open_desk(path, args, create=create, **options)
        try:
            yield desk
        finally:
            desk.close()


def library() -> Library:
    from brokerdesk.content import Library

    return Library()


def rows_json(rows: Iterable[Any], leaving: str) -> list[dict[str, Any]]:
    """Listing rows (dataclasses) as JSON objects, without the field ``leaving`` (the file's own
    bookkeeping, which says nothing about the case)."""
    return [{k: v for k, v in dataclasses.asdict(row).items() if k != leaving} for row in rows]


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
