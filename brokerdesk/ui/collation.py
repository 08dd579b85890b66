"""Sorting names the way each language's dictionary does.

``QCollator`` sorts with ICU (bundled in the PySide6 wheel on Linux; the system's collation
service on Windows and macOS), which follows CLDR: Estonian puts š z ž after s and õ ä ö ü after
w, Lithuanian sorts y with i, Latvian puts č ģ ķ ļ ņ š ž after their base letters and treats the
long vowels ā ē ī ū as variants of a e i u (ā after a only when the words otherwise tie, as in
Latvian dictionaries), Polish has ą ć ę ł ń ó ś ź ż as letters of their own.

A Qt built without ICU collates with the C library and ignores the language it is given. Each
language's collator is therefore probed once with a pair its rules decide; if the probe fails,
names are sorted by ``alphabet_key``, a small table-driven key with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from PySide6.QtCore import QCollator, QLocale

from brokerdesk.i18n import LOCALES, active

# Primary letters in order; letters written together share a primary ("iy": y sorts as i, after
# it only when the words otherwise tie). Letters not listed sort as their base letter, accents
# second. As CLDR has them.
_LATIN = "a b c d e f g h i j k l m n o p q r s t u v w x y z"
ALPHABETS = {
    "en": _LATIN,
    "de": _LATIN,
    "et": "a b c d e f g h i j k l m n o p q r s š z ž t u v w õ ä ö ü x y",
    "lt": "a b c č d e f g h iy j k l m n o p q r s š t u v w x z ž",
    "lv": "a b c č d e f g ģ h iy j k ķ l ļ m n ņ o p q r ŗ s š t u v w x z ž",
    "pl": "a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż",
    "fi": "a b c d e f g h i j k l m n o p q r s t u v w yü z å ä ö",
    "da": "a b c d e f g h i j k l m n o p q r s t u v w x yü z æä øö å",
}
# Two letters that sort as one: Danish "aa" is å (Aarhus after Zealand), German ß is ss.
_CONTRACTIONS = {"da": (("aa", "å"),), "de": (("ß", "ss"),)}
# A pair of names each language's rules put in this order, and a plain collator does not.
_PROBES = {
    "et": ("zeta", "tee"),
    "lt": ("yra", "ižas"),
    "lv": ("cz", "čaba"),
    "pl": ("az", "ąb"),
    "fi": ("za", "åa"),
    "da": ("za", "æa"),
    "de": ("Äpfel", "Az"),
    "en": ("apple", "Banana"),
}


def _language(language: str | None) -> str:
    code = language or active().language
    return code if code in ALPHABETS else "en"


def collator(language: str | None = None) -> QCollator:
    """A ``QCollator`` for a language (the UI language by default), numbers sorted by value."""
    sorter = QCollator(QLocale(LOCALES[_language(language)]))
    sorter.setNumericMode(True)  # "Area 2" before "Area 10"
    return sorter


@cache
def collator_follows_rules(language: str) -> bool:
    """Whether this platform's ``QCollator`` sorts the language's probe pair correctly."""
    first, second = _PROBES[language]
    return collator(language).compare(first, second) < 0


def sort_key(language: str | None = None) -> Callable[[str], Any]:
    """A key for ``sorted()``: the collator's sort key, or ``alphabet_key`` where that fails."""
    code = _language(language)
    if collator_follows_rules(code):
        return collator(code).sortKey
    return lambda name: alphabet_key(name, code)


def sorted_names(names: Iterable[str], language: str | None = None) -> list[str]:
    """Names in the dictionary order of a language (the UI language by default)."""
    return sorted(names, key=sort_key(language))


@cache
def _weights(language: str) -> dict[str, tuple[int, int]]:
    weights = {}
    for primary, group in enumerate(ALPHABETS[language].split()):
        for secondary, letter in enumerate(group):
            weights[letter] = (primary, secondary)
    return weights


_DIGITS = re.compile(r"([0-9]+)")


def alphabet_key(name: str, language: str) -> tuple[Any, ...]:
    """A sort key with the language's alphabet: letters, then accents, then case.

    Runs of digits compare by value; spaces and punctuation sort before digits, digits before
    letters; a letter outside the alphabet sorts as its base letter.
    """
    weights = _weights(language if language in ALPHABETS else "en")
    text = unicodedata.normalize("NFC", name)
    folded = text.casefold()
    for pair, single in _CONTRACTIONS.get(language, ()):
        folded = folded.replace(pair, single)
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    for index, part in enumerate(_DIGITS.split(folded)):
        if index % 2:  # the captured runs of digits
            primary.append((1, int(part)))
            continue
        for char in part:
            if char in weights:
                first, second = weights[char]
                primary.append((2, first))
                secondary.append(second)
                continue
            decomposed = unicodedata.normalize("NFD", char)
            base, marks = decomposed[0], decomposed[1:]
            if base in weights:
                primary.append((2, weights[base][0]))
                secondary.append(100 + sum(ord(mark) for mark in marks))
            else:
                primary.append((0, ord(char)))
    tertiary = tuple(char.isupper() for char in text)  # lower case first, as ICU does
    return (tuple(primary), tuple(secondary), tertiary, text)
