"""The company profile: a validated form, with the EU SME category shown live beside the figures.

The SME category follows the staff, turnover and balance-sheet figures as they are typed (before
they are saved), with the reasons for it and the flags that make it provisional (a partner or
linked enterprise must add the figures of its partners).
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from brokerdesk.domain.company import SmeAssessment, sme_category
from brokerdesk.domain.instrument import Item
from brokerdesk.i18n import _, render
from brokerdesk.services.cases import Saved
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.form_parts import WrapLabel, heading, muted
from brokerdesk.ui.item_editors import NumberEditor, parse_number
from brokerdesk.ui.items_form import ItemField, ItemsForm

FIGURES = ("headcount", "turnover", "balance_sheet")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class SmePanel(QFrame):
    """The SME category with its reasons and flags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.assessment: SmeAssessment | None = None
        self.title = muted(WrapLabel("", self))
        self.category = heading("", 1.2, self)
        self.reasons = WrapLabel("", self)
        self.flags = WrapLabel("", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.category)
        layout.addWidget(self.reasons)
        layout.addWidget(self.flags)
        self.retranslate()

    def show_assessment(self, assessment: SmeAssessment) -> None:
        self.assessment = assessment
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("SME category (EU definition, Recommendation 2003/361/EC)"))
        a = self.assessment
        if a is None:
            self.category.setText("")
            self.reasons.setText("")
            self.flags.setVisible(False)
            return
        self.category.setText(_(a.category.label))
        self.category.setAccessibleName(_(a.category.label))
        self.reasons.setText("\n".join(f"• {render(m)}" for m in a.reasons))
        self.flags.setText("\n".join(f"⚠ {render(m)}" for m in a.flags))
        self.flags.setVisible(bool(a.flags))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


class ProfileForm(ItemsForm):
    """The company profile section of the instrument, with NACE and region pickers."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        self.sme = SmePanel()
        super().__init__(session, "profile", parent)

    def after_field(self, item: Item, field: ItemField) -> None:
        if item.id in FIGURES and isinstance(field.editor, NumberEditor):
            field.editor.line.textEdited.connect(self._update_sme)
        if item.id == "independence":
            self.body.addWidget(self.sme)
            field.committed.connect(lambda *_a: self._update_sme())

    def _typed_values(self) -> dict[str, Any]:
        """The saved answers with the figures as they stand in their fields right now."""
        values = self.session.values()
        for item_id in FIGURES:
            field = self.fields.get(item_id)
            if field is not None and isinstance(field.editor, NumberEditor):
                text = field.editor.line.text().strip()
                # Unreadable input: the field says what is wrong; the category keeps the figure.
                with contextlib.suppress(ValueError):
                    values[item_id] = parse_number(text) if text else None
        return values

    def _update_sme(self, *_args: Any) -> None:
        values = self._typed_values()
        independence = values.get("independence")
        self.sme.show_assessment(
            sme_category(
                _number(values.get("headcount")),
                _number(values.get("turnover")),
                _number(values.get("balance_sheet")),
                str(independence) if independence else None,
            )
        )

    def refresh(self, saved: Saved | None = None) -> None:
        super().refresh(saved)
        if self.section is not None and self.session.is_loaded:
            self._update_sme()
