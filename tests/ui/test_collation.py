"""Names sort as each language's dictionary sorts them, through QCollator (and the fallback)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brokerdesk.i18n import LANGUAGES
from brokerdesk.ui.collation import (
    alphabet_key,
    collator,
    collator_follows_rules,
    sort_key,
    sorted_names,
)


def _by_collator(names: list[str], language: str) -> list[str]:
    return sorted(names, key=collator(language).sortKey)


def _by_alphabet(names: list[str], language: str) -> list[str]:
    return sorted(names, key=lambda name: alphabet_key(name, language))


# Both ways of sorting must get every rule right: QCollator (ICU) is what runs here; the
# alphabet key is what runs where Qt was built without ICU.
SORTERS: dict[str, Callable[[list[str], str], list[str]]] = {
    "qcollator": _by_collator,
    "alphabet": _by_alphabet,
}
sorters = pytest.mark.parametrize("sort", SORTERS.values(), ids=SORTERS.keys())


@sorters
def test_estonian_sorts_s_caron_z_and_z_caron_after_s(sort) -> None:
    names = ["Tamm", "Žukov", "Zirk", "Šmidt", "Saar", "Sepp", "Rebane"]
    assert sort(names, "et") == ["Rebane", "Saar", "Sepp", "Šmidt", "Zirk", "Žukov", "Tamm"]


@sorters
def test_estonian_sorts_o_tilde_and_the_umlauts_after_w(sort) -> None:
    names = ["Üksik", "Öö", "Äär", "Õun", "Wulf", "Vaher", "Xu", "Ymer", "Uus"]
    assert sort(names, "et") == [
        "Uus",
        "Vaher",
        "Wulf",
        "Õun",
        "Äär",
        "Öö",
        "Üksik",
        "Xu",
        "Ymer",
    ]


@sorters
def test_lithuanian_sorts_y_with_i(sort) -> None:
    names = ["Jonas", "Ivanauskas", "Ylakis", "Ingrida", "Yra", "Irena", "Hanna"]
    # y is i for the alphabet: "Ylakis" sorts as "ilakis", "Yra" as "ira" (before "Irena").
    assert sort(names, "lt") == [
        "Hanna",
        "Ylakis",
        "Ingrida",
        "Yra",
        "Irena",
        "Ivanauskas",
        "Jonas",
    ]


@sorters
def test_lithuanian_sorts_c_s_z_with_caron_after_their_base_letters(sort) -> None:
    names = ["Čiurlionis", "Cvirka", "Šimkus", "Sutkus", "Žemaitis", "Zubrus", "Dapkus"]
    assert sort(names, "lt") == [
        "Cvirka",
        "Čiurlionis",
        "Dapkus",
        "Sutkus",
        "Šimkus",
        "Zubrus",
        "Žemaitis",
    ]


LATVIAN_LETTERS = ["ā", "č", "ē", "ģ", "ī", "ķ", "ļ", "ņ", "š", "ū", "ž"]


@sorters
@pytest.mark.parametrize("letter", LATVIAN_LETTERS)
def test_latvian_sorts_each_letter_with_a_diacritic_after_its_base_letter(sort, letter) -> None:
    base = {
        "ā": "a",
        "č": "c",
        "ē": "e",
        "ģ": "g",
        "ī": "i",
        "ķ": "k",
        "ļ": "l",
        "ņ": "n",
        "š": "s",
        "ū": "u",
        "ž": "z",
    }[letter]
    names = [f"{letter}ra", f"{base}ra"]
    assert sort(names, "lv") == [f"{base}ra", f"{letter}ra"]


@sorters
def test_latvian_sorts_consonants_with_diacritics_as_letters_of_their_own(sort) -> None:
    names = [
        "Ķirsis",
        "Kalns",
        "Ļaudis",
        "Lūsis",
        "Ņemiro",
        "Niedra",
        "Šulcs",
        "Sproģis",
        "Čakste",
        "Cielava",
        "Ģederts",
        "Gaigals",
        "Žagars",
        "Zariņš",
    ]
    assert sort(names, "lv") == [
        "Cielava",
        "Čakste",
        "Gaigals",
        "Ģederts",
        "Kalns",
        "Ķirsis",
        "Lūsis",
        "Ļaudis",
        "Niedra",
        "Ņemiro",
        "Sproģis",
        "Šulcs",
        "Zariņš",
        "Žagars",
    ]


@sorters
def test_latvian_long_vowels_differ_from_short_ones_only_when_the_words_otherwise_tie(
    sort,
) -> None:
    # In Latvian dictionaries (and CLDR) ā ē ī ū are not letters of their own: "āboli" comes
    # after "abats" but before "azote"; "māte" right after "mate".
    names = ["azote", "āboli", "abats", "māte", "mate", "mazs"]
    assert sort(names, "lv") == ["abats", "āboli", "azote", "mate", "māte", "mazs"]


@sorters
def test_polish_letters_with_diacritics_are_letters_of_their_own(sort) -> None:
    names = ["Łukasz", "Lech", "Ćwik", "Czajka", "Żak", "Ździebko", "Zych", "Ślusarz", "Sowa"]
    assert sort(names, "pl") == [
        "Czajka",
        "Ćwik",
        "Lech",
        "Łukasz",
        "Sowa",
        "Ślusarz",
        "Zych",
        "Ździebko",
        "Żak",
    ]


@sorters
def test_finnish_and_danish_put_their_extra_letters_after_z(sort) -> None:
    assert sort(["Åström", "Zetterberg", "Öhman", "Äijälä"], "fi") == [
        "Zetterberg",
        "Åström",
        "Äijälä",
        "Öhman",
    ]
    assert sort(["Aabenraa", "Ærø", "Zealand", "Østergaard", "Albertslund"], "da") == [
        "Albertslund",
        "Zealand",
        "Ærø",
        "Østergaard",
        "Aabenraa",
    ]


@sorters
def test_german_sorts_umlauts_with_their_base_letters(sort) -> None:
    assert sort(["Zander", "Ärger", "Apfel", "Öl", "Ofen"], "de") == [
        "Apfel",
        "Ärger",
        "Ofen",
        "Öl",
        "Zander",
    ]


@sorters
def test_numbers_inside_names_sort_by_value(sort) -> None:
    assert sort(["Area 10", "Area 2", "Area 1"], "en") == ["Area 1", "Area 2", "Area 10"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_collator_on_this_platform_follows_each_languages_rules(language) -> None:
    # The PySide6 wheel bundles ICU: the fallback is not needed here.
    assert collator_follows_rules(language)


def test_sorted_names_follows_the_language_it_is_given() -> None:
    names = ["zeta", "tee"]
    assert sorted_names(names, "et") == ["zeta", "tee"]
    assert sorted_names(names, "en") == ["tee", "zeta"]


def test_sort_key_uses_the_ui_language_by_default() -> None:
    from brokerdesk.i18n import set_language

    set_language("et")
    try:
        assert sorted(["tee", "zeta"], key=sort_key()) == ["zeta", "tee"]
    finally:
        set_language("en")


def test_sort_key_falls_back_to_the_alphabet_where_the_collator_gets_a_rule_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import brokerdesk.ui.collation as collation

    monkeypatch.setattr(collation, "collator_follows_rules", lambda language: False)
    key = sort_key("et")

    assert key("zeta") == alphabet_key("zeta", "et")
    assert sorted(["tee", "zeta"], key=key) == ["zeta", "tee"]
