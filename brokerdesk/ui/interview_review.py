"""The interview's review page: the questions still unanswered and the answers to check.

Enter, a click or a double click on an entry jumps to its question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from brokerdesk.domain.answers import condition_holds, is_answered, validate
from brokerdesk.domain.instrument import Item
from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, ngettext, render
from brokerdesk.ui.form_parts import WrapLabel, heading, muted, roomy, tr

ITEM_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Finding:
    item: Item
    group: str  # the section or dimension title (source text)
    problems: tuple[Message, ...] = ()  # empty: unanswered


def review(
    stops: Sequence[tuple[Item, str]], values: dict[str, Any], today: dt.date | None = None
) -> tuple[list[Finding], list[Finding]]:
    """The relevant questions left unanswered, and the answers that break a rule."""
    unanswered: list[Finding] = []
    invalid: list[Finding] = []
    for item, group in stops:
        if not condition_holds(item.relevant_if, values):
            continue
        value = values.get(item.id)
        if not is_answered(value):
            unanswered.append(Finding(item, group))
            continue
        problems = validate(item, value, values, today or dt.date.today())
        if problems:
            invalid.append(Finding(item, group, tuple(problems)))
    return unanswered, invalid


class _JumpList(QListWidget):
    jump = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        roomy(self, lines=True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._go)
        self.itemClicked.connect(self._go)

    def _go(self, entry: QListWidgetItem) -> None:
        item_id = entry.data(ITEM_ROLE)
        if item_id:
            self.jump.emit(str(item_id))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentItem()
            if current is not None:
                self._go(current)
            event.accept()  # the jump is the whole meaning of Enter here
            return
        super().keyPressEvent(event)


class ReviewPage(QWidget):
    """Lists what is missing or wrong; ``jump`` gives the item id to go to."""

    jump = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unanswered: list[Finding] = []
        self.invalid: list[Finding] = []
        self.title = heading("", 1.3, self)
        self.summary = WrapLabel("", self)
        self.hint = muted(WrapLabel("", self))
        self.list = _JumpList(self)
        self.list.jump.connect(self.jump)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self.retranslate()

    def show_findings(self, unanswered: list[Finding], invalid: list[Finding]) -> None:
        self.unanswered, self.invalid = unanswered, invalid
        self.retranslate()

    def _header(self, text: str) -> None:
        entry = QListWidgetItem(text, self.list)
        font = entry.font()
        font.setBold(True)
        entry.setFont(font)
        entry.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _entry(self, finding: Finding) -> None:
        lines = [tr(finding.item.text), tr(finding.group)]
        if finding.item.required and not finding.problems:
            lines[1] = _("{group} · required").format(group=tr(finding.group))
        lines += [f"⚠ {render(p)}" for p in finding.problems]
        entry = QListWidgetItem("\n".join(lines), self.list)
        entry.setData(ITEM_ROLE, finding.item.id)
        entry.setToolTip(_("Enter or click to go to this question"))

    def retranslate(self) -> None:
        self.title.setText(_("Review"))
        self.list.setAccessibleName(_("Questions to answer or check"))
        missing, wrong = len(self.unanswered), len(self.invalid)
        if not missing and not wrong:
            self.summary.setText(
                _("Every question that applies is answered, and no answer breaks a rule.")
            )
        else:
            parts = []
            if missing:
                parts.append(
                    ngettext(
                        "{count} question is not answered yet.",
                        "{count} questions are not answered yet.",
                        missing,
                    ).format(count=missing)
                )
            if wrong:
                parts.append(
                    ngettext(
                        "{count} answer needs checking.", "{count} answers need checking.", wrong
                    ).format(count=wrong)
                )
            self.summary.setText(" ".join(parts))
        self.hint.setText(_("Choose a question and press Enter to go to it."))
        self.list.clear()
        if self.invalid:
            self._header(_("Answers to check"))
            for finding in self.invalid:
                self._entry(finding)
        if self.unanswered:
            self._header(_("Not answered yet"))
            for finding in sorted(self.unanswered, key=lambda f: not f.item.required):
                self._entry(finding)
        for row in range(self.list.count()):
            if self.list.item(row).data(ITEM_ROLE):
                self.list.setCurrentRow(row)
                break

    def focus_first(self) -> None:
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
