"""Editors for the answer to one instrument item, one class per kind of answer.

``make_editor`` gives the editor for an item's kind; the base class is in ``item_editor``.

Every editor shows a value (``set_value``, which emits nothing) and emits ``committed`` with the
broker's new value (``None`` clears the answer) when they finish it: at once for choices, when
leaving the field or pressing Enter for typed text. Input that cannot be read (a word in a number
field) stays in the field and ``problem`` says why. Scale items are not edited here: the
interview shows their levels as cards.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.content import Library
from brokerdesk.domain.instrument import Item
from brokerdesk.domain.text import N_, Message
from brokerdesk.i18n import _, active
from brokerdesk.ui.check_list_editor import CheckListEditor
from brokerdesk.ui.choices import PARTNER_COUNTRIES
from brokerdesk.ui.date_field import DateField
from brokerdesk.ui.form_parts import TextBox, WrapLabel, muted, tr
from brokerdesk.ui.item_editor import _UNSET, ItemEditor, country_codes
from brokerdesk.ui.level_card import LevelChooser
from brokerdesk.ui.nace_picker import NacePicker


class TextEditor(ItemEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line: QLineEdit | None = None
        self.text: TextBox | None = None
        if item.multiline:
            self.text = TextBox(self, lines=5)
            self.text.left.connect(self.commit_pending)
            layout.addWidget(self.text)
        else:
            self.line = QLineEdit(self)
            self.line.editingFinished.connect(self.commit_pending)
            layout.addWidget(self.line)
        self.setFocusProxy(self.focus_target())

    def focus_target(self) -> QWidget:
        return self.text if self.text is not None else self.line  # type: ignore[return-value]

    def show_value(self, value: Any) -> None:
        shown = str(value or "")
        if self.text is not None and self.text.toPlainText() != shown:
            self.text.setPlainText(shown)
        elif self.line is not None and self.line.text() != shown:
            self.line.setText(shown)

    def current(self) -> str:
        if self.text is not None:
            return self.text.toPlainText()
        return self.line.text() if self.line is not None else ""

    def commit_pending(self) -> None:
        text = self.current().strip()
        self._commit(text or None)


def _number_pattern(item: Item) -> str:
    return "0.##" if item.unit == "year" else "#,##0.##"


def parse_number(text: str) -> float | int:
    """Reads a number typed in the UI language's conventions (or with a plain dot).

    Raises:
        ValueError: it is not a number.
    """
    compact = "".join(text.split()).replace("\u202f", "").replace("\u00a0", "")
    try:
        number = parse_decimal(compact, locale=active().locale, strict=False)
    except (NumberFormatError, InvalidOperation):
        try:
            number = Decimal(compact.replace(",", "."))
        except InvalidOperation:
            raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return int(number) if number == number.to_integral_value() else float(number)


class NumberEditor(ItemEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.line = QLineEdit(self)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 22)
        self.unit = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.unit)
        layout.addStretch(1)
        self.line.editingFinished.connect(self.commit_pending)
        self.setFocusProxy(self.line)
        self.retranslate()

    def focus_target(self) -> QWidget:
        return self.line

    def show_value(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = format_decimal(value, format=_number_pattern(self.item), locale=active().locale)
        else:
            text = ""
        if self.line.text() != text:
            self.line.setText(text)

    def commit_pending(self) -> None:
        text = self.line.text().strip()
        if not text:
            self._commit(None)
            return
        try:
            number = parse_number(text)
        except ValueError:
            self.problem.emit(Message(N_("Enter a number.")))
            return
        self._commit(number)
        self.show_value(number)

    def retranslate(self) -> None:
        self.unit.setText(tr(self.item.unit))
        if self._last is not _UNSET:
            self.show_value(self._last)


class ChoiceEditor(ItemEditor):
    """A single choice as compact cards (labels wrap, unlike a combo box)."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        short = all(len(c.label) <= 24 for c in item.choices)
        self.cards = LevelChooser(["" for _c in item.choices], self, compact=True, horizontal=short)
        self.clear = QToolButton(self)
        self.clear.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cards, 1)
        layout.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignTop)
        self.cards.chosen.connect(lambda i: self._commit(self.item.choices[i].id))
        self.clear.clicked.connect(self._cleared)
        self.clear.setVisible(False)
        self.retranslate()

    def focus_target(self) -> QWidget:
        index = self.cards.selected()
        return self.cards.cards[index if index is not None else 0]

    def set_accessible_name(self, name: str) -> None:
        self.cards.setAccessibleName(name)

    def show_value(self, value: Any) -> None:
        ids = [c.id for c in self.item.choices]
        self.cards.set_selected(ids.index(value) if value in ids else None)
        self.clear.setVisible(value in ids)

    def _cleared(self) -> None:
        self.show_value(None)
        self._commit(None)

    def _commit(self, value: Any) -> None:
        self.clear.setVisible(value is not None)
        super()._commit(value)

    def retranslate(self) -> None:
        self.cards.set_texts([tr(c.label) for c in self.item.choices])
        self.clear.setText(_("Clear"))
        self.clear.setToolTip(_("Clear this answer"))
        self.clear.setAccessibleName(_("Clear this answer"))


