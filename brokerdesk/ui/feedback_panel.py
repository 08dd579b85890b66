"""The coordinator's review and feedback on a case, as its broker sees them (read-only).

Shown in the case view's header once a coordinator reviewed the case or wrote feedback: the
review state with who and when, the newest comment, and every feedback entry on request. The
broker never edits these (they come from the coordinator through the sync), so they cannot
conflict with the broker's own changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from brokerdesk.i18n import _, active
from brokerdesk.services.coordinator import REVIEW_LABELS
from brokerdesk.ui.form_parts import WrapLabel, muted


class FeedbackPanel(QFrame):
    """The review state and feedback of one case; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.review: dict[str, Any] = {"state": "none"}
        self.entries: list[dict[str, Any]] = []
        self.summary = WrapLabel("", self)
        self.all_button = QPushButton(self)
        self.all_button.setCheckable(True)
        self.all_button.toggled.connect(self._show)
        self.history = muted(WrapLabel("", self))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.history)
        self.setVisible(False)
        self.retranslate()

    def show_case(self, doc: Mapping[str, Any]) -> None:
        """Shows the review and feedback of a case document."""
        review = doc.get("review")
        self.review = dict(review) if isinstance(review, Mapping) else {"state": "none"}
        feedback = doc.get("feedback") or {}
        self.entries = sorted(
            (dict(e) for e in feedback.values() if isinstance(e, Mapping)),
            key=lambda e: str(e.get("at") or e.get("created") or ""),
            reverse=True,
        )
        self._show()

    def _line(self, entry: Mapping[str, Any]) -> str:
        when = entry.get("at") or entry.get("created")
        day = active().date(str(when)) if when else ""
        text = str(entry.get("text") or "")
        state = entry.get("review")
        label = _(REVIEW_LABELS[state]) if state in REVIEW_LABELS else ""
        head = " · ".join(p for p in (day, str(entry.get("author") or ""), label) if p)
        return f"{head}: {text}" if text else head

    def _show(self, *_args: Any) -> None:
        state = str(self.review.get("state") or "none")
        if state == "none" and not self.entries:
            self.setVisible(False)
            return
        label = _(REVIEW_LABELS.get(state, state))
        by, at = self.review.get("by"), self.review.get("at")
        if state != "none" and by and at:
            text = _("Coordinator's review: {state}, by {who} on {date}").format(
                state=label, who=by, date=active().date(str(at))
            )
        else:
            text = _("Coordinator's review: {state}").format(state=label)
        comment = str(self.review.get("comment") or "")
        self.summary.setText(f"{text}\n“{comment}”" if comment else text)
        self.summary.setAccessibleName(self.summary.text())
        count = len(self.entries)
        self.all_button.setVisible(count > 0)
        self.all_button.setText(_("All feedback ({count})").format(count=active().number(count)))
        shown = self.all_button.isChecked() and count > 0
        self.history.setText("\n".join(self._line(e) for e in self.entries) if shown else "")
        self.history.setVisible(shown)
        self.setVisible(True)

    def retranslate(self) -> None:
        self.all_button.setToolTip(_("Every comment the coordinators wrote on this case"))
        self.setAccessibleName(_("Coordinator's review and feedback"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
