"""Whatever the program reported as saved survives a SIGKILL, and the file stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, open_case_file
from brokerdesk.services.cases import create_case, get_case

sys.path.insert(0, str(Path(__file__).parent))
from crash_child import last_saved, step_answer

KILLS = 50


def expected_after(library: Library, last_step: int) -> dict[str, int]:
    answers: dict[str, int] = {}
    for step in range(last_step + 1):
        item, value = step_answer(library, step)
        answers[item] = value
    return answers


@pytest.mark.slow
def test_every_reported_answer_survives_fifty_sigkills(desk: Desk, library: Library) -> None:
    path = desk.path
    case_id = create_case(desk.uow, library, company="Žuraw Sp. z o.o.", country="PL").case.id
    desk.close()
    rng = random.Random(20261129)
    child = Path(__file__).parent / "crash_child.py"
    next_step = 0
    for attempt in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(child), str(path), case_id, str(next_step)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        last_reported = next_step - 1
        for _ in range(rng.randint(1, 60)):
            line = proc.stdout.readline()
            assert line.startswith("saved "), line
            last_reported = int(line.split()[1])
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        last_reported = last_saved(proc.stdout, last_reported)
        proc.stdout.close()

        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok", attempt
        reopened = open_case_file(path, backup=False)
        try:
            saved = get_case(reopened.uow, case_id).values()
        finally:
            reopened.close()
        # The child may have committed one more answer after its last report.
        candidates = [
            expected_after(library, last_reported),
            expected_after(library, last_reported + 1),
        ]
        found = {item: saved.get(item) for item in candidates[1]}
        assert any(
            all(saved.get(item) == value for item, value in expected.items())
            for expected in candidates
        ), f"attempt {attempt}: lost answers after step {last_reported}: {found}"
        next_step = last_reported + 1  # redoing a step that may have landed is harmless
