"""The base of the editors of one item's answer, and the lists of countries and languages.

Every editor shows a value (``set_value``, which emits nothing) and emits ``committed`` with the
broker's new value (``None`` clears the answer) when they finish it; input that cannot be read
stays in the field and ``problem`` says why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCollator, QEvent, QLocale, Signal
from PySide6.QtWidgets import QWidget

from brokerdesk.domain.instrument import Item
from brokerdesk.i18n import LOCALES, active
from brokerdesk.ui.choices import PARTNER_COUNTRIES

# Languages offered for "languages in which staff can do business": the EU's official languages,
# the neighbours of the Baltic Sea Region and the large trading languages.
LANGUAGE_CODES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "fi", "sv", "da", "et", "lt", "lv", "cs",
    "sk", "sl", "hr", "hu", "ro", "bg", "el", "ga", "mt", "no", "is", "ru", "uk", "be", "tr",
    "ar", "zh", "ja", "ko", "hi",
)  # fmt: skip
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_UNSET = object()


def collator() -> QCollator:
    language = active().language
    return QCollator(QLocale(LOCALES.get(language, "en_GB")))


def country_codes() -> list[str]:
    """Every ISO 3166 country Babel names (two letters), partner countries first."""
    names = [str(c) for c in active().locale.territories]
    others = [c for c in names if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    order = collator()
    others = [c for c in others if c not in PARTNER_COUNTRIES]
    others.sort(key=lambda c: order.sortKey(active().country(c)))
    return [*PARTNER_COUNTRIES, *others]


class ItemEditor(QWidget):
    """Base: shows a value, emits ``committed`` with a new one and ``problem`` with a Message."""

    committed = Signal(object)
    problem = Signal(object)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._last: Any = _UNSET

    def set_value(self, value: Any) -> None:
        self._last = value
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_context(self, values: dict[str, Any]) -> None:
        """Other answers this editor depends on (the region list follows the country)."""

    def commit_pending(self) -> None:
        """Commits what was typed and not committed yet (before moving on)."""

    def forget(self) -> None:
        """The last commit was refused: the same value may be committed again."""
        self._last = _UNSET

    def focus_target(self) -> QWidget:
        return self

    def set_accessible_name(self, name: str) -> None:
        self.focus_target().setAccessibleName(name)

    def _commit(self, value: Any) -> None:
        if self._last is _UNSET or value != self._last:
            self._last = value
            self.committed.emit(value)

    def retranslate(self) -> None:
        pass

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
