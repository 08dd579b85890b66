"""``brokerdesk coordinator``: a coordinator's network file from the command line.

``pull`` fetches the cases of the brokers in scope (enrol the file first with ``brokerdesk
enroll`` and a coordinator's code), ``cases`` lists them with the network filters, ``review``
approves a case or returns it with a comment, ``matches`` suggests cross-border partners and
``decide`` marks a suggestion introduced or dismissed, ``dashboard`` prints the figures and
``export`` writes the cases in view as CSV, XLSX or JSON.

Exit codes as for ``brokerdesk sync``: 0 done, 2 refused, 4 server not reachable (a review waits
in the file for the next pull), 5 this device was disconnected by the server.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brokerdesk.cli.common import (
    UserError,
    add_case_file,
    library,
    opened,
    print_json,
    rows_json,
)

if TYPE_CHECKING:
    from brokerdesk.services.network import NetworkQuery

UNREACHABLE = 4


def _filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("which cases (every option may be repeated)")
    group.add_argument("--country", action="append", default=[], metavar="CC")
    group.add_argument("--broker", action="append", default=[], metavar="NAME")
    group.add_argument("--status", action="append", default=[], metavar="STATUS")
    group.add_argument("--band", action="append", default=[], metavar="BAND")
    group.add_argument("--nace", action="append", default=[], metavar="DIVISION")
    group.add_argument("--review", action="append", default=[], metavar="STATE")
    group.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="opened on or after")
    group.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="opened on or before")
    group.add_argument("--search", default="", metavar="TEXT", help="full-text search")


def _command(
    commands: argparse._SubParsersAction, name: str, help_: str, filters: bool = False
) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_)
    add_case_file(parser)
    if filters:
        _filters(parser)
    return parser


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("coordinator", help="a coordinator's network file: pull, review, match")
    commands = parser.add_subparsers(dest="coordinator_command", metavar="ACTION", required=True)

    pull = _command(commands, "pull", "fetch the cases of the brokers in scope")
    pull.add_argument("--json", action="store_true", help="print JSON")
    pull.set_defaults(handler=run_pull)

    listing = _command(commands, "cases", "list the cases of the network", filters=True)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_cases)

    review = _command(commands, "review", "approve a case, or return it to its broker")
    review.add_argument("case", metavar="CASE", help="the case id, or its first characters")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_const", const="approved", dest="state")
    decision.add_argument("--return", action="store_const", const="returned", dest="state")
    review.add_argument("--comment", default="", metavar="TEXT", help="for the broker")
    review.add_argument("--json", action="store_true", help="print JSON")
    review.set_defaults(handler=run_review)

    matches = _command(commands, "matches", "suggest cross-border partners", filters=True)
    matches.add_argument("--min-score", type=int, default=None, metavar="N", help="0-100")
    matches.add_argument("--per-case", type=int, default=None, metavar="N")
    matches.add_argument("--all", action="store_true", help="also the dismissed suggestions")
    matches.add_argument("--language", default="en", metavar="LANG", help="of the reasons")
    matches.add_argument("--json", action="store_true", help="print JSON")
    matches.set_defaults(handler=run_matches)

    decide = _command(commands, "decide", "mark a suggested pair introduced or dismissed")
    decide.add_argument("pair", metavar="PAIR", help="the pair's key, as `matches` prints it")
    state = decide.add_mutually_exclusive_group(required=True)
    for flag, value in (("--introduced", "introduced"), ("--dismissed", "dismissed")):
        state.add_argument(flag, action="store_const", const=value, dest="decision")
    state.add_argument("--undecided", action="store_const", const="", dest="decision")
    decide.set_defaults(handler=run_decide)

    board = _command(commands, "dashboard", "the network's figures", filters=True)
    board.add_argument("--json", action="store_true", help="print JSON")
    board.set_defaults(handler=run_dashboard)

    export = _command(commands, "export", "write the cases in view to a file", filters=True)
    export.add_argument("--format", choices=("csv", "xlsx", "json"), required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    export.set_defaults(handler=run_export)


def query_of(args: argparse.Namespace, **extra: Any) -> NetworkQuery:
    import datetime as dt

    from brokerdesk.services.network import NetworkQuery

    for day in (args.date_from, args.date_to):
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise UserError(f"{day} is not a date of the form YYYY-MM-DD") from None
    return NetworkQuery(
        countries=tuple(c.upper() for c in args.country),
        brokers=tuple(args.broker),
        statuses=tuple(args.status),
        bands=tuple(args.band),
        divisions=tuple(args.nace),
        reviews=tuple(args.review),
        date_from=args.date_from,
        date_to=args.date_to,
        search=args.search,
        **extra,
    )


def _fail(exc: Exception) -> UserError:
    from brokerdesk.cli.sync import _fail as sync_fail
    from brokerdesk.services.sync import SyncError

    if isinstance(exc, SyncError):
        return sync_fail(exc)
    raise exc


def run_pull(args: argparse.Namespace) -> int:
    from brokerdesk.services import coordinator, sync

    with opened(args) as desk:
        try:
            report = coordinator.pull(desk, library())
        except sync.SyncError as exc:
            raise _fail(exc) from None
    if args.json:
        print_json(report.as_json())
        return 0
    print(f"pulled {report.pulled}, reviews sent {report.pushed}, waiting {report.pending}")
    for rejected in report.rejected:
        print(f"  not sent: {rejected['case']} ({'; '.join(rejected['problems'])})")
    return 0


def run_cases(args: argparse.Namespace) -> int:
    from brokerdesk.services.network import network_rows

    with opened(args) as desk:
        rows = network_rows(desk.uow, query_of(args, order_by="company", descending=False))
    if args.json:
        print_json(rows_json(rows, leaving="waiting"))
        return 0
    for r in rows:
        readiness = "  —  " if r.readiness is None else f"{r.readiness:5.1f}"
        print(
            f"{r.id[:8]}  {r.country:2}  {r.status:14} {readiness}  {r.review:8}  "
            f"{r.company}  ({r.broker})"
        )
    print(f"{len(rows)} cases")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from brokerdesk.services import coordinator, sync
    from brokerdesk.services.cases import resolve_case

    with opened(args) as desk:
        case_id = resolve_case(desk.uow, args.case)
        try:
            result = coordinator.review(desk, library(), case_id, args.state, args.comment)
        except sync.SyncError as exc:
            raise _fail(exc) from None
    if args.json:
        print_json({"case": case_id, "state": args.state, "sent": result.sent})
    elif result.sent:
        print(f"{case_id}: {args.state}, sent to the server")
    else:
        print(
            f"{case_id}: {args.state}, saved; the server cannot be reached, "
            "so it goes with the next pull"
        )
    return 0 if result.sent else UNREACHABLE


def run_matches(args: argparse.Namespace) -> int:
    from brokerdesk.domain import matching
    from brokerdesk.i18n import catalog
    from brokerdesk.services import coordinator

    lib = library()
    tr = catalog(args.language)
    with opened(args) as desk:
        found = coordinator.matches(
            desk.uow,
            query_of(args),
            min_score=matching.MIN_SCORE if args.min_score is None else args.min_score,
            per_case=matching.PER_CASE if args.per_case is None else args.per_case,
            include_dismissed=args.all,
        )
    out: list[dict[str, Any]] = []
    for row in found:
        m = row.match
        out.append(
            {
                "pair": m.key,
                "score": m.score,
                "decision": row.decision,
                "cases": [
                    {"id": p.case_id, "company": p.company, "country": p.country}
                    for p in (m.first, m.second)
                ],
                "reasons": [tr.render(r) for r in coordinator.explain(lib, m)],
            }
        )
    if args.json:
        print_json(out)
        return 0
    for item in out:
        one, two = item["cases"]
        mark = f"  [{item['decision']}]" if item["decision"] else ""
        print(
            f"{item['score']:3d}  {one['company']} ({one['country']}) — "
            f"{two['company']} ({two['country']}){mark}\n     pair {item['pair']}"
        )
        for reason in item["reasons"]:
            print(f"     · {reason}")
    print(f"{len(out)} suggestions")
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from brokerdesk.services import coordinator, sync

    with opened(args) as desk:
        who = sync.connection(desk.uow)
        coordinator.decide_match(
            desk.uow, args.pair, args.decision or None, by=who.user if who else ""
        )
    print(f"{args.pair}: {args.decision or 'undecided'}")
    return 0


def run_dashboard(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from brokerdesk.services.network import dashboard

    with opened(args) as desk:
        board = dashboard(desk.uow, library(), query_of(args))
    data = asdict(board)
    if args.json:
        print_json(data)
        return 0
    print(f"{board.total} cases")
    for title, key in (
        ("by country", "by_country"),
        ("by status", "by_status"),
        ("by band", "by_band"),
        ("readiness by country (mean, cases)", "readiness_by_country"),
        ("most frequent NACE divisions", "top_sectors"),
        ("assessed per month", "assessed_per_month"),
    ):
        print(f"\n{title}:")
        for entry in data[key]:
            label, *figures = entry
            print(f"  {label or '—':14} " + "  ".join(str(f) for f in figures))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from brokerdesk.cli.common import user_errors
    from brokerdesk.services import network_export

    query = query_of(args, order_by="company", descending=False)
    with opened(args) as desk, user_errors():
        count = network_export.export(desk.uow, library(), args.format, args.output, query)
    print(f"{count} cases exported to {args.output}")
    return 0
