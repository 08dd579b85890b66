"""Lists the dialogs offer: partner countries and languages, named in the UI language."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox

from brokerdesk.i18n import LANGUAGES, LOCALES, active

# The seven countries of the brokerage network, in the order the project lists them.
PARTNER_COUNTRIES = ("PL", "FI", "DK", "DE", "EE", "LT", "LV")


def refill(
    combo: QComboBox,
    entries: Sequence[tuple[str, object]],
    selected: object = None,
    first: str = "",
) -> None:
    """Puts ``(label, data)`` entries in a combo (after ``first``, whose data is None, if given)
    and chooses ``selected``, else what was chosen before; no signal on the way."""
    current = selected if selected is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if first:
        combo.addItem(first, None)
    for label, data in entries:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


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
    refill(combo, [(active().country(code), code) for code in codes or PARTNER_COUNTRIES], selected)


def fill_ui_languages(combo: QComboBox, selected: str | None = None) -> None:
    """The eight UI languages by their own names, so a broker finds theirs in any language."""
    refill(combo, [(endonym(code), code) for code in LANGUAGES], selected)


def fill_report_languages(combo: QComboBox, selected: str | None = None) -> None:
    """The eight report languages, named in the UI language with their own name beside."""
    entries: list[tuple[str, object]] = []
    for code in LANGUAGES:
        here = _first_upper(active().language_name(code))
        own = endonym(code)
        entries.append((here if here == own else f"{here} ({own})", code))
    refill(combo, entries, selected)
