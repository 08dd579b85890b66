"""Property-based fuzzing of the published OpenAPI: no input makes the server fail (5xx), and
every answer matches the schema it publishes. Valid and invalid requests, a bounded number of
examples per operation (about ten seconds in all)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from brokerdesk.server import accounts
from brokerdesk.server.app import create_app
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ThreadedServer
from tests.server.helpers import case_doc

ADMIN_PATHS = ("/v1/users", "/v1/devices", "/v1/audit")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Fuzzed:
    url: str
    db: Database
    broker: str
    admin: str

    def token(self, role: str, countries: list[str]) -> str:
        import uuid

        with self.db.write() as conn:
            name = f"{role}-{uuid.uuid4().hex[:8]}"
            user = accounts.add_user(conn, name, role, countries)
            code, _ = accounts.issue_code(conn, user)
            return accounts.enrol(conn, code, str(uuid.uuid4()), name)[0]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    db = open_database(data_dir=tmp_path_factory.mktemp("fuzz"))
    with ThreadedServer(create_app(db)) as running:
        found = Fuzzed(running.url, db, "", "")
        found.broker = found.token("broker", ["PL"])
        found.admin = found.token("admin", [])
        import httpx

        httpx.post(  # one case, so that reads and pushes meet real data too
            f"{running.url}/v1/push",
            headers={"Authorization": f"Bearer {found.broker}"},
            json={
                "batch_id": "fuzz-seed-0001",
                "changes": [{"id": "case-1", "base_revision": 0, "doc": case_doc("case-1")}],
            },
        ).raise_for_status()
        yield found
    db.dispose()


def operations() -> list[tuple[str, str]]:
    """Every operation the API publishes (read from the app, no server needed)."""
    paths = create_app(Database("sqlite://")).openapi()["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


@pytest.fixture(scope="module")
def api_schema(fuzzed: Fuzzed) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{fuzzed.url}/openapi.json")


@pytest.mark.parametrize(("method", "path"), operations())
def test_no_request_makes_the_server_fail_and_every_answer_matches_the_schema(
    method: str, path: str, api_schema: schemathesis.BaseSchema, fuzzed: Fuzzed
) -> None:
    operation = api_schema[path][method]
    if method == "DELETE":
        token = fuzzed.token("broker", ["PL"])  # a device of its own to disconnect
    elif path.startswith(ADMIN_PATHS):
        token = fuzzed.admin
    else:
        token = fuzzed.broker

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(
        case=st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
    )
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    check()
