"""Dated notes, follow-up actions and the conclusions of a case.

Notes are signed and dated when added (newest first); actions have an owner, a due date and a
"done" mark, and come either from the broker or from accepted suggestions on the Results page. A
removed note or action can be taken back with Undo until the next removal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, active
from brokerdesk.services import cases, interview
from brokerdesk.services.cases import Saved
from brokerdesk.ui.action_row import ActionRow, action_text
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.form_parts import TextBox, WrapLabel, heading, muted, separator
from brokerdesk.ui.items_form import ItemsForm
from brokerdesk.ui.session_page import SessionPage


class NoteCard(QFrame):
    """One dated note, with Remove."""

    def __init__(self, key: str, view: NotesActionsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.entry: dict[str, Any] = {}
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.meta = muted(WrapLabel("", self))
        self.text = WrapLabel("", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remove = QPushButton(self)
        self.remove.clicked.connect(lambda: view.remove("notes", key))
        top = QHBoxLayout()
        top.addWidget(self.meta, 1)
        top.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.text)

    def show_entry(self, entry: dict[str, Any]) -> None:
        self.entry = dict(entry)
        self.retranslate()

    def retranslate(self) -> None:
        at = self.entry.get("at")
        when = active().datetime(str(at)) if at else ""
        author = str(self.entry.get("author") or "")
        self.meta.setText(f"{when} · {author}" if author else when)
        self.text.setText(str(self.entry.get("text") or ""))
        self.remove.setText(_("Remove"))
        self.remove.setAccessibleName(_("Remove the note of {date}").format(date=when))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


class NotesActionsView(SessionPage):
    """The notes, the actions and the conclusions form of the case."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.note_cards: dict[str, NoteCard] = {}
        self.action_rows: dict[str, ActionRow] = {}
        self._removed: tuple[str, str, dict[str, Any]] | None = None

        content = QWidget()
        content.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 120)
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 12, 16, 12)
        self.undo_text = WrapLabel("", content)
        self.undo = QPushButton(content)
        self.undo.clicked.connect(self.undo_remove)
        undo = QHBoxLayout()
        undo.addWidget(self.undo_text, 1)
        undo.addWidget(self.undo)
        body.addLayout(undo)

        # Notes first (what a broker writes during a visit), then actions, then conclusions;
        # made in this order so that Tab follows it.
        self.notes_title = heading("", 1.2, content)
        self.new_note = TextBox(content, lines=3)
        self.add_note_button = QPushButton(content)
        self.add_note_button.clicked.connect(self.add_note)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.new_note)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.add_note)
        self.notes_empty = muted(WrapLabel("", content))
        self.note_column = QVBoxLayout()
        body.addWidget(self.notes_title)
        body.addWidget(self.new_note)
        body.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.notes_empty)
        body.addLayout(self.note_column)
        body.addWidget(separator(content))

        self.actions_title = heading("", 1.2, content)
        self.actions_hint = muted(WrapLabel("", content))
        self.add_action_button = QPushButton(content)
        self.add_action_button.clicked.connect(self.add_action)
        self.actions_empty = muted(WrapLabel("", content))
        self.action_column = QVBoxLayout()
        body.addWidget(self.actions_title)
        body.addWidget(self.actions_hint)
        body.addWidget(self.actions_empty)
        body.addLayout(self.action_column)
        body.addWidget(self.add_action_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(separator(content))

        self.conclusions = ItemsForm(session, "conclusions", content, scroll=False)
        body.addWidget(self.conclusions)
        body.addStretch(1)

        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller)
        self._content = content
        session.updated.connect(self.refresh)
        self.retranslate()

    # -- showing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        doc = self.session.case.doc
        notes = sorted(
            (doc.get("notes") or {}).items(),
            key=lambda kv: str(kv[1].get("at") or ""),
            reverse=True,
        )
        self._sync(self.note_cards, notes, self.note_column, self._new_note_card)
        actions = sorted(
            (doc.get("actions") or {}).items(),
            key=lambda kv: (bool(kv[1].get("done")), str(kv[1].get("created") or ""), kv[0]),
        )
        self._sync(self.action_rows, actions, self.action_column, self._new_action_row)
        self.retranslate()

    def _sync(
        self,
        shown: dict[str, Any],
        entries: list[tuple[str, dict[str, Any]]],
        column: QVBoxLayout,
        make: Any,
    ) -> None:
        keys = [k for k, _e in entries]
        for key in list(shown):
            if key not in keys:
                widget = shown.pop(key)
                column.removeWidget(widget)
                widget.deleteLater()
        for index, (key, entry) in enumerate(entries):
            widget = shown.get(key)
            if widget is None:
                widget = make(key)
                shown[key] = widget
            widget.show_entry(entry)
            column.insertWidget(index, widget)
            widget.show()  # at once, not when the event loop next runs

    def _new_note_card(self, key: str) -> NoteCard:
        return NoteCard(key, self, self._content)

    def _new_action_row(self, key: str) -> ActionRow:
        row = ActionRow(key, {}, self._content)
        row.changed.connect(self._action_changed)
        row.removed.connect(lambda k: self.remove("actions", k))
        return row

    # -- changes --------------------------------------------------------------------------------

    def add_note(self) -> None:
        text = self.new_note.toPlainText().strip()
        if not text:
            self.new_note.setFocus()
            return
        ctx, case_id = self.session.ctx, self.session.case_id

        def added(_outcome: object) -> None:
            self.new_note.clear()

        self.session.submit(
            lambda: interview.add_note(ctx.uow, ctx.library, case_id, text), on_done=added
        )

    def add_action(self) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        entry = {"text": _("New action"), "owner": "", "due": None, "done": False}

        def added(outcome: tuple[str, Saved]) -> None:
            row = self.action_rows.get(outcome[0])
            if row is not None:
                row.edit.click()

        self.session.submit(
            lambda: cases.put_entry(ctx.uow, ctx.library, case_id, "actions", entry),
            on_done=added,
        )

    def _action_changed(self, key: str, fields: dict[str, Any]) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.put_entry(ctx.uow, ctx.library, case_id, "actions", fields, key=key)
        )

    def remove(self, collection: str, key: str) -> None:
        entry = dict((self.session.case.doc.get(collection) or {}).get(key, {}))
        self._removed = (collection, key, entry)
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.remove_entry(ctx.uow, ctx.library, case_id, collection, key)
        )
        self.retranslate()

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        collection, key, entry = self._removed
        self._removed = None
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.put_entry(ctx.uow, ctx.library, case_id, collection, entry, key=key)
        )
        self.retranslate()

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.actions_title.setText(_("Actions"))
        self.actions_hint.setText(
            _("Follow-up actions agreed with the company, with who does them and by when.")
        )
        self.actions_empty.setText(_("No actions yet."))
        self.actions_empty.setVisible(not self.action_rows)
        self.add_action_button.setText(_("Add action"))
        self.notes_title.setText(_("Notes"))
        self.new_note.setPlaceholderText(_("Write a note; Ctrl+Enter adds it"))
        self.new_note.setAccessibleName(_("New note"))
        self.add_note_button.setText(_("Add note"))
        self.notes_empty.setText(_("No notes yet."))
        self.notes_empty.setVisible(not self.note_cards)
        self.undo.setText(_("Undo"))
        removed = self._removed
        if removed is not None:
            collection, _key, entry = removed
            if collection == "notes":
                self.undo_text.setText(_("A note was removed."))
            else:
                self.undo_text.setText(
                    _("The action “{action}” was removed.").format(action=action_text(entry))
                )
        self.undo.setVisible(removed is not None)
        self.undo_text.setVisible(removed is not None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
