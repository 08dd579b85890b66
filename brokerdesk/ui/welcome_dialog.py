"""First run: create the broker's case file, open an existing one, or try demo cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.ui.choices import fill_countries, fill_report_languages, fill_ui_languages
from brokerdesk.ui.passphrase_dialog import PassphraseDialog
from brokerdesk.ui.settings_dialog import broker_problem

# The partner country a broker working in a language most likely comes from.
COUNTRY_OF_LANGUAGE = {
    "pl": "PL",
    "fi": "FI",
    "da": "DK",
    "de": "DE",
    "et": "EE",
    "lt": "LT",
    "lv": "LV",
}
DEMO_FILE = "demo.brokerdesk"


@dataclass(frozen=True)
class WelcomeChoice:
    """What the broker chose; the launcher does the work off the GUI thread."""

    action: Literal["create", "open", "demo"]
    path: Path
    broker: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    passphrase: str | None = None  # a new case file is encrypted with it (the demo is not)


class WelcomeDialog(QDialog):
    """Shown when there is no case file yet (or the last one is gone)."""

    language_chosen = Signal(str)  # the broker picked a UI language: show the dialog in it

    def __init__(
        self, default_path: Path, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice: WelcomeChoice | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self._default_path = default_path
        self._build()
        self.retranslate()
        fill_ui_languages(self.ui_language, language)
        fill_report_languages(self.report_language, language)
        fill_countries(self.country_combo, COUNTRY_OF_LANGUAGE.get(language, ""))
        self._align_combos()
        self.path_edit.setText(str(default_path))
        self.path_edit.setToolTip(str(default_path))
        self.path_edit.textChanged.connect(self.path_edit.setToolTip)
        self.ui_language.currentIndexChanged.connect(self._language_changed)
        self.name_edit.setFocus()

    def _build(self) -> None:
        self.title_label = QLabel()
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.country_combo = QComboBox()
        self.ui_language = QComboBox()
        self.report_language = QComboBox()
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._choose_location)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.name_label, self.country_label = QLabel(), QLabel()
        self.ui_language_label, self.report_language_label = QLabel(), QLabel()
        self.path_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.country_label, self.country_combo)
        form.addRow(self.ui_language_label, self.ui_language)
        form.addRow(self.report_language_label, self.report_language)
        form.addRow(self.path_label, path_row)
        for label, widget in (
            (self.name_label, self.name_edit),
            (self.country_label, self.country_combo),
            (self.ui_language_label, self.ui_language),
            (self.report_language_label, self.report_language),
            (self.path_label, self.path_edit),
        ):
            label.setBuddy(widget)

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.problem_label.font())
        bold.setBold(True)
        self.problem_label.setFont(bold)
        self.problem_label.hide()

        self.create_button = QPushButton()
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_file)
        self.open_button = QPushButton()
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._choose_existing)
        self.demo_button = QPushButton()
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self.try_demo)
        self.quit_button = QPushButton()
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(buttons)
        # The dialog is never narrower than its row of buttons, whatever their language; the
        # introduction wraps at a comfortable line length.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.intro_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        QWidget.setTabOrder(self.name_edit, self.country_combo)
        QWidget.setTabOrder(self.country_combo, self.ui_language)
        QWidget.setTabOrder(self.ui_language, self.report_language)
        QWidget.setTabOrder(self.report_language, self.path_edit)
        QWidget.setTabOrder(self.path_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.create_button)
        QWidget.setTabOrder(self.create_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.quit_button)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to BrokerDesk"))
        self.title_label.setText(_("Welcome to BrokerDesk"))
        self.intro_label.setText(
            _(
                "BrokerDesk keeps your cases in one file on this computer, so that you can work "
                "at a client's table without a connection. Create your case file, open one you "
                "already have, or try BrokerDesk on a file of demo cases."
            )
        )
        self.name_label.setText(_("Your &name:"))
        self.name_edit.setPlaceholderText(_("As it should appear on reports"))
        self.country_label.setText(_("Your &country:"))
        self.ui_language_label.setText(_("&Language of BrokerDesk:"))
        self.report_language_label.setText(_("Default &report language:"))
        self.report_language.setToolTip(
            _("The language of your clients' reports; each case can have its own.")
        )
        self.path_label.setText(_("Case &file:"))
        self.path_edit.setAccessibleName(_("Where the case file is kept"))
        self.browse_button.setText(_("Change…"))
        self.browse_button.setAccessibleName(_("Choose where the case file is kept"))
        self.create_button.setText(_("&Create case file"))
        self.open_button.setText(_("&Open a case file…"))
        self.demo_button.setText(_("&Try with demo cases"))
        self.quit_button.setText(_("&Quit"))
        fill_countries(self.country_combo)
        fill_report_languages(self.report_language)
        self._align_combos()
        if self.problem_label.isVisible():
            self._validate()

    def _align_combos(self) -> None:
        """One width for the three choices, so the form reads as a column."""
        combos = (self.country_combo, self.ui_language, self.report_language)
        for combo in combos:
            combo.setMinimumWidth(0)
        widest = max(combo.sizeHint().width() for combo in combos)
        for combo in combos:
            combo.setMinimumWidth(widest)

    def _language_changed(self) -> None:
        language = str(self.ui_language.currentData())
        self.report_language.setCurrentIndex(max(0, self.report_language.findData(language)))
        country = COUNTRY_OF_LANGUAGE.get(language)
        if country:
            self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(country)))
        self.language_chosen.emit(language)
        self.retranslate()

    # -- choices ---------------------------------------------------------------------------

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _validate(self) -> str | None:
        problem = broker_problem(self.name_edit.text(), "")
        path = self.path()
        if problem is None and not self.path_edit.text().strip():
            problem = _("Choose where to keep the case file.")
        elif problem is None and path.exists():
            problem = _(
                "There is already a file at {path}. Open it with “Open a case file…”, "
                "or choose another name."
            ).format(path=str(path))
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        return problem

    def create_file(self) -> None:
        """Accepts with a new case file to make, if the form is complete."""
        if self._validate() is not None:
            if not self.name_edit.text().strip():
                self.name_edit.setFocus()
            return
        path = self.path()
        if not path.suffix:
            path = path.with_suffix(".brokerdesk")
        # A new case file is encrypted: its passphrase is asked for (twice) before it is made.
        dialog = PassphraseDialog("new", path, self)
        dialog.accepted.connect(lambda: self._create_with(path, dialog.passphrase()))
        dialog.finished.connect(dialog.deleteLater)
        self.passphrase_dialog = dialog
        dialog.open()

    def _create_with(self, path: Path, passphrase: str) -> None:
        self.passphrase_dialog = None
        self.choice = WelcomeChoice(
            "create",
            path,
            broker={
                "name": self.name_edit.text().strip(),
                "country": self.country_combo.currentData(),
            },
            settings={
                "ui_language": self.ui_language.currentData(),
                "report_language": self.report_language.currentData(),
            },
            passphrase=passphrase,
        )
        self.accept()

    def open_existing(self, path: Path) -> None:
        self.choice = WelcomeChoice("open", Path(path))
        self.accept()

    def try_demo(self) -> None:
        """Accepts with a demo file beside the proposed case file (made if not there yet)."""
        self.choice = WelcomeChoice(
            "demo",
            self.path().parent / DEMO_FILE,
            broker={"name": _("Demo broker"), "country": self.country_combo.currentData()},
            settings={
                "ui_language": self.ui_language.currentData(),
                "report_language": self.report_language.currentData(),
            },
        )
        self.accept()

    def _choose_existing(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            _("Open case file"),
            str(self.path().parent),
            _("BrokerDesk case files ({pattern})").format(pattern="*.brokerdesk")
            + ";;"
            + _("All files (*)"),
        )
        if path:
            self.open_existing(Path(path))

    def _choose_location(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Where to keep the case file"),
            str(self.path()),
            _("BrokerDesk case files ({pattern})").format(pattern="*.brokerdesk"),
        )
        if path:
            self.path_edit.setText(path)
