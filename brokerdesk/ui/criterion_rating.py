"""Rating one activity area on one criterion: five numbered levels, each described.

The description of the level under the mouse or keyboard focus is shown (else the chosen one),
so the broker reads what a level means before choosing it. Keys 0–4 choose, Delete clears.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from brokerdesk.domain.instrument import Criterion
from brokerdesk.i18n import _
from brokerdesk.ui.form_parts import WrapLabel, muted, tr
from brokerdesk.ui.level_card import LevelCard, LevelChooser

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(5)}


class CriterionRating(QWidget):
    """One criterion: title, question, level buttons and the described level."""

    rated = Signal(str, object)  # criterion id, level 0–4 or None

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self._shown: int | None = None  # the level whose description is on show
        self.title = WrapLabel("", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.help = muted(WrapLabel("", self))
        self.inverse = muted(WrapLabel("", self))
        self.levels = LevelChooser(["0", "1", "2", "3", "4"], self, compact=True, horizontal=True)
        for card in self.levels.cards:
            card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            card.installEventFilter(self)
        self.clear = QPushButton(self)
        self.clear.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.description = WrapLabel("", self)
        row = QHBoxLayout()
        row.addWidget(self.levels)
        row.addWidget(self.clear)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addWidget(self.inverse)
        layout.addLayout(row)
        layout.addWidget(self.description)
        self.levels.chosen.connect(self._chosen)
        self.clear.clicked.connect(self._cleared)
        self.retranslate()

    def set_level(self, level: int | None) -> None:
        self.levels.set_selected(level)
        self._describe(None)

    def level(self) -> int | None:
        return self.levels.selected()

    def _chosen(self, level: int) -> None:
        self._describe(None)
        self.rated.emit(self.criterion.id, level)

    def _cleared(self) -> None:
        if self.levels.selected() is not None:
            self.levels.set_selected(None)
            self._describe(None)
            self.rated.emit(self.criterion.id, None)

    def _describe(self, level: int | None) -> None:
        """Shows the description of ``level``, or of the chosen level when None."""
        shown = level if level is not None else self.levels.selected()
        self._shown = shown
        if shown is None:
            self.description.setText(_("Not rated yet."))
        else:
            self.description.setText(
                _("Level {level}: {text}").format(
                    level=shown, text=tr(self.criterion.levels[shown])
                )
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        cards = self.levels.cards
        if isinstance(watched, LevelCard) and watched in cards:
            index = cards.index(watched)
            kind = event.type()
            if kind in (QEvent.Type.Enter, QEvent.Type.FocusIn):
                self._describe(index)
            elif kind in (QEvent.Type.Leave, QEvent.Type.FocusOut):
                self._describe(None)
            elif kind == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                    step = -1 if event.key() == Qt.Key.Key_Left else 1
                    target = index + step
                    if 0 <= target < len(cards):
                        cards[target].setFocus(Qt.FocusReason.TabFocusReason)
                    return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _DIGITS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            level = _DIGITS[event.key()]
            self.levels.choose(level)
            self.levels.cards[level].setFocus()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._cleared()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        c = self.criterion
        self.title.setText(tr(c.title))
        self.help.setText(tr(c.help))
        self.help.setVisible(bool(c.help))
        self.inverse.setText(_("A high rating on this criterion lowers the potential."))
        self.inverse.setVisible(c.inverse)
        self.clear.setText(_("Not rated"))
        self.clear.setAccessibleName(
            _("Clear the rating of {criterion}").format(criterion=tr(c.title))
        )
        self.levels.setAccessibleName(tr(c.title))
        for n, card in enumerate(self.levels.cards):
            card.setAccessibleName(
                _("{criterion}, level {level}").format(criterion=tr(c.title), level=n)
            )
            card.setAccessibleDescription(tr(c.levels[n]))
            card.setToolTip(tr(c.levels[n]))
        self._describe(self._shown if self._shown != self.levels.selected() else None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
