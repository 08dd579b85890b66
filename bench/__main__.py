"""Runs the benchmarks: ``python -m bench`` (all) or ``python -m bench casefile report``."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
from pathlib import Path

import bench
from bench.harness import Figure, report


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    found = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules(bench.__path__)
        if m.name.startswith("bench_")
    )
    names = args.names or found
    results: dict[str, list[dict]] = {}
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        figures: list[Figure] = module.run()
        report(name, figures)
        results[name] = [
            {
                "name": f.name,
                "value": f.value,
                "unit": f.unit,
                "baseline": f.baseline,
                "ratio": f.ratio,
                "target": f.target,
            }
            for f in figures
        ]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
