"""Telling the broker what went wrong, in the UI language, without blocking the event loop."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, render

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


def describe(exc: BaseException) -> str:
    """The program's own errors carry a translatable message; anything else is a bug."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return render(message)
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list) and all(isinstance(p, Message) for p in problems):
        return "\n".join(render(p) for p in problems)
    return _("BrokerDesk ran into an unexpected problem: {problem}").format(
        problem=str(exc) or type(exc).__name__
    )


def is_expected(exc: BaseException) -> bool:
    """Whether the error is one a user can meet (as opposed to a bug in BrokerDesk)."""
    return isinstance(getattr(exc, "message", None), Message) or hasattr(exc, "problems")


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Shows an error window-modally and returns at once; the box deletes itself when closed."""
    from PySide6.QtWidgets import QMessageBox  # on first use: the start has no box to show

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("BrokerDesk"))
    box.setText(describe(exc))
    box.setTextFormat(Qt.TextFormat.PlainText)
    if not is_expected(exc):
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
