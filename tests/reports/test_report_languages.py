"""The client report of a demo case in every language: read back, fonts, metadata, length."""

from __future__ import annotations

import pytest

from brokerdesk.content import Library
from brokerdesk.i18n import LANGUAGES, LOCALES, catalog
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.cases import get_case
from brokerdesk.services.demo import generate
from brokerdesk.services.reports import build_report_bytes
from tests.reports.conftest import LANGUAGE_COUNTRY, TODAY, Save, complete_case, fill_everything


def _country(language: str) -> str:
    return LANGUAGE_COUNTRY.get(language, "PL")  # English: a Polish company's report


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_reads_back_with_its_title_the_company_with_diacritics_and_the_date(
    demo_desk: Desk, library: Library, save: Save, language: str
) -> None:
    case_id = complete_case(demo_desk, _country(language))
    company = get_case(demo_desk.uow, case_id).company_name
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, language=language, today=TODAY))
    cat = catalog(language)
    text = pdf.text()
    assert cat.gettext("Internationalisation readiness report") in text
    assert company in text
    assert any(ch in company for ch in "ąęłńóśźżäöõüåæøāēīūčšžėįųķļņģ„"), company
    assert cat.date(TODAY, "long") in text
    assert cat.gettext("Page {page} of {pages}").format(page=1, pages=len(pdf.reader.pages)) in (
        text
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_in_the_report_is_embedded_dejavu_and_none_is_a_standard_font(
    demo_desk: Desk, library: Library, save: Save, language: str
) -> None:
    case_id = complete_case(demo_desk, _country(language))
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, language=language, today=TODAY))
    fonts = pdf.fonts()
    assert fonts, "pdffonts found no font at all"
    for font in fonts:
        assert font["emb"] == "yes", font
        assert "DejaVuSans" in font["name"], font
    assert "Helvetica" not in pdf.data.decode("latin-1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_complete_case_fits_in_six_pages_each_with_its_header_and_page_n_of_m(
    demo_desk: Desk, library: Library, save: Save, language: str
) -> None:
    case_id = complete_case(demo_desk, _country(language))
    company = get_case(demo_desk.uow, case_id).company_name
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, language=language, today=TODAY))
    pages = pdf.pages()
    assert 3 <= len(pages) <= 6
    label = catalog(language).gettext("Page {page} of {pages}")
    for number, page in enumerate(pages, start=1):
        assert label.format(page=number, pages=len(pages)) in page
        assert company in page  # the header
        assert f"{case_id.replace('-', '')[:8].upper()}" in page  # the footer's case reference


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_metadata_carry_title_broker_subject_keywords_and_the_document_language(
    demo_desk: Desk, library: Library, save: Save, language: str
) -> None:
    case_id = complete_case(demo_desk, _country(language))
    case = get_case(demo_desk.uow, case_id)
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, language=language, today=TODAY))
    cat = catalog(language)
    info = pdf.reader.metadata
    assert info is not None
    assert cat.gettext("Internationalisation readiness report") in str(info.title)
    assert case.company_name in str(info.title)
    assert info.author == case.doc["broker"]["name"]
    assert info.subject == cat.gettext(library.current.title)
    assert case.company_name in str(info["/Keywords"])
    assert pdf.reader.trailer["/Root"]["/Lang"] == LOCALES[language].replace("_", "-")


def test_the_report_follows_the_case_report_language_when_none_is_asked_for(
    demo_desk: Desk, library: Library, save: Save
) -> None:
    case_id = complete_case(demo_desk, "LV")
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, today=TODAY))
    assert pdf.reader.trailer["/Root"]["/Lang"] == "lv-LV"
    assert catalog("lv").date(TODAY, "long") in pdf.text()


def test_every_text_of_the_report_comes_from_the_catalog_of_the_report_language(
    demo_desk: Desk, library: Library, save: Save
) -> None:
    """In the pseudo-language every translated text is bracketed; none may be left plain."""
    case_id = complete_case(demo_desk, "DE")
    pdf = save(build_report_bytes(demo_desk.uow, library, case_id, language="qps", today=TODAY))
    text = pdf.text()
    for english in (
        "Summary",
        "Readiness by dimension",
        "Activity areas ranked",
        "Partner search profile",
        "Recommended actions",
        "Date and signature",
        "Company profile",
        "Management commitment and strategy",  # an instrument text
    ):
        assert f"⟦{english}⟧" not in text and english not in text, english
    assert "⟦" in text


@pytest.mark.parametrize("language", [*LANGUAGES, "qps"])
def test_a_case_with_every_part_filled_in_and_five_areas_still_fits_in_six_pages(
    desk: Desk, library: Library, save: Save, language: str
) -> None:
    generate(desk.uow, library, 14, seed=2)
    case_id = complete_case(desk, "DE")
    fill_everything(desk, library, case_id)
    pdf = save(build_report_bytes(desk.uow, library, case_id, language=language, today=TODAY))
    assert len(pdf.reader.pages) <= 6
    text = pdf.text()
    assert "Acoustic panels from recycled textile fibres" in text
    assert catalog(language).date("2027-02-15", "long") in text  # the follow-up date
