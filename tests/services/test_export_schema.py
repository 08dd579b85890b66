"""The JSON Schema of the export format describes what the program really exports."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from brokerdesk.content import Library
from brokerdesk.domain.case import MAPS, new_document
from brokerdesk.paths import resources_dir
from brokerdesk.services import cases, exchange
from brokerdesk.services.casefiles import Desk, create_case_file
from brokerdesk.services.demo import generate

SCHEMA_PATH = resources_dir() / "schemas" / "case-export.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(data)
    ]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, library: Library) -> dict[str, Any]:
    """A demo export, made once: tests copy what they change."""
    desk = create_case_file(tmp_path_factory.mktemp("schema") / "demo.brokerdesk")
    try:
        generate(desk.uow, library, 21, seed=5)
        data: dict[str, Any] = json.loads(json.dumps(exchange.export_documents(desk.uow)))
    finally:
        desk.close()
    return data


def test_the_schema_is_a_valid_draft_2020_12_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    assert validator.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_describes_every_field_of_a_new_document(
    validator: jsonschema.Draft202012Validator,
) -> None:
    described = set(validator.schema["$defs"]["case"]["properties"])
    doc = new_document("c-1", "tibs-readiness@1", "2026-01-01T00:00:00.000Z")
    assert set(doc) <= described
    assert set(MAPS) <= described


def test_a_demo_export_matches_the_schema(
    validator: jsonschema.Draft202012Validator, exported: dict[str, Any]
) -> None:
    assert len(exported["cases"]) == 21
    assert errors(validator, exported) == []


def test_a_case_with_every_kind_of_entry_matches_the_schema(
    validator: jsonschema.Draft202012Validator, desk: Desk, library: Library
) -> None:
    case_id = cases.create_case(desk.uow, library, company="Ąžuolas UAB", country="LT").case.id
    answers: dict[str, Any] = {
        "headcount": 37,
        "turnover": 4_250_000.5,
        "independence": "partner",
        "nace": "25.62",
        "region": "LT01",
        "foreign_markets": ["LV", "EE"],
        "languages": ["lt", "en", "ru"],
        "mgmt_commitment": 3,
        "mgmt_strategy": "na",
        "cooperation_types": [library.current.item("cooperation_types").choices[0].id],
        "follow_up": "2099-01-31",
    }
    for item_id, value in answers.items():
        cases.answer_item(desk.uow, library, case_id, item_id, value)
    cases.answer_item(desk.uow, library, case_id, "town", None, note="Moving to Kaunas.")
    area, _ = cases.put_entry(
        desk.uow, library, case_id, "areas", {"name": "Oak parquet", "kind": "product"}
    )
    cases.rate_area(desk.uow, library, case_id, area, library.current.criteria[0].id, 4)
    consent = {"given": True, "date": "2026-02-03"}
    for collection, entry in (
        ("contacts", {"name": "Rūta Žukauskienė", "consent": consent}),
        ("notes", {"text": "Family firm.", "at": "2026-02-03T10:00:00.000Z", "author": "Ona"}),
        ("actions", {"text": "Visit the fair.", "due": "2026-06-01", "done": False}),
        ("feedback", {"text": "Please add the export share.", "author": "Coordinator"}),
        ("conflicts", {"path": ["answers", "town", "value"], "local": "Vilnius",
                       "remote": "Kaunas", "at": "2026-02-03T10:00:00.000Z"}),
    ):  # fmt: skip
        cases.put_entry(desk.uow, library, case_id, collection, entry)
    cases.change_status(desk.uow, library, case_id, "assessed")

    data = exchange.export_documents(desk.uow)
    (doc,) = data["cases"]
    assert all(doc[name] for name in MAPS)
    assert errors(validator, json.loads(json.dumps(data))) == []


BREAKS = {
    "answers as a list": (lambda c: c.update(answers=[]), "answers"),
    "unknown status": (lambda c: c.update(status="archived"), "status"),
    "no id": (lambda c: c.pop("id"), "'id' is a required property"),
    "schema as text": (lambda c: c.update(schema="1"), "schema"),
    "instrument without version": (lambda c: c.update(instrument="tibs"), "instrument"),
    "bad timestamp": (lambda c: c.update(updated="yesterday"), "updated"),
    "answer with an unknown field": (
        lambda c: c["answers"]["company_name"].update(score=3),
        "answers/company_name",
    ),
    "answer value an object": (
        lambda c: c["answers"]["company_name"].update(value={"x": 1}),
        "answers/company_name/value",
    ),
    "rating above 4": (
        lambda c: next(iter(c["areas"].values()))["ratings"].update(uniqueness=5),
        "ratings/uniqueness",
    ),
    "note as text": (lambda c: c["notes"].update(n1="Met the CEO."), "notes/n1"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_case_does_not_match_the_schema(
    validator: jsonschema.Draft202012Validator, exported: dict[str, Any], name: str
) -> None:
    change, where = BREAKS[name]
    doc = copy.deepcopy(next(c for c in exported["cases"] if c["areas"]))
    change(doc)
    found = errors(validator, {**exported, "cases": [doc]})
    assert found, name
    assert any(where in e for e in found), found


def test_an_export_of_another_format_or_version_does_not_match_the_schema(
    validator: jsonschema.Draft202012Validator, exported: dict[str, Any]
) -> None:
    sample = {**exported, "cases": exported["cases"][:1]}
    assert errors(validator, {**sample, "format": "other"})
    assert errors(validator, {**sample, "version": 2})
    assert errors(validator, {**sample, "exported": "today"})
    assert errors(validator, {k: v for k, v in sample.items() if k != "cases"})
