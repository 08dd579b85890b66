"""``brokerdesk-server``: run the server, manage users and devices.

brokerdesk-server serve [--data-dir DIR | --database-url URL] [--host H] [--port P]
                        [--tls-cert FILE --tls-key FILE]
brokerdesk-server users add NAME --role broker|coordinator|admin [--country CC ...] [--json]
brokerdesk-server users code NAME [--json]
brokerdesk-server users list [--json]
brokerdesk-server devices list [--user NAME] [--json]
brokerdesk-server devices revoke DEVICE [--json]
brokerdesk-server audit [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from brokerdesk import __version__
from brokerdesk.server import accounts
from brokerdesk.server.accounts import AccountError
from brokerdesk.server.db import Database, DatabaseError, default_data_dir, open_database
from brokerdesk.sync.protocol import ROLES

DEFAULT_PORT = 8470


class CommandError(Exception):
    def __init__(self, text: str, code: int = 2) -> None:
        self.text = text
        self.code = code
        super().__init__(text)


def _database_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"folder of the embedded SQLite database (default: {default_data_dir()})",
    )
    where.add_argument(
        "--database-url",
        metavar="URL",
        help="a database address instead, e.g. postgresql+psycopg://user@host/brokerdesk",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brokerdesk-server", description="The central BrokerDesk server."
    )
    parser.add_argument("--version", action="version", version=f"BrokerDesk server {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the server")
    _database_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    serve.add_argument("--tls-cert", type=Path, metavar="FILE", help="TLS certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, metavar="FILE", help="TLS private key (PEM)")
    serve.add_argument(
        "--behind-proxy",
        action="store_true",
        help="allow plain HTTP on a non-loopback address, for a TLS-terminating proxy in front",
    )
    serve.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    serve.set_defaults(handler=run_serve)

    users = sub.add_parser("users", help="add and list users, give enrolment codes")
    user_commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="add a user and print a one-time enrolment code")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--country",
        dest="countries",
        action="extend",
        nargs="+",
        default=[],
        metavar="CC",
        help="country code(s): a broker's country, a coordinator's scope (* for all)",
    )
    add.add_argument("--json", action="store_true", help="print JSON")
    _database_options(add)
    add.set_defaults(handler=run_users_add)
    code = user_commands.add_parser("code", help="a new one-time enrolment code for a user")
    code.add_argument("name", metavar="NAME")
    code.add_argument("--json", action="store_true", help="print JSON")
    _database_options(code)
    code.set_defaults(handler=run_users_code)
    listing = user_commands.add_parser("list", help="list the users")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _database_options(listing)
    listing.set_defaults(handler=run_users_list)

    devices = sub.add_parser("devices", help="list and revoke enrolled devices")
    device_commands = devices.add_subparsers(
        dest="devices_command", metavar="ACTION", required=True
    )
    dlist = device_commands.add_parser("list", help="list the devices")
    dlist.add_argument("--user", metavar="NAME", help="only this user's devices")
    dlist.add_argument("--json", action="store_true", help="print JSON")
    _database_options(dlist)
    dlist.set_defaults(handler=run_devices_list)
    revoke = device_commands.add_parser("revoke", help="revoke a device (a lost laptop)")
    revoke.add_argument("device", metavar="DEVICE", help="the device id, or its first characters")
    revoke.add_argument("--json", action="store_true", help="print JSON")
    _database_options(revoke)
    revoke.set_defaults(handler=run_devices_revoke)

    audit = sub.add_parser("audit", help="show the newest entries of the audit log")
    audit.add_argument("--limit", type=int, default=50, metavar="N")
    audit.add_argument("--json", action="store_true", help="print JSON")
    _database_options(audit)
    audit.set_defaults(handler=run_audit)
    return parser


def _open(args: argparse.Namespace) -> Database:
    try:
        return open_database(data_dir=args.data_dir, database_url=args.database_url)
    except (DatabaseError, SQLAlchemyError, OSError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise CommandError(f"cannot use the database: {reason}", 3) from None


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from brokerdesk.server.app import create_app

    if bool(args.tls_cert) != bool(args.tls_key):
        raise CommandError("give both --tls-cert and --tls-key, or neither")
    tls = bool(args.tls_cert)
    if not tls and not _is_loopback(args.host) and not args.behind_proxy:
        raise CommandError(
            f"refusing plain HTTP on {args.host}: tokens would cross the network unencrypted. "
            "Give --tls-cert and --tls-key, listen on 127.0.0.1, or add --behind-proxy when a "
            "TLS-terminating proxy is in front"
        )
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            raise CommandError(f"there is no file {path}")
    db = _open(args)
    scheme = "https" if tls else "http"
    where = args.database_url or str(args.data_dir or default_data_dir())
    print(
        f"BrokerDesk server {__version__} on {scheme}://{args.host}:{args.port} "
        f"(database: {db.label}, {_safe(where)})",
        flush=True,
    )
    logging.basicConfig(level=args.log_level.upper())
    uvicorn.run(
        create_app(db),
        host=args.host,
        port=args.port,
        ssl_certfile=str(args.tls_cert) if tls else None,
        ssl_keyfile=str(args.tls_key) if tls else None,
        log_level=args.log_level,
        proxy_headers=args.behind_proxy,
    )
    return 0


def _safe(where: str) -> str:
    """A database address without its password, for printing."""
    if "://" not in where:
        return where
    from sqlalchemy.engine import make_url

    return make_url(where).render_as_string(hide_password=True)


def run_users_add(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.write() as conn:
            user = accounts.add_user(conn, args.name, args.role, args.countries)
            code, expires = accounts.issue_code(conn, user)
    finally:
        db.dispose()
    _show_code(args, user, code, expires)
    return 0


def run_users_code(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.write() as conn:
            user = accounts.find_user(conn, args.name)
            if user is None:
                raise CommandError(f"there is no user {args.name!r}")
            code, expires = accounts.issue_code(conn, user)
    finally:
        db.dispose()
    _show_code(args, user, code, expires)
    return 0


def _show_code(args: argparse.Namespace, user: accounts.User, code: str, expires: str) -> None:
    if args.json:
        _print_json(
            {
                "user": user.name,
                "role": user.role,
                "countries": list(user.countries),
                "code": code,
                "expires": expires,
            }
        )
        return
    print(f"User:            {user.name} ({user.role}; {', '.join(user.countries) or '-'})")
    print(f"Enrolment code:  {code}")
    print(f"Valid until:     {expires} (one device, one use)")


def run_users_list(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.read() as conn:
            found = accounts.list_users(conn)
    finally:
        db.dispose()
    if args.json:
        _print_json([u.model_dump() for u in found])
        return 0
    for u in found:
        print(f"{u.name:24} {u.role:12} {','.join(u.countries) or '-':12} {u.devices} devices")
    print(f"{len(found)} users")
    return 0


def run_devices_list(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.read() as conn:
            found = accounts.list_devices(conn, args.user)
    finally:
        db.dispose()
    if args.json:
        _print_json([d.model_dump() for d in found])
        return 0
    for d in found:
        state = f"revoked {d.revoked}" if d.revoked else f"last seen {d.last_seen or '-'}"
        print(f"{d.id}  {d.user:20} {d.name or '-':24} {state}")
    print(f"{len(found)} devices")
    return 0


def run_devices_revoke(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.write() as conn:
            found = accounts.revoke_device(conn, args.device)
    finally:
        db.dispose()
    if args.json:
        _print_json(found.model_dump())
    else:
        print(f"Device {found.id} of {found.user} ({found.name or '-'}) revoked at {found.revoked}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        with db.read() as conn:
            entries = accounts.audit_entries(conn, max(1, args.limit))
    finally:
        db.dispose()
    if args.json:
        _print_json([e.model_dump() for e in entries])
        return 0
    for e in reversed(entries):
        detail = json.dumps(e.detail, ensure_ascii=False)
        if len(detail) > 100:
            detail = detail[:97] + "..."
        print(f"{e.at}  {e.user or '(operator)':16} {e.action:10} {detail}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"brokerdesk-server: error: {exc.text}", file=sys.stderr)
        return exc.code
    except AccountError as exc:
        print(f"brokerdesk-server: error: {exc.message}", file=sys.stderr)
        return 1 if exc.status == 404 else 2
    except KeyboardInterrupt:
        return 130
