"""Switching the UI language at run time: BrokerDesk's texts, Qt's strings, language change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

import brokerdesk.i18n as i18n
from brokerdesk.ui.qt_strings import QT_STRINGS, WITHOUT_QT_CATALOG
from brokerdesk.ui.translator import GettextTranslator, apply_language, qt_translations_dir

Button = QDialogButtonBox.StandardButton


def _write_catalog(folder: Path, language: str, messages: dict[str, str]) -> None:
    catalog = PoCatalog(locale=language, domain="brokerdesk")
    for source, text in messages.items():
        catalog.add(source, text)
    target = folder / language / "LC_MESSAGES" / "brokerdesk.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalog)


@pytest.fixture
def tiny_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """German and Estonian catalogs of two messages, in place of the real ones."""
    _write_catalog(tmp_path, "de", {"Save the case": "Fall speichern", "Open": "Offen"})
    _write_catalog(tmp_path, "et", {"Save the case": "Salvesta juhtum"})
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    i18n.catalog.cache_clear()
    yield tmp_path
    i18n.catalog.cache_clear()


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, back in English after the test."""
    yield qapp
    apply_language(qapp, "en")


class CasePanel(QWidget):
    """A widget that looks its text up the way Qt's tr() does and retranslates on change."""

    def __init__(self) -> None:
        super().__init__()
        self.button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.button)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.button.setText(QCoreApplication.translate("CasePanel", "Save the case"))


def test_a_button_text_follows_the_language_at_run_time(app, qtbot, tiny_catalogs) -> None:
    panel = CasePanel()
    qtbot.addWidget(panel)
    assert panel.button.text() == "Save the case"

    apply_language(app, "de")
    qtbot.waitUntil(lambda: panel.button.text() == "Fall speichern")
    apply_language(app, "et")
    qtbot.waitUntil(lambda: panel.button.text() == "Salvesta juhtum")
    apply_language(app, "en")
    qtbot.waitUntil(lambda: panel.button.text() == "Save the case")


def test_the_gettext_translator_answers_from_the_active_catalog(app, tiny_catalogs) -> None:
    apply_language(app, "de")
    translator = GettextTranslator()

    assert not translator.isEmpty()
    assert translator.translate("CasePanel", "Save the case") == "Fall speichern"
    assert translator.translate("CasePanel", "Not in the catalog") is None
    assert translator.language() == "de"


def test_qt_contexts_are_left_to_qt_catalogs(app, tiny_catalogs) -> None:
    apply_language(app, "de")

    # The catalog's "Open" (a status) must not become the file dialog's Open button.
    assert GettextTranslator().translate("QPlatformTheme", "Open") is None
    assert QCoreApplication.translate("QPlatformTheme", "Open") == "Öffnen"


def test_standard_buttons_show_the_qt_translation_in_german_and_ours_in_estonian(
    app, qtbot
) -> None:
    box = QDialogButtonBox(Button.Save | Button.Cancel | Button.Close)
    qtbot.addWidget(box)

    def texts() -> list[str]:
        return [box.button(b).text() for b in (Button.Save, Button.Cancel, Button.Close)]

    assert texts() == ["Save", "Cancel", "Close"]
    apply_language(app, "de")
    qtbot.waitUntil(lambda: texts() == ["Speichern", "Abbrechen", "Schließen"])
    apply_language(app, "et")
    qtbot.waitUntil(lambda: texts() == ["Salvesta", "Loobu", "Sulge"])
    apply_language(app, "lt")
    qtbot.waitUntil(lambda: texts() == ["Įrašyti", "Atšaukti", "Uždaryti"])
    apply_language(app, "en")
    qtbot.waitUntil(lambda: texts() == ["Save", "Cancel", "Close"])


ALL_BUTTONS = [
    Button.Ok,
    Button.Cancel,
    Button.Yes,
    Button.No,
    Button.Close,
    Button.Save,
    Button.Discard,
    Button.Apply,
    Button.Reset,
    Button.Help,
    Button.Open,
    Button.Retry,
    Button.Ignore,
    Button.Abort,
    Button.SaveAll,
    Button.YesToAll,
    Button.NoToAll,
    Button.RestoreDefaults,
]


@pytest.mark.parametrize("language", ["pl", "fi", "da", "de", "et", "lt", "lv"])
def test_every_standard_button_is_translated(app, qtbot, language: str) -> None:
    def made_now() -> dict[Button, str]:
        box = QDialogButtonBox()
        qtbot.addWidget(box)
        for button in ALL_BUTTONS:
            box.addButton(button)
        return {button: box.button(button).text() for button in ALL_BUTTONS}

    english = made_now()
    apply_language(app, language)
    translated = made_now()

    same = [english[b] for b in ALL_BUTTONS if translated[b] == english[b]]
    assert same in ([], ["OK"])  # "OK" is OK in several of the languages


class Recorder(QTranslator):
    """Notes every lookup Qt makes and answers none of them."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context, source_text, disambiguation=None, n=-1):  # type: ignore[override]
        self.asked.add((context, source_text))
        return None

    def isEmpty(self) -> bool:
        return False


def test_our_tables_cover_what_qt_asks_for_in_buttons_menus_and_the_file_dialog(app) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QTextEdit

    recorder = Recorder()
    app.installTranslator(recorder)
    try:
        for button in ALL_BUTTONS:
            QDialogButtonBox(button)
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        line, text = QLineEdit(), QTextEdit()
        menus = [line.createStandardContextMenu(), text.createStandardContextMenu()]
        for widget in (dialog, line, text, *menus):
            widget.deleteLater()
    finally:
        app.removeTranslator(recorder)
    wanted = {
        (context, source)
        for context, source in recorder.asked
        if context in {"QPlatformTheme", "QLineEdit", "QWidgetTextControl", "QFileDialog"}
        and source not in {"Alt+Left", "Alt+Right", "Alt+Up"}  # key names stay as they are
    }
    assert ("QFileDialog", "File &name:") in wanted
    assert ("QLineEdit", "Select All") in wanted
    for language in WITHOUT_QT_CATALOG:
        table = QT_STRINGS[language]
        missing = sorted(pair for pair in wanted if pair[1] not in table.get(pair[0], {}))
        assert missing == [], language


@pytest.mark.parametrize("language", ["pl", "fi", "da", "de", "lv"])
def test_qt_catalogs_of_the_wheel_exist_except_for_estonian_and_lithuanian(language) -> None:
    folder = Path(qt_translations_dir())
    assert (folder / f"qtbase_{language}.qm").exists()
    for missing in WITHOUT_QT_CATALOG:
        assert not (folder / f"qtbase_{missing}.qm").exists()


def test_an_unknown_language_is_refused(app) -> None:
    with pytest.raises(ValueError, match="xx"):
        apply_language(app, "xx")


def test_switching_again_replaces_the_translators_of_the_previous_language(app) -> None:
    apply_language(app, "pl")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Szukaj w:"
    apply_language(app, "de")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Suchen in:"
    apply_language(app, "en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"


def test_the_default_locale_follows_the_language(app) -> None:
    apply_language(app, "lv")
    assert QLocale().name() == "lv_LV"
