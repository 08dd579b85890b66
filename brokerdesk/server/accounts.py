"""Users, enrolment codes, devices and their tokens.

An operator adds a user and hands over a one-time enrolment code; the app exchanges the code for
a device token. Codes and tokens are random and only their SHA-256 hashes are stored (they are
long random secrets, so a plain hash is as good as a slow one and keeps each request cheap).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from brokerdesk.server.db import now_iso
from brokerdesk.server.tables import audit, devices, enrolment_codes, users
from brokerdesk.sync.protocol import (
    ALL_COUNTRIES,
    ROLES,
    AuditEntry,
    DeviceInfo,
    UserInfo,
    UserRecord,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed by hand
CODE_LENGTH = 12  # 31**12, about 59 bits: out of reach of guessing within its validity
CODE_VALIDITY = dt.timedelta(days=7)
TOKEN_PREFIX = "bdk_"
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class AccountError(Exception):
    """An account operation that cannot be done; ``code`` is the stable error code."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        self.code = code
        self.message = message
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    countries: tuple[str, ...]

    def info(self) -> UserInfo:
        return UserInfo(name=self.name, role=self.role, countries=list(self.countries))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user, through which device."""

    user: User
    device_id: str
    device_name: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def check_countries(role: str, countries: list[str]) -> tuple[str, ...]:
    """Country codes upper-cased and checked; a coordinator needs a scope."""
    out: list[str] = []
    for country in countries:
        code = country.strip().upper()
        if code != ALL_COUNTRIES and not _COUNTRY.match(code):
            raise AccountError(
                "invalid_request", f"{country!r} is not a two-letter country code (or *)"
            )
        if code not in out:
            out.append(code)
    if role == "coordinator" and not out:
        raise AccountError(
            "invalid_request", "a coordinator needs at least one country (or * for all)"
        )
    if role == "broker" and ALL_COUNTRIES in out:
        raise AccountError("invalid_request", "a broker belongs to countries, not to all (*)")
    return tuple(out)


def _user(row: Any) -> User:
    countries = tuple(c for c in str(row.countries).split(",") if c)
    return User(int(row.id), str(row.name), str(row.role), countries)


def find_user(conn: Connection, name: str) -> User | None:
    row = conn.execute(select(users).where(users.c.name == name)).first()
    return _user(row) if row else None


def user_by_id(conn: Connection, user_id: int) -> User:
    return _user(conn.execute(select(users).where(users.c.id == user_id)).one())


def add_user(conn: Connection, name: str, role: str, countries: list[str]) -> User:
    name = name.strip()
    if not name or "/" in name or len(name) > 100:
        raise AccountError("invalid_request", "a user name is 1 to 100 characters, without '/'")
    if role not in ROLES:
        raise AccountError("invalid_request", f"the role is one of {', '.join(ROLES)}")
    scope = check_countries(role, countries)
    if find_user(conn, name) is not None:
        raise AccountError("conflict", f"there is already a user {name!r}", 409)
    conn.execute(
        insert(users).values(name=name, role=role, countries=",".join(scope), created=now_iso())
    )
    user = find_user(conn, name)
    assert user is not None
    record(conn, None, "user_add", {"user": name, "role": role, "countries": list(scope)})
    return user


def issue_code(
    conn: Connection, user: User, validity: dt.timedelta = CODE_VALIDITY
) -> tuple[str, str]:
    """A new one-time enrolment code for a user, and when it expires."""
    code = new_code()
    moment = dt.datetime.now(dt.UTC)
    expires = now_iso(moment + validity)
    conn.execute(
        insert(enrolment_codes).values(
            code_hash=digest(normalise_code(code)),
            user_id=user.id,
            created=now_iso(moment),
            expires=expires,
        )
    )
    record(conn, None, "code_issue", {"user": user.name, "expires": expires})
    return code, expires


def list_users(conn: Connection) -> list[UserRecord]:
    active = (
        select(devices.c.user_id, func.count().label("n"))
        .where(devices.c.revoked.is_(None))
        .group_by(devices.c.user_id)
        .subquery()
    )
    rows = conn.execute(
        select(users, func.coalesce(active.c.n, 0).label("devices"))
        .outerjoin(active, active.c.user_id == users.c.id)
        .order_by(users.c.name)
    )
    return [
        UserRecord(
            name=r.name,
            role=r.role,
            countries=[c for c in r.countries.split(",") if c],
            created=r.created,
            devices=int(r.devices),
        )
        for r in rows
    ]


def enrol(conn: Connection, code: str, device_id: str, device_name: str) -> tuple[str, User]:
    """Spends an enrolment code on a new device and returns the device's token.

    A retry by the same device (its answer was lost on the way) is answered with a fresh token
    for that device, and the first token stops working.

    Raises:
        AccountError: the code is unknown, used by another device, or expired.
    """
    invalid = AccountError(
        "enrolment_code_invalid",
        "This enrolment code is unknown, already used or expired. Ask for a new one.",
        400,
    )
    row = conn.execute(
        select(enrolment_codes)
        .where(enrolment_codes.c.code_hash == digest(normalise_code(code)))
        .with_for_update()
    ).first()
    if row is None:
        raise invalid
    token = new_token()
    now = now_iso()
    user = user_by_id(conn, row.user_id)
    if row.used is not None:
        if row.device_id != device_id:
            raise invalid
        retry = conn.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.revoked.is_(None))
            .values(token_hash=digest(token), last_seen=now)
        )
        if not retry.rowcount:
            raise invalid
        record(conn, user.name, "enrol", {"device": device_id, "retry": True}, device_id)
        return token, user
    if row.expires < now:
        raise invalid
    if conn.execute(select(devices.c.id).where(devices.c.id == device_id)).first():
        raise invalid
    conn.execute(
        update(enrolment_codes)
        .where(enrolment_codes.c.code_hash == row.code_hash)
        .values(used=now, device_id=device_id)
    )
    conn.execute(
        insert(devices).values(
            id=device_id,
            user_id=row.user_id,
            name=device_name.strip()[:200],
            token_hash=digest(token),
            created=now,
            last_seen=now,
        )
    )
    record(conn, user.name, "enrol", {"device": device_id, "name": device_name}, device_id)
    return token, user


def authenticate(conn: Connection, token: str) -> tuple[Principal, str | None]:
    """The device and user a token belongs to, and when the device was last seen.

    Raises:
        AccountError: no such token (401 unauthorized) or the device was revoked
            (401 device_revoked).
    """
    row = conn.execute(
        select(
            devices.c.id,
            devices.c.name,
            devices.c.revoked,
            devices.c.last_seen,
            users.c.id.label("user_id"),
            users.c.name.label("user_name"),
            users.c.role,
            users.c.countries,
        )
        .join(users, users.c.id == devices.c.user_id)
        .where(devices.c.token_hash == digest(token))
    ).first()
    if row is None:
        raise AccountError("unauthorized", "This device is not known to the server.", 401)
    if row.revoked is not None:
        raise AccountError("device_revoked", "This device was disconnected from the server.", 401)
    countries = tuple(c for c in row.countries.split(",") if c)
    user = User(row.user_id, row.user_name, row.role, countries)
    return Principal(user, row.id, row.name), row.last_seen


def touch_device(conn: Connection, device_id: str) -> None:
    conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen=now_iso()))


def _device(row: Any) -> DeviceInfo:
    return DeviceInfo(
        id=row.id,
        user=row.user_name,
        name=row.name,
        created=row.created,
        last_seen=row.last_seen,
        revoked=row.revoked,
    )


def _devices_query() -> Any:
    return select(
        devices.c.id,
        devices.c.name,
        devices.c.created,
        devices.c.last_seen,
        devices.c.revoked,
        users.c.name.label("user_name"),
    ).join(users, users.c.id == devices.c.user_id)


def list_devices(conn: Connection, user_name: str | None = None) -> list[DeviceInfo]:
    stmt = _devices_query().order_by(users.c.name, devices.c.created)
    if user_name is not None:
        stmt = stmt.where(users.c.name == user_name)
    return [_device(r) for r in conn.execute(stmt)]


def device(conn: Connection, device_id: str) -> DeviceInfo | None:
    row = conn.execute(_devices_query().where(devices.c.id == device_id)).first()
    return _device(row) if row else None


def revoke_device(conn: Connection, reference: str, by: Principal | None = None) -> DeviceInfo:
    """Revokes a device by its id or an unambiguous start of it (at least 6 characters).

    Raises:
        AccountError: no device, or more than one, matches.
    """
    reference = reference.strip()
    exact = conn.execute(select(devices.c.id).where(devices.c.id == reference)).first()
    if exact:
        matches = [exact.id]
    elif len(reference) >= 6:
        escaped = reference.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        matches = [
            r.id
            for r in conn.execute(
                select(devices.c.id).where(devices.c.id.like(f"{escaped}%", escape="\\")).limit(2)
            )
        ]
    else:
        matches = []
    if len(matches) != 1:
        raise AccountError(
            "not_found",
            f"no device matches {reference!r}"
            if not matches
            else f"more than one device starts with {reference!r}",
            404,
        )
    conn.execute(
        update(devices)
        .where(devices.c.id == matches[0], devices.c.revoked.is_(None))
        .values(revoked=now_iso())
    )
    found = device(conn, matches[0])
    assert found is not None
    record(
        conn,
        by.user.name if by else None,
        "revoke",
        {"device": found.id, "user": found.user},
        by.device_id if by else None,
    )
    return found


def record(
    conn: Connection,
    user_name: str | None,
    action: str,
    detail: dict[str, Any],
    device_id: str | None = None,
) -> None:
    """Adds an entry to the audit log (in the caller's transaction: it commits with the act)."""
    conn.execute(
        insert(audit).values(
            at=now_iso(),
            user_name=user_name,
            device_id=device_id,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, separators=(",", ":")),
        )
    )


def audit_entries(conn: Connection, limit: int = 100) -> list[AuditEntry]:
    """The newest entries of the audit log, newest first."""
    rows = conn.execute(select(audit).order_by(audit.c.id.desc()).limit(limit))
    return [
        AuditEntry(
            id=r.id,
            at=r.at,
            user=r.user_name,
            device=r.device_id,
            action=r.action,
            detail=json.loads(r.detail),
        )
        for r in rows
    ]
