"""The partner search profile: cooperation types, direction, countries, partner sought, summary.

The English summary is what other brokers of the network read, so its length is counted as it is
typed, against the limit the instrument sets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from brokerdesk.domain.instrument import Item
from brokerdesk.i18n import ngettext
from brokerdesk.ui.case_session import CaseSession
from brokerdesk.ui.form_parts import WrapLabel, muted
from brokerdesk.ui.item_editors import TextEditor
from brokerdesk.ui.items_form import ItemField, ItemsForm


class PartnerSearchEditor(ItemsForm):
    """The partner section of the instrument."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        self.counter: WrapLabel | None = None
        self._limit: int | None = None
        self._summary: TextEditor | None = None
        super().__init__(session, "partner", parent)

    def after_field(self, item: Item, field: ItemField) -> None:
        if item.id != "summary_en" or not isinstance(field.editor, TextEditor):
            return
        limits = [r.value for r in item.rules if r.check == "max_length"]
        self._limit = int(limits[0]) if limits else None
        self._summary = field.editor
        self.counter = muted(WrapLabel("", field))
        field.layout().addWidget(self.counter)  # type: ignore[union-attr]
        if field.editor.text is not None:
            field.editor.text.textChanged.connect(self._count)
        elif field.editor.line is not None:
            field.editor.line.textChanged.connect(self._count)
        self._count()

    def _count(self, *_args: Any) -> None:
        if self.counter is None or self._summary is None:
            return
        used = len(self._summary.current().strip())
        if self._limit is None:
            text = ngettext("{count} character", "{count} characters", used).format(count=used)
        else:
            text = ngettext(
                "{count} of {limit} characters", "{count} of {limit} characters", used
            ).format(count=used, limit=self._limit)
        self.counter.setText(text)

    def retranslate(self) -> None:
        super().retranslate()
        self._count()
