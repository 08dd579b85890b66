"""The conflicts of one case: each field changed on two devices, to keep or to replace.

A sync never throws away a change: when the same field was changed here and on another device,
the case keeps this device's value and records the other one. Here the broker settles each.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.instrument import Instrument
from brokerdesk.i18n import _
from brokerdesk.services import sync
from brokerdesk.ui.case_session import CaseSession


def describe_path(path: list[Any], instrument: Instrument) -> str:
    """Names a conflicting field the way the broker knows it."""
    parts = [str(p) for p in path]
    if len(parts) >= 2 and parts[0] == "answers" and instrument.has_item(parts[1]):
        item = instrument.item(parts[1])
        label = _(item.text)
        return label if parts[-1] != "note" else _("Note on: {item}").format(item=label)
    names = {
        "areas": _("Activity area"),
        "notes": _("Note"),
        "actions": _("Action"),
        "contacts": _("Contact person"),
        "status": _("Status"),
        "report_language": _("Report language"),
        "deleted": _("Deleted"),
    }
    head = names.get(parts[0], parts[0]) if parts else ""
    return " › ".join([head, *parts[2:]]) if len(parts) > 2 else head


def describe_value(value: Any) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value == "na":
        return _("Not applicable")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text") or value.get("name") or value.get("value") or "…")
    return str(value)


class ConflictsDialog(QDialog):
    """Lists a case's conflicts with "keep this device's" and "take the other" for each."""

    settled = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.body = QWidget(self)
        self.grid = QGridLayout(self.body)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 420)
        session.updated.connect(lambda _saved: self._fill())
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Conflicts with another device"))
        self.intro.setText(
            _(
                "These fields were changed both here and on another device. The case shows the "
                "value from this device; choose for each which one to keep."
            )
        )
        self._fill()

    def _fill(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not self.session.is_loaded:
            return
        conflicts = self.session.case.doc.get("conflicts") or {}
        headers = (_("Field"), _("This device"), _("Other device"))
        for column, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)
            self.grid.addWidget(label, 0, column)
        instrument = self.session.instrument
        for row, (conflict_id, entry) in enumerate(sorted(conflicts.items()), start=1):
            field = QLabel(describe_path(list(entry.get("path") or []), instrument))
            field.setWordWrap(True)
            mine = QLabel(describe_value(entry.get("local")))
            theirs = QLabel(describe_value(entry.get("remote")))
            for label in (mine, theirs):
                label.setWordWrap(True)
            keep = QPushButton(_("Keep this"))
            keep.setAccessibleName(_("Keep this device's value"))
            take = QPushButton(_("Take the other"))
            take.setAccessibleName(_("Take the other device's value"))
            keep.clicked.connect(lambda _c=False, cid=conflict_id: self._settle(cid, False))
            take.clicked.connect(lambda _c=False, cid=conflict_id: self._settle(cid, True))
            for column, widget in enumerate((field, mine, theirs, keep, take)):
                self.grid.addWidget(widget, row, column)
        if not conflicts:
            done = QLabel(_("All conflicts are settled."))
            self.grid.addWidget(done, 1, 0, 1, 5)

    def _settle(self, conflict_id: str, take_remote: bool) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        self.session.submit(
            lambda: sync.settle_conflict(
                ctx.uow, ctx.library, case_id, conflict_id, take_remote=take_remote
            ),
            on_done=lambda _saved: self.settled.emit(),
        )
