"""The guided interview: one question at a time, with the keyboard alone if the broker wishes.

A side rail lists the parts of the interview (the profile, each readiness dimension, the partner
search, the conclusions) with how much of each is answered, and the review page. Keys:

- 0–4 choose a level, N marks "not applicable" (scale items); 1–9 choose a choice (single items);
- Enter or → goes on, ← goes back (Alt+→ / Alt+← and Ctrl+Enter also work inside text fields);
- U or Ctrl+J jumps to the next unanswered question; Delete clears a level or choice.

Every answer is saved at once; questions that do not apply (``relevant_if``) are left out of the
walk as soon as the answer they depend on changes. Reopening the case resumes at the question
the broker last looked at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.answers import condition_holds, is_answered, validate
from brokerdesk.domain.instrument import Item
from brokerdesk.i18n import _, active
from brokerdesk.services import interview
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.form_parts import WrapLabel, alive, heading, muted, roomy, tr
from brokerdesk.ui.interview_item import ItemPanel
from brokerdesk.ui.interview_review import ReviewPage, review
from brokerdesk.ui.session_page import SessionPage

SECTIONS = ("profile", "readiness", "partner", "conclusions")
GROUP_ROLE = Qt.ItemDataRole.UserRole
REVIEW = "__review__"
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
_FORWARD = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_N, Qt.Key.Key_U, *_DIGITS}


class InterviewView(SessionPage):
    """The guided walk over the item sections of the instrument."""

    position_changed = Signal(str)  # the item id shown, or "" on the review page

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.groups: list[tuple[str, str, list[Item]]] = []  # key, title, items
        self.stops: list[tuple[Item, str]] = []  # every item with its group title
        self._group_of: dict[str, str] = {}
        self.panels: dict[str, ItemPanel] = {}
        self.current: str | None = None
        self._remembered: str | None = None
        self._resumed = False

        self.rail = QListWidget(self)
        roomy(self.rail, lines=True)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rail.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 40)
        self.rail.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 24)
        self.rail.itemClicked.connect(self._rail_chosen)
        self.rail.installEventFilter(self)

        self.group_title = heading("", 1.15, self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.position = muted(WrapLabel("", self))
        self.stack = QStackedWidget(self)
        self.review_page = ReviewPage(self)
        self.review_page.jump.connect(self.jump_to)
        self.stack.addWidget(self.review_page)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.stack)
        # The scroll area would take ←, →, PageUp and PageDown for scrolling; they move here.
        self.scroller.installEventFilter(self)

        self.back = QPushButton(self)
        self.next = QPushButton(self)
        self.unanswered = QPushButton(self)
        self.review_button = QPushButton(self)
        self.keys = muted(WrapLabel("", self))
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.unanswered.clicked.connect(self.next_unanswered)
        self.review_button.clicked.connect(self.show_review)
        for button in (self.back, self.next, self.unanswered, self.review_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        nav = QHBoxLayout()
        nav.addWidget(self.back)
        nav.addWidget(self.next)
        nav.addStretch(1)
        nav.addWidget(self.unanswered)
        nav.addWidget(self.review_button)
        main = QVBoxLayout()
        main.addWidget(self.group_title)
        main.addWidget(self.progress)
        main.addWidget(self.position)
        main.addWidget(self.scroller, 1)
        main.addLayout(nav)
        main.addWidget(self.keys)
        layout = QHBoxLayout(self)
        layout.addWidget(self.rail, 0)
        layout.addLayout(main, 1)

        shortcuts = (
            ("Ctrl+J", self.next_unanswered),
            ("Alt+Right", self.go_next),
            ("Ctrl+Return", self.go_next),
            ("Alt+Left", self.go_back),
        )
        for keys, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        session.updated.connect(self.refresh)
        if session.is_loaded:
            self._build()
        else:
            session.loaded.connect(self._build)
        self.retranslate()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        if self.groups:
            return
        instrument = self.session.instrument
        for kind in SECTIONS:
            section = instrument.section(kind)
            if kind == "readiness":
                for dim in section.dimensions:
                    self.groups.append((dim.id, dim.title, list(dim.items)))
            else:
                self.groups.append((section.id, section.title, list(section.items)))
        for key, title, items in self.groups:
            for item in items:
                self.stops.append((item, title))
                self._group_of[item.id] = key
        self._fill_rail()
        ctx, case_id = self.session.ctx, self.session.case_id
        ctx.ops.run(lambda: interview.resume_position(ctx.uow, case_id), self._resume)

    def _fill_rail(self) -> None:
        self.rail.clear()
        readiness = self.session.instrument.section("readiness")
        dims = {d.id for d in readiness.dimensions}
        header_done = False
        for key, _title, _items in self.groups:
            if key in dims and not header_done:
                header = QListWidgetItem(self.rail)
                header.setData(GROUP_ROLE, None)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                header_done = True
            entry = QListWidgetItem(self.rail)
            entry.setData(GROUP_ROLE, key)
        review_entry = QListWidgetItem(self.rail)
        review_entry.setData(GROUP_ROLE, REVIEW)
        self._label_rail()

    def _resume(self, item_id: str | None) -> None:
        if not alive(self):
            return
        self._resumed = True
        self._remembered = item_id
        ids = {item.id for item, _g in self.stops}
        if item_id in ids:
            self.go_to(str(item_id), focus=False)
        else:
            self.go_to(self._first_unanswered() or self.stops[0][0].id, focus=False)

    # -- where we are ---------------------------------------------------------------------------

    def _relevant(self, values: dict[str, Any]) -> list[Item]:
        return [item for item, _g in self.stops if condition_holds(item.relevant_if, values)]

    def _first_unanswered(self, after: str | None = None) -> str | None:
        values = self.session.values()
        order = self._relevant(values)
        ids = [i.id for i in order]
        start = ids.index(after) + 1 if after in ids else 0
        for item in order[start:] + order[:start]:
            if not is_answered(values.get(item.id)) and item.id != after:
                return item.id
        return None

    def panel(self, item_id: str) -> ItemPanel:
        panel = self.panels.get(item_id)
        if panel is None:
            item = self.session.instrument.item(item_id)
            title = next(t for i, t in self.stops if i.id == item_id)
            panel = ItemPanel(item, title, self.session.ctx.library)
            panel.answered.connect(self._answered)
            panel.noted.connect(self._noted)
            self.stack.addWidget(panel)
            self.panels[item_id] = panel
            self._order_focus(panel)
        return panel

    def _order_focus(self, panel: ItemPanel) -> None:
        """Tab goes rail → the question's controls → the buttons (panels are made later)."""
        window = self.window()
        controls = [
            w
            for w in panel.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is window  # no popups
        ]
        buttons = [self.back, self.next, self.unanswered, self.review_button]
        previous: QWidget = self.rail
        for widget in [*controls, *buttons]:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def go_to(self, item_id: str, focus: bool = True) -> None:
        """Shows one question (and remembers it as the place to resume)."""
        self._leave_current()
        panel = self.panel(item_id)
        self.current = item_id
        self._show_answer(panel)
        self.stack.setCurrentWidget(panel)
        self.scroller.verticalScrollBar().setValue(0)
        if focus:
            panel.focus_first()
        self._update_position()
        self.position_changed.emit(item_id)
        if item_id != self._remembered:
            self._remembered = item_id
            ctx, case_id = self.session.ctx, self.session.case_id
            ctx.ops.run(lambda: interview.remember_position(ctx.uow, case_id, item_id))

    def jump_to(self, item_id: str) -> None:
        self.go_to(item_id)

    def _leave_current(self) -> None:
        if self.current is not None and self.current in self.panels:
            self.panels[self.current].commit_pending()

    def go_next(self) -> None:
        if self.current is None:
            return
        self._leave_current()
        relevant = [i.id for i in self._relevant(self.session.values())]
        ids = [i.id for i, _g in self.stops]
        position = ids.index(self.current)
        following = [i for i in ids[position + 1 :] if i in relevant]
        if following:
            self.go_to(following[0])
        else:
            self.show_review()

    def go_back(self) -> None:
        relevant = [i.id for i in self._relevant(self.session.values())]
        if self.current is None:  # on the review page: back to the last question
            if relevant:
                self.go_to(relevant[-1])
            return
        ids = [i.id for i, _g in self.stops]
        position = ids.index(self.current)
        earlier = [i for i in ids[:position] if i in relevant]
        if earlier:
            self.go_to(earlier[-1])

    def next_unanswered(self) -> None:
        if not self.stops:
            return
        self._leave_current()
        target = self._first_unanswered(self.current)
        if target is None:
            self.show_review()
        else:
            self.go_to(target)

    def show_review(self) -> None:
        self._leave_current()
        self.current = None
        self._refresh_review()
        self.stack.setCurrentWidget(self.review_page)
        self.review_page.focus_first()
        self._update_position()
        self.position_changed.emit("")

    # -- changes --------------------------------------------------------------------------------

    def _answered(self, item_id: str, value: Any) -> None:
        panel = self.panels[item_id]
        self.session.answer(item_id, value, on_error=panel.refused)
        self._update_position()

    def _noted(self, item_id: str, note: str) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: interview.note_item(ctx.uow, ctx.library, case_id, item_id, note)
        )

    def ready(self) -> bool:
        return bool(self.stops)

    def redraw(self) -> None:
        if self.current is not None and self.current in self.panels:
            self._show_answer(self.panels[self.current])
        if self.stack.currentWidget() is self.review_page:
            self._refresh_review()
        self._update_position()

    def _show_answer(self, panel: ItemPanel) -> None:
        values = self.session.values()
        item_id = panel.item.id
        entry = self.session.case.doc["answers"].get(item_id, {})
        panel.show_answer(
            values.get(item_id),
            str(entry.get("note") or ""),
            values,
            self.session.is_pending(item_id),
        )
        value = values.get(item_id)
        problems = validate(panel.item, value, values) if is_answered(value) else []
        panel.show_problems(problems)

    def _refresh_review(self) -> None:
        unanswered, invalid = review(self.stops, self.session.values())
        self.review_page.show_findings(unanswered, invalid)

    def _update_position(self) -> None:
        if not self.stops or not self.session.is_loaded:
            return
        values = self.session.values()
        relevant = self._relevant(values)
        done = sum(1 for i in relevant if is_answered(values.get(i.id)))
        share = done / len(relevant) if relevant else 1.0
        self.progress.setValue(round(share * 1000))
        percent = active().percent(share)
        ids = [i.id for i in relevant]
        if self.current in ids:
            self.position.setText(
                _("Question {index} of {total} · {percent} answered").format(
                    index=ids.index(self.current) + 1, total=len(ids), percent=percent
                )
            )
            key = self._group_of[self.current]
            self.group_title.setText(tr(next(t for k, t, _i in self.groups if k == key)))
        else:
            self.position.setText(
                _("{done} of {total} questions answered ({percent})").format(
                    done=done, total=len(ids), percent=percent
                )
            )
            self.group_title.setText(_("Review"))
        self.progress.setAccessibleName(self.position.text())
        self._label_rail()

    def _label_rail(self) -> None:
        if not self.groups or not self.session.is_loaded:
            return
        values = self.session.values()
        current_key = self._group_of.get(self.current or "", REVIEW)
        titles = {k: t for k, t, _i in self.groups}
        items = {k: i for k, _t, i in self.groups}
        for row in range(self.rail.count()):
            entry = self.rail.item(row)
            key = entry.data(GROUP_ROLE)
            if key is None:
                entry.setText(tr(self.session.instrument.section("readiness").title))
                continue
            if key == REVIEW:
                entry.setText(_("Review: unanswered and to check"))
            else:
                relevant = [i for i in items[key] if condition_holds(i.relevant_if, values)]
                done = sum(1 for i in relevant if is_answered(values.get(i.id)))
                mark = "✓ " if relevant and done == len(relevant) else ""
                count = _("{done} of {total}").format(done=done, total=len(relevant))
                entry.setText(f"{mark}{tr(titles[key])}\n{count}")
            if key == current_key and self.rail.currentItem() is not entry:
                self.rail.setCurrentItem(entry)

    def _rail_chosen(self, entry: QListWidgetItem) -> None:
        key = entry.data(GROUP_ROLE)
        if key == REVIEW:
            self.show_review()
            return
        items = next((i for k, _t, i in self.groups if k == key), None)
        if not items:
            return
        values = self.session.values()
        relevant = [i for i in items if condition_holds(i.relevant_if, values)] or items
        target = next((i for i in relevant if not is_answered(values.get(i.id))), relevant[0])
        self.go_to(target.id)

    # -- keys -----------------------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """The interview's keys; False when the key means nothing here."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key = event.key()
        panel = self.panels.get(self.current) if self.current else None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.go_next()
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.go_back()
            return True
        if key == Qt.Key.Key_U:
            self.next_unanswered()
            return True
        if panel is None:
            return False
        if key in _DIGITS:
            return panel.choose_level(_DIGITS[key])
        if key == Qt.Key.Key_N:
            return panel.not_applicable()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return panel.clear()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event):
            event.accept()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroller and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self.handle_key(event):
                event.accept()
                return True
        if watched is self.rail and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.rail.currentItem()
                if current is not None:
                    self._rail_chosen(current)
                return True
            if event.key() in _FORWARD and self.handle_key(event):
                return True
        return super().eventFilter(watched, event)

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.rail.setAccessibleName(_("Parts of the interview"))
        self.back.setText(_("← Back"))
        self.next.setText(_("Next →"))
        self.unanswered.setText(_("Next unanswered (U)"))
        self.review_button.setText(_("Review"))
        self.back.setToolTip(_("Previous question (← or Alt+←)"))
        self.next.setToolTip(_("Next question (Enter, → or Alt+→)"))
        self.unanswered.setToolTip(_("Jump to the next unanswered question (U or Ctrl+J)"))
        self.review_button.setToolTip(_("List the unanswered questions and the answers to check"))
        self.keys.setText(
            _(
                "Keys: 0–4 choose a level · N not applicable · 1–9 choose an option · "
                "Enter or → next · ← back · U or Ctrl+J next unanswered · Delete clears"
            )
        )
        self._update_position()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
