"""How long compiling the catalogs takes, above all when nothing changed (every ``make setup``).

Figures, each against a baseline measured in the same run:
- the whole ``compile`` command when every ``.mo`` is up to date, against starting Python and
  importing ``brokerdesk.i18n`` (what any command pays);
- compiling all seven catalogs from scratch, against the up-to-date check, in-process.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench.harness import Figure, command_ms, median, samples
from brokerdesk.i18n.tools import (
    TARGETS,
    compile_catalogs,
    default_folder,
    extract,
    po_path,
    update,
)


def _catalogs(folder: Path) -> None:
    """The current catalogs in a folder of their own (made from the sources if there are none)."""
    source = default_folder()
    if all(po_path(source, lang).exists() for lang in TARGETS):
        for language in TARGETS:
            target = po_path(folder, language)
            target.parent.mkdir(parents=True)
            shutil.copy(po_path(source, language), target)
    else:
        extract(folder)
        update(folder)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _catalogs(folder)
        compile_catalogs(folder)
        python = sys.executable
        idle: list[float] = []
        noop: list[float] = []
        for _ in range(10):  # interleaved, so that a busy moment hits both alike
            idle += command_ms([python, "-c", "import brokerdesk.i18n"], repeat=1)
            noop += command_ms(
                [python, "-m", "brokerdesk.i18n.tools", "--folder", str(folder), "compile"],
                repeat=1,
            )
        check = samples(lambda: compile_catalogs(folder), repeat=20)
        full = samples(lambda: compile_catalogs(folder, force=True), repeat=5, warmup=1)
    return [
        Figure(
            "compile command, all .mo up to date",
            median(noop),
            "ms",
            baseline=median(idle),
            target="within 50 ms of the import baseline",
        ),
        Figure(
            "compile all seven catalogs from scratch (in-process)",
            median(full),
            "ms",
            baseline=median(check),
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
