"""One follow-up action of a case: its text, owner, due date and whether it is done.

An action accepted unchanged from the instrument's suggestions keeps the instrument's source text
and is shown in the UI language; once the broker edits it, it keeps the broker's words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, render
from brokerdesk.ui.date_field import DateField
from brokerdesk.ui.form_parts import ErrorLabel, TextBox, WrapLabel, focus_within, tr


def action_text(entry: dict[str, Any]) -> str:
    """The text of an action as the broker should read it now."""
    text = str(entry.get("text") or "")
    if entry.get("suggestion") and not entry.get("edited"):
        return tr(text)
    return text


class ActionRow(QFrame):
    """Edits one action; ``changed`` carries the fields to save, ``removed`` the wish to remove."""

    changed = Signal(str, dict)
    removed = Signal(str)

    def __init__(self, key: str, entry: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.entry = dict(entry)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.done = QCheckBox(self)
        self.text = WrapLabel("", self)
        self.editor = TextBox(self, lines=3)
        self.editor.setVisible(False)
        self.edit = QPushButton(self)
        self.save = QPushButton(self)
        self.save.setVisible(False)
        self.owner_label = QLabel(self)
        self.owner = QLineEdit(self)
        self.due_label = QLabel(self)
        self.due = DateField(self)
        self.remove = QPushButton(self)
        self.error = ErrorLabel(self)
        self.owner_label.setBuddy(self.owner)
        self.due_label.setBuddy(self.due.line)

        top = QHBoxLayout()
        top.addWidget(self.done, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(self.text)
        words.addWidget(self.editor)
        top.addLayout(words, 1)
        top.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.save, 0, Qt.AlignmentFlag.AlignTop)
        details = QGridLayout()
        details.addWidget(self.owner_label, 0, 0)
        details.addWidget(self.owner, 0, 1)
        details.addWidget(self.due_label, 0, 2)
        details.addWidget(self.due, 0, 3)
        details.addWidget(self.remove, 0, 5)
        details.setColumnStretch(1, 2)
        details.setColumnStretch(3, 1)
        details.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addLayout(details)
        layout.addWidget(self.error)

        self.done.toggled.connect(lambda on: self.changed.emit(self.key, {"done": on}))
        self.edit.clicked.connect(self._start_edit)
        self.save.clicked.connect(self._save_text)
        self.owner.editingFinished.connect(self._owner)
        self.due.committed.connect(self._due)
        self.due.problem.connect(lambda m: self.error.show_messages([render(m)]))
        self.remove.clicked.connect(lambda: self.removed.emit(self.key))
        self.show_entry(entry)
        self.retranslate()

    def show_entry(self, entry: dict[str, Any]) -> None:
        self.entry = dict(entry)
        self.done.blockSignals(True)
        self.done.setChecked(bool(entry.get("done")))
        self.done.blockSignals(False)
        if not focus_within(self.owner):
            self.owner.setText(str(entry.get("owner") or ""))
        if not focus_within(self.due):
            self.due.set_value(entry.get("due") or None)
        self._show_text()

    def _show_text(self) -> None:
        self.text.setText(action_text(self.entry))
        font = self.text.font()
        font.setStrikeOut(bool(self.entry.get("done")))
        self.text.setFont(font)

    def _start_edit(self) -> None:
        self.editor.setPlainText(action_text(self.entry))
        self.editor.setVisible(True)
        self.text.setVisible(False)
        self.edit.setVisible(False)
        self.save.setVisible(True)
        self.editor.setFocus()

    def _save_text(self) -> None:
        typed = self.editor.toPlainText().strip()
        self.editor.setVisible(False)
        self.text.setVisible(True)
        self.edit.setVisible(True)
        self.save.setVisible(False)
        if typed and typed != action_text(self.entry):
            self.entry.update(text=typed, edited=True)
            self._show_text()
            self.changed.emit(self.key, {"text": typed, "edited": True})

    def _due(self, day: str | None) -> None:
        self.error.show_messages([])
        self.changed.emit(self.key, {"due": day})

    def _owner(self) -> None:
        owner = self.owner.text().strip()
        if owner != str(self.entry.get("owner") or ""):
            self.entry["owner"] = owner
            self.changed.emit(self.key, {"owner": owner})

    def retranslate(self) -> None:
        self.done.setText(_("Done"))
        self.done.setAccessibleName(_("Done: {action}").format(action=action_text(self.entry)))
        self.edit.setText(_("Edit text"))
        self.save.setText(_("Save text"))
        self.owner_label.setText(_("Owner"))
        self.owner.setPlaceholderText(_("Who does it"))
        self.owner.setAccessibleName(_("Owner of the action"))
        self.due_label.setText(_("Due"))
        self.due.line.setAccessibleName(_("Due date of the action"))
        self.remove.setText(_("Remove"))
        self.remove.setAccessibleName(
            _("Remove the action: {action}").format(action=action_text(self.entry))
        )
        self.editor.setAccessibleName(_("Text of the action"))
        self._show_text()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
