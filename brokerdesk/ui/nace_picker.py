"""Choosing a NACE Rev. 2 activity: sections and their divisions, searched as you type.

The search matches codes and titles in the UI language, ignoring case and accents, every word
anywhere ("metal manuf" finds division 25). Down moves from the search into the list; Enter, a
click or a double click chooses the current entry.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.content import NaceEntry
from brokerdesk.i18n import _
from brokerdesk.ui.form_parts import WrapLabel, muted, roomy, tr

CODE_ROLE = Qt.ItemDataRole.UserRole


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (item.child(i) for i in range(item.childCount()))
    return [child for child in found if child is not None]


def _fold(text: str) -> str:
    """Lower case without accents, so that "sluzby" finds "služby"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NacePicker(QWidget):
    """A searchable tree of NACE sections and divisions; ``chosen`` gives the code."""

    chosen = Signal(str)

    def __init__(self, nace: dict[str, NaceEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._nace = nace
        self._code: str | None = None
        self.current = muted(WrapLabel("", self))
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        roomy(self.tree)
        self.tree.setMinimumHeight(self.fontMetrics().height() * 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.current)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.setFocusProxy(self.search)
        self.retranslate()

    def _build(self) -> None:
        sections: dict[str, QTreeWidgetItem] = {}
        for code, entry in self._nace.items():
            if code == entry.section:
                item = QTreeWidgetItem(self.tree)
                sections[code] = item
            else:
                parent = sections.get(entry.section)
                item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.tree)
            item.setData(0, CODE_ROLE, code)
            self._items[code] = item

    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        """Shows a chosen code (without emitting ``chosen``)."""
        self._code = code or None
        entry = self._nace.get(code.split(".")[0]) if code else None
        item = self._items.get(entry.code) if entry else None
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        else:
            self.tree.clearSelection()
        self._show_current()

    def _label(self, entry: NaceEntry) -> str:
        return f"{entry.code} — {tr(entry.title)}"

    def _show_current(self) -> None:
        code = self._code
        entry = self._nace.get(code.split(".")[0]) if code else None
        if code and entry is not None:
            shown = self._label(entry) if entry.code == code else f"{code} — {tr(entry.title)}"
            if entry.code != entry.section:
                section = self._nace.get(entry.section)
                if section is not None:
                    shown = f"{shown} ({self._label(section)})"
            self.current.setText(_("Chosen: {activity}").format(activity=shown))
        elif code:
            self.current.setText(_("Chosen: {activity}").format(activity=code))
        else:
            self.current.setText(_("No activity chosen yet."))

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search by code or activity, e.g. 25 or metal"))
        self.search.setAccessibleName(_("Search the NACE activities"))
        self.tree.setAccessibleName(_("NACE sections and divisions"))
        for code, item in self._items.items():
            item.setText(0, self._label(self._nace[code]))
        self._show_current()
        self._filter(self.search.text())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _filter(self, text: str) -> None:
        words = _fold(text).split()
        first: QTreeWidgetItem | None = None
        for section in _children(self.tree.invisibleRootItem()):
            section_hit = all(w in _fold(section.text(0)) for w in words)
            any_child = False
            for child in _children(section):
                hit = section_hit or all(w in _fold(child.text(0)) for w in words)
                child.setHidden(not hit)
                any_child = any_child or hit
                if hit and first is None and not section_hit:
                    first = child
            section.setHidden(not (section_hit or any_child))
            if section_hit and first is None:
                first = section
            section.setExpanded(bool(words) and any_child)
        if words and first is not None:
            self.tree.setCurrentItem(first)
            self.tree.scrollToItem(first)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        code = str(item.data(0, CODE_ROLE))
        if code != self._code:
            self._code = code
            self._show_current()
            self.chosen.emit(code)

    def choose_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and not item.isHidden():
            self._activated(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self.tree.setFocus(Qt.FocusReason.TabFocusReason)
                current = self.tree.currentItem()
                if current is None or current.isHidden():
                    self._select_first_visible()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text():
                self.choose_current()  # the best match; the key goes on to the screen
        return super().eventFilter(watched, event)

    def _select_first_visible(self) -> None:
        for section in _children(self.tree.invisibleRootItem()):
            if not section.isHidden():
                self.tree.setCurrentItem(section)
                return
