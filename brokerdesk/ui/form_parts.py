"""Small parts the case screens share: wrapping labels, headings, muted and error text.

Colours come from the palette (so a dark palette stays readable); sizes are relative to the
application font (so 125–200 % scaling keeps the proportions); labels wrap instead of cutting
long German or Finnish text.
"""

from __future__ import annotations

from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QListView,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from brokerdesk.i18n import _


def tr(text: str) -> str:
    """Translates an instrument or content text; an empty text stays empty.

    ``gettext("")`` returns the catalog's header, so empty texts must never reach it.
    """
    return _(text) if text else ""


def alive(obj: Any) -> bool:
    """Whether a Qt object still exists (a late callback may find its widget closed)."""
    return obj is not None and shiboken6.isValid(obj)


def focus_within(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def blend(a: QColor, b: QColor, share: float) -> QColor:
    """``a`` moved ``share`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


def error_colour(palette: QPalette) -> QColor:
    """A red that keeps its contrast on the palette's window colour, light or dark."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def scaled_font(widget: QWidget, scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(bold)
    return font


class WrapLabel(QLabel):
    """A plain-text label that wraps and never cuts its text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Keep the height-for-width flag that word wrap set: without it a layout sizes the
        # label for its default width and leaves gaps (or cuts lines) at any other width.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)


def heading(text: str = "", scale: float = 1.35, parent: QWidget | None = None) -> WrapLabel:
    label = WrapLabel(text, parent)
    label.setFont(scaled_font(label, scale, bold=True))
    label.setAccessibleName(text)
    return label


_Label = TypeVar("_Label", bound=QLabel)


def muted(label: _Label) -> _Label:
    """Quiet secondary text (help, hints): the palette's placeholder colour."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def separator(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ErrorLabel(WrapLabel):
    """An inline validation message: hidden when empty, in a contrasting red, with a sign."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setVisible(False)
        self._messages: list[str] = []
        self._recolour()

    def show_messages(self, messages: list[str]) -> None:
        self._messages = list(messages)
        self.setText("\n".join(f"⚠ {m}" for m in messages))
        self.setAccessibleName(" ".join(messages))
        self.setVisible(bool(messages))

    def messages(self) -> list[str]:
        return list(self._messages)

    def _recolour(self) -> None:
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.setPalette(QApplication.palette(self))
            self._recolour()


class TextBox(QPlainTextEdit):
    """Multi-line text that announces when the broker leaves it (the moment to save it).

    Tab moves on to the next control rather than typing a tab.
    """

    left = Signal()

    def __init__(self, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class RoomyDelegate(QStyledItemDelegate):
    """The standard item look with some air around each row (check boxes included)."""

    PAD = 6

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.PAD)


class LinesDelegate(QStyledItemDelegate):
    """Rows of several lines that wrap: the first as the title, the others quieter.

    Used for lists where every row is a title and a status ("Networks abroad" / "3 of 4").
    """

    PAD = 6

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = option.rect.width()
        if isinstance(view, QAbstractItemView):
            width = view.viewport().width()
        return max(width - 2 * self.PAD, 40)

    def _lines(self, index: QModelIndex | QPersistentModelIndex) -> list[str]:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._width(opt)
        metrics = QFontMetrics(opt.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = sum(
            metrics.boundingRect(QRect(0, 0, width, 100_000), flags, line).height()
            for line in self._lines(index)
        )
        return QSize(width + 2 * self.PAD, height + 2 * self.PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        lines = self._lines(index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        main = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = main if selected else opt.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.save()
        painter.setFont(opt.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        top = opt.rect.top() + self.PAD
        width = opt.rect.width() - 2 * self.PAD
        for n, line in enumerate(lines):
            box = painter.boundingRect(
                QRect(opt.rect.left() + self.PAD, top, width, 100_000), flags, line
            )
            painter.setPen(main if n == 0 else quiet)
            painter.drawText(
                QRect(opt.rect.left() + self.PAD, top, width, box.height()), flags, line
            )
            top += box.height()
        painter.restore()


def roomy(view: QAbstractItemView, lines: bool = False) -> None:
    """Gives a list or tree rows with air, wrapped text and (``lines``) quiet second lines."""
    view.setItemDelegate(LinesDelegate(view) if lines else RoomyDelegate(view))
    if isinstance(view, QListView):
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
