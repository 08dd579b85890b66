"""The catalog checks catch what a translator can get wrong (on small hand-made catalogs)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from brokerdesk.i18n.checks import (
    Allowlist,
    brace_fields,
    check_header,
    check_messages,
    load_allowlist,
    msgfmt_problems,
    percent_specs,
    template_duplicates,
)
from brokerdesk.i18n.tools import plural_forms

NOTHING_ALLOWED = Allowlist()


def _catalog(language: str, *entries: tuple[object, object], fuzzy: str = "") -> Catalog:
    catalog = Catalog(locale=language, fuzzy=False)
    for source, text in entries:
        catalog.add(source, text, flags=("fuzzy",) if source == fuzzy else ())
    return catalog


def _kinds(catalog: Catalog, language: str, allowlist: Allowlist = NOTHING_ALLOWED) -> list[str]:
    return [p.kind for p in check_messages(catalog, language, allowlist)]


def test_a_complete_catalog_has_no_problems() -> None:
    catalog = _catalog(
        "pl",
        ("Cases", "Sprawy"),
        ("Hello {name}", "Witaj {name}"),
        (("{count} case", "{count} cases"), ("{count} sprawa", "{count} sprawy", "{count} spraw")),
    )
    assert check_messages(catalog, "pl", NOTHING_ALLOWED) == []


def test_an_empty_translation_is_untranslated_and_a_fuzzy_one_is_fuzzy() -> None:
    catalog = _catalog("de", ("Cases", ""), ("Notes", "Notizen"), fuzzy="Notes")
    assert _kinds(catalog, "de") == ["untranslated", "fuzzy"]


def test_a_plural_with_one_form_left_empty_is_untranslated() -> None:
    catalog = _catalog("lt", (("{n} case", "{n} cases"), ("{n} byla", "{n} bylos", "")))
    assert _kinds(catalog, "lt") == ["untranslated"]


def test_a_lost_or_renamed_placeholder_is_found() -> None:
    lost = check_messages(_catalog("fi", ("Hello {name}", "Hei")), "fi", NOTHING_ALLOWED)
    renamed = check_messages(_catalog("fi", ("Hello {name}", "Hei {nimi}")), "fi", NOTHING_ALLOWED)

    assert [p.kind for p in lost + renamed] == ["placeholders", "placeholders"]
    assert "name" in lost[0].detail
    assert "nimi" in renamed[0].detail


def test_placeholders_may_change_order_and_format_spec() -> None:
    catalog = _catalog("de", ("{done} of {total} answered", "{total:d} gesamt, {done} beantwortet"))
    assert _kinds(catalog, "de") == []


def test_unbalanced_braces_are_found() -> None:
    catalog = _catalog("da", ("Hello {name}", "Hej {name"))
    assert _kinds(catalog, "da") == ["placeholders"]


def test_a_percent_sign_in_running_text_is_not_taken_for_a_format() -> None:
    # Babel guesses "25% or more" is a %-format ("% o"); BrokerDesk formats with {name} only.
    source = "Autonomous: nobody holds 25% or more."
    catalog = _catalog("lt", (source, "Savarankiška: niekas neturi 25 % ar daugiau."))
    assert _kinds(catalog, "lt") == []
    assert percent_specs("%d of %s, 100%%") == ["%d", "%s"]


def test_polish_may_leave_the_number_out_of_the_form_for_one_but_latvian_may_not() -> None:
    source = ("{count} case", "{count} cases")
    polish = _catalog("pl", (source, ("jedna sprawa", "{count} sprawy", "{count} spraw")))
    # Latvian form 1 serves 1, 21, 31 ...: it must show the number.
    latvian = _catalog("lv", (source, ("{count} lietu", "viena lieta", "{count} lietas")))
    assert _kinds(polish, "pl") == []
    assert _kinds(latvian, "lv") == ["placeholders"]


def test_the_wrong_number_of_plural_forms_is_found() -> None:
    catalog = _catalog("lv", (("{n} case", "{n} cases"), ("{n} lieta", "{n} lietas")))
    assert "plural forms" in _kinds(catalog, "lv")


def test_a_translation_equal_to_its_source_needs_the_allowlist() -> None:
    catalog = _catalog("de", ("Region", "Region"), ("EUR", "EUR"), ("{count} %", "{count} %"))
    allowlist = Allowlist({"EUR": {"*"}, "Region": {"de", "da"}})

    assert _kinds(catalog, "de") == ["identical", "identical"]  # "{count} %" has no words
    assert _kinds(catalog, "de", allowlist) == []
    assert _kinds(_catalog("pl", ("Region", "Region")), "pl", allowlist) == ["identical"]


def test_the_allowlist_file_is_read_and_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "allowlist.txt"
    path.write_text("# names and units\n* | EUR\nde da | Region\n\n", encoding="utf-8")
    allowlist = load_allowlist(path)
    assert allowlist.allows("lv", "EUR")
    assert allowlist.allows("da", "Region") and not allowlist.allows("pl", "Region")

    path.write_text("* EUR\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"allowlist\.txt:1"):
        load_allowlist(path)


def test_the_committed_allowlist_is_readable() -> None:
    from brokerdesk.i18n.tools import ROOT

    allowlist = load_allowlist(ROOT / "translations" / "allowlist.txt")
    assert allowlist.allows("pl", "EUR")


def test_a_header_with_the_wrong_number_of_plural_forms_is_found() -> None:
    catalog = _catalog("pl")
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    problems = check_header(catalog, "pl", plural_forms("pl")[0])
    assert [p.detail for p in problems] == ["Plural-Forms: nplurals=2, expected 3"]


def test_babel_locale_data_gives_three_plural_forms_to_polish_lithuanian_and_latvian() -> None:
    assert {lang: plural_forms(lang)[0] for lang in ("pl", "lt", "lv", "fi", "da", "de", "et")} == {
        "pl": 3,
        "lt": 3,
        "lv": 3,
        "fi": 2,
        "da": 2,
        "de": 2,
        "et": 2,
    }


def test_msgfmt_finds_a_broken_format_and_passes_a_clean_catalog(tmp_path: Path) -> None:
    def save(catalog: Catalog) -> Path:
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        path = tmp_path / "check.po"
        path.write_bytes(buffer.getvalue())
        return path

    clean = _catalog("de", ("Hello {name}", "Hallo {name}"))
    broken = _catalog("de", ("%(count)d cases", "%(anzahl)d Fälle"))
    for catalog in (clean, broken):
        catalog.last_translator = "Translators"
        catalog.revision_date = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert msgfmt_problems(save(clean)) == []
    assert any("format" in line for line in msgfmt_problems(save(broken)))


def test_duplicate_messages_in_a_template_are_found(tmp_path: Path) -> None:
    path = tmp_path / "brokerdesk.pot"
    path.write_text(
        'msgid ""\nmsgstr ""\n\n'
        'msgid "Cases"\nmsgstr ""\n\n'
        'msgctxt "verb"\nmsgid "Open"\nmsgstr ""\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        'msgid ""\n"Cas"\n"es"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert template_duplicates(path) == ["Cases"]


def test_brace_fields_reads_names_attributes_and_escapes() -> None:
    assert brace_fields("{a} {b.c} {d[0]:>3} {{literal}}") == {"a": 1, "b": 1, "d": 1}
