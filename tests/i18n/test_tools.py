"""The pipeline commands: update creates and merges catalogs, compile builds only what changed."""

from __future__ import annotations

import gettext
import io
import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from brokerdesk.i18n.tools import (
    TARGETS,
    PipelineError,
    compile_catalogs,
    main,
    po_path,
    template_path,
    update,
)


def _template(folder: Path, *messages: str | tuple[str, str]) -> None:
    catalog = Catalog(project="BrokerDesk", fuzzy=False)
    for message in messages:
        catalog.add(message, None, [("brokerdesk/views.py", 1)])
    folder.mkdir(parents=True, exist_ok=True)
    with template_path(folder).open("wb") as handle:
        write_po(handle, catalog)


def _read(folder: Path, language: str) -> Catalog:
    with po_path(folder, language).open("rb") as handle:
        return read_po(handle, locale=language)


def _save(folder: Path, language: str, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po_path(folder, language).write_bytes(buffer.getvalue())


def test_update_creates_a_catalog_for_each_partner_language(tmp_path: Path) -> None:
    _template(tmp_path, "Cases", ("{count} case", "{count} cases"))

    assert update(tmp_path) == dict.fromkeys(TARGETS, "created")
    for language in TARGETS:
        catalog = _read(tmp_path, language)
        assert catalog.get("Cases") is not None
        assert str(catalog.locale) == language
    assert "en" not in TARGETS


@pytest.mark.parametrize(
    ("language", "forms"),
    [("pl", 3), ("lt", 3), ("lv", 3), ("fi", 2), ("da", 2), ("de", 2), ("et", 2)],
)
def test_new_catalogs_have_the_plural_forms_of_their_language(tmp_path, language, forms) -> None:
    _template(tmp_path, ("{count} case", "{count} cases"))
    update(tmp_path, [language])

    text = po_path(tmp_path, language).read_text(encoding="utf-8")
    assert f"nplurals={forms};" in text
    assert text.count("msgstr[") == forms
    assert '"Language: ' + language in text


def test_update_keeps_translations_and_adds_new_messages(tmp_path: Path) -> None:
    _template(tmp_path, "Cases", "Notes")
    update(tmp_path, ["de"])
    catalog = _read(tmp_path, "de")
    catalog.get("Cases").string = "Fälle"
    catalog.get("Cases").user_comments = ["checked by the second reader"]
    _save(tmp_path, "de", catalog)

    _template(tmp_path, "Cases", "Partner search")
    assert update(tmp_path, ["de"]) == {"de": "updated"}

    catalog = _read(tmp_path, "de")
    assert catalog.get("Cases").string == "Fälle"
    assert catalog.get("Cases").user_comments == ["checked by the second reader"]
    assert catalog.get("Partner search").string == ""
    assert catalog.get("Notes") is None
    assert "Notes" in catalog.obsolete


def test_update_repairs_a_wrong_plural_forms_header(tmp_path: Path) -> None:
    _template(tmp_path, "Cases")
    update(tmp_path, ["lt"])
    path = po_path(tmp_path, "lt")
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index('"MIME-Version')
    path.write_text(text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n' + text[end:])

    update(tmp_path, ["lt"])
    assert "nplurals=3;" in path.read_text(encoding="utf-8")


def test_update_twice_changes_nothing(tmp_path: Path) -> None:
    _template(tmp_path, "Cases")
    update(tmp_path)
    assert update(tmp_path) == dict.fromkeys(TARGETS, "unchanged")


def test_update_without_a_template_says_to_extract_first(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="extract"):
        update(tmp_path)


def test_compile_without_any_catalog_does_nothing_and_succeeds(tmp_path, capsys) -> None:
    assert compile_catalogs(tmp_path) == dict.fromkeys(TARGETS, "no catalog")
    assert main(["--folder", str(tmp_path), "compile"]) == 0
    assert "no catalogs yet" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_compiled_catalogs_translate_through_gettext(tmp_path: Path) -> None:
    _template(tmp_path, "Cases", "Notes")
    update(tmp_path, ["pl"])
    catalog = _read(tmp_path, "pl")
    catalog.get("Cases").string = "Sprawy"
    catalog.get("Notes").string = "Notatki"
    catalog.get("Notes").flags.add("fuzzy")  # not reviewed yet: left out
    _save(tmp_path, "pl", catalog)

    assert compile_catalogs(tmp_path, ["pl"]) == {"pl": "compiled"}
    translations = gettext.translation("brokerdesk", str(tmp_path), ["pl"])
    assert translations.gettext("Cases") == "Sprawy"
    assert translations.gettext("Notes") == "Notes"


def test_compile_skips_catalogs_whose_mo_is_up_to_date(tmp_path: Path) -> None:
    _template(tmp_path, "Cases")
    update(tmp_path, ["fi", "da"])
    compile_catalogs(tmp_path, ["fi", "da"])
    mo = po_path(tmp_path, "fi").with_suffix(".mo")
    before = mo.stat().st_mtime_ns

    assert compile_catalogs(tmp_path, ["fi", "da"]) == {"fi": "up to date", "da": "up to date"}
    assert mo.stat().st_mtime_ns == before

    later = mo.stat().st_mtime + 5
    os.utime(po_path(tmp_path, "da"), (later, later))
    assert compile_catalogs(tmp_path, ["fi", "da"]) == {"fi": "up to date", "da": "compiled"}


def test_a_broken_catalog_is_named_and_its_old_compiled_file_kept(tmp_path, capsys) -> None:
    _template(tmp_path, "Cases")
    update(tmp_path, ["de"])
    compile_catalogs(tmp_path, ["de"])
    mo = po_path(tmp_path, "de").with_suffix(".mo")
    old = mo.read_bytes()
    po_path(tmp_path, "de").write_text(
        'msgid "Cases"\nmsgstr "Fälle"\nnonsense\n', encoding="utf-8"
    )

    assert main(["--folder", str(tmp_path), "compile", "de"]) == 2
    assert "de/LC_MESSAGES/brokerdesk.po" in capsys.readouterr().err
    assert mo.read_bytes() == old


def test_an_unknown_language_is_refused_by_name(tmp_path, capsys) -> None:
    assert main(["--folder", str(tmp_path), "compile", "xx"]) == 2
    assert "unknown language xx" in capsys.readouterr().err


def test_check_lists_problems_and_fails_until_the_catalogs_are_complete(tmp_path, capsys) -> None:
    _template(tmp_path, "Cases")
    update(tmp_path, ["et"])
    assert main(["--folder", str(tmp_path), "check", "et"]) == 1
    assert "et: 1 untranslated" in capsys.readouterr().out

    catalog = _read(tmp_path, "et")
    catalog.get("Cases").string = "Juhtumid"
    _save(tmp_path, "et", catalog)
    assert main(["--folder", str(tmp_path), "check", "et"]) == 0
    assert "et: clean" in capsys.readouterr().out
