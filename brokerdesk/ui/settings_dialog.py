"""Settings: UI language, default report language, the broker's identity, the backup folder.

The dialog only edits a copy; ``changes()`` gives what the broker changed, and the window saves it
into the case file (``services.casefiles.update_settings``) on the background queue.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.paths import default_backup_dir
from brokerdesk.ui.choices import fill_countries, fill_report_languages, fill_ui_languages
from brokerdesk.ui.lock_screen import LockSettingsBox

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def broker_problem(name: str, email: str) -> str | None:
    """What is wrong with a broker's identity, in the UI language, or None."""
    if not name.strip():
        return _("Enter your name: it appears on every report you give a client.")
    if email.strip() and not EMAIL.match(email.strip()):
        return _("“{email}” does not look like an e-mail address.").format(email=email.strip())
    return None


class SettingsDialog(QDialog):
    """Edits the settings kept in the case file."""

    def __init__(
        self, settings: dict[str, Any], case_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._broker: dict[str, Any] = dict(settings.get("broker") or {})
        self._case_file = case_file
        self._build()
        self.retranslate()
        self._load()

    def _build(self) -> None:
        self.ui_language = QComboBox()
        self.report_language = QComboBox()
        self.name_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.country_combo = QComboBox()
        self.email_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.backup_edit = QLineEdit()
        self.backup_edit.setClearButtonEnabled(True)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self._choose_backup_dir)

        self.languages_box = QGroupBox()
        languages = QFormLayout(self.languages_box)
        self.ui_language_label = QLabel()
        self.report_language_label = QLabel()
        languages.addRow(self.ui_language_label, self.ui_language)
        languages.addRow(self.report_language_label, self.report_language)

        self.broker_box = QGroupBox()
        broker = QFormLayout(self.broker_box)
        self.name_label, self.organisation_label = QLabel(), QLabel()
        self.country_label, self.email_label, self.phone_label = QLabel(), QLabel(), QLabel()
        broker.addRow(self.name_label, self.name_edit)
        broker.addRow(self.organisation_label, self.organisation_edit)
        broker.addRow(self.country_label, self.country_combo)
        broker.addRow(self.email_label, self.email_edit)
        broker.addRow(self.phone_label, self.phone_edit)

        self.backup_box = QGroupBox()
        backup = QVBoxLayout(self.backup_box)
        self.backup_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.backup_label)
        row.addWidget(self.backup_edit, 1)
        row.addWidget(self.backup_button)
        self.backup_note = QLabel()
        self.backup_note.setWordWrap(True)
        backup.addLayout(row)
        backup.addWidget(self.backup_note)

        for label, field in (
            (self.ui_language_label, self.ui_language),
            (self.report_language_label, self.report_language),
            (self.name_label, self.name_edit),
            (self.organisation_label, self.organisation_edit),
            (self.country_label, self.country_combo),
            (self.email_label, self.email_edit),
            (self.phone_label, self.phone_edit),
            (self.backup_label, self.backup_edit),
        ):
            label.setBuddy(field)

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        # Buttons of our own roles, not standard ones: Qt would put its own words back on those
        # at every language change.
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.languages_box)
        layout.addWidget(self.broker_box)
        layout.addWidget(self.backup_box)
        self.lock_box = LockSettingsBox(self._settings)  # after how long BrokerDesk locks
        layout.addWidget(self.lock_box)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _load(self) -> None:
        fill_ui_languages(self.ui_language, str(self._settings.get("ui_language") or "en"))
        fill_report_languages(
            self.report_language, str(self._settings.get("report_language") or "en")
        )
        fill_countries(self.country_combo, str(self._broker.get("country") or ""))
        self.name_edit.setText(str(self._broker.get("name") or ""))
        self.organisation_edit.setText(str(self._broker.get("organisation") or ""))
        self.email_edit.setText(str(self._broker.get("email") or ""))
        self.phone_edit.setText(str(self._broker.get("phone") or ""))
        self.backup_edit.setText(str(self._settings.get("backup_dir") or ""))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.languages_box.setTitle(_("Languages"))
        self.ui_language_label.setText(_("&Language of BrokerDesk:"))
        self.report_language_label.setText(_("Default &report language:"))
        self.report_language.setToolTip(
            _("The language new cases' reports are written in; each case can have its own.")
        )
        self.broker_box.setTitle(_("You, the broker"))
        self.name_label.setText(_("&Name:"))
        self.organisation_label.setText(_("&Organisation:"))
        self.country_label.setText(_("&Country:"))
        self.email_label.setText(_("&E-mail:"))
        self.phone_label.setText(_("&Phone:"))
        self.backup_box.setTitle(_("Backups"))
        self.backup_label.setText(_("&Folder:"))
        self.backup_edit.setPlaceholderText(str(default_backup_dir(self._case_file)))
        self.backup_edit.setAccessibleName(_("Backup folder"))
        self.backup_button.setText(_("&Browse…"))
        self.backup_button.setAccessibleName(_("Choose the backup folder"))
        keep = int(self._settings.get("backup_keep") or 10)
        self.backup_note.setText(
            _(
                "A copy of the case file is made when you open it, at most every 12 hours. "
                "The {keep} newest copies are kept. Leave the folder empty for the default."
            ).format(keep=keep)
        )
        fill_report_languages(self.report_language)
        fill_countries(self.country_combo)
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def _choose_backup_dir(self) -> None:
        start = self.backup_edit.text() or str(default_backup_dir(self._case_file))
        folder = QFileDialog.getExistingDirectory(self, _("Backup folder"), start)
        if folder:
            self.backup_edit.setText(folder)

    def problem(self) -> str | None:
        found = broker_problem(self.name_edit.text(), self.email_edit.text())
        if found:
            return found
        folder = self.backup_edit.text().strip()
        if folder:
            path = Path(folder).expanduser()
            if not path.is_absolute():
                return _("Give the backup folder as a full path, such as {example}.").format(
                    example=str(default_backup_dir(self._case_file))
                )
            if path.exists() and not path.is_dir():
                return _("{path} is a file, not a folder.").format(path=str(path))
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.problem_label.setText(problem)
            self.problem_label.show()
            return  # nothing typed is lost: the dialog stays open
        super().accept()

    def changes(self) -> dict[str, Any]:
        """The settings the broker changed, ready for ``update_settings``."""
        broker = {
            **self._broker,
            "name": self.name_edit.text().strip(),
            "organisation": self.organisation_edit.text().strip(),
            "country": self.country_combo.currentData(),
            "email": self.email_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
        }
        folder = self.backup_edit.text().strip()
        wanted: dict[str, Any] = {
            "ui_language": self.ui_language.currentData(),
            "report_language": self.report_language.currentData(),
            "broker": broker,
            "backup_dir": str(Path(folder).expanduser()) if folder else None,
        }
        changed = {k: v for k, v in wanted.items() if self._settings.get(k) != v}
        return {**changed, **self.lock_box.changes()}
