"""An encrypted case file is as crash-safe as a plain one: whatever was reported saved survives
a SIGKILL, and the file still opens with its passphrase and passes its page check."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from brokerdesk.content import Library
from brokerdesk.services.casefiles import create_case_file, open_case_file
from brokerdesk.services.cases import create_case, get_case
from tests.store.crash_child import last_saved
from tests.store.test_crash_safety import expected_after

KILLS = 15
SECRET = "Kuressaare 2026"


@pytest.mark.slow
def test_every_reported_answer_survives_sigkills_in_an_encrypted_file(
    tmp_path: Path, library: Library
) -> None:
    desk = create_case_file(tmp_path / "cases.brokerdesk", secret=SECRET)
    path = desk.path
    case_id = create_case(desk.uow, library, company="Saaremaa Kala OÜ", country="EE").case.id
    desk.close()
    rng = random.Random(20261130)
    child = Path(__file__).parent / "crash_child.py"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BROKERDESK_PASSPHRASE": SECRET}
    next_step = 0
    for attempt in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(child), str(path), case_id, str(next_step)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
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

        reopened = open_case_file(path, backup=False, secret=SECRET)  # verifies every page
        try:
            saved = get_case(reopened.uow, case_id).values()
        finally:
            reopened.close()
        candidates = [
            expected_after(library, last_reported),
            expected_after(library, last_reported + 1),
        ]
        assert any(
            all(saved.get(item) == value for item, value in expected.items())
            for expected in candidates
        ), f"attempt {attempt}: lost answers after step {last_reported}"
        next_step = last_reported + 1
