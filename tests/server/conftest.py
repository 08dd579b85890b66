"""A real server on a loopback port, over SQLite or PostgreSQL, with users and enrolled devices."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text, update

from brokerdesk.server.app import create_app
from brokerdesk.server.db import Database, open_database
from brokerdesk.server.runner import ThreadedServer, postgres_available, scratch_postgres
from brokerdesk.server.tables import feed
from tests.server.helpers import Server

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One fresh PostgreSQL database for the session, dropped at its end."""
    if not postgres_available():
        if os.environ.get("BROKERDESK_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    with scratch_postgres("brokerdesk_test") as url:
        db = Database(url)
        db.upgrade()
        db.dispose()
        yield url


def empty_postgres(url: str) -> Database:
    db = Database(url)
    with db.write() as conn:
        conn.execute(
            text(
                "TRUNCATE audit, batches, cases, devices, enrolment_codes, users "
                "RESTART IDENTITY CASCADE"
            )
        )
        conn.execute(update(feed).values(position=0))
    return db


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = open_database(data_dir=tmp_path / "server-data")
    else:
        db = empty_postgres(request.getfixturevalue("postgres_url"))
    yield db
    db.dispose()


@pytest.fixture
def server(database: Database) -> Iterator[Server]:
    with ThreadedServer(create_app(database)) as running:
        found = Server(running.url, database)
        yield found
        for http in found.clients:
            http.close()
