"""One item of the guided interview: the question, its described levels or its editor, a note.

A scale item shows its five levels as large cards (and "not applicable" when allowed); a single
choice shows its choices as numbered cards; any other item shows the editor of its kind. The
broker's note on the item is saved when they leave the note field or move on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from brokerdesk.content import Library
from brokerdesk.domain.answers import NOT_APPLICABLE
from brokerdesk.domain.instrument import Item
from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, render
from brokerdesk.services.cases import InvalidAnswer
from brokerdesk.ui.case_session import error_text
from brokerdesk.ui.form_parts import (
    ErrorLabel,
    TextBox,
    WrapLabel,
    focus_within,
    heading,
    muted,
    tr,
)
from brokerdesk.ui.item_editors import ItemEditor, make_editor
from brokerdesk.ui.level_card import LevelChooser

LEVEL_KEYS = ("0", "1", "2", "3", "4")


class ItemPanel(QWidget):
    """The page of one item. ``answered`` and ``noted`` carry the broker's changes."""

    answered = Signal(str, object)
    noted = Signal(str, str)

    def __init__(
        self, item: Item, group_title: str, library: Library, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.group_title = group_title
        self._note = ""
        self.local: list[Message | str] = []
        self.problems: list[Message] = []
        self.context = muted(WrapLabel("", self))
        self.question = heading("", 1.3, self)
        self.help = muted(WrapLabel("", self))
        self.chooser: LevelChooser | None = None
        self.editor: ItemEditor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.context)
        layout.addWidget(self.question)
        layout.addWidget(self.help)
        if item.kind == "scale":
            keys = [*LEVEL_KEYS, "N"] if item.allow_na else list(LEVEL_KEYS)
            self.chooser = LevelChooser(keys, self)
            self.chooser.chosen.connect(self._chosen)
            layout.addWidget(self.chooser)
        elif item.kind == "single":
            keys = [str(n + 1) for n in range(len(item.choices))]
            self.chooser = LevelChooser(keys, self)
            self.chooser.chosen.connect(self._chosen)
            layout.addWidget(self.chooser)
        else:
            self.editor = make_editor(item, library, self)
            self.editor.committed.connect(self._edited)
            self.editor.problem.connect(self._problem)
            layout.addWidget(self.editor)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.note_label = muted(WrapLabel("", self))
        self.note = TextBox(self, lines=3)
        self.note.left.connect(self.commit_note)
        self.note_label.setBuddy(self.note)
        layout.addSpacing(8)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    # -- showing ------------------------------------------------------------------------------

    def show_answer(self, value: Any, note: str, values: dict[str, Any], pending: bool) -> None:
        """Shows the saved answer, unless the broker is busy with this item's field."""
        if self.chooser is not None and not pending:
            self.chooser.set_selected(self._index_of(value))
        if self.editor is not None:
            self.editor.set_context(values)
            if not pending and not self.local and not focus_within(self.editor):
                self.editor.set_value(value)
        if not focus_within(self.note) and note != self.note.toPlainText():
            self._note = note
            self.note.setPlainText(note)

    def _index_of(self, value: Any) -> int | None:
        if self.item.kind == "scale":
            if value == NOT_APPLICABLE:
                return 5 if self.item.allow_na else None
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        ids = [c.id for c in self.item.choices]
        return ids.index(value) if value in ids else None

    def show_problems(self, problems: list[Message]) -> None:
        self.problems = list(problems)
        shown = self.local or list(problems)
        self.error.show_messages([render(p) if isinstance(p, Message) else p for p in shown])

    def refused(self, exc: BaseException) -> None:
        if self.editor is not None:
            self.editor.forget()
        self.local = list(exc.problems) if isinstance(exc, InvalidAnswer) else [error_text(exc)]
        self.show_problems(self.problems)

    # -- the broker's changes ---------------------------------------------------------------------

    def _chosen(self, index: int) -> None:
        if self.item.kind == "scale":
            value: Any = NOT_APPLICABLE if index == len(LEVEL_KEYS) else index
        else:
            value = self.item.choices[index].id
        self._send(value)

    def _edited(self, value: Any) -> None:
        self._send(value)

    def _send(self, value: Any) -> None:
        self.local = []
        self.error.show_messages([])
        self.answered.emit(self.item.id, value)

    def _problem(self, message: Message) -> None:
        self.local = [message]
        self.show_problems(self.problems)

    def choose_level(self, level: int) -> bool:
        """Keys 0–4 on a scale item, 1–n on a single choice; False when the key means nothing."""
        if self.chooser is None:
            return False
        index = level if self.item.kind == "scale" else level - 1
        if self.item.kind == "scale" and index >= len(LEVEL_KEYS):
            return False
        if not 0 <= index < len(self.chooser.cards):
            return False
        self.chooser.choose(index)
        self.chooser.cards[index].setFocus()
        return True

    def not_applicable(self) -> bool:
        if self.chooser is None or self.item.kind != "scale" or not self.item.allow_na:
            return False
        self.chooser.choose(len(LEVEL_KEYS))
        self.chooser.cards[len(LEVEL_KEYS)].setFocus()
        return True

    def clear(self) -> bool:
        if self.chooser is None or self.chooser.selected() is None:
            return False
        self.chooser.set_selected(None)
        self._send(None)
        return True

    def commit_pending(self) -> None:
        if self.editor is not None:
            self.editor.commit_pending()
        self.commit_note()

    def commit_note(self) -> None:
        text = self.note.toPlainText().strip()
        if text != self._note.strip():
            self._note = text
            self.noted.emit(self.item.id, text)

    def focus_first(self) -> None:
        if self.chooser is not None:
            self.chooser.focus_card()
        elif self.editor is not None:
            self.editor.focus_target().setFocus()

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.context.setText(tr(self.group_title))
        self.question.setText(tr(self.item.text))
        self.question.setAccessibleName(tr(self.item.text))
        self.help.setText(tr(self.item.help))
        self.help.setVisible(bool(self.item.help))
        if self.chooser is not None:
            if self.item.kind == "scale":
                texts = [tr(level) for level in self.item.levels]
                if self.item.allow_na:
                    texts.append(_("Not applicable to this company"))
                for n, card in enumerate(self.chooser.cards):
                    card.setAccessibleName(
                        _("Level {level}").format(level=n)
                        if n < len(LEVEL_KEYS)
                        else _("Not applicable")
                    )
            else:
                texts = [tr(c.label) for c in self.item.choices]
                for card, text in zip(self.chooser.cards, texts, strict=True):
                    card.setAccessibleName(text)
            self.chooser.set_texts(texts)
            for card, text in zip(self.chooser.cards, texts, strict=True):
                card.setAccessibleDescription(text)
            self.chooser.setAccessibleName(tr(self.item.text))
        if self.editor is not None:
            self.editor.set_accessible_name(tr(self.item.text))
        self.note_label.setText(_("Note on this question"))
        self.note.setAccessibleName(_("Note on this question"))
        self.show_problems(self.problems)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
