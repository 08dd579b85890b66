"""Turning a form read-only without making it unreadable.

Disabling a whole page would grey it out and stop its scroll areas; instead every editor inside
is made read-only (texts, numbers, dates) or disabled (choices and buttons), while lists, scroll
areas and the buttons that only move around stay as they are. A page that builds widgets later
is walked again by calling ``make_read_only`` once more.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)


def make_read_only(root: QWidget, keep: Iterable[QWidget] = ()) -> None:
    """Makes every editor under ``root`` read-only, except the widgets in ``keep``."""
    kept = set(keep)
    for widget in root.findChildren(QWidget):
        if widget in kept or isinstance(widget.parent(), QTabBar):
            continue  # navigation, and a tab bar's own scroll arrows
        if isinstance(widget, QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit):
            widget.setReadOnly(True)
        elif isinstance(widget, QComboBox | QAbstractButton | QSlider):
            widget.setEnabled(False)
