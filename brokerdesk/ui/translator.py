"""Switching the UI language at run time, without a restart.

Three translators are installed on the application, consulted by Qt newest first:

1. ``GettextTranslator``: BrokerDesk's own texts, from the active ``brokerdesk.i18n`` catalog, for
   widgets that look texts up through ``QCoreApplication.translate`` / ``tr()``.
2. ``TableTranslator``: Qt's own strings that the wheel does not translate (all of them for
   Estonian and Lithuanian, a few gaps for the others; see ``qt_strings``).
3. Qt's ``qtbase_<lang>.qm`` from the PySide6 wheel.

Installing and removing translators makes Qt post ``QEvent.LanguageChange`` to every top-level
widget, which passes it on to its children: widgets retranslate in ``changeEvent``. Widgets that
use ``_()`` directly do the same, since ``apply_language`` switches the ``brokerdesk.i18n``
language before the events arrive.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication

from brokerdesk.i18n import LANGUAGES, LOCALES, PSEUDO, active, catalog, set_language
from brokerdesk.ui.qt_strings import QT_STRINGS, Strings, qt_contexts

_OURS = "brokerdesk-translator"  # object name of the translators apply_language installs
# The translators installed, newest language last. Kept here rather than looked up with
# ``findChildren``, which wraps every child of the application in Python to compare its type.
_installed: list[QTranslator] = []
# Qt's classes and Qt's upper-case pseudo-contexts (MAC_APPLICATION_MENU, QT_LAYOUT_DIRECTION).
_QT_CONTEXT = re.compile(r"^(Q[A-Z]|[A-Z0-9_]+$)")


class GettextTranslator(QTranslator):
    """A ``QTranslator`` that answers from the active ``brokerdesk.i18n`` catalog.

    Qt's own contexts are left to Qt's catalogs: BrokerDesk's "Open" (a case status) must not
    become the label of the file dialog's Open button. A message the catalog does not translate
    yields ``None`` (a null string to Qt), so that Qt asks the next translator or keeps the source.
    """

    # Returning None gives Qt a null QString, its "not found"; "" would be an empty translation.
    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        if not source_text or _QT_CONTEXT.match(context or "") or context in qt_contexts():
            return None
        messages = active()
        if n >= 0:
            # gettext finds a plural entry by its msgid; Qt then replaces %n itself.
            text = messages.ngettext(source_text, source_text, n)
        elif disambiguation:
            text = messages.pgettext(disambiguation, source_text)
        else:
            text = messages.gettext(source_text)
        return text if text != source_text else None

    def isEmpty(self) -> bool:  # Qt skips an empty translator
        return False

    def language(self) -> str:
        return active().language


class TableTranslator(QTranslator):
    """Qt strings from a ``{context: {source: translation}}`` table."""

    def __init__(self, strings: Strings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.strings = strings

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        return self.strings.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:
        return not self.strings


def pseudo_qt_strings() -> Strings:
    """Qt's strings in the pseudo-language, so that a pseudo-locale run flags only our own."""
    pseudo = catalog(PSEUDO)
    known: dict[str, set[str]] = {}
    for table in QT_STRINGS.values():
        for context, entries in table.items():
            known.setdefault(context, set()).update(entries)
    return {
        context: {source: pseudo.gettext(source) for source in sources}
        for context, sources in known.items()
    }


def qt_translations_dir() -> str:
    """Where Qt's ``.qm`` catalogs are: the wheel's ``Qt/translations`` (or the bundle's)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_language(app: QApplication, language: str) -> None:
    """Makes ``language`` the UI language: BrokerDesk's texts, Qt's strings and Qt's locale.

    Args:
        app: the application; the translators become its children.
        language: one of ``brokerdesk.i18n.LANGUAGES``, or ``"qps"`` (the pseudo-language).

    Raises:
        ValueError: an unknown language.
    """
    if language not in LANGUAGES and language != PSEUDO:
        raise ValueError(f"unknown language {language!r}")
    for old in _installed:
        if shiboken6.isValid(old) and old.parent() is app:
            app.removeTranslator(old)
            old.deleteLater()
    _installed.clear()
    set_language(language)
    # Qt's own formatting (spin boxes, date edits) follows the same locale as Babel's.
    QLocale.setDefault(QLocale(LOCALES.get(language, "en_GB")))
    translators: list[QTranslator] = []
    if language not in ("en", PSEUDO):
        qtbase = QTranslator()
        if qtbase.load(f"qtbase_{language}", qt_translations_dir()):
            translators.append(qtbase)
    table = pseudo_qt_strings() if language == PSEUDO else QT_STRINGS.get(language)
    if table:
        translators.append(TableTranslator(table))
    translators.append(GettextTranslator())  # last installed is asked first
    for translator in translators:
        translator.setParent(app)
        translator.setObjectName(_OURS)
        app.installTranslator(translator)
        _installed.append(translator)
