"""The desktop bundle: its size, and its start to the main window against the start from source.

Both starts open the same 10,000-case file with ``brokerdesk run --exit-when-shown`` (the window
shows the first page of its case list, then closes), alternated in the same run. The bundle is
built with ``make bundle`` first when ``dist/BrokerDesk`` is missing. Targets: at most 200 MB on
disk, start at most 1.3 times the start from source.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, median

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "BrokerDesk"
PROGRAM = BUNDLE / ("BrokerDesk.exe" if sys.platform == "win32" else "BrokerDesk")
CASES = 10_000
ROUNDS = 7


def _size_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1_000_000


def _start_ms(command: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "shown":
            elapsed = (time.perf_counter() - begin) * 1000
            break
    else:
        raise RuntimeError(f"{command[0]} ended without showing its window")
    process.wait(timeout=60)
    return elapsed


def run() -> list[Figure]:
    if not PROGRAM.exists():
        subprocess.run(["make", "bundle"], cwd=ROOT, check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as folder:
        case_file = Path(folder) / "bench.brokerdesk"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "brokerdesk",
                "demo",
                "--case-file",
                str(case_file),
                "--cases",
                str(CASES),
                "--no-encryption",
            ],
            check=True,
            capture_output=True,
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": folder}
        args = ["run", "--case-file", str(case_file), "--exit-when-shown"]
        source, bundled = [], []
        for _ in range(ROUNDS):
            source.append(_start_ms([sys.executable, "-m", "brokerdesk", *args], env))
            bundled.append(_start_ms([str(PROGRAM), *args], env))
    return [
        Figure("bundle size on disk", _size_mb(BUNDLE), "MB", None, "≤ 200 MB"),
        Figure(
            f"start to the main window ({CASES} cases), bundled, median",
            median(bundled),
            "ms",
            median(source),
            "ratio ≤ 1.3 (baseline: from source)",
        ),
    ]
