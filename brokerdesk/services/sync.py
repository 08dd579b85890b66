"""Sync use cases: connect a case file to a server, sync it, count what waits, disconnect.

The connection (server address, device token, the account it belongs to) and the feed cursor
live in the case file's settings. ``sync_now`` pulls the change feed, merges what changed on both
sides (``brokerdesk.sync.merge``), and pushes the changed cases in batches until the server has
accepted them or they are listed as rejected. Every step commits on its own, so a sync that is
cut off anywhere loses nothing and is resumed by the next one.

``sync_now`` opens its own unit of work on the case file, so that it can run on a thread of its
own while the UI keeps working on the file; it never touches Qt.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain.case import Case, upcast
from brokerdesk.domain.scoring import score_case
from brokerdesk.domain.text import N_, Message
from brokerdesk.services.casefiles import CONNECTION_KEY as CONNECTION_KEY
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.cases import NotFound, Saved, listing, now_iso
from brokerdesk.services.sync_steps import (
    BATCH_SIZE,
    CURSOR_KEY,
    PAGE_SIZE,
    Rejected,
    Steps,
    SyncReport,
)
from brokerdesk.services.unit_of_work import UnitOfWork
from brokerdesk.sync import client as wire

__all__ = [
    "Connection",
    "Disconnected",
    "NotConnected",
    "Rejected",
    "ServerUnreachable",
    "SyncError",
    "SyncReport",
    "SyncStopped",
    "conflicts",
    "connection",
    "disconnect",
    "enroll",
    "last_sync",
    "pending_changes",
    "settle_conflict",
    "sync_now",
]

LAST_KEY = "sync_last"


class SyncError(Exception):
    """Sync could not be done; ``message`` says why, translatable."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


class NotConnected(SyncError):
    def __init__(self) -> None:
        super().__init__(Message(N_("This case file is not connected to a server.")))


class Disconnected(SyncError):
    """The server no longer accepts this device (revoked, or unknown to it). Data stays."""

    def __init__(self) -> None:
        super().__init__(
            Message(
                N_(
                    "The server disconnected this device. Your cases are kept in this file; "
                    "to sync again, connect with a new enrolment code."
                )
            )
        )


class ServerUnreachable(SyncError):
    """Offline, or the server is down: changes wait for the next sync."""


