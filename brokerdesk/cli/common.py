"""What every command shares: the case file option, opening it, and clear errors."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brokerdesk.content import ContentError, Library
from brokerdesk.domain.case import CaseError
from brokerdesk.paths import default_case_file
from brokerdesk.services.casefiles import Desk, create_case_file, open_case_file
from brokerdesk.services.cases import InvalidAnswer, NotFound
from brokerdesk.services.exchange import ImportFailed
from brokerdesk.store.casefile import CaseFileError


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


def case_file_path(args: argparse.Namespace) -> Path:
    return Path(args.case_file) if args.case_file else default_case_file()


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turns the program's own errors into one clear line."""
    try:
        yield
    except (CaseFileError, CaseError, NotFound, ImportFailed) as exc:
        raise UserError(str(exc.message)) from None
    except InvalidAnswer as exc:
        raise UserError(str(exc)) from None
    except ContentError as exc:
        raise UserError(f"the installation is incomplete: {exc}", 3) from None
    except OSError as exc:
        raise UserError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None


@contextlib.contextmanager
def opened(args: argparse.Namespace, create: bool = False) -> Iterator[Desk]:
    path = case_file_path(args)
    with user_errors():
        if create and not path.exists():
            desk = create_case_file(path)
        else:
            desk = open_case_file(path)
        try:
            yield desk
        finally:
            desk.close()


def library() -> Library:
    return Library()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
