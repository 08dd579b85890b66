"""The case view: opening a finished case, and a level key in the interview.

- Open: a case view on the most complete of 50 demo cases, from construction until every page
  shows the case, against a bare tab widget with six empty pages shown the same way.
- Key: a level key (0–4) pressed on the interview until the screen has redrawn (the answer is
  on its way to the file), against a label given new text and redrawn. Target: median ≤ 50 ms,
  so that a broker never waits for the screen.
- Saved: the same key until the answer is committed to the case file (autosave latency).

Everything runs in a fresh process (``bench.case_view_probe``), offscreen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Figure, median, percentile

ROOT = Path(__file__).resolve().parent.parent
CASES = 50


def _demo_file() -> Path:
    path = Path(tempfile.gettempdir()) / "bench-case-view.brokerdesk"
    if not path.exists():
        from brokerdesk.content import Library
        from brokerdesk.services.casefiles import create_case_file
        from brokerdesk.services.demo import generate

        desk = create_case_file(path, broker={"name": "Bench Broker", "country": "FI"})
        generate(desk.uow, Library(), CASES)
        desk.close()
    return path


def run() -> list[Figure]:
    # Bytecode is written and read as an installed program has it (a shell may disable it).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.case_view_probe", str(_demo_file())],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    data: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        Figure(
            "open a finished case (median)",
            median(data["open"]),
            "ms",
            baseline=median(data["baseline_open"]),
        ),
        Figure(
            "level key to redrawn interview (median)",
            median(data["key"]),
            "ms",
            baseline=median(data["baseline_key"]),
            target="≤ 50 ms",
        ),
        Figure(
            "level key to redrawn interview (95th percentile)",
            percentile(data["key"], 95),
            "ms",
            target="≤ 50 ms",
        ),
        Figure("level key to answer committed to the file (median)", median(data["saved"]), "ms"),
    ]
