"""What every command shares: the case file option, opening it, and clear errors.

Imports of the heavier layers happen inside the functions: building the parser for ``--help``
or ``--version`` must not load SQLAlchemy, Alembic, reportlab or Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
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
def opened(args: argparse.Namespace, create: bool = False) -> Iterator[Desk]:
    from brokerdesk.services.casefiles import create_case_file, open_case_file

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
    from brokerdesk.content import Library

    return Library()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
