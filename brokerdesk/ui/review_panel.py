"""The coordinator's review of a case: approve it, or return it to its broker with a comment.

The review is saved in the network file at once (on the background queue) and ``reviewed`` is
emitted, so that the window's sync sends it; until then the case shows it as waiting. A return
needs a comment: the broker must know what to change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, active
from brokerdesk.services import coordinator
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, heading, muted
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import describe


class ReviewPanel(QWidget):
    """Approve or return one case of the network."""

    reviewed = Signal(str, str)  # case id, state: saved here, to be sent by the sync

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.review: dict[str, Any] = {"state": "none"}
        self.busy = False
        self.title = heading("", 1.1, self)
        self.state = WrapLabel("", self)
        self.note = muted(WrapLabel("", self))
        self.comment_label = QLabel(self)
        self.comment = QPlainTextEdit(self)
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(self.fontMetrics().height() * 5)
        self.comment_label.setBuddy(self.comment)
        self.approve_button = QPushButton(self)
        self.return_button = QPushButton(self)
        self.approve_button.clicked.connect(lambda: self.submit("approved"))
        self.return_button.clicked.connect(lambda: self.submit("returned"))
        self.error = ErrorLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.comment_label)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        self.retranslate()

    def show_review(self, review: dict[str, Any] | None) -> None:
        """Shows the case's review as the network file holds it."""
        self.review = dict(review or {"state": "none"})
        self._show_state()

    def submit(self, state: str) -> None:
        """Saves an approval or a return with the comment typed; a return needs one."""
        text = self.comment.toPlainText().strip()
        if state == "returned" and not text:
            self.error.show_messages(
                [_("Say what the broker should change before returning the case.")]
            )
            self.comment.setFocus()
            return
        self.error.show_messages([])
        self._set_busy(True)
        ctx, case_id = self.ctx, self.case_id

        def work() -> coordinator.ReviewResult:
            return coordinator.review(ctx.desk, ctx.library, case_id, state, text, send=False)

        run_for(self, ctx.ops, work, self._saved, self._failed)

    def _saved(self, result: coordinator.ReviewResult) -> None:
        self._set_busy(False)
        self.comment.clear()
        self.show_review(result.case.doc.get("review"))
        self.note.setText(_("Saved. It goes to the broker with the next sync."))
        self.reviewed.emit(self.case_id, str(self.review.get("state")))

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.error.show_messages([describe(exc)])

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.approve_button, self.return_button, self.comment):
            widget.setEnabled(not busy)

    def _show_state(self) -> None:
        state = str(self.review.get("state") or "none")
        label = _(coordinator.REVIEW_LABELS.get(state, state))
        by, at = self.review.get("by"), self.review.get("at")
        if state != "none" and by and at:
            text = _("{state}, by {who} on {date}").format(
                state=label, who=by, date=active().date(str(at))
            )
        else:
            text = label
        comment = str(self.review.get("comment") or "")
        self.state.setText(f"{text}\n“{comment}”" if comment else text)
        self.state.setAccessibleName(self.state.text())

    def retranslate(self) -> None:
        self.title.setText(_("Review"))
        self.comment_label.setText(_("&Comment for the broker:"))
        self.comment.setPlaceholderText(_("What is good, and what should be changed"))
        self.comment.setAccessibleName(_("Comment for the broker"))
        self.approve_button.setText(_("&Approve"))
        self.approve_button.setToolTip(_("The case is complete and sound"))
        self.return_button.setText(_("Re&turn to the broker"))
        self.return_button.setToolTip(
            _("The broker should change the case; say what in the comment")
        )
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
