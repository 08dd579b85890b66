"""The bundled content: classifications, instruments by version, and old cases on old versions."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brokerdesk import content
from brokerdesk.content import ContentError, Library
from brokerdesk.domain.answers import validate
from brokerdesk.domain.case import Case, new_document
from brokerdesk.domain.instrument import Item
from brokerdesk.domain.scoring import score_case
from brokerdesk.paths import resources_dir
from brokerdesk.services import cases, exchange
from brokerdesk.services.casefiles import create_case_file

REAL = resources_dir() / "instruments" / "tibs-readiness-1.json"
NUTS2_COUNTS = {"PL": 17, "FI": 5, "DK": 5, "DE": 38, "EE": 1, "LT": 2, "LV": 1}


# Classifications


def test_nace_has_21_sections_and_88_divisions(library: Library) -> None:
    sections = [e for e in library.nace.values() if e.code.isalpha()]
    divisions = [e for e in library.nace.values() if e.code.isdigit()]
    assert len(sections) == 21
    assert [s.code for s in sections] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert len(divisions) == 88
    assert all(len(d.code) == 2 and d.title for d in divisions)


def test_every_nace_division_belongs_to_its_section(library: Library) -> None:
    assert library.nace["01"].section == "A"
    assert library.nace["25"].section == "C"
    assert library.nace["62"].section == "J"
    assert library.nace["99"].section == "U"


def test_the_division_of_a_nace_class_is_found(library: Library) -> None:
    division = library.nace_division("25.62")
    assert division is not None and (division.code, division.section) == ("25", "C")
    section = library.nace_division("C")
    assert section is not None and section.code == "C"
    assert library.nace_division(None) is None
    assert library.nace_division("") is None
    assert library.nace_division("00.1") is None


@pytest.mark.parametrize(("country", "count"), sorted(NUTS2_COUNTS.items()))
def test_each_partner_country_has_its_nuts2_regions(
    library: Library, country: str, count: int
) -> None:
    regions = library.regions[country]
    assert len(regions) == count
    assert all(code.startswith(country) and len(code) == 4 and name for code, name in regions)
    assert len({code for code, _ in regions}) == count


def test_region_names_keep_their_native_spelling(library: Library) -> None:
    names = {code: name for regions in library.regions.values() for code, name in regions}
    assert names["PL21"] == "Małopolskie"


def test_every_region_code_is_a_valid_region_answer(library: Library) -> None:
    region = library.current.item("region")
    for regions in library.regions.values():
        for code, _ in regions:
            assert validate(region, code, {}) == [], code


def test_every_nace_code_is_a_valid_nace_answer(library: Library) -> None:
    nace: Item = library.current.item("nace")
    assert all(validate(nace, code, {}) == [] for code in library.nace)


# Instruments by version


def test_an_instrument_is_loaded_once_and_shared(library: Library) -> None:
    assert library.instrument("tibs-readiness@1") is library.current


def test_an_unknown_instrument_version_is_an_installation_problem(library: Library) -> None:
    with pytest.raises(ContentError, match=r"tibs-readiness-9\.json"):
        library.instrument("tibs-readiness@9")


def _older_instrument() -> dict[str, Any]:
    """An earlier edition: three dimensions, one item since renamed, other weights and bands."""
    data = json.loads(REAL.read_text(encoding="utf-8"))
    old = copy.deepcopy(data)
    old["version"] = 1
    readiness = old["sections"][1]
    readiness["dimensions"] = readiness["dimensions"][:3]
    readiness["dimensions"][0]["weight"] = 3
    readiness["dimensions"][0]["items"][0]["id"] = "mgmt_attitude"
    old["bands"] = [
        {"id": "early", "name": "Early stage", "min": 0},
        {"id": "ready", "name": "Ready to go international", "min": 50},
    ]
    return old


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Library]:
    """A resources folder where version 2 is current and version 1 is an older edition."""
    folder = tmp_path / "resources" / "instruments"
    folder.mkdir(parents=True)
    current = json.loads(REAL.read_text(encoding="utf-8"))
    current["version"] = 2
    (folder / "tibs-readiness-2.json").write_text(json.dumps(current), encoding="utf-8")
    (folder / "tibs-readiness-1.json").write_text(json.dumps(_older_instrument()), encoding="utf-8")
    shutil.copytree(resources_dir() / "classifications", tmp_path / "resources" / "classifications")
    monkeypatch.setattr(content, "CURRENT_INSTRUMENT", "tibs-readiness@2")
    yield Library(root=tmp_path / "resources")


def _old_case() -> Case:
    case = Case(new_document("old-case", "tibs-readiness@1", "2025-02-01T10:00:00.000Z"))
    stamp = "2025-02-01T11:00:00.000Z"
    case.set_answer("company_name", "Jūrmalas Koks SIA", stamp)
    case.set_answer("country", "LV", stamp)
    for item_id in ("mgmt_attitude", "mgmt_strategy", "mgmt_budget", "mgmt_risk"):
        case.set_answer(item_id, 4, stamp)
    for item_id in ("intl_sales", "intl_entry_modes", "intl_operations", "intl_lessons"):
        case.set_answer(item_id, 0, stamp)
    return case


def test_the_library_reads_instruments_from_the_folder_it_is_given(versions: Library) -> None:
    assert versions.current.key == "tibs-readiness@2"
    old = versions.instrument("tibs-readiness@1")
    assert len(old.dimensions) == 3
    assert len(versions.current.dimensions) > 3
    assert old.has_item("mgmt_attitude") and not versions.current.has_item("mgmt_attitude")


def test_a_case_answered_with_an_older_version_scores_on_that_version(versions: Library) -> None:
    case = _old_case()
    result = score_case(versions.instrument(case.instrument_key), case)
    assert [d.dimension.id for d in result.dimensions] == ["mgmt", "intl", "netw"]
    # mgmt 100 with the old weight 3, intl 0 with weight 1, netw without answers.
    assert result.readiness == 75.0
    assert result.band is not None and result.band.id == "ready"
    # On the current version the renamed item is unknown, so the same answers score otherwise.
    now = score_case(versions.current, case)
    assert now.readiness != result.readiness


def test_a_case_on_an_older_version_loads_scores_and_takes_answers_from_a_case_file(
    versions: Library, tmp_path: Path
) -> None:
    desk = create_case_file(tmp_path / "cases.brokerdesk")
    try:
        exchange.import_documents(desk.uow, versions, [_old_case().doc])
        fresh = cases.create_case(desk.uow, versions, company="Nowa Firma Sp. z o.o.")
        assert fresh.case.instrument_key == "tibs-readiness@2"

        saved = cases.score(desk.uow, versions, "old-case")
        assert saved.case.instrument_key == "tibs-readiness@1"
        assert saved.result.readiness == 75.0
        # An item only the older version has is still answered and validated against it.
        saved = cases.answer_item(desk.uow, versions, "old-case", "mgmt_attitude", 0)
        # mgmt now 75 with weight 3, intl 0 with weight 1: 225 / 4.
        assert saved.result.readiness == 56.2
        with pytest.raises(cases.InvalidAnswer):
            cases.answer_item(desk.uow, versions, "old-case", "mgmt_attitude", 9)
        (row,) = [r for r in cases.list_cases(desk.uow) if r.id == "old-case"]
        assert (row.readiness, row.band, row.company) == (56.2, "ready", "Jūrmalas Koks SIA")
    finally:
        desk.close()
