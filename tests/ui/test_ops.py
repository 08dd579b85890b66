"""The background queue: in order, answers on the GUI thread, held while a window first paints."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from brokerdesk.ui.ops import Operations


def test_work_queued_while_held_waits_and_then_runs_in_the_order_it_was_queued(
    qtbot: QtBot,
) -> None:
    ops = Operations()
    ran: list[str] = []
    answered: list[str] = []
    ops.hold()
    for name in ("list", "check", "save"):
        ops.run(lambda name=name: ran.append(name) or name, answered.append)
    assert ops.pending == 3
    assert ran == []  # held: nothing started
    ops.release()
    qtbot.waitUntil(lambda: answered == ["list", "check", "save"])
    assert ran == ["list", "check", "save"]
    assert ops.pending == 0


def test_waiting_for_a_held_queue_at_closing_runs_what_it_holds(qtbot: QtBot) -> None:
    ops = Operations()
    saved = threading.Event()
    ops.hold()
    ops.run(saved.set)
    assert ops.wait(5_000)
    assert saved.is_set()  # nothing queued is lost at closing
