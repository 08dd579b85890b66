"""Large selectable cards for the described levels of an item (and for single choices).

A card shows its key (the level 0–4, a choice number, or "N") in a round badge and its text
wrapped beside it. The chosen card is filled with a tint of the palette's highlight colour, framed
in the highlight colour and its badge filled solid, so the choice is visible in a light and in a
dark palette, and not by colour alone (the badge changes shape from ring to disc).

Keys: Up and Down move between the cards, Space chooses; digits, Left, Right and Enter are left to
the screen that holds the cards (the interview uses them to choose and to move on).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.ui.form_parts import WrapLabel, blend, scaled_font


class LevelCard(QAbstractButton):
    """One selectable card: a key badge and a text that wraps."""

    def __init__(
        self, key: str = "", parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._key = key
        self._compact = compact
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._label = WrapLabel("", self)
        self._label.setVisible(False)
        # Clicks on the text choose the card.
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._badge_font = scaled_font(self, 1.0 if compact else 1.3, bold=True)
        badge = self._badge_size()
        pad = 6 if compact else 12
        layout = QHBoxLayout(self)
        layout.setContentsMargins(badge + 2 * pad, pad, pad, pad)
        # Keeps the card as tall as its badge (layouts ask the layout, not the card, for height).
        self._strut = QSpacerItem(0, badge, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout.addSpacerItem(self._strut)
        layout.addWidget(self._label)

    def key(self) -> str:
        return self._key

    def setText(self, text: str) -> None:
        super().setText(text)
        self._label.setText(text)
        self._label.setVisible(bool(text))  # a badge alone (0–4 of a criterion) is centred
        self.updateGeometry()

    def text(self) -> str:
        return self._label.text()

    def _badge_size(self) -> int:
        metrics = QFontMetrics(self._badge_font)
        return max(metrics.height(), metrics.horizontalAdvance("0")) + (6 if self._compact else 12)

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._badge_font = scaled_font(self, 1.0 if self._compact else 1.3, bold=True)
            badge = self._badge_size()
            pad = 6 if self._compact else 12
            self._strut.changeSize(0, badge, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            layout = self.layout()
            if layout is not None:
                layout.setContentsMargins(badge + 2 * pad, pad, pad, pad)
                layout.invalidate()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        mid = pal.color(QPalette.ColorRole.Mid)
        text = pal.color(QPalette.ColorRole.Text)
        checked = self.isChecked()
        hovered = self.underMouse() and self.isEnabled()
        if checked:
            fill, border, width = blend(base, highlight, 0.25), highlight, 3.0
        elif hovered:
            fill, border, width = blend(base, highlight, 0.08), blend(mid, highlight, 0.5), 1.5
        else:
            fill, border, width = base, mid, 1.0
        box = QRectF(self.rect()).adjusted(
            width / 2 + 1, width / 2 + 1, -width / 2 - 1, -width / 2 - 1
        )
        painter.setPen(QPen(border, width))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 6, 6)
        if self.hasFocus():
            focus = QPen(highlight if not checked else text, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), 4, 4)
        size = self._badge_size()
        pad = 6 if self._compact else 12
        left = pad if self._label.isVisible() else (self.width() - size) // 2
        badge = QRect(left, pad, size, size)
        painter.setPen(QPen(highlight if checked else mid, 2.0))
        painter.setBrush(highlight if checked else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(badge).adjusted(1, 1, -1, -1))
        if self._key:
            painter.setFont(self._badge_font)
            painter.setPen(pal.color(QPalette.ColorRole.HighlightedText) if checked else text)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self._key)
        elif checked:
            dot = QRectF(badge).adjusted(size * 0.3, size * 0.3, -size * 0.3, -size * 0.3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.HighlightedText))
            painter.drawEllipse(dot)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move_focus(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Select):
            super().keyPressEvent(event)
            return
        event.ignore()  # digits, arrows, Enter: for the screen that holds the cards

    def _move_focus(self, step: int) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        cards = [
            c
            for c in parent.findChildren(
                LevelCard, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if c.isVisible() and c.isEnabled()
        ]
        cards.sort(key=lambda c: (c.y(), c.x()))
        if self in cards:
            index = cards.index(self) + step
            if 0 <= index < len(cards):
                cards[index].setFocus(Qt.FocusReason.TabFocusReason)


class LevelChooser(QWidget):
    """A column (or row) of cards of which at most one is chosen.

    ``chosen`` is emitted only for the broker's own choice, with the card's index.
    """

    chosen = Signal(int)

    def __init__(
        self,
        keys: list[str],
        parent: QWidget | None = None,
        *,
        compact: bool = False,
        horizontal: bool = False,
    ) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.cards: list[LevelCard] = []
        layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4 if compact else 8)
        for index, key in enumerate(keys):
            card = LevelCard(key, self, compact=compact)
            self._group.addButton(card, index)
            layout.addWidget(card)
            self.cards.append(card)
        if horizontal:
            layout.addStretch(0)
        self._group.idClicked.connect(self.chosen)

    def set_texts(self, texts: list[str]) -> None:
        for card, text in zip(self.cards, texts, strict=False):
            card.setText(text)

    def set_selected(self, index: int | None) -> None:
        """Shows a choice without emitting ``chosen``; ``None`` clears it."""
        if index is None or not 0 <= index < len(self.cards):
            checked = self._group.checkedButton()
            if checked is not None:
                self._group.setExclusive(False)
                checked.setChecked(False)
                self._group.setExclusive(True)
            return
        self.cards[index].setChecked(True)

    def selected(self) -> int | None:
        index = self._group.checkedId()
        return None if index < 0 else index

    def choose(self, index: int) -> None:
        """Chooses a card as the broker would, emitting ``chosen``."""
        if 0 <= index < len(self.cards) and self.cards[index].isEnabled():
            self.cards[index].setChecked(True)
            self.chosen.emit(index)

    def focus_card(self) -> None:
        index = self.selected()
        target = self.cards[index if index is not None else 0] if self.cards else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
