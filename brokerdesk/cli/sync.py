"""``brokerdesk enroll`` and ``brokerdesk sync``: connect a case file to a server and sync it.

Exit codes: 0 done, 2 refused (bad address, code, certificate...), 4 server not reachable (the
changes wait for next time), 5 this device was disconnected by the server.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from brokerdesk.cli.common import UserError, add_case_file, library, opened, print_json

if TYPE_CHECKING:  # imported when a command runs, so that --help stays light
    from brokerdesk.services.sync import SyncError

UNREACHABLE = 4
DISCONNECTED = 5


def register(sub: argparse._SubParsersAction) -> None:
    enroll = sub.add_parser("enroll", help="connect a case file to a BrokerDesk server")
    add_case_file(enroll)
    enroll.add_argument("--server", required=True, metavar="URL", help="the server's address")
    enroll.add_argument("--code", required=True, metavar="CODE", help="the one-time enrolment code")
    enroll.add_argument("--device-name", metavar="NAME", help="how the server lists this device")
    enroll.add_argument(
        "--ca-file", metavar="FILE", help="certificate authority file to verify the server with"
    )
    enroll.add_argument("--json", action="store_true", help="print JSON")
    enroll.set_defaults(handler=run_enroll)

    parser = sub.add_parser("sync", help="send and fetch changed cases now")
    add_case_file(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_sync)


def _fail(exc: SyncError) -> UserError:
    from brokerdesk.i18n import render
    from brokerdesk.services import sync

    code = 2
    if isinstance(exc, sync.ServerUnreachable):
        code = UNREACHABLE
    elif isinstance(exc, sync.Disconnected):
        code = DISCONNECTED
    return UserError(render(exc.message), code)


def run_enroll(args: argparse.Namespace) -> int:
    from brokerdesk.services import sync

    with opened(args, create=True) as desk:
        try:
            found = sync.enroll(
                desk, args.server, args.code, device_name=args.device_name, ca_file=args.ca_file
            )
        except sync.SyncError as exc:
            raise _fail(exc) from None
    if args.json:
        print_json(
            {
                "server": found.server,
                "user": found.user,
                "role": found.role,
                "countries": list(found.countries),
                "device": found.device_id,
            }
        )
    else:
        print(
            f"Connected to {found.server} as {found.user} ({found.role}); device {found.device_id}"
        )
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from brokerdesk.services import sync

    with opened(args) as desk:
        try:
            report = sync.sync_now(desk, library())
        except sync.SyncError as exc:
            raise _fail(exc) from None
    if args.json:
        print_json(report.as_json())
        return 0
    print(
        f"pushed {report.pushed}, pulled {report.pulled}, conflicts {report.conflicts}, "
        f"waiting {report.pending}"
    )
    for case_id in sorted(set(report.conflicted)):
        print(f"  conflict recorded in case {case_id}")
    for rejected in report.rejected:
        why = "; ".join(rejected.problems)
        print(f"  not accepted: {rejected.case_id} ({rejected.status}: {why})")
    return 0
