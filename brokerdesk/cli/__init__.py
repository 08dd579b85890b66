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


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="brokerdesk",
        description="BrokerDesk: SME internationalisation assessments for innovation brokers.",
    )
    parser.add_argument("--version", action="version", version=f"BrokerDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        importlib.import_module(f"brokerdesk.cli.{name}").register(sub)
    return parser


def command_line(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, list[str]]:
    """The parser a command line needs, and the arguments to give it.

    Plain ``brokerdesk`` starts the desktop app, as a double-click would. Starting the app
    (plain, or ``brokerdesk run ...``) builds the app's command only: importing every other
    command's module would hold the window back.
    """
    args = list(argv)
    if not args or args[0] == "run":
        return build_parser(("app",)), args or ["run"]
    return build_parser(), args


def main(argv: Sequence[str] | None = None) -> int:
    parser, arguments = command_line(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(arguments)
    handler = args.handler  # every command has one; plain ``brokerdesk`` is ``brokerdesk run``
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
