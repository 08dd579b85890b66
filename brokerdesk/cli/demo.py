"""``brokerdesk demo``: a case file of realistic demo cases."""

from __future__ import annotations

import argparse
import time

from brokerdesk.cli.common import add_case_file, case_file_path, library, opened, user_errors


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="add realistic demo cases to a case file")
    add_case_file(parser)
    parser.add_argument("--cases", type=int, default=50, metavar="N", help="how many (50)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (1)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.cases < 0:
        from brokerdesk.cli.common import UserError

        raise UserError("--cases must be zero or more")
    from brokerdesk.services.demo import generate

    start = time.perf_counter()
    with opened(args, create=True) as desk, user_errors():
        made = generate(desk.uow, library(), args.cases, seed=args.seed)
    print(
        f"{made} demo cases written to {case_file_path(args)} "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0
