"""The seven partner-language catalogs are complete and correct.

These tests fail until the translators have finished a language; run them on their own with
``pytest tests/i18n/test_catalogs.py`` (or ``-m catalogs``), or see every problem at once with
``python -m brokerdesk.i18n.tools check --verbose``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from brokerdesk.i18n.checks import (
    Allowlist,
    Problem,
    check_header,
    check_messages,
    load_allowlist,
    msgfmt_problems,
)
from brokerdesk.i18n.tools import ROOT, extract_catalog, po_path, template_path

pytestmark = pytest.mark.catalogs

FOLDER = ROOT / "translations"
PLURAL_FORMS = {"pl": 3, "lt": 3, "lv": 3, "fi": 2, "da": 2, "de": 2, "et": 2}
languages = pytest.mark.parametrize("language", sorted(PLURAL_FORMS))


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(template_path(FOLDER))


@pytest.fixture(scope="module")
def allowlist() -> Allowlist:
    return load_allowlist(FOLDER / "allowlist.txt")


def _problems(language: str, allowlist: Allowlist, template: Catalog) -> list[Problem]:
    path = po_path(FOLDER, language)
    assert path.exists(), f"{path} is missing: run 'make update-catalogs'"
    return check_messages(_read(path, language), language, allowlist, template)


def _listing(problems: list[Problem]) -> str:
    shown = "\n".join(f"  {p}" for p in problems[:20])
    more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"{len(problems)} problems:\n{shown}{more}"


def _only(kind: str, problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.kind == kind]


def test_the_template_is_up_to_date_with_the_sources(template) -> None:
    current = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in extract_catalog()}
    stored = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template}
    missing = sorted(str(key[1]) for key in current - stored)
    assert not missing, f"{len(missing)} not extracted yet (make update-catalogs): {missing[:10]}"


@languages
def test_every_message_of_the_template_is_in_the_catalog(language, allowlist, template) -> None:
    missing = _only("missing", _problems(language, allowlist, template))
    assert not missing, _listing(missing)


@languages
def test_every_message_is_translated(language, allowlist, template) -> None:
    untranslated = _only("untranslated", _problems(language, allowlist, template))
    assert not untranslated, _listing(untranslated)


@languages
def test_no_translation_is_fuzzy(language, allowlist, template) -> None:
    fuzzy = _only("fuzzy", _problems(language, allowlist, template))
    assert not fuzzy, _listing(fuzzy)


@languages
def test_translations_keep_the_placeholders_of_the_source(language, allowlist, template) -> None:
    wrong = _only("placeholders", _problems(language, allowlist, template))
    assert not wrong, _listing(wrong)


@languages
def test_the_number_of_plural_forms_matches_the_header_and_the_language(
    language, allowlist, template
) -> None:
    catalog = _read(po_path(FOLDER, language), language)
    expected = PLURAL_FORMS[language]
    assert catalog.num_plurals == expected
    problems = check_header(catalog, language, expected)
    problems += _only("plural forms", _problems(language, allowlist, template))
    assert not problems, _listing(problems)


@languages
def test_a_translation_equals_its_source_only_where_the_allowlist_says_so(
    language, allowlist, template
) -> None:
    identical = _only("identical", _problems(language, allowlist, template))
    assert not identical, _listing(identical)


@languages
def test_msgfmt_check_is_clean(language) -> None:
    lines = msgfmt_problems(po_path(FOLDER, language))
    assert not lines, "\n".join(lines[:20])
