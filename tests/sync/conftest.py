"""Case files of brokers' devices and a real server to sync them with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brokerdesk.services.casefiles import Desk, create_case_file
from tests.server.conftest import database, postgres_url, server  # noqa: F401 - fixtures

DeskFactory = Callable[[str], Desk]


@pytest.fixture
def make_desk(tmp_path: Path) -> Iterator[DeskFactory]:
    """Makes the case file of one device (``laptop``, ``desktop``...), closed at the end."""
    made: list[Desk] = []

    def make(name: str, country: str = "PL") -> Desk:
        desk = create_case_file(
            tmp_path / f"{name}.brokerdesk", broker={"name": f"Broker {name}", "country": country}
        )
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()
