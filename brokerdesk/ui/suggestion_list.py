"""Suggested actions for the weak dimensions: accept, edit and accept, or drop each one.

An accepted suggestion becomes one of the case's actions (see Notes and actions); a dropped one
is no longer suggested for this case, until the broker asks to see the dropped ones again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.scoring import SuggestedAction
from brokerdesk.i18n import _, active
from brokerdesk.services import interview
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.form_parts import WrapLabel, muted, tr


class SuggestionRow(QFrame):
    """One suggested action with its buttons; editing happens in place."""

    accepted = Signal(str, object)  # action id, the broker's text or None (unchanged)
    dropped = Signal(str)

    def __init__(self, suggestion: SuggestedAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.origin = muted(WrapLabel("", self))
        self.text = WrapLabel("", self)
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.editor.setVisible(False)
        self.accept_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.drop_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setVisible(False)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.cancel_button, self.drop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.origin)
        layout.addWidget(self.text)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self._accept)
        self.edit_button.clicked.connect(self._edit)
        self.cancel_button.clicked.connect(self._cancel)
        self.drop_button.clicked.connect(lambda: self.dropped.emit(self.suggestion.action.id))
        self.retranslate()

    @property
    def editing(self) -> bool:
        return self.editor.isVisible()

    def _edit(self) -> None:
        self.editor.setPlainText(tr(self.suggestion.action.label))
        self.editor.setVisible(True)
        self.text.setVisible(False)
        self.edit_button.setVisible(False)
        self.cancel_button.setVisible(True)
        self.editor.setFocus()
        self.retranslate()

    def _cancel(self) -> None:
        self.editor.setVisible(False)
        self.text.setVisible(True)
        self.edit_button.setVisible(True)
        self.cancel_button.setVisible(False)
        self.retranslate()

    def _accept(self) -> None:
        text: str | None = None
        if self.editing:
            typed = self.editor.toPlainText().strip()
            text = None if typed == tr(self.suggestion.action.label) else typed
        self.accepted.emit(self.suggestion.action.id, text)

    def retranslate(self) -> None:
        s = self.suggestion
        self.origin.setText(
            _("{dimension}: scored {score}").format(
                dimension=tr(s.dimension.title), score=active().number(s.score)
            )
        )
        self.text.setText(tr(s.action.label))
        self.accept_button.setText(_("Accept edited text") if self.editing else _("Accept"))
        self.edit_button.setText(_("Edit…"))
        self.cancel_button.setText(_("Cancel editing"))
        self.drop_button.setText(_("Drop"))
        self.editor.setAccessibleName(_("Text of the action"))
        name = tr(s.action.label)
        self.accept_button.setAccessibleName(_("Accept: {action}").format(action=name))
        self.edit_button.setAccessibleName(_("Edit: {action}").format(action=name))
        self.drop_button.setAccessibleName(_("Drop: {action}").format(action=name))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


class SuggestionList(QWidget):
    """The open suggestions of the case's current result."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: dict[str, SuggestionRow] = {}
        self.intro = muted(WrapLabel("", self))
        self.empty = WrapLabel("", self)
        self.column = QVBoxLayout()
        self.restore = QPushButton(self)
        self.restore.clicked.connect(self._restore)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addLayout(self.column)
        layout.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignLeft)
        self._dropped = 0
        self.retranslate()

    def refresh(self) -> None:
        states = interview.suggestion_states(self.session.case.doc)
        open_ = [s for s in self.session.result.suggestions if s.action.id not in states]
        self._dropped = sum(1 for state in states.values() if state == "dropped")
        wanted = [s.action.id for s in open_]
        for action_id in list(self.rows):
            if action_id not in wanted:
                gone = self.rows.pop(action_id)
                self.column.removeWidget(gone)
                gone.deleteLater()
        for index, suggestion in enumerate(open_):
            row = self.rows.get(suggestion.action.id)
            if row is None:
                row = SuggestionRow(suggestion, self)
                row.accepted.connect(self._accept)
                row.dropped.connect(self._drop)
                self.rows[suggestion.action.id] = row
            elif not row.editing:
                row.suggestion = suggestion
                row.retranslate()
            self.column.insertWidget(index, row)
            row.show()  # at once, not when the event loop next runs
        self.retranslate()

    def _run(self, work: Callable[[], object]) -> None:
        self.session.submit(work)

    def _accept(self, action_id: str, text: str | None) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self._run(
            lambda: interview.accept_suggestion(ctx.uow, ctx.library, case_id, action_id, text=text)
        )

    def _drop(self, action_id: str) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self._run(lambda: interview.drop_suggestion(ctx.uow, ctx.library, case_id, action_id))

    def _restore(self) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self._run(lambda: interview.restore_suggestions(ctx.uow, ctx.library, case_id))

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Actions suggested for the dimensions that scored low. Accepted actions are "
                "added to the case's actions under Notes and actions."
            )
        )
        self.empty.setText(_("There are no open suggestions."))
        self.empty.setVisible(not self.rows)
        self.restore.setText(
            _("Suggest the dropped actions again ({count})").format(count=self._dropped)
        )
        self.restore.setVisible(self._dropped > 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