class _Combo(ItemEditor):
    """A combo box of codes; the first entry means "not answered"."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(lambda _i: self._commit(self.combo.currentData()))
        self.setFocusProxy(self.combo)

    def focus_target(self) -> QWidget:
        return self.combo

    def _fill(self, entries: list[tuple[str, str]], separator_after: int = -1) -> None:
        current = self._last if self._last is not _UNSET else None
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("— not answered —"), None)
        for n, (code, name) in enumerate(entries):
            self.combo.addItem(name, code)
            if n == separator_after:
                self.combo.insertSeparator(self.combo.count())
        self.combo.blockSignals(False)
        self.show_value(current)

    def show_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value else 0
        if index < 0:  # an answer the list does not offer (from another program version)
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class CountryEditor(_Combo):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.retranslate()

    def retranslate(self) -> None:
        codes = country_codes()
        self._fill([(c, active().country(c)) for c in codes], len(PARTNER_COUNTRIES) - 1)


class RegionEditor(_Combo):
    def __init__(self, item: Item, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.library = library
        self._country = ""
        self.hint = muted(WrapLabel("", self))
        self.layout().addWidget(self.hint)  # type: ignore[union-attr]
        self.retranslate()

    def set_context(self, values: dict[str, Any]) -> None:
        country = str(values.get("country") or "")
        if country != self._country:
            self._country = country
            self.retranslate()

    def retranslate(self) -> None:
        regions = self.library.regions.get(self._country, [])
        self._fill([(code, f"{name} ({code})") for code, name in regions])
        self.combo.setEnabled(bool(regions))
        if not self._country:
            self.hint.setText(_("Choose the country first."))
        elif not regions:
            self.hint.setText(_("There are no regions to choose for this country."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))


class NaceEditor(ItemEditor):
    def __init__(self, item: Item, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.picker = NacePicker(library.nace, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        self.picker.chosen.connect(self._commit)
        self.setFocusProxy(self.picker.search)

    def focus_target(self) -> QWidget:
        return self.picker.search

    def show_value(self, value: Any) -> None:
        self.picker.set_code(str(value) if value else None)


class DateEditor(ItemEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.field = DateField(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addStretch(1)
        self.field.committed.connect(self._commit)
        self.field.problem.connect(self.problem)
        self.setFocusProxy(self.field.line)

    def focus_target(self) -> QWidget:
        return self.field.line

    def show_value(self, value: Any) -> None:
        self.field.set_value(str(value) if value else None)

    def commit_pending(self) -> None:
        self.field.commit_pending()


def make_editor(item: Item, library: Library, parent: QWidget | None = None) -> ItemEditor:
    """The editor for an item's kind of answer."""
    kind = item.kind
    if kind == "text":
        return TextEditor(item, parent)
    if kind == "number":
        return NumberEditor(item, parent)
    if kind == "single":
        return ChoiceEditor(item, parent)
    if kind == "country":
        return CountryEditor(item, parent)
    if kind == "region":
        return RegionEditor(item, library, parent)
    if kind == "nace":
        return NaceEditor(item, library, parent)
    if kind in ("multi", "countries", "languages"):
        return CheckListEditor(item, parent)
    if kind == "date":
        return DateEditor(item, parent)
    raise ValueError(f"no editor for items of kind {kind!r}")


__all__ = ["CheckListEditor", "ItemEditor", "make_editor"]
