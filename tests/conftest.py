"""Fixtures shared across the test suite: the content library and fresh case files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, create_case_file


@pytest.fixture(scope="session")
def library() -> Library:
    return Library()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A fresh, empty case file in a temporary folder."""
    desk = create_case_file(
        tmp_path / "cases.brokerdesk", broker={"name": "Test Broker", "country": "PL"}
    )
    yield desk
    desk.close()