class SyncStopped(SyncError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Sync was stopped.")))


@dataclass(frozen=True)
class Connection:
    """The server a case file syncs with, as enrolment left it."""

    server: str
    user: str
    role: str
    countries: tuple[str, ...]
    device_id: str
    device_name: str
    enrolled: str
    ca_file: str | None = None
    revoked: str | None = None


ClientFactory = Callable[..., wire.SyncClient]


@contextmanager
def _translated(server: str) -> Iterator[None]:
    """Turns the client's failures into messages a broker can act on."""
    try:
        yield
    except wire.Stopped:
        raise SyncStopped() from None
    except wire.Unauthorized:
        raise Disconnected() from None
    except wire.InvalidServerAddress:
        raise SyncError(
            Message(
                N_("{server} is not a usable server address: it must start with https://."),
                {"server": server},
            )
        ) from None
    except wire.CertificateFailed:
        raise SyncError(
            Message(
                N_(
                    "The certificate of {server} could not be verified. Check the address, or "
                    "set the certificate authority file of your organisation."
                ),
                {"server": server},
            )
        ) from None
    except wire.Unreachable:
        raise ServerUnreachable(
            Message(
                N_("{server} cannot be reached. Your changes are kept and will be sent later."),
                {"server": server},
            )
        ) from None
    except wire.IncompatibleServer:
        raise SyncError(
            Message(
                N_("The server at {server} does not speak this version of BrokerDesk's sync."),
                {"server": server},
            )
        ) from None
    except wire.Refused as exc:
        if exc.code == "enrolment_code_invalid":
            raise SyncError(
                Message(
                    N_(
                        "The enrolment code was not accepted: it is unknown, already used or "
                        "expired. Ask the server operator for a new one."
                    )
                )
            ) from None
        raise SyncError(
            Message(N_("The server refused the request: {reason}"), {"reason": exc.message})
        ) from None


def connection(uow: UnitOfWork) -> Connection | None:
    """The server this case file is connected to, if any."""
    with uow:
        data = uow.settings.get(CONNECTION_KEY)
    if not data:
        return None
    return Connection(
        server=data["server"],
        user=data["user"],
        role=data["role"],
        countries=tuple(data.get("countries") or ()),
        device_id=data["device_id"],
        device_name=data.get("device_name", ""),
        enrolled=data.get("enrolled", ""),
        ca_file=data.get("ca_file"),
        revoked=data.get("revoked"),
    )


def last_sync(uow: UnitOfWork) -> dict[str, Any] | None:
    """When the last sync finished and what it did (as ``SyncReport.as_json``)."""
    with uow:
        value = uow.settings.get(LAST_KEY)
    return value if isinstance(value, dict) else None


def pending_changes(uow: UnitOfWork) -> int:
    """How many cases wait to be pushed."""
    with uow:
        return uow.cases.count_dirty()


def _client(
    factory: ClientFactory | None,
    server: str,
    token: str | None,
    ca_file: str | None,
    **options: Any,
) -> wire.SyncClient:
    make = factory or wire.SyncClient
    return make(server, token, ca_file=ca_file, **options)


@contextmanager
def device_client(
    uow: UnitOfWork,
    data: dict[str, Any],
    client_factory: ClientFactory | None,
    stop: Callable[[], bool],
    options: dict[str, Any],
) -> Iterator[wire.SyncClient]:
    """The HTTP client of this enrolled device, its failures told in words.

    A device the server has revoked is marked so in the file (its cases stay), so that later
    syncs say it at once instead of asking the server again.
    """
    try:
        with (
            _translated(data["server"]),
            _client(
                client_factory,
                data["server"],
                data["token"],
                data.get("ca_file"),
                should_stop=stop,
                **options,
            ) as api,
        ):
            yield api
    except Disconnected:
        with uow:
            uow.settings.set(CONNECTION_KEY, {**data, "revoked": now_iso()})
            uow.commit()
        raise


def enroll(
    target: Desk | UnitOfWork,
    server: str,
    code: str,
    *,
    device_name: str | None = None,
    ca_file: str | None = None,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> Connection:
    """Connects the case file to a server with a one-time enrolment code.

    Raises:
        SyncError: the address, the certificate or the code was refused, or no answer came.
    """
    uow = target.uow if isinstance(target, Desk) else target
    name = device_name or socket.gethostname()
    device_id = str(uuid.uuid4())
    with _translated(server):
        url = wire.check_server_url(server)
        with _client(client_factory, url, None, ca_file, **options) as api:
            answer = api.enrol(code.strip(), device_id, name)
    data = {
        "server": url,
        "token": answer.token,
        "device_id": answer.device_id,
        "device_name": name,
        "user": answer.user.name,
        "role": answer.user.role,
        "countries": answer.user.countries,
        "enrolled": now_iso(),
        "ca_file": ca_file,
    }
    with uow:
        uow.settings.set(CONNECTION_KEY, data)
        uow.settings.set(CURSOR_KEY, 0)  # a new device reads the whole feed once
        uow.commit()
    found = connection(uow)
    assert found is not None
    return found


def disconnect(
    target: Desk | UnitOfWork,
    *,
    tell_server: bool = True,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> None:
    """Forgets the server; with ``tell_server``, revokes this device's token there first.

    The cases stay in the file, changes not yet pushed included. An unreachable server does not
    stop the disconnection.
    """
    uow = target.uow if isinstance(target, Desk) else target
    with uow:
        data = uow.settings.get(CONNECTION_KEY)
    if data and tell_server and not data.get("revoked"):
        try:
            with _client(
                client_factory, data["server"], data["token"], data.get("ca_file"), **options
            ) as api:
                api.disconnect()
        except wire.ClientError:
            pass  # offline or already revoked: forgetting it here is what counts
    with uow:
        uow.settings.set(CONNECTION_KEY, None)
        uow.settings.set(CURSOR_KEY, 0)
        uow.commit()


def sync_now(
    desk: Desk,
    library: Library,
    *,
    should_stop: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
    page_size: int = PAGE_SIZE,
    client_factory: ClientFactory | None = None,
    **options: Any,
) -> SyncReport:
    """Pulls what changed on the server, merges, and pushes what changed here.

    Args:
        desk: the open case file (sync uses a unit of work of its own on it).
        library: the content, to score pulled cases for the case list.
        should_stop: asked between steps; when it answers True, sync stops (``SyncStopped``).
        batch_size: cases per push.
        page_size: cases per page of the change feed.
        client_factory: makes the HTTP client (``SyncClient`` by default).
        options: passed to the client (``timeout``, ``retries``, ``backoff``...).

    Raises:
        NotConnected: the file has no server.
        Disconnected: the server revoked this device (the file keeps its cases).
        ServerUnreachable: offline or the server is down.
        SyncStopped: ``should_stop`` said so.
        SyncError: any other failure, with its reason.
    """
    uow = UnitOfWork(desk.case_file)
    with uow:
        data = uow.settings.get(CONNECTION_KEY)
    if not data:
        raise NotConnected()
    if data.get("revoked"):
        raise Disconnected()
    stop = should_stop or (lambda: False)
    report = SyncReport(started=now_iso())
    steps: type[Steps] = Steps
    if data.get("role") == "coordinator":
        # A coordinator's network file: its reviews merge and go out as a coordinator's must.
        from brokerdesk.services.coordinator import CoordinatorSteps

        steps = CoordinatorSteps
    run = steps(uow, library, report, stop, batch_size, page_size)
    with device_client(uow, data, client_factory, stop, options) as api:
        run.pull(api)
        run.push(api)
    report.finished = now_iso()
    with uow:
        report.pending = uow.cases.count_dirty()
        uow.settings.set(LAST_KEY, report.as_json())
        uow.commit()
    return report


def conflicts(uow: UnitOfWork, case_id: str) -> dict[str, dict[str, Any]]:
    """The conflicts recorded in a case, by id: ``path``, ``local`` (kept), ``remote``, ``at``."""
    with uow:
        stored = uow.cases.get(case_id)
    if stored is None:
        raise NotFound(case_id)
    return dict(stored.doc.get("conflicts") or {})


def settle_conflict(
    uow: UnitOfWork, library: Library, case_id: str, conflict_id: str, *, take_remote: bool
) -> Saved:
    """Settles one conflict: keeps the value the case holds, or takes the other device's.

    Either way the conflict entry goes, and the case waits to be synced.

    Raises:
        NotFound: no such case, or no such conflict in it.
    """
    with uow:
        stored = uow.cases.get(case_id)
        if stored is None:
            raise NotFound(case_id)
        case = Case(upcast(stored.doc))
        entry = case.doc["conflicts"].get(conflict_id)
        if entry is None:
            raise NotFound(conflict_id)
        path = [str(p) for p in entry.get("path") or []]
        deleted = stored.deleted
        if take_remote and path == ["deleted"]:
            deleted = bool(entry.get("remote"))
        elif take_remote and path:
            _put(case.doc, path, entry.get("remote"), bool(entry.get("remote_missing")))
        del case.doc["conflicts"][conflict_id]
        case.touch(now_iso())
        result = score_case(library.instrument(case.instrument_key), case)
        uow.cases.save(case.doc, listing(case, result), deleted=deleted)
        uow.commit()
        return Saved(case, result)


def _put(doc: dict[str, Any], path: list[str], value: Any, missing: bool) -> None:
    target = doc
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    if missing:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
