"""The ``brokerdesk`` command line. Its command names and JSON fields are a public interface.

Each command group lives in its own module with a ``register(subparsers)`` function. A user
error ends with one clear line on standard error and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from brokerdesk import __version__
from brokerdesk.cli.common import UserError, fail

# Command modules, in the order they appear in --help.
COMMANDS = ("app", "demo", "cases", "report", "sync", "coordinator", "screens", "selftest")


class _Parser(argparse.ArgumentParser):
    """Reports a usage error in one line, like every other user error (sub-parsers inherit it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="brokerdesk",
        description="BrokerDesk: SME internationalisation assessments for innovation brokers.",
    )
    parser.add_argument("--version", action="version", version=f"BrokerDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"brokerdesk.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        # Plain ``brokerdesk`` starts the desktop app, as a double-click would.
        args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
        handler = args.handler
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        return fail(exc.text, exc.code)
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (`brokerdesk cases list | head`): not an error of ours.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0
