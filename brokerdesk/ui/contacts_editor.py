"""The contact persons of a case and their consent, and what the company can ask for: an export
of everything held about it, or its erasure.

Each consent is recorded per purpose with the day it was given; sharing the case in the partner
network (its partner search) needs every contact person's consent to that purpose.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.personal_data import PURPOSE_LABELS, PURPOSES, consents_of
from brokerdesk.i18n import _, active
from brokerdesk.services import personal_data
from brokerdesk.services.cases import Saved
from brokerdesk.ui.case_session import CaseSession, error_text
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, muted
from brokerdesk.ui.guarded import run_for

FIELDS = ("name", "role", "email", "phone")


class ContactsEditor(QWidget):
    """Contact persons on the left, the chosen one's details and consent on the right."""

    erased = Signal(str)  # the case id, once the company was erased

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current: str | None = None
        self.confirm_box: QMessageBox | None = None
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._chosen)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_contact)
        self.remove_button.clicked.connect(self.remove_contact)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)

        self.edits = {name: QLineEdit() for name in FIELDS}
        self.labels = {name: QLabel() for name in FIELDS}
        self.details = QGroupBox()
        form = QFormLayout(self.details)
        for name in FIELDS:
            self.labels[name].setBuddy(self.edits[name])
            form.addRow(self.labels[name], self.edits[name])
            self.edits[name].editingFinished.connect(self._save_fields)
        self.consent_box = QGroupBox()
        grid = QGridLayout(self.consent_box)
        self.consent_checks: dict[str, QCheckBox] = {}
        self.consent_dates: dict[str, QDateEdit] = {}
        for row_number, purpose in enumerate(PURPOSES):
            check, date = QCheckBox(), QDateEdit()
            date.setCalendarPopup(True)
            date.setMaximumDate(QDate.currentDate())
            check.toggled.connect(lambda _on, p=purpose: self._consent_changed(p))
            date.editingFinished.connect(lambda p=purpose: self._consent_changed(p))
            self.consent_checks[purpose], self.consent_dates[purpose] = check, date
            grid.addWidget(check, row_number, 0)
            grid.addWidget(date, row_number, 1)
        self.consent_note = muted(WrapLabel(""))
        grid.addWidget(self.consent_note, len(PURPOSES), 0, 1, 2)

        self.company_box = QGroupBox()
        self.company_note = muted(WrapLabel(""))
        self.export_json_button, self.export_pdf_button = QPushButton(), QPushButton()
        self.erase_button = QPushButton()
        self.export_json_button.clicked.connect(lambda: self._choose_export("json"))
        self.export_pdf_button.clicked.connect(lambda: self._choose_export("pdf"))
        self.erase_button.clicked.connect(self.ask_erase)
        company = QVBoxLayout(self.company_box)
        company.addWidget(self.company_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_json_button)
        buttons.addWidget(self.export_pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        company.addLayout(buttons)
        self.message = ErrorLabel(self)

        right = QVBoxLayout()
        right.addWidget(self.details)
        right.addWidget(self.consent_box)
        right.addStretch(1)
        right.addWidget(self.company_box)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        session.updated.connect(self._show)
        self.retranslate()
        if session.is_loaded:
            self._show(session.state)

    # -- text ----------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.add_button.setText(_("&Add contact person"))
        self.remove_button.setText(_("Remove"))
        self.details.setTitle(_("Contact person"))
        for name, label in zip(
            FIELDS, (_("&Name:"), _("R&ole:"), _("&E-mail:"), _("&Phone:")), strict=True
        ):
            self.labels[name].setText(label)
        self.consent_box.setTitle(_("Consent, with the day it was given"))
        for purpose in PURPOSES:
            self.consent_checks[purpose].setText(_(PURPOSE_LABELS[purpose]))
        self.consent_note.setText(
            _(
                "The partner search is shared in the partner network: it needs every contact "
                "person's consent to that."
            )
        )
        self.company_box.setTitle(_("Data about this company"))
        self.company_note.setText(
            _(
                "The company may ask for everything held about it, or for its erasure. Erasure "
                "removes the case here, from the backups, from the server and from every other "
                "device at its next sync; it cannot be undone."
            )
        )
        self.export_json_button.setText(_("Export as &JSON…"))
        self.export_pdf_button.setText(_("Export as P&DF…"))
        self.erase_button.setText(_("E&rase this company…"))
        self._enable()

    # -- showing -------------------------------------------------------------------------------

    def contacts(self) -> dict[str, dict[str, Any]]:
        if not self.session.is_loaded:
            return {}
        return dict(self.session.case.doc.get("contacts") or {})

    def _show(self, _saved: Saved | None = None) -> None:
        contacts = self.contacts()
        self.list.blockSignals(True)
        self.list.clear()
        for key, contact in contacts.items():
            item = QListWidgetItem(str(contact.get("name") or _("(no name yet)")))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
            if key == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.current not in contacts:
            self.current = None
            if self.list.count():
                self.list.setCurrentRow(0)
                return  # _chosen shows it
        self._fill()

    def _chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self._save_fields()
        self.current = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        self._fill()

    def _fill(self) -> None:
        contact = self.contacts().get(self.current or "", {})
        for name, edit in self.edits.items():
            if not edit.hasFocus() or self.current is None:
                edit.setText(str(contact.get(name) or ""))
        given = consents_of(contact)
        for purpose in PURPOSES:
            check, date = self.consent_checks[purpose], self.consent_dates[purpose]
            check.blockSignals(True)
            date.blockSignals(True)
            check.setChecked(purpose in given)
            day = QDate.fromString(given.get(purpose, ""), Qt.DateFormat.ISODate)
            date.setDate(day if day.isValid() else QDate.currentDate())
            date.setEnabled(purpose in given)
            check.blockSignals(False)
            date.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current is not None
        for widget in (self.details, self.consent_box, self.remove_button):
            widget.setEnabled(chosen)
        self.company_box.setEnabled(self.session.is_loaded)

    # -- changes -------------------------------------------------------------------------------

    def _submit(self, work: Any, on_done: Any = None) -> None:
        self.message.show_messages([])
        self.session.submit(
            work,
            on_done=on_done,
            on_error=lambda exc: self.message.show_messages([error_text(exc)]),
        )

    def add_contact(self) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id

        def done(outcome: tuple[str, Saved]) -> None:
            self.current = outcome[0]
            self._show()
            self.edits["name"].setFocus()

        self._submit(
            lambda: personal_data.save_contact(ctx.uow, ctx.library, case_id, {"name": ""}), done
        )

    def remove_contact(self) -> None:
        if self.current is None:
            return
        ctx, case_id, key = self.session.ctx, self.session.case_id, self.current
        self._submit(lambda: personal_data.remove_contact(ctx.uow, ctx.library, case_id, key))

    def _save_fields(self) -> None:
        if self.current is None:
            return
        contact = self.contacts().get(self.current)
        if contact is None:
            return
        typed = {name: edit.text().strip() for name, edit in self.edits.items()}
        if all(str(contact.get(k) or "") == v for k, v in typed.items()):
            return
        ctx, case_id, key = self.session.ctx, self.session.case_id, self.current
        self._submit(
            lambda: personal_data.save_contact(ctx.uow, ctx.library, case_id, typed, key=key)
        )

    def _consent_changed(self, purpose: str) -> None:
        if self.current is None:
            return
        check, date = self.consent_checks[purpose], self.consent_dates[purpose]
        date.setEnabled(check.isChecked())
        day = date.date().toString(Qt.DateFormat.ISODate) if check.isChecked() else None
        ctx, case_id, key = self.session.ctx, self.session.case_id, self.current
        self._submit(
            lambda: personal_data.record_consent(ctx.uow, ctx.library, case_id, key, purpose, day)
        )

    # -- the company's requests ----------------------------------------------------------------

    def _choose_export(self, kind: str) -> None:
        name = (self.session.case.company_name or "company") if self.session.is_loaded else ""
        pattern = "*.json" if kind == "json" else "*.pdf"
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Export the data held about the company"),
            str(Path.home() / f"{name} {dt.date.today().isoformat()}.{kind}"),
            f"{kind.upper()} ({pattern})",
        )
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        cat = active()

        def work() -> Path:
            if kind == "pdf":
                return personal_data.export_company_pdf(ctx.uow, case_id, path, cat)
            return personal_data.export_company_json(ctx.uow, case_id, path)

        run_for(
            self,
            ctx.ops,
            work,
            lambda done: self.message.show_messages([_("Exported to {path}.").format(path=done)]),
            lambda exc: self.message.show_messages([error_text(exc)]),
        )

    def ask_erase(self) -> None:
        name = self.session.case.company_name if self.session.is_loaded else ""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Erase this company"))
        box.setText(
            _("Erase {company} and everything held about it?").format(
                company=name or _("Unnamed company")
            )
        )
        box.setInformativeText(
            _(
                "The case, its contact persons and notes go from this file and its backups, and "
                "from the server and every other device at their next sync. This cannot be undone."
            )
        )
        erase = box.addButton(_("Erase"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is erase:
                self.erase()
            box.deleteLater()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def erase(self) -> None:
        ctx, case_id = self.session.ctx, self.session.case_id
        run_for(
            self,
            ctx.ops,
            lambda: personal_data.erase_company(ctx.desk, case_id),
            lambda _done: self.erased.emit(case_id),
            lambda exc: self.message.show_messages([error_text(exc)]),
        )
