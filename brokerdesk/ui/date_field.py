"""A date typed in the UI language's short form (or as 2026-05-31), or picked from a calendar.

The value is an ISO date text (``YYYY-MM-DD``) or ``None``. What the broker typed stays in the
field when it is not a date, with ``problem`` telling why, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale
from babel.dates import format_date
from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
    QWidgetAction,
)

from brokerdesk.domain.text import N_, Message
from brokerdesk.i18n import _, active

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date_pattern(locale: Locale) -> str:
    """The locale's short date pattern with a four-digit year (no guessing the century)."""
    return re.sub(r"y+", "yyyy", locale.date_formats["short"].pattern)


def format_local_date(value: str | None, locale: Locale | None = None) -> str:
    if not value:
        return ""
    locale = locale or active().locale
    return format_date(
        dt.date.fromisoformat(value[:10]), format=date_pattern(locale), locale=locale
    )


def parse_local_date(text: str, locale: Locale | None = None) -> dt.date:
    """Reads a date typed in the locale's short order (day, month, year...) or as ISO.

    Raises:
        ValueError: the text is not a date.
    """
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    locale = locale or active().locale
    order: list[str] = []
    for letter in re.findall(r"[dMy]", date_pattern(locale)):
        if letter not in order:
            order.append(letter)
    parts = re.findall(r"\d+", text)
    if len(parts) != 3 or len(order) != 3:
        raise ValueError(text)
    fields = dict(zip(order, (int(p) for p in parts), strict=True))
    year = fields["y"] + 2000 if fields["y"] < 100 else fields["y"]
    return dt.date(year, fields["M"], fields["d"])


class DateField(QWidget):
    """A line for a date and a calendar button; ``committed`` gives the ISO text or None."""

    committed = Signal(object)
    problem = Signal(object)  # Message: what was typed is not a date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: str | None = None
        self.line = QLineEdit(self)
        self.button = QPushButton(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        self._menu = menu
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.line.editingFinished.connect(self.commit_pending)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.setFocusProxy(self.line)
        self.retranslate()

    def value(self) -> str | None:
        return self._value

    def set_value(self, value: str | None) -> None:
        self._value = value or None
        self._show()

    def _show(self) -> None:
        try:
            self.line.setText(format_local_date(self._value))
        except ValueError:
            self.line.setText(self._value or "")
        if self._value:
            day = dt.date.fromisoformat(self._value[:10])
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def commit_pending(self) -> None:
        text = self.line.text().strip()
        if not text:
            self._set(None)
            return
        try:
            day = parse_local_date(text)
        except ValueError:
            self.problem.emit(Message(N_("Enter a date.")))
            return
        self._set(day.isoformat())
        self._show()

    def _picked(self, date: QDate) -> None:
        self._menu.close()
        self._set(dt.date(date.year(), date.month(), date.day()).isoformat())
        self._show()

    def _set(self, value: str | None) -> None:
        if value != self._value:
            self._value = value
            self.committed.emit(value)

    def retranslate(self) -> None:
        example = format_local_date(dt.date(2026, 5, 31).isoformat())
        placeholder = _("Date, e.g. {example}").format(example=example)
        self.line.setPlaceholderText(placeholder)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance(placeholder) + 24)
        self.button.setText(_("Calendar"))
        self.button.setToolTip(_("Choose the date from a calendar"))
        self.button.setAccessibleName(_("Choose the date from a calendar"))
        self.calendar.setLocale(self.locale())
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
