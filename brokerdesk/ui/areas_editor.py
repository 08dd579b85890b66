"""Activity areas: the products, services or competences that might go abroad, and their ratings.

The list on the left holds one to five areas with their potential; the form on the right edits
the chosen one: its name, kind and description, and its rating on every criterion of the
instrument. A removed area can be taken back until the next removal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.text import N_
from brokerdesk.i18n import _, active
from brokerdesk.services import cases
from brokerdesk.services.cases import Saved
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.criterion_rating import CriterionRating
from brokerdesk.ui.form_parts import (
    TextBox,
    WrapLabel,
    focus_within,
    heading,
    muted,
    roomy,
    separator,
    tr,
)
from brokerdesk.ui.session_page import SessionPage

AREA_ROLE = Qt.ItemDataRole.UserRole
KINDS = (("product", N_("Product")), ("service", N_("Service")), ("competence", N_("Competence")))


class AreasEditor(SessionPage):
    """The case's activity areas and their ratings on the instrument's criteria."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.area_id: str | None = None
        self._form_area: str | None = None  # the area whose fields the form holds
        self.ratings: dict[str, CriterionRating] = {}
        self._removed: tuple[str, dict[str, Any]] | None = None

        self.title = heading("", 1.35, self)
        self.intro = muted(WrapLabel("", self))
        self.list = QListWidget(self)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        roomy(self.list, lines=True)
        self.list.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 42)
        self.list.currentItemChanged.connect(self._picked)
        self.add = QPushButton(self)
        self.remove = QPushButton(self)
        self.limit = muted(WrapLabel("", self))
        self.undo_text = WrapLabel("", self)
        self.undo = QPushButton(self)
        self.add.clicked.connect(self.add_area)
        self.remove.clicked.connect(self.remove_area)
        self.undo.clicked.connect(self.undo_remove)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        left.addLayout(buttons)
        left.addWidget(self.limit)
        left.addWidget(self.undo_text)
        left.addWidget(self.undo, 0, Qt.AlignmentFlag.AlignLeft)

        self.form = QWidget()
        self.form.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 110)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(12, 0, 12, 12)
        self.name_label = WrapLabel("", self.form)
        self.name = QLineEdit(self.form)
        self.kind_label = WrapLabel("", self.form)
        self.kind = QComboBox(self.form)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.description_label = WrapLabel("", self.form)
        self.description = TextBox(self.form, lines=4)
        self.potential = heading("", 1.1, self.form)
        self.criteria_title = heading("", 1.15, self.form)
        for label, field in (
            (self.name_label, self.name),
            (self.kind_label, self.kind),
            (self.description_label, self.description),
        ):
            label.setBuddy(field)
            form.addWidget(label)
            form.addWidget(
                field, 0, Qt.AlignmentFlag.AlignLeft if field is self.kind else Qt.AlignmentFlag(0)
            )
        form.addWidget(self.potential)
        form.addWidget(separator(self.form))
        form.addWidget(self.criteria_title)
        self.criteria_column = QVBoxLayout()
        form.addLayout(self.criteria_column)
        form.addStretch(1)
        self.name.editingFinished.connect(self._commit_typing)
        self.kind.activated.connect(lambda _i: self._edit("kind", self.kind.currentData()))
        self.description.left.connect(self._commit_typing)
        self.empty = WrapLabel("", self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)

        columns = QHBoxLayout()
        columns.addLayout(left, 0)
        columns.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addLayout(columns, 1)
        self._scroll = scroll
        # The ratings are made when the page is first shown: a case opens on one page.
        session.updated.connect(self.refresh)
        self.retranslate()

    def _build(self) -> None:
        if self.ratings or not self.session.is_loaded:
            return
        for criterion in self.session.instrument.criteria:
            rating = CriterionRating(criterion, self.form)
            rating.rated.connect(self._rate)
            self.ratings[criterion.id] = rating
            self.criteria_column.addWidget(rating)
        self._set_texts()

    # -- the list ------------------------------------------------------------------------------

    def _areas(self) -> list[tuple[str, dict[str, Any]]]:
        areas = self.session.case.doc.get("areas") or {}
        return sorted(areas.items(), key=lambda kv: (kv[1].get("position", 0), kv[0]))

    def needs_first_draw(self) -> bool:
        return not self.ratings

    def redraw(self) -> None:
        if not self.ratings:
            self._build()
        areas = self._areas()
        ids = [a for a, _x in areas]
        if self.area_id not in ids:
            self.area_id = ids[0] if ids else None
        potentials = {a.area_id: a for a in self.session.result.areas}
        self.list.blockSignals(True)  # choosing the row here is not the broker's choice
        self.list.clear()
        for area_id, area in areas:
            score = potentials.get(area_id)
            figure = (
                _("Potential {score}").format(score=active().number(score.potential))
                if score is not None and score.potential is not None
                else _("Potential not known yet")
            )
            entry = QListWidgetItem(f"{area.get('name') or _('Unnamed area')}\n{figure}", self.list)
            entry.setData(AREA_ROLE, area_id)
            if area_id == self.area_id:
                self.list.setCurrentItem(entry)
        self.list.blockSignals(False)
        self._show_area()
        self._update_buttons()

    def _picked(self, current: QListWidgetItem | None, _previous: Any = None) -> None:
        if current is None:
            return
        self._commit_typing()
        self.area_id = str(current.data(AREA_ROLE))
        self._show_area(force=True)

    def _show_area(self, force: bool = False) -> None:
        area = (self.session.case.doc.get("areas") or {}).get(self.area_id or "")
        self.form.setEnabled(area is not None)
        self.form.setVisible(area is not None)
        if area is None:
            self._form_area = None
            return
        other = self._form_area != self.area_id
        self._form_area = self.area_id
        if force or other or not (focus_within(self.name) or self.name.isModified()):
            self.name.setText(str(area.get("name") or ""))  # also clears isModified()
        index = self.kind.findData(area.get("kind") or "product")
        self.kind.setCurrentIndex(max(0, index))
        typing = focus_within(self.description) or self.description.document().isModified()
        if force or other or not typing:
            self.description.setPlainText(str(area.get("description") or ""))
            self.description.document().setModified(False)
        ratings = area.get("ratings") or {}
        for criterion_id, rating in self.ratings.items():
            level = ratings.get(criterion_id)
            rating.set_level(level if isinstance(level, int) else None)
        score = next((a for a in self.session.result.areas if a.area_id == self.area_id), None)
        if score is not None and score.potential is not None:
            self.potential.setText(
                _("Potential: {score} ({rated} of {total} criteria rated)").format(
                    score=active().number(score.potential),
                    rated=score.rated,
                    total=score.criteria,
                )
            )
        else:
            rated = score.rated if score is not None else 0
            self.potential.setText(
                _("Potential: not known yet ({rated} of {total} criteria rated)").format(
                    rated=rated, total=len(self.ratings)
                )
            )

    def _update_buttons(self) -> None:
        section = self.session.instrument.section("areas")
        count = len(self.session.case.doc.get("areas") or {})
        self.add.setEnabled(count < section.max_areas)
        self.remove.setEnabled(self.area_id is not None)
        if count < section.min_areas:
            self.limit.setText(_("Name at least one activity area."))
        else:
            self.limit.setText(
                _("{count} of at most {limit} areas").format(count=count, limit=section.max_areas)
            )
        self.empty.setVisible(count == 0)
        has_undo = self._removed is not None
        self.undo.setVisible(has_undo)
        self.undo_text.setVisible(has_undo)

    # -- changes -------------------------------------------------------------------------------

    def _commit_typing(self) -> None:
        """Saves what the broker typed into the form of the area it shows (and only that)."""
        if self._form_area is None or self._form_area != self.area_id:
            return
        if self.name.isModified():
            self._edit("name", self.name.text().strip())
        if self.description.document().isModified():
            self._edit("description", self.description.toPlainText().strip())

    def _edit(self, field: str, value: Any) -> None:
        area_id = self.area_id
        if area_id is None:
            return
        if field == "name":
            self.name.setModified(False)
        elif field == "description":
            self.description.document().setModified(False)
        area = (self.session.case.doc.get("areas") or {}).get(area_id, {})
        if area.get(field) == value:
            return
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.put_entry(
                ctx.uow, ctx.library, case_id, "areas", {field: value}, key=area_id
            )
        )

    def _rate(self, criterion_id: str, level: int | None) -> None:
        area_id = self.area_id
        if area_id is None:
            return
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.rate_area(ctx.uow, ctx.library, case_id, area_id, criterion_id, level)
        )

    def add_area(self) -> None:
        self._commit_typing()
        ctx, case_id = self.session.ctx, self.session.case_id
        entry = {"name": "", "kind": "product", "description": ""}

        def added(outcome: tuple[str, Saved]) -> None:
            self.area_id = outcome[0]
            self.refresh()
            self.name.setFocus()

        self.session.submit(
            lambda: cases.put_entry(ctx.uow, ctx.library, case_id, "areas", entry), on_done=added
        )

    def remove_area(self) -> None:
        area_id = self.area_id
        if area_id is None:
            return
        area = dict((self.session.case.doc.get("areas") or {}).get(area_id, {}))
        self._removed = (area_id, area)
        self.area_id = None
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.remove_entry(ctx.uow, ctx.library, case_id, "areas", area_id)
        )
        self.retranslate()

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        area_id, area = self._removed
        self._removed = None
        self.area_id = area_id
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: cases.put_entry(ctx.uow, ctx.library, case_id, "areas", area, key=area_id)
        )
        self.retranslate()

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._set_texts()
        if self.session.is_loaded and self.ratings:
            self.refresh()

    def _set_texts(self) -> None:
        section = self.session.instrument.section("areas") if self.session.is_loaded else None
        self.title.setText(tr(section.title) if section else _("Activity areas"))
        self.intro.setText(tr(section.help) if section else "")
        self.intro.setVisible(bool(section and section.help))
        self.empty.setText(_("No activity areas yet. Add the first one with “Add area”."))
        self.list.setAccessibleName(_("Activity areas"))
        self.add.setText(_("Add area"))
        self.remove.setText(_("Remove area"))
        self.undo.setText(_("Undo"))
        if self._removed is not None:
            name = self._removed[1].get("name") or _("Unnamed area")
            self.undo_text.setText(_("The area “{name}” was removed.").format(name=name))
        self.name_label.setText(_("Name of the area"))
        self.name.setAccessibleName(_("Name of the area"))
        self.kind_label.setText(_("Kind"))
        self.kind.setAccessibleName(_("Kind of area"))
        current = self.kind.currentData()
        self.kind.clear()
        for kind_id, label in KINDS:
            self.kind.addItem(_(label), kind_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.description_label.setText(_("Description"))
        self.description.setAccessibleName(_("Description of the area"))
        self.criteria_title.setText(_("Ratings on the criteria"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
