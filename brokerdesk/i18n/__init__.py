"""Languages: gettext catalogs (compiled by Babel), and locale-aware formatting through Babel.

There are two languages at any time: the UI language (the broker's), which ``_`` follows and which
can change at run time, and a report language (the client's), for which a ``Catalog`` is asked
explicitly. Dates, numbers, money, country and language names always go through Babel.

Babel and its locale data load on the first formatting (or ``Catalog.warm``), not on import:
messages need only gettext, and the desktop app shows its window before it formats a figure.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from brokerdesk.domain.text import N_, Message
from brokerdesk.paths import translations_dir

LANGUAGES = ("en", "pl", "fi", "da", "de", "et", "lt", "lv")
DOMAIN = "brokerdesk"
# Babel locales with the region each partner country uses (Danish from Denmark, and so on).
LOCALES = {
    "en": "en_GB",
    "pl": "pl_PL",
    "fi": "fi_FI",
    "da": "da_DK",
    "de": "de_DE",
    "et": "et_EE",
    "lt": "lt_LT",
    "lv": "lv_LV",
}
PSEUDO = "qps"  # a pseudo-language for finding strings that were not wrapped

if TYPE_CHECKING:
    from babel import Locale


class Catalog:
    """The messages of one language, with Babel formatting in that language's conventions."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self.translations = translations
        self._locale: Locale | None = None

    @property
    def locale(self) -> Locale:
        """Babel's locale of this language (its data is read on first use)."""
        if self._locale is None:
            from babel import Locale

            self._locale = Locale.parse(LOCALES.get(self.language, "en_GB"))
        return self._locale

    def warm(self) -> None:
        """Loads Babel's formatting and this language's locale data now (off the GUI thread)."""
        import babel.dates
        import babel.numbers  # noqa: F401

        self.locale.territories  # noqa: B018 - reads the locale data

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def render(self, message: Message) -> str:
        """Translates a domain message and fills it, numbers formatted for this language."""
        values = {k: self._value(v) for k, v in message.params.items()}
        return self.gettext(message.template).format(**values)

    def _value(self, value: Any) -> Any:
        if isinstance(value, Message):
            return self.render(value)
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return self.number(value)
        return value

    def number(self, value: float, digits: int = 1) -> str:
        from babel.numbers import format_decimal

        if float(value).is_integer():
            return format_decimal(int(value), locale=self.locale)
        return format_decimal(round(value, digits), locale=self.locale)

    def percent(self, share: float) -> str:
        from babel.numbers import format_percent

        return format_percent(share, locale=self.locale)

    def money(self, amount: float, currency: str = "EUR") -> str:
        from babel.numbers import format_currency

        return format_currency(amount, currency, locale=self.locale, format_type="standard")

    def date(self, value: dt.date | str, form: str = "medium") -> str:
        from babel.dates import format_date

        day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return format_date(day, format=form, locale=self.locale)

    def datetime(self, value: dt.datetime | str, form: str = "short") -> str:
        from babel.dates import format_datetime

        moment = (
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if isinstance(value, str)
            else value
        )
        return format_datetime(moment, format=form, locale=self.locale)

    def time(self, value: dt.datetime) -> str:
        """A clock time (``14:02``) in this language's form."""
        from babel.dates import format_time

        return format_time(value, format="short", locale=self.locale)

    def country(self, code: str) -> str:
        return str(self.locale.territories.get(code.upper(), code))

    def language_name(self, code: str) -> str:
        return str(self.locale.languages.get(code, code))


def _pseudo(text: str) -> str:
    """Marks and stretches a message, keeping ``{placeholders}`` and ``%`` formats intact."""
    out, depth = [], 0
    table = str.maketrans("aeiouAEIOUcnsyz", "áéîõüÅÉÎÕÜçñšýž")
    for ch in text:
        if ch == "{":
            depth += 1
        out.append(ch if depth else ch.translate(table))
        if ch == "}":
            depth = max(0, depth - 1)
    return "⟦" + "".join(out) + "⟧"


class _PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return _pseudo(message)


@lru_cache(maxsize=16)
def catalog(language: str, folder: Path | None = None) -> Catalog:
    """The catalog of a language; English (the source) when none is compiled for it."""
    if language == PSEUDO:
        return Catalog("en", _PseudoTranslations())
    translations = gettext.translation(
        DOMAIN, localedir=str(folder or translations_dir()), languages=[language], fallback=True
    )
    return Catalog(language, translations)


class _Active:
    """The UI language. Process-wide on purpose, like Qt's installed translators."""

    catalog: Catalog | None = None
    listeners: ClassVar[list[Callable[[str], None]]] = []


def set_language(language: str) -> Catalog:
    _Active.catalog = catalog(language)
    for listener in list(_Active.listeners):
        listener(language)
    return _Active.catalog


def active() -> Catalog:
    if _Active.catalog is None:
        _Active.catalog = catalog("en")
    return _Active.catalog


def on_language_change(listener: Callable[[str], None]) -> None:
    _Active.listeners.append(listener)


def _(message: str) -> str:
    """Translates into the UI language."""
    return active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return active().pgettext(context, message)


def render(message: Message) -> str:
    return active().render(message)


__all__ = [
    "LANGUAGES",
    "N_",
    "Catalog",
    "_",
    "active",
    "catalog",
    "ngettext",
    "on_language_change",
    "pgettext",
    "render",
    "set_language",
]
