"""The HTTP API of the server (FastAPI). Its OpenAPI document is served at ``/openapi.json``."""

# No "from __future__ import annotations" here: FastAPI reads the dependency annotations of the
# routes, which refer to names local to create_app().

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from brokerdesk import __version__
from brokerdesk.server import accounts, errors
from brokerdesk.server.accounts import AccountError, Principal
from brokerdesk.server.cases import CaseStore
from brokerdesk.server.db import Database
from brokerdesk.server.errors import ApiError, documented
from brokerdesk.server.limits import BodyLimit
from brokerdesk.sync.protocol import (
    DEFAULT_PAGE,
    MAX_PAGE,
    MAX_REQUEST_BYTES,
    PROTOCOL_VERSION,
    AuditEntry,
    DeviceInfo,
    EnrolmentCode,
    EnrolRequest,
    EnrolResponse,
    FeedPage,
    Health,
    Me,
    NewUser,
    PushRequest,
    PushResponse,
    ServerCase,
    UserRecord,
)

T = TypeVar("T")

DESCRIPTION = """\
The central server of BrokerDesk. Devices enrol with a one-time code and then push changed case
documents and pull the change feed. Every request but `/health` and `/v1/enrol` carries the
device token as `Authorization: Bearer ...`. Errors are `{"error": {"code", "message",
"detail"}}` with a stable `code`.
"""


@contextmanager
def _accounts() -> Iterator[None]:
    try:
        yield
    except AccountError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None


