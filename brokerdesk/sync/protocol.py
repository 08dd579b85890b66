"""The wire format between BrokerDesk and its server, shared by both sides.

Version 1 of the protocol, under ``/v1``:

- ``POST /v1/enrol`` exchanges a one-time enrolment code for a device token.
- ``POST /v1/push`` sends changed case documents in a batch. Each change names the revision it
  was based on; the server accepts it when that is still the current revision and otherwise
  answers with its current document, for the device to merge and push again. The batch carries an
  idempotency key: a retried batch is applied once and answered as the first time.
- ``GET /v1/changes?since=CURSOR`` reads the change feed in pages, tombstones included. A change
  made by the asking device itself comes back without its document (an "echo").
- ``GET /v1/cases/{id}`` reads one case.

Errors are JSON objects ``{"error": {"code": ..., "message": ...}}`` with a stable ``code``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_BATCH = 500  # changes in one push
MAX_PAGE = 1000  # documents in one page of the change feed
DEFAULT_PAGE = 200
MAX_DOC_BYTES = 2 * 1024 * 1024  # one case document, as JSON
MAX_REQUEST_BYTES = 32 * 1024 * 1024  # one request body

Role = Literal["broker", "coordinator", "admin"]
ROLES: tuple[str, ...] = ("broker", "coordinator", "admin")
ALL_COUNTRIES = "*"  # a coordinator's scope over the whole network

# Stable error codes: clients decide on these, never on the message text.
ERROR_CODES = (
    "bad_request",
    "invalid_request",
    "unauthorized",
    "device_revoked",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "batch_reused",
    "enrolment_code_invalid",
    "payload_too_large",
    "unavailable",
    "internal_error",
)

ChangeStatus = Literal["accepted", "conflict", "forbidden", "invalid"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Model):
    code: str = Field(description="Stable, machine-readable error code.")
    message: str = Field(description="What went wrong, in English.")
    detail: Any = Field(default=None, description="Extra information, such as invalid fields.")


class ErrorBody(_Model):
    error: ErrorDetail


class Health(_Model):
    status: Literal["ok"]
    version: str
    protocol: int
    database: str


class UserInfo(_Model):
    name: str
    role: Role
    countries: list[str]


class EnrolRequest(_Model):
    code: str = Field(min_length=1, max_length=64, description="The one-time enrolment code.")
    device_name: str = Field(default="", max_length=200)
    device_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Made by the device; a retried enrolment with the same id is answered again.",
    )


class EnrolResponse(_Model):
    token: str = Field(description="The device token: send it as 'Authorization: Bearer ...'.")
    device_id: str
    user: UserInfo


class DeviceInfo(_Model):
    id: str
    user: str
    name: str
    created: str
    last_seen: str | None
    revoked: str | None


class Me(_Model):
    user: UserInfo
    device: DeviceInfo


class Change(_Model):
    id: str = Field(min_length=1, max_length=64, description="The case id.")
    base_revision: int = Field(ge=0, le=2**53, description="0 for a case the server never saw.")
    deleted: bool = False
    doc: dict[str, Any] = Field(description="The whole case document.")


class PushRequest(_Model):
    batch_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Idempotency key: a retried batch with the same key is applied once.",
    )
    changes: list[Change] = Field(max_length=MAX_BATCH)


class ServerCase(_Model):
    id: str
    revision: int
    deleted: bool
    owner: str
    country: str
    doc: dict[str, Any]


class ChangeResult(_Model):
    id: str
    status: ChangeStatus
    revision: int = Field(description="The server's revision of the case after this change.")
    current: ServerCase | None = Field(
        default=None, description="On a conflict: the server's current case, to merge with."
    )
    problems: list[str] = Field(default_factory=list)


class PushResponse(_Model):
    batch_id: str
    results: list[ChangeResult]


class FeedEntry(_Model):
    id: str
    revision: int
    seq: int = Field(description="Position in the change feed.")
    deleted: bool
    echo: bool = Field(description="True when the asking device made this change itself.")
    owner: str
    country: str
    doc: dict[str, Any] | None = Field(description="None for an echo.")


class FeedPage(_Model):
    changes: list[FeedEntry]
    cursor: int = Field(description="Pass as 'since' to read on.")
    more: bool = Field(description="True when another page follows at once.")


class NewUser(_Model):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\s/][^/]*$")
    role: Role
    countries: list[str] = Field(default_factory=list, max_length=40)


class EnrolmentCode(_Model):
    user: str
    code: str
    expires: str


class UserRecord(_Model):
    name: str
    role: Role
    countries: list[str]
    created: str
    devices: int


class AuditEntry(_Model):
    id: int
    at: str
    user: str | None
    device: str | None
    action: str
    detail: dict[str, Any]
