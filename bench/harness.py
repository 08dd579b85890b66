"""Timing helpers shared by the benchmarks.

Every benchmark measures its own baseline in the same run and reports the ratio, so that the
figures say something on any machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]

    def line(self) -> str:
        text = f"{self.name:<58} {self.value:>10.2f} {self.unit}"
        if self.baseline is not None:
            text += f"   baseline {self.baseline:.2f} {self.unit}   ratio {self.ratio:.2f}"
        if self.target:
            text += f"   (target {self.target})"
        return text


def samples(work: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Durations of ``work`` in milliseconds."""
    for _ in range(warmup):
        work()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        out.append((time.perf_counter() - start) * 1000)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def command_ms(
    args: Sequence[str], repeat: int = 5, env: dict[str, str] | None = None
) -> list[float]:
    """Wall-clock durations of a whole command, in milliseconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(list(args), check=True, capture_output=True, env=env)
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(title: str, figures: Sequence[Figure]) -> None:
    print(f"\n== {title}")
    for figure in figures:
        print(figure.line())
    sys.stdout.flush()


def as_json(figures: Sequence[Figure]) -> str:
    return json.dumps([{**asdict(f), "ratio": f.ratio} for f in figures], indent=2)
