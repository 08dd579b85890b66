"""A validated form over the items of one instrument section (profile, partner, conclusions).

Each item is a field: its question, help, editor and inline messages. A change is saved as soon
as the broker finishes it; relevance (``relevant_if``) hides and shows fields at once; the
messages are the domain's own validation, rendered in the UI language, and a refused answer stays
in its field with the reason beside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from brokerdesk.domain.answers import condition_holds, is_answered, validate
from brokerdesk.domain.instrument import Item, Section
from brokerdesk.domain.text import Message
from brokerdesk.i18n import _, render
from brokerdesk.services.cases import InvalidAnswer
from brokerdesk.ui.case_session import CaseSession, error_text
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, focus_within, heading, muted, tr
from brokerdesk.ui.item_editors import ItemEditor, make_editor
from brokerdesk.ui.session_page import SessionPage


class ItemField(QWidget):
    """One item of a form: question, required sign, help, editor and messages."""

    committed = Signal(str, object)

    def __init__(self, item: Item, editor: ItemEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.editor = editor
        self.local: list[Message | str] = []  # unreadable input, or a refused answer
        self.problems: list[Message] = []  # what the domain finds wrong with the saved answer
        self.label = WrapLabel("", self)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.required = muted(WrapLabel("", self))
        self.help = muted(WrapLabel("", self))
        self.error = ErrorLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.required, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        editor.setParent(self)
        editor.committed.connect(self._committed)
        editor.problem.connect(self._problem)
        self.retranslate()

    def _committed(self, value: Any) -> None:
        self.local = []
        self.error.show_messages([])
        self.committed.emit(self.item.id, value)

    def _problem(self, message: Message) -> None:
        self.local = [message]
        self._show(self.local)

    def refused(self, exc: BaseException) -> None:
        """The answer was not saved: keep it in the field and say why."""
        self.editor.forget()
        self.local = list(exc.problems) if isinstance(exc, InvalidAnswer) else [error_text(exc)]
        self._show(self.local)

    def has_local_problem(self) -> bool:
        return bool(self.local)

    def show_problems(self, problems: list[Message]) -> None:
        self.problems = list(problems)
        self._show(self.local or list(problems))

    def _show(self, problems: list[Message | str]) -> None:
        self.error.show_messages([render(p) if isinstance(p, Message) else p for p in problems])

    def retranslate(self) -> None:
        self.label.setText(tr(self.item.text))
        self.required.setText(_("required") if self.item.required else "")
        self.required.setVisible(self.item.required)
        self.help.setText(tr(self.item.help))
        self.help.setVisible(bool(self.item.help))
        self.editor.set_accessible_name(tr(self.item.text))
        self.editor.focus_target().setAccessibleDescription(tr(self.item.help))
        self.label.setBuddy(self.editor.focus_target())
        self._show(self.local or list(self.problems))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


class ItemsForm(SessionPage):
    """The fields of one section, built once the case (and so its instrument) is known."""

    def __init__(
        self,
        session: CaseSession,
        section_kind: str,
        parent: QWidget | None = None,
        *,
        scroll: bool = True,
    ) -> None:
        super().__init__(session, parent)
        self.section_kind = section_kind
        self.fields: dict[str, ItemField] = {}
        self.section: Section | None = None
        self.content = QWidget()
        self.content.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 110)
        self.body = QVBoxLayout(self.content)
        # Inside another page (the conclusions), that page's margins apply.
        self.body.setContentsMargins(*((16, 12, 16, 12) if scroll else (0, 0, 0, 0)))
        self.title = heading("", 1.35, self.content)
        self.intro = muted(WrapLabel("", self.content))
        self.body.addWidget(self.title)
        self.body.addWidget(self.intro)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.content, 1)
        row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if scroll:
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(holder)
            layout.addWidget(area)
            self.scroll_area: QScrollArea | None = area
        else:
            layout.addWidget(holder)
            self.scroll_area = None
        # The fields are made when the form is first shown: a case opens on one page.
        session.updated.connect(self.refresh)

    def _build(self) -> None:
        if self.section is not None or not self.session.is_loaded:
            return
        instrument = self.session.instrument
        self.section = instrument.section(self.section_kind)
        for item in self.section.items:
            editor = make_editor(item, self.session.ctx.library)
            field = ItemField(item, editor, self.content)
            field.committed.connect(self._commit)
            self.fields[item.id] = field
            self.body.addWidget(field)
            self.after_field(item, field)
        self.body.addStretch(1)
        self.retranslate()

    def after_field(self, item: Item, field: ItemField) -> None:
        """A place for a form to add something below a field (the SME category)."""

    def _commit(self, item_id: str, value: Any) -> None:
        field = self.fields[item_id]
        self.session.answer(item_id, value, on_error=field.refused)
        self.apply_relevance(self.session.values())

    def needs_first_draw(self) -> bool:
        return self.section is None

    def redraw(self) -> None:
        if self.section is None:
            self._build()
        values = self.session.values()
        for item_id, field in self.fields.items():
            field.editor.set_context(values)
            busy = self.session.is_pending(item_id) or field.has_local_problem()
            if not busy and not focus_within(field.editor):
                field.editor.set_value(values.get(item_id))
        self.apply_relevance(values)
        self.show_validation(values)

    def apply_relevance(self, values: dict[str, Any]) -> None:
        for field in self.fields.values():
            field.setVisible(condition_holds(field.item.relevant_if, values))

    def show_validation(self, values: dict[str, Any]) -> None:
        today = dt.date.today()
        for item_id, field in self.fields.items():
            value = values.get(item_id)
            problems = validate(field.item, value, values, today) if is_answered(value) else []
            field.show_problems(problems)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a field (after it saved its value) moves on to the next field.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def commit_pending(self) -> None:
        """Commits what is typed in the field that has the focus (before the view closes)."""
        for field in self.fields.values():
            if focus_within(field.editor):
                field.editor.commit_pending()

    def retranslate(self) -> None:
        if self.section is not None:
            self.title.setText(tr(self.section.title))
            self.title.setAccessibleName(tr(self.section.title))
            self.intro.setText(tr(self.section.help))
            self.intro.setVisible(bool(self.section.help))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
