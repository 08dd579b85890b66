"""``brokerdesk report CASE -o OUT.pdf``: the client report of a case as a PDF file."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from brokerdesk.cli.common import UserError, add_case_file, library, opened, user_errors

LANGUAGE_CODES = ("en", "pl", "fi", "da", "de", "et", "lt", "lv")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="build the client report of a case as a PDF")
    parser.add_argument("case", metavar="CASE", help="the case id, or a unique start of it")
    add_case_file(parser)
    parser.add_argument(
        "--lang",
        choices=LANGUAGE_CODES,
        default=None,
        metavar="LANG",
        help="report language: " + ", ".join(LANGUAGE_CODES) + " (default: the case's)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="OUT.pdf",
        help="the PDF to write (default: report-<case>-<lang>.pdf here)",
    )
    parser.add_argument(
        "--date",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the report carries (default: today)",
    )
    parser.set_defaults(handler=run)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def run(args: argparse.Namespace) -> int:
    # Imported here so that ``brokerdesk --help`` and the other commands do not load reportlab.
    from brokerdesk.reports.fonts import FontError
    from brokerdesk.services.cases import get_case, resolve_case
    from brokerdesk.services.reports import ReportError, report_language, write_report

    if args.output is not None and args.output.is_dir():
        raise UserError(f"{args.output} is a folder; give the name of the PDF file to write")
    with opened(args, read_only=True) as desk, user_errors():
        case_id = resolve_case(desk.reads, args.case)
        try:
            lang = report_language(args.lang, get_case(desk.reads, case_id).report_language)
            out = args.output or Path(f"report-{case_id[:8]}-{lang}.pdf")
            write_report(desk.reads, library(), case_id, out, language=lang, today=args.date)
        except ReportError as exc:
            raise UserError(str(exc.message)) from None
        except FontError as exc:
            raise UserError(f"the installation is incomplete: {exc}", 3) from None
    print(f"report of case {case_id[:8]} ({lang}) written to {out}")
    return 0
