"""``brokerdesk run`` (or plain ``brokerdesk``): the desktop app."""

from __future__ import annotations

import argparse

from brokerdesk.cli.common import add_case_file


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="start the desktop app (the default)")
    add_case_file(parser)
    parser.add_argument("--lang", default=None, help="UI language for this session")
    parser.add_argument(
        "--exit-when-shown",
        action="store_true",
        help="close once the window shows its case list (smoke tests, start-up benchmarks)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from brokerdesk.ui.app import run_app  # Qt only when the app is wanted

    return run_app(
        case_file=args.case_file, language=args.lang, exit_when_shown=args.exit_when_shown
    )
