"""Reports of unusual cases: long texts, empty and partial cases, many areas, odd characters."""

from __future__ import annotations

import pytest

from brokerdesk.content import Library
from brokerdesk.i18n import catalog
from brokerdesk.reports.theme import MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH
from brokerdesk.services import cases
from brokerdesk.services.casefiles import Desk
from brokerdesk.services.reports import build_report_bytes
from tests.reports.conftest import TODAY, Save

LONG_NAME = (
    "Przedsiębiorstwo Produkcyjno-Handlowo-Usługowe „Żurawiejka” Spółka z ograniczoną "
    "odpowiedzialnością Oddział w Białymstoku"
)[:120]
WORD = "Świętokrzyskiebiurokonstrukcyjnezakładówprecyzyjnychłożyskitłocznikówwrocławskich"


def _new(desk: Desk, library: Library, company: str = "Kłos Sp. z o.o.") -> str:
    return cases.create_case(desk.uow, library, company=company, country="PL").case.id


def _answer_all_scales(desk: Desk, library: Library, case_id: str, level: int = 3) -> None:
    for dimension in library.current.dimensions:
        for item in dimension.items:
            cases.answer_item(desk.uow, library, case_id, item.id, level, today=TODAY)


def _note(desk: Desk, library: Library, case_id: str, text: str) -> None:
    cases.put_entry(desk.uow, library, case_id, "notes", {"text": text, "at": "2026-11-20T10:00Z"})


def _assert_within_margins(pdf_words: list[tuple[int, float, float, float, float, str]]) -> None:
    assert pdf_words
    tolerance = 1.0
    for page, x0, _y0, x1, _y1, word in pdf_words:
        assert x0 >= MARGIN_LEFT - tolerance, (page, word, x0)
        assert x1 <= PAGE_WIDTH - MARGIN_RIGHT + tolerance, (page, word, x1)


def test_a_120_character_company_name_and_a_3000_character_note_wrap_within_the_margins(
    desk: Desk, library: Library, save: Save
) -> None:
    assert len(LONG_NAME) == 120
    case_id = _new(desk, library, LONG_NAME)
    _answer_all_scales(desk, library, case_id)
    sentence = "Zakład rozważa wejście na rynek łotewski i litewski w ciągu dwóch lat. "
    note = (sentence * 50)[:3000]
    _note(desk, library, case_id, note)
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="pl", today=TODAY))
    _assert_within_margins(pdf.words())
    text = pdf.text()
    # The cover wraps it whole, also at its hyphens, which pdftotext then reads as "- ".
    assert LONG_NAME in text.replace("- ", "-")
    assert text.count("łotewski") >= 40  # the whole note, over as many lines as it needs
    header = pdf.pages()[1]
    assert "…" in header  # the header cuts the name to one line


def test_a_word_longer_than_a_line_is_broken_rather_than_running_off_the_page(
    desk: Desk, library: Library, save: Save
) -> None:
    case_id = _new(desk, library, f"{WORD} {WORD} S.A.")
    _note(desk, library, case_id, WORD * 3)
    cases.put_entry(
        desk.uow, library, case_id, "areas", {"name": WORD, "ratings": {}, "kind": "product"}
    )
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="de", today=TODAY))
    _assert_within_margins(pdf.words())


def test_an_empty_case_builds_an_interim_report_with_insufficient_data_everywhere(
    desk: Desk, library: Library, save: Save
) -> None:
    case_id = cases.create_case(desk.uow, library).case.id
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="en", today=TODAY))
    text = pdf.text()
    assert "Company not named yet" in text
    assert "Interim report" in text
    assert "The assessment is 0% complete." in text
    assert text.count("insufficient data") >= len(library.current.dimensions)
    assert "No activity area has been rated yet." in text


def test_a_partial_assessment_is_marked_interim_on_every_page_with_its_completeness(
    desk: Desk, library: Library, save: Save
) -> None:
    case_id = _new(desk, library)
    first = library.current.dimensions[0]
    for item in first.items:
        cases.answer_item(desk.uow, library, case_id, item.id, 4, today=TODAY)
    saved = cases.answer_item(
        desk.uow, library, case_id, library.current.dimensions[1].items[0].id, 2, today=TODAY
    )
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="pl", today=TODAY))
    cat = catalog("pl")
    assert cat.percent(saved.result.completeness) in pdf.text()
    for page in pdf.pages():
        assert cat.gettext("Interim report") in page
    # The first dimension scores; the second (one answer of four) has too few answers.
    dimensions = pdf.pages()[2]
    assert f"{cat.gettext('Management commitment and strategy')} 100" in dimensions
    _ = cat.gettext
    assert f"{_('International experience')} {_('insufficient data')}" in dimensions


def test_a_case_with_five_activity_areas_ranks_them_all(
    desk: Desk, library: Library, save: Save
) -> None:
    case_id = _new(desk, library)
    _answer_all_scales(desk, library, case_id)
    criteria = [c.id for c in library.current.criteria]
    names = ["Łożyska", "Tłoczniki", "Usługi CNC", "Szkolenia spawalnicze", "Projektowanie form"]
    for n, name in enumerate(names):
        ratings = {c: (n + i) % 5 for i, c in enumerate(criteria)}
        cases.put_entry(
            desk.uow,
            library,
            case_id,
            "areas",
            {"name": name, "kind": "product", "ratings": ratings},
        )
    saved = cases.score(desk.uow, library, case_id)
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="pl", today=TODAY))
    text = pdf.text()
    positions = [
        text.index(area.name, text.index(catalog("pl").gettext("Activity areas ranked")))
        for area in saved.result.areas
    ]
    assert positions == sorted(positions)  # in the order of their potential
    assert len(positions) == 5


@pytest.mark.parametrize(
    "note",
    [
        "Klient mówi po hebrajsku: שלום עולם, i po arabsku: مرحبا بالعالم.",
        "Świetne spotkanie 👍🏽 — rodzina 👨‍👩‍👧 — 中文 — ❤️ koniec.",
        "Markup is text: <b>bold</b> & <font name='Helvetica'>x</font> <br/> &amp;",
        "Controls\x00\x07\x1b are dropped.",
    ],
)
def test_right_to_left_emoji_and_markup_characters_in_a_note_never_break_the_build(
    desk: Desk, library: Library, save: Save, note: str
) -> None:
    case_id = _new(desk, library)
    _note(desk, library, case_id, note)
    pdf = save(build_report_bytes(desk.uow, library, case_id, language="pl", today=TODAY))
    text = pdf.text()
    assert note.split()[0].rstrip("\x00\x07\x1b") in text
    assert all(f["emb"] == "yes" for f in pdf.fonts())
    if "👍" in note:
        assert "\ufffd" in text  # what DejaVu cannot show is replaced visibly
    if "<b>" in note:
        assert "<b>bold</b> & <font name='Helvetica'>x</font> <br/> &amp;" in text
