"""Extraction finds every message: Python sources, the instrument file, the NACE titles."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from brokerdesk.i18n.checks import template_duplicates
from brokerdesk.i18n.extract import extract_instrument, extract_nace
from brokerdesk.i18n.tools import ROOT, PipelineError, extract, extract_catalog, template_path

INSTRUMENT = ROOT / "resources" / "instruments" / "tibs-readiness-1.json"


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    """The messages of the real source tree."""
    return extract_catalog()


def _comments(catalog: Catalog, message: str) -> str:
    found = catalog.get(message)
    assert found is not None, message
    return " ".join(found.auto_comments)


def test_python_messages_marked_with_n_underscore_are_extracted(extracted) -> None:
    message = extracted.get("Micro enterprise")
    assert message is not None
    assert any(path == "brokerdesk/domain/company.py" for path, _line in message.locations)


def test_every_level_description_of_the_instrument_is_extracted(extracted) -> None:
    data = json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    readiness = next(s for s in data["sections"] if s["kind"] == "readiness")
    item = readiness["dimensions"][0]["items"][0]

    for level, text in enumerate(item["levels"]):
        assert f"level {level} of the 0–4 scale" in _comments(extracted, text)
        assert f"item {item['id']}" in _comments(extracted, text)


def test_band_names_criteria_choices_and_rule_messages_are_extracted(extracted) -> None:
    data = json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    areas = next(s for s in data["sections"] if s["kind"] == "areas")
    band = data["bands"][0]
    texts = [data["title"], data["description"], band["name"], band["description"]]
    texts += [areas["criteria"][0]["title"], areas["criteria"][0]["levels"][4]]
    assert "band name" in _comments(extracted, band["name"])
    for section in data["sections"]:
        for item in section.get("items", []):
            texts += [choice["label"] for choice in item.get("choices", [])]
            texts += [rule["message"] for rule in item.get("rules", [])]
    for text in texts:
        assert extracted.get(text) is not None, text


def test_ids_patterns_and_kinds_of_the_instrument_are_not_extracted(extracted) -> None:
    for data in ("mgmt_commitment", "scale", "readiness", "max_length", "yes", "equals"):
        assert extracted.get(data) is None, data


def test_nace_titles_are_extracted_and_nuts_names_are_not(extracted) -> None:
    assert "NACE Rev. 2 section C" in _comments(extracted, "Manufacturing")
    assert "division 10" in _comments(extracted, "Manufacture of food products")
    assert extracted.get("Małopolskie") is None
    assert extracted.get("Uusimaa") is None


def test_the_instrument_extractor_gives_line_numbers_of_the_file() -> None:
    lines = INSTRUMENT.read_text(encoding="utf-8").splitlines()
    with INSTRUMENT.open("rb") as handle:
        found = list(extract_instrument(handle, (), (), {}))

    assert len(found) > 400
    for lineno, _func, message, _comments in found[:50]:
        encoded = message.replace('"', '\\"')
        assert encoded in lines[lineno - 1], (lineno, message)


def test_the_nace_extractor_reads_sections_and_divisions() -> None:
    source = (
        b'{"sections": [{"code": "A", "title": "Farming",\n'
        b'"divisions": [{"code": "01",\n"title": "Crops"}]}]}'
    )
    found = list(extract_nace(io.BytesIO(source), (), (), {}))
    assert [(line, text) for line, _f, text, _c in found] == [(1, "Farming"), (3, "Crops")]


def _small_tree(root: Path) -> None:
    """A source tree of its own: babel.cfg, one module, one instrument, one NACE file."""
    shutil.copy(ROOT / "babel.cfg", root / "babel.cfg")
    package = root / "brokerdesk"
    package.mkdir()
    (package / "views.py").write_text(
        "from brokerdesk.i18n import _, N_, ngettext, pgettext\n"
        "STATUS = N_('Draft')\n"
        "def show(n):\n"
        "    # Translators: the title of the window that lists the cases.\n"
        "    title = _('Cases')\n"
        "    count = ngettext('{count} case', '{count} cases', n)\n"
        "    verb = pgettext('verb', 'Open')\n"
        "    other = _('Cases')\n"
        "    return title, count, verb, other\n",
        encoding="utf-8",
    )
    (root / "resources" / "instruments").mkdir(parents=True)
    (root / "resources" / "classifications").mkdir(parents=True)
    shutil.copy(INSTRUMENT, root / "resources" / "instruments" / "tibs-readiness-1.json")
    (root / "resources" / "classifications" / "nace_rev2.json").write_text(
        '{"sections": [{"code": "A", "title": "Agriculture", "divisions": []}]}', encoding="utf-8"
    )
    (root / "resources" / "classifications" / "nuts2.json").write_text(
        '{"countries": {"PL": [{"code": "PL21", "name": "Małopolskie"}]}}', encoding="utf-8"
    )


def test_plurals_contexts_and_translator_comments_come_through(tmp_path: Path) -> None:
    _small_tree(tmp_path)
    catalog = extract_catalog(tmp_path)

    cases = catalog.get("Cases")
    assert cases.auto_comments == ["Translators: the title of the window that lists the cases."]
    assert len(cases.locations) == 2  # one message, two places
    assert catalog.get("{count} case").id == ("{count} case", "{count} cases")
    assert "python-brace-format" in catalog.get("{count} case").flags
    assert catalog.get("Open", context="verb") is not None
    assert catalog.get("Draft") is not None
    assert catalog.get("Agriculture") is not None
    assert catalog.get("Małopolskie") is None


def test_the_template_has_no_duplicate_messages(tmp_path: Path) -> None:
    _small_tree(tmp_path)
    extract(tmp_path / "translations", tmp_path)

    assert template_duplicates(template_path(tmp_path / "translations")) == []


def test_extracting_twice_leaves_the_template_untouched(tmp_path: Path) -> None:
    _small_tree(tmp_path)
    folder = tmp_path / "translations"
    _catalog, first = extract(folder, tmp_path)
    before = template_path(folder).stat().st_mtime_ns
    _catalog, second = extract(folder, tmp_path)

    assert (first, second) == (True, False)
    assert template_path(folder).stat().st_mtime_ns == before


def test_the_committed_template_has_no_duplicate_messages() -> None:
    assert template_duplicates(ROOT / "translations" / "brokerdesk.pot") == []


def test_a_broken_instrument_file_is_named(tmp_path: Path) -> None:
    _small_tree(tmp_path)
    broken = tmp_path / "resources" / "instruments" / "tibs-readiness-2.json"
    broken.write_text('{"id": "tibs-readiness", "title": "Unfinished', encoding="utf-8")

    with pytest.raises(PipelineError, match=r"tibs-readiness-2\.json"):
        extract_catalog(tmp_path)
