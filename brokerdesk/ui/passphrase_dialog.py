"""Asking for a case file's passphrase: to open an encrypted file, for a new file (typed twice),
or to change it (the current one, then the new one twice)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _, render
from brokerdesk.services.encryption import passphrase_problem

Mode = Literal["open", "new", "change"]


def secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    # No completion, no input method history: the passphrase is typed and forgotten.
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhSensitiveData
    )
    return field


class PassphraseDialog(QDialog):
    """One dialog for the three ways a passphrase is asked for.

    The dialog checks what it can itself (the length, the two new ones alike); whether the
    passphrase opens the file is for the caller to find out, off the GUI thread, and to tell
    with ``show_problem`` (the dialog is shown again for another try).
    """

    def __init__(self, mode: Mode, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode: Mode = mode
        self.path = Path(path)
        self.current_edit = secret_field()
        self.new_edit = secret_field()
        self.repeat_edit = secret_field()
        self.current_label, self.new_label, self.repeat_label = QLabel(), QLabel(), QLabel()
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.problem_label.font())
        bold.setBold(True)
        self.problem_label.setFont(bold)
        self.problem_label.hide()
        form = QFormLayout()
        if mode in ("open", "change"):
            form.addRow(self.current_label, self.current_edit)
            self.current_label.setBuddy(self.current_edit)
        if mode in ("new", "change"):
            form.addRow(self.new_label, self.new_edit)
            form.addRow(self.repeat_label, self.repeat_edit)
            self.new_label.setBuddy(self.new_edit)
            self.repeat_label.setBuddy(self.repeat_edit)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.retranslate()
        self.first_field().setFocus()

    def first_field(self) -> QLineEdit:
        return self.new_edit if self.mode == "new" else self.current_edit

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        name = self.path.name
        if self.mode == "open":
            self.setWindowTitle(_("Encrypted case file"))
            self.intro_label.setText(
                _("{file} is encrypted. Enter its passphrase to open it.").format(file=name)
            )
            self.ok_button.setText(_("&Open"))
        elif self.mode == "new":
            self.setWindowTitle(_("Passphrase for the new case file"))
            self.intro_label.setText(
                _(
                    "{file} will be encrypted, so that nobody can read your clients' data if "
                    "this computer is lost. Choose a passphrase of at least 8 characters and "
                    "keep it safe: without it the cases cannot be read, not even by the "
                    "BrokerDesk team."
                ).format(file=name)
            )
            self.ok_button.setText(_("&Continue"))
        else:
            self.setWindowTitle(_("Change the passphrase"))
            self.intro_label.setText(
                _(
                    "The case file {file} and its backups are encrypted again with the new "
                    "passphrase; the old one will open none of them."
                ).format(file=name)
            )
            self.ok_button.setText(_("&Change"))
        self.current_label.setText(
            _("&Passphrase:") if self.mode == "open" else _("&Current passphrase:")
        )
        self.new_label.setText(_("&New passphrase:"))
        self.repeat_label.setText(_("&Repeat it:"))
        self.cancel_button.setText(_("Cancel"))

    def show_problem(self, text: str) -> None:
        """Shows why the passphrase was not taken; the fields are emptied for another try."""
        self.problem_label.setText(text)
        self.problem_label.show()
        for field in (self.current_edit, self.new_edit, self.repeat_edit):
            if self.mode != "change" or field is self.current_edit:
                field.clear()
        self.first_field().setFocus()

    def problem(self) -> str | None:
        if self.mode in ("open", "change") and not self.current_edit.text():
            return _("Enter the passphrase.")
        if self.mode in ("new", "change"):
            found = passphrase_problem(self.new_edit.text(), self.repeat_edit.text())
            if found is not None:
                return render(found)
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.problem_label.setText(problem)
            self.problem_label.show()
            return
        super().accept()

    def passphrase(self) -> str:
        """The passphrase typed: the file's own when opening, the new one otherwise."""
        return self.current_edit.text() if self.mode == "open" else self.new_edit.text()

    def current_passphrase(self) -> str:
        return self.current_edit.text()


def ask_to_open(
    parent: QWidget | None,
    path: Path,
    problem: str,
    given: Callable[[str], None],
    cancelled: Callable[[], None],
) -> PassphraseDialog:
    """Shows the dialog that asks for an encrypted file's passphrase, without blocking."""
    dialog = PassphraseDialog("open", path, parent)
    if problem:
        dialog.show_problem(problem)
    dialog.accepted.connect(lambda: given(dialog.passphrase()))
    dialog.rejected.connect(cancelled)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
