"""Several choices as a checkable list: types of cooperation, countries, languages.

Countries and languages are named in the UI language (Babel) and sorted in its collation, the
countries of the network first; a filter line finds one by part of its name.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from brokerdesk.domain.instrument import Item
from brokerdesk.i18n import _, active
from brokerdesk.ui.choices import PARTNER_COUNTRIES
from brokerdesk.ui.form_parts import WrapLabel, muted, roomy, tr
from brokerdesk.ui.item_editor import LANGUAGE_CODES, ItemEditor, collator, country_codes


class CheckListEditor(ItemEditor):
    """Several choices (types of cooperation, countries, languages) as a checkable list.

    Long lists get a filter line: type part of a name, Down to reach the list, Space to tick.
    """

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self._chosen: list[str] = []
        self.filter: QLineEdit | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = muted(WrapLabel("", self))
        layout.addWidget(self.summary)
        if item.kind != "multi":
            self.filter = QLineEdit(self)
            self.filter.setClearButtonEnabled(True)
            self.filter.textChanged.connect(self._apply_filter)
            self.filter.installEventFilter(self)
            layout.addWidget(self.filter)
        self.list = QListWidget(self)
        roomy(self.list)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list)
        self.list.itemChanged.connect(self._toggled)
        self.setFocusProxy(self.focus_target())
        self.retranslate()

    def focus_target(self) -> QWidget:
        return self.filter if self.filter is not None else self.list

    def _options(self) -> list[tuple[str, str]]:
        kind = self.item.kind
        if kind == "multi":
            return [(c.id, tr(c.label)) for c in self.item.choices]
        if kind == "countries":
            codes = country_codes()
            codes += [c for c in self._chosen if c not in codes]
            return [(c, active().country(c)) for c in codes]
        order = collator()
        codes = sorted(
            {*LANGUAGE_CODES, *self._chosen},
            key=lambda c: order.sortKey(active().language_name(c)),
        )
        return [(c, active().language_name(c)) for c in codes]

    def _rebuild(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        options = self._options()
        for n, (code, name) in enumerate(options):
            if self.item.kind == "countries" and n in (0, len(PARTNER_COUNTRIES)):
                title = _("Countries of the network") if n == 0 else _("All countries")
                header = QListWidgetItem(title, self.list)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
            entry = QListWidgetItem(name[:1].upper() + name[1:], self.list)
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if code in self._chosen else Qt.CheckState.Unchecked
            )
        self.list.blockSignals(False)
        rows = min(self.list.count(), 10)
        height = sum(self.list.sizeHintForRow(i) for i in range(rows))
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 2)
        if self.filter is not None:
            self._apply_filter(self.filter.text())
        self._summarise()

    def _name(self, code: str) -> str:
        for i in range(self.list.count()):
            entry = self.list.item(i)
            if entry.data(Qt.ItemDataRole.UserRole) == code:
                return entry.text()
        return code

    def _summarise(self) -> None:
        if self._chosen:
            names = ", ".join(self._name(c) for c in self._chosen)
            self.summary.setText(_("Chosen: {choices}").format(choices=names))
        else:
            self.summary.setText(_("Nothing chosen yet."))

    def show_value(self, value: Any) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        if chosen == self._chosen and self.list.count():
            return
        known = {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}
        self._chosen = chosen
        if not set(chosen) <= known:  # a code the list does not offer yet
            self._rebuild()
            return
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            entry = self.list.item(i)
            code = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
            if entry is not None and code:
                checked = Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked
                entry.setCheckState(checked)
        self.list.blockSignals(False)
        self._summarise()

    def _toggled(self, entry: QListWidgetItem) -> None:
        code = str(entry.data(Qt.ItemDataRole.UserRole))
        checked = entry.checkState() == Qt.CheckState.Checked
        if checked and code not in self._chosen:
            self._chosen.append(code)
        elif not checked and code in self._chosen:
            self._chosen.remove(code)
        if self.item.kind == "multi":
            ids = [c.id for c in self.item.choices]
            self._chosen.sort(key=lambda c: ids.index(c) if c in ids else len(ids))
        else:
            self._chosen.sort()
        self._summarise()
        self._commit(list(self._chosen) or None)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        first = None
        for i in range(self.list.count()):
            entry = self.list.item(i)
            if entry is None or not entry.data(Qt.ItemDataRole.UserRole):
                if entry is not None:  # a heading: only shown with the whole list
                    entry.setHidden(bool(needle))
                continue
            hit = not needle or needle in entry.text().casefold()
            entry.setHidden(not hit)
            if hit and first is None:
                first = entry
        if first is not None and needle:
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self.list.setFocus(Qt.FocusReason.TabFocusReason)
                current = self.list.currentItem()
                if current is None or current.isHidden():
                    for i in range(self.list.count()):
                        entry = self.list.item(i)
                        code = entry.data(Qt.ItemDataRole.UserRole) if entry else None
                        if entry is not None and code and not entry.isHidden():
                            self.list.setCurrentRow(i)
                            break
                return True
        return super().eventFilter(watched, event)

    def set_accessible_name(self, name: str) -> None:
        self.list.setAccessibleName(name)
        if self.filter is not None:
            self.filter.setAccessibleName(_("Filter: {list}").format(list=name))

    def retranslate(self) -> None:
        if self.filter is not None:
            self.filter.setPlaceholderText(_("Type to filter the list"))
        self._rebuild()
