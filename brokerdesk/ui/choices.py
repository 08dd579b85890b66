"""Lists the dialogs offer: partner countries and languages, named in the UI language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from brokerdesk.i18n import LANGUAGES, LOCALES, active

# The seven countries of the brokerage network, in the order the project lists them.
PARTNER_COUNTRIES = ("PL", "FI", "DK", "DE", "EE", "LT", "LV")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def endonym(language: str) -> str:
    """A language's name in itself (``suomi``, ``Deutsch``): how people find their own."""
    from babel import Locale  # with the first dialog that names languages, not at start

    name = Locale.parse(LOCALES.get(language, language)).get_language_name(language)
    return _first_upper(name or language)


def fill_countries(
    combo: QComboBox, selected: str | None = None, codes: tuple[str, ...] = ()
) -> None:
    """Fills a combo with partner countries named in the UI language; data is the ISO code."""
    current = selected if selected is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code in codes or PARTNER_COUNTRIES:
        combo.addItem(active().country(code), code)
    found = combo.findData(current)
    combo.setCurrentIndex(max(0, found))
    combo.blockSignals(False)


def fill_ui_languages(combo: QComboBox, selected: str | None = None) -> None:
    """The eight UI languages by their own names, so a broker finds theirs in any language."""
    current = selected if selected is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code in LANGUAGES:
        combo.addItem(endonym(code), code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def fill_report_languages(combo: QComboBox, selected: str | None = None) -> None:
    """The eight report languages, named in the UI language with their own name beside."""
    current = selected if selected is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code in LANGUAGES:
        here = _first_upper(active().language_name(code))
        own = endonym(code)
        combo.addItem(here if here == own else f"{here} ({own})", code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