def create_app(db: Database) -> FastAPI:
    """The application over one database; the database is migrated by the caller."""
    store = CaseStore(db)
    app = FastAPI(
        title="BrokerDesk server",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.db = db
    app.state.store = store
    errors.install(app)
    app.add_middleware(BodyLimit, limit=MAX_REQUEST_BYTES)
    bearer = HTTPBearer(auto_error=False, description="The device token from enrolment.")

    def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            raise ApiError(
                401, "unauthorized", "Send the device token as 'Authorization: Bearer ...'."
            )
        with db.read() as conn, _accounts():
            who, _last_seen = accounts.authenticate(conn, credentials.credentials)
        return who

    def admin(who: Annotated[Principal, Depends(principal)]) -> Principal:
        if who.user.role != "admin":
            raise ApiError(403, "forbidden", "Only an admin manages accounts.")
        return who

    Who = Annotated[Principal, Depends(principal)]
    Admin = Annotated[Principal, Depends(admin)]

    def writing(work: Callable[[Any], T]) -> T:
        with db.write() as conn, _accounts():
            return work(conn)

    @app.get("/health", response_model=Health, responses=documented(503), tags=["server"])
    def health() -> Health:
        """Whether the server and its database are up."""
        if not db.ping():
            raise ApiError(503, "unavailable", "The database is not reachable.")
        return Health(
            status="ok", version=__version__, protocol=PROTOCOL_VERSION, database=db.label
        )

    @app.post(
        "/v1/enrol",
        response_model=EnrolResponse,
        status_code=201,
        responses=documented(400, 413, 422),
        tags=["devices"],
    )
    def enrol(body: EnrolRequest) -> EnrolResponse:
        """Exchanges a one-time enrolment code for a device token."""
        token, user = writing(
            lambda conn: accounts.enrol(conn, body.code, body.device_id, body.device_name)
        )
        return EnrolResponse(token=token, device_id=body.device_id, user=user.info())

    @app.get("/v1/me", response_model=Me, responses=documented(401), tags=["devices"])
    def me(who: Who) -> Me:
        """The user and device of the token."""
        with db.read() as conn:
            device = accounts.device(conn, who.device_id)
        assert device is not None
        return Me(user=who.user.info(), device=device)

    @app.delete(
        "/v1/device", response_model=DeviceInfo, responses=documented(401), tags=["devices"]
    )
    def disconnect(who: Who) -> DeviceInfo:
        """Revokes the asking device's own token (the device disconnects)."""
        return writing(lambda conn: accounts.revoke_device(conn, who.device_id, who))

    @app.post(
        "/v1/push",
        response_model=PushResponse,
        responses=documented(400, 401, 403, 409, 413, 422),
        tags=["sync"],
    )
    def push(body: PushRequest, who: Who) -> PushResponse:
        """Applies a batch of changed cases; a retried batch (same batch_id) is applied once."""
        return store.push(who, body)

    @app.get(
        "/v1/changes", response_model=FeedPage, responses=documented(401, 403, 422), tags=["sync"]
    )
    def changes(
        who: Who,
        since: Annotated[
            int, Query(ge=0, le=2**62, description="The cursor of the last page.")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    ) -> FeedPage:
        """The change feed after a cursor: the latest revision of each case changed, in order."""
        return store.changes(who, since, limit)

    @app.get(
        "/v1/cases/{case_id}",
        response_model=ServerCase,
        responses=documented(401, 403, 404, 422),
        tags=["sync"],
    )
    def get_case(
        who: Who, case_id: Annotated[str, Path(min_length=1, max_length=64)]
    ) -> ServerCase:
        """One case, as the server holds it."""
        return store.get(who, case_id)

    @app.get(
        "/v1/users",
        response_model=list[UserRecord],
        responses=documented(401, 403),
        tags=["accounts"],
    )
    def users(who: Admin) -> list[UserRecord]:
        with db.read() as conn:
            return accounts.list_users(conn)

    @app.post(
        "/v1/users",
        response_model=EnrolmentCode,
        status_code=201,
        responses=documented(400, 401, 403, 409, 413, 422),
        tags=["accounts"],
    )
    def add_user(body: NewUser, who: Admin) -> EnrolmentCode:
        """Adds a user and gives the first one-time enrolment code."""

        def work(conn: Any) -> EnrolmentCode:
            user = accounts.add_user(conn, body.name, body.role, body.countries)
            code, expires = accounts.issue_code(conn, user)
            return EnrolmentCode(user=user.name, code=code, expires=expires)

        return writing(work)

    @app.post(
        "/v1/users/{name}/codes",
        response_model=EnrolmentCode,
        status_code=201,
        responses=documented(401, 403, 404, 422),
        tags=["accounts"],
    )
    def new_code(
        who: Admin, name: Annotated[str, Path(min_length=1, max_length=100)]
    ) -> EnrolmentCode:
        """A further one-time enrolment code for a user's next device."""

        def work(conn: Any) -> EnrolmentCode:
            user = accounts.find_user(conn, name)
            if user is None:
                raise ApiError(404, "not_found", "There is no such user.")
            code, expires = accounts.issue_code(conn, user)
            return EnrolmentCode(user=user.name, code=code, expires=expires)

        return writing(work)

    @app.get(
        "/v1/devices",
        response_model=list[DeviceInfo],
        responses=documented(401, 403, 422),
        tags=["accounts"],
    )
    def devices(
        who: Admin, user: Annotated[str | None, Query(max_length=100)] = None
    ) -> list[DeviceInfo]:
        with db.read() as conn:
            return accounts.list_devices(conn, user)

    @app.post(
        "/v1/devices/{device_id}/revoke",
        response_model=DeviceInfo,
        responses=documented(401, 403, 404, 422),
        tags=["accounts"],
    )
    def revoke(
        who: Admin, device_id: Annotated[str, Path(min_length=1, max_length=64)]
    ) -> DeviceInfo:
        """Revokes a device: its token gets 401 from then on."""
        return writing(lambda conn: accounts.revoke_device(conn, device_id, who))

    @app.get(
        "/v1/audit",
        response_model=list[AuditEntry],
        responses=documented(401, 403, 422),
        tags=["accounts"],
    )
    def audit(who: Admin, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[AuditEntry]:
        """The newest entries of the audit log: who enrolled, pushed, pulled, revoked, when."""
        with db.read() as conn:
            return accounts.audit_entries(conn, limit)

    return app
