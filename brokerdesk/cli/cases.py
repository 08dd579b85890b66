"""``brokerdesk cases list|export|import``."""

from __future__ import annotations

import argparse
from pathlib import Path

from brokerdesk.cli.common import (
    UserError,
    add_case_file,
    library,
    opened,
    print_json,
    rows_json,
    user_errors,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cases", help="list, export and import cases")
    commands = parser.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="list the cases")
    add_case_file(listing)
    listing.add_argument("--search", default="", metavar="TEXT", help="full-text search")
    listing.add_argument("--status", action="append", default=[], help="only this status")
    listing.add_argument("--country", action="append", default=[], help="only this country")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)

    export = commands.add_parser("export", help="export cases as JSON documents or a CSV table")
    add_case_file(export)
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    export.set_defaults(handler=run_export)

    imp = commands.add_parser("import", help="import cases from a JSON export")
    add_case_file(imp)
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--replace", action="store_true", help="replace cases already in the file")
    imp.set_defaults(handler=run_import)


def run_list(args: argparse.Namespace) -> int:
    from brokerdesk.services.cases import list_cases
    from brokerdesk.store.reading import CaseQuery

    query = CaseQuery(
        search=args.search,
        statuses=tuple(args.status),
        countries=tuple(c.upper() for c in args.country),
        order_by="company",
        descending=False,
    )
    with opened(args, read_only=True) as desk:
        rows = list_cases(desk.reads, query)
    if args.json:
        print_json(rows_json(rows, leaving="dirty"))
        return 0
    for r in rows:
        readiness = "  —  " if r.readiness is None else f"{r.readiness:5.1f}"
        print(
            f"{r.id[:8]}  {r.country:2}  {r.status:14} {readiness}  "
            f"{r.completeness * 100:4.0f} %  {r.company}"
        )
    print(f"{len(rows)} cases")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from brokerdesk.services import exchange

    with opened(args, read_only=True) as desk, user_errors():
        if args.format == "json":
            data = exchange.export_documents(desk.uow)
            exchange.write_json(data, args.output)
            count = len(data["cases"])
        else:
            rows = exchange.csv_rows(desk.uow, library())
            exchange.write_csv(rows, args.output)
            count = len(rows)
    print(f"{count} cases exported to {args.output}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from brokerdesk.services import exchange

    try:
        docs = exchange.read_export(args.file)
    except exchange.ImportFailed as exc:
        raise UserError(str(exc.message)) from None
    with opened(args, create=True) as desk, user_errors():
        report = exchange.import_documents(desk.uow, library(), docs, replace=args.replace)
    print(
        f"{len(report.imported)} cases imported, {len(report.skipped)} already there "
        "(skipped; --replace to overwrite)"
        if report.skipped
        else f"{len(report.imported)} cases imported"
    )
    return 0
