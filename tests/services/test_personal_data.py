"""Contact persons' consent, the export of everything held about a company, and its erasure
from the case file, its log and its backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from brokerdesk.content import Library
from brokerdesk.domain.case import CaseError
from brokerdesk.domain.personal_data import PARTNER_NETWORK, consents_of
from brokerdesk.i18n import catalog
from brokerdesk.services import backups, personal_data
from brokerdesk.services.casefiles import Desk, update_settings
from brokerdesk.services.cases import (
    NotFound,
    change_status,
    create_case,
    get_case,
    list_cases,
    put_entry,
)
from brokerdesk.store.reading import CaseQuery

COMPANY = "Šaltinėlis UAB"
PERSON = "Rūta Žemaitytė"


def assessed_case(desk: Desk, library: Library) -> tuple[str, str]:
    case_id = create_case(desk.uow, library, company=COMPANY, country="LT").case.id
    contact_id, _ = personal_data.save_contact(
        desk.uow, library, case_id, {"name": PERSON, "role": "CEO", "email": "ruta@example.lt"}
    )
    put_entry(desk.uow, library, case_id, "notes", {"text": f"{PERSON} wants a Latvian agent."})
    change_status(desk.uow, library, case_id, "assessed")
    return case_id, contact_id


def test_consent_is_recorded_per_purpose_with_its_date_and_can_be_withdrawn(
    desk: Desk, library: Library
) -> None:
    case_id, contact_id = assessed_case(desk, library)
    personal_data.record_consent(desk.uow, library, case_id, contact_id, "brokerage", "2026-11-02")
    personal_data.record_consent(
        desk.uow, library, case_id, contact_id, PARTNER_NETWORK, "2026-11-03"
    )
    contact = get_case(desk.uow, case_id).doc["contacts"][contact_id]
    assert consents_of(contact) == {"brokerage": "2026-11-02", PARTNER_NETWORK: "2026-11-03"}
    personal_data.record_consent(desk.uow, library, case_id, contact_id, PARTNER_NETWORK, None)
    contact = get_case(desk.uow, case_id).doc["contacts"][contact_id]
    assert consents_of(contact) == {"brokerage": "2026-11-02"}
    with pytest.raises(ValueError):
        personal_data.record_consent(desk.uow, library, case_id, contact_id, "marketing", None)
    with pytest.raises(ValueError):
        personal_data.record_consent(desk.uow, library, case_id, contact_id, "brokerage", "2 Nov")


def test_the_partner_search_needs_every_contact_persons_consent_to_sharing(
    desk: Desk, library: Library
) -> None:
    case_id, contact_id = assessed_case(desk, library)
    with pytest.raises(CaseError, match=PERSON):
        change_status(desk.uow, library, case_id, "partner_search")
    assert get_case(desk.uow, case_id).status == "assessed"
    personal_data.record_consent(
        desk.uow, library, case_id, contact_id, PARTNER_NETWORK, "2026-11-03"
    )
    change_status(desk.uow, library, case_id, "partner_search")
    assert get_case(desk.uow, case_id).status == "partner_search"


def test_the_older_single_consent_form_is_read_as_one_purpose() -> None:
    contact = {"consent": {"given": True, "date": "2026-11-01", "purpose": "brokerage"}}
    assert consents_of(contact) == {"brokerage": "2026-11-01"}
    assert consents_of({"consent": {"given": False, "purpose": "brokerage"}}) == {}


def test_everything_held_about_a_company_is_exported_as_json_and_pdf(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    case_id, contact_id = assessed_case(desk, library)
    personal_data.record_consent(
        desk.uow, library, case_id, contact_id, PARTNER_NETWORK, "2026-11-03"
    )
    out = personal_data.export_company_json(desk.uow, case_id, tmp_path / "data.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["company"] == COMPANY
    assert data["case"]["contacts"][contact_id]["email"] == "ruta@example.lt"
    assert data["sync"] == {"revision": 0, "waiting": True, "deleted": False, "last_synced": None}

    pdf = personal_data.export_company_pdf(desk.uow, case_id, tmp_path / "data.pdf", catalog("lt"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in (COMPANY, PERSON, "ruta@example.lt", "2026-11-03", "Latvian agent"):
        assert expected in text


def _files_of(desk: Desk) -> list[Path]:
    folder = desk.path.parent
    return [p for p in folder.rglob("*") if p.is_file()]


def test_an_erased_company_leaves_nothing_readable_in_the_file_its_log_or_its_backups(
    desk: Desk, library: Library, tmp_path: Path
) -> None:
    update_settings(desk.uow, {"backup_dir": str(tmp_path / "backups")})
    case_id, _ = assessed_case(desk, library)
    other = create_case(desk.uow, library, company="Kitas UAB", country="LT").case.id
    backup = backups.backup_now(desk)
    # As if the server had it: the erasure must then travel as a tombstone.
    with desk.uow as uow:
        stored = uow.cases.get(case_id)
        assert stored is not None
        uow.cases.save(
            stored.doc,
            {"company": COMPANY, "status": "assessed"},
            dirty=False,
            revision=3,
            base=stored.doc,
        )
        uow.commit()

    done = personal_data.erase_company(desk, case_id)

    assert done.travels and done.backups == 1 and done.log_emptied
    with pytest.raises(NotFound):
        get_case(desk.uow, case_id)
    assert [r.id for r in list_cases(desk.uow)] == [other]
    assert list_cases(desk.uow, CaseQuery(search="saltinelis")) == []
    with desk.uow as uow:
        tombstone = uow.cases.get(case_id)
    assert tombstone is not None and tombstone.deleted and tombstone.dirty
    assert tombstone.base is None and "contacts" in tombstone.doc
    assert not tombstone.doc["contacts"] and not tombstone.doc["answers"]
    for path in [*_files_of(desk), backup]:
        data = path.read_bytes()
        for secret in (COMPANY, PERSON, "Latvian agent", "ruta@example.lt"):
            assert secret.encode() not in data, (path.name, secret)
    assert b"Kitas UAB" in desk.path.read_bytes() + backup.read_bytes()  # the rest stays


def test_a_company_the_server_never_had_is_removed_outright(desk: Desk, library: Library) -> None:
    case_id, _ = assessed_case(desk, library)
    done = personal_data.erase_company(desk, case_id)
    assert not done.travels
    with desk.uow as uow:
        assert uow.cases.get(case_id) is None
