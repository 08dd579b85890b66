"""Child process for the crash-safety test: answers items forever, reporting each saved one.

It prints ``saved STEP`` only after the service has returned, that is after the commit: the
parent kills it with SIGKILL at a random moment and then checks the file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from brokerdesk.content import Library
from brokerdesk.services.casefiles import open_case_file
from brokerdesk.services.cases import answer_item


def step_answer(library: Library, step: int) -> tuple[str, int]:
    items = [i.id for d in library.current.dimensions for i in d.items]
    return items[step % len(items)], (step // len(items) + step) % 5


def main() -> None:
    path, case_id, first = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    library = Library()
    # An encrypted file's passphrase comes from the environment, as on the command line.
    desk = open_case_file(path, backup=False, secret=os.environ.get("BROKERDESK_PASSPHRASE"))
    print("ready", flush=True)
    step = first
    while True:
        item, value = step_answer(library, step)
        answer_item(desk.uow, library, case_id, item, value)
        print(f"saved {step}", flush=True)
        step += 1


if __name__ == "__main__":
    main()


def last_saved(stream: IO[str], last: int) -> int:
    """The last step the child reported as saved, counting lines still in the pipe.

    The child runs ahead of the reader: steps it printed before it was killed were reported as
    saved too, even if the parent had not read them yet.
    """
    for line in stream:
        if line.startswith("saved "):
            last = int(line.split()[1])
    return last
