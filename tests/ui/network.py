"""Helpers of the coordinator's UI tests: a network file as a pull leaves it, with its queue.

The file is enrolled with a coordinator's account whose server is not running: the widgets under
test read and write the file; sending is the sync's business (tests/services, tests/server).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.server.runner import free_port
from brokerdesk.services.casefiles import create_case_file, get_settings
from brokerdesk.services.demo import generate
from brokerdesk.services.sync_steps import listing_of
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.ops import Operations

CASES = 60


def make_network_file(path: Path, library: Library, cases: int = CASES) -> Path:
    """Demo cases of the seven countries stored clean, as a pull stores them; every case with a
    partner search shares its profile, so that there are matches."""
    desk = create_case_file(path, broker={"name": "Mette Sørensen"})
    try:
        generate(desk.uow, library, cases, seed=21)
        with desk.uow as uow:
            docs = list(uow.cases.documents())
            for doc in docs:
                if "cooperation_types" in doc["answers"] and "direction" in doc["answers"]:
                    doc["answers"]["share_in_network"] = {"value": "yes", "at": doc["updated"]}
                uow.cases.save(doc, listing_of(library, doc), dirty=False, revision=1, base=doc)
            uow.settings.set(
                "sync_server",
                {
                    "server": f"http://127.0.0.1:{free_port()}",
                    "token": "not-used",
                    "device_id": "network-device",
                    "device_name": "test",
                    "user": "mette",
                    "role": "coordinator",
                    "countries": ["*"],
                    "enrolled": "2026-01-01T00:00:00.000Z",
                },
            )
            uow.commit()
    finally:
        desk.close()
    return path


@pytest.fixture
def network_ctx(tmp_path: Path, library: Library) -> Iterator[AppContext]:
    """An open network file with its background queue, drained before it closes."""
    from brokerdesk.services.casefiles import open_case_file

    path = make_network_file(tmp_path / "network.brokerdesk", library)
    ctx = AppContext(open_case_file(path, backup=False), library, Operations())
    yield ctx
    ctx.ops.wait()
    ctx.desk.close()


def settle(qtbot: QtBot, ctx: AppContext) -> None:
    """Waits until the queued work has run and its answers have arrived."""
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=20_000)


def settings_of(ctx: AppContext) -> dict:
    return get_settings(ctx.uow)
