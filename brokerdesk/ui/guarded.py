"""Background work whose answer is dropped once the widget that asked for it is gone.

A window can close while its reads and writes are still queued: the work itself always runs
(nothing the broker did is lost), but the answer must not reach a deleted widget or model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from brokerdesk.ui.ops import Operations


def run_for(
    owner: QObject,
    ops: Operations,
    work: Callable[[], Any],
    done: Callable[[Any], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
) -> None:
    """``ops.run(work, done, failed)``, with ``done`` and ``failed`` skipped once ``owner`` is
    deleted. Without ``failed``, an error goes to ``ops.failed`` as usual."""

    def answered(result: Any) -> None:
        if done is not None and shiboken6.isValid(owner):
            done(result)

    def refused(exc: Exception) -> None:
        if failed is not None and shiboken6.isValid(owner):
            failed(exc)

    ops.run(work, answered, refused if failed is not None else None)
