"""Finding visible text that was not wrapped for translation.

In the pseudo-language ``qps`` every translated message comes out marked, ``⟦Šávé⟧``. A screen
shown in it should hold no visible text without the mark, except data (names, codes, numbers).
``untranslated_texts`` walks a widget tree and lists the texts that are left: labels, buttons,
tabs, header sections, group titles, window titles, tool tips, status tips, menu and tool bar
actions, placeholders, spin box prefixes and suffixes, the status bar's message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QToolBox,
    QWidget,
    QWizardPage,
)

MARK = "⟦"  # the pseudo-language's opening mark (see brokerdesk.i18n)


@dataclass(frozen=True)
class Leftover:
    """A visible text without the pseudo-language's mark."""

    where: str  # the widget's path from the root: "CaseView › QGroupBox 'contacts' › QLabel"
    what: str  # text, title, tooltip, placeholder, tab 2, header 0 ...
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} {self.text!r}"


def _name(item: QObject) -> str:
    name = type(item).__name__
    return f"{name} {item.objectName()!r}" if item.objectName() else name


def _path(widget: QWidget, root: QWidget) -> str:
    names = []
    current: QObject | None = widget
    while current is not None:
        names.append(_name(current))
        if current is root:
            break
        current = current.parent()
    return " › ".join(reversed(names))


def _plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """``(what, text)`` for the texts a widget shows itself."""
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    yield "tooltip", widget.toolTip()
    yield "status tip", widget.statusTip()
    yield "what's this", widget.whatsThis()
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        yield "text", _plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield "text", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "title", widget.title()
    elif isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QComboBox):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QStatusBar):
        yield "message", widget.currentMessage()
    elif isinstance(widget, QWizardPage):
        yield "title", _plain(widget.title())
        yield "subtitle", _plain(widget.subTitle())
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield "prefix", widget.prefix()
            yield "suffix", widget.suffix()
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            if widget.isTabVisible(index):
                yield f"tab {index}", widget.tabText(index)
                yield f"tab {index} tooltip", widget.tabToolTip(index)
    elif isinstance(widget, QToolBox):
        for index in range(widget.count()):
            yield f"page {index}", widget.itemText(index)
            yield f"page {index} tooltip", widget.itemToolTip(index)
    elif isinstance(widget, QHeaderView) and widget.model() is not None:
        model, orientation = widget.model(), widget.orientation()
        for section in range(widget.count()):
            if not widget.isSectionHidden(section):
                for role, what in (
                    (Qt.ItemDataRole.DisplayRole, ""),
                    (Qt.ItemDataRole.ToolTipRole, " tooltip"),
                ):
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        yield f"header {section}{what}", value


def _action_texts(action: QAction, seen: set[int]) -> Iterator[tuple[str, str]]:
    """``(what, text)`` for an action and, through its menu, the actions under it."""
    if id(action) in seen or action.isSeparator() or not action.isVisible():
        return
    seen.add(id(action))
    label = action.text().replace("&", "") or "?"
    yield f"action {label!r}", action.text()
    if action.toolTip().replace("&", "") != label:  # only a tool tip set on purpose
        yield f"action {label!r} tooltip", action.toolTip()
    yield f"action {label!r} status tip", action.statusTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        for child in menu.actions():
            yield from _action_texts(child, seen)


def visible_texts(root: QWidget) -> Iterator[tuple[str, str, str]]:
    """``(where, what, text)`` for every text shown by ``root`` and its visible descendants."""
    seen: set[int] = set()
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        where = _path(widget, root)
        for what, text in _widget_texts(widget):
            yield where, what, text
        for action in widget.actions():
            for what, text in _action_texts(action, seen):
                yield where, what, text


def _is_data(text: str, data: Iterable[str]) -> bool:
    """Whether a text is made only of data (and punctuation, digits, spaces)."""
    rest = text
    for item in sorted(data, key=len, reverse=True):
        if item:
            rest = rest.replace(item, "")
    return not any(char.isalpha() for char in rest)


def untranslated_texts(root: QWidget, data: Iterable[str] = ()) -> list[Leftover]:
    """Visible texts under ``root`` that the pseudo-language did not reach.

    Args:
        root: a window or widget, shown in the pseudo-language (``apply_language(app, "qps")``).
        data: texts that are data, not messages (a company's name, a region): a text made only
            of these, digits and punctuation is not listed.

    Returns:
        The leftovers, in the order of the widget tree.
    """
    data = tuple(data)
    found = []
    for where, what, text in visible_texts(root):
        if text.strip() and MARK not in text and not _is_data(text, data):
            found.append(Leftover(where, what, text))
    return found
