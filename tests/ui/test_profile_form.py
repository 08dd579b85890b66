"""The company profile form: fields saved as they are finished, relevance, SME category, errors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.ui.context import AppContext
from brokerdesk.ui.item_editors import (
    ChoiceEditor,
    CountryEditor,
    NaceEditor,
    NumberEditor,
    RegionEditor,
    TextEditor,
)
from brokerdesk.ui.profile_form import ProfileForm

from . import casework
from .casework import new_case, open_view, reopened, settle

case_ctx = casework.case_ctx  # the fixture


def _type(qtbot: QtBot, form: ProfileForm, item_id: str, text: str) -> None:
    """Types into a field and presses Enter, which saves it and moves to the next field."""
    editor = form.fields[item_id].editor
    assert isinstance(editor, TextEditor | NumberEditor)
    target = editor.focus_target()
    target.setFocus()
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def _choose(qtbot: QtBot, form: ProfileForm, item_id: str, index: int) -> None:
    editor = form.fields[item_id].editor
    assert isinstance(editor, ChoiceEditor)
    card = editor.cards.cards[index]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Space)


def test_a_profile_filled_in_the_form_is_in_the_case_file(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="profile")
    form = view.profile
    _type(qtbot, form, "company_name", "Zuraw Sp. z o.o.")
    country = form.fields["country"].editor
    assert isinstance(country, CountryEditor)
    country.combo.setFocus()
    qtbot.keyClicks(country.combo, "Pol")
    settle(qtbot, case_ctx)
    region = form.fields["region"].editor
    assert isinstance(region, RegionEditor)
    assert region.combo.isEnabled()  # the regions of Poland are offered now
    assert all(
        str(region.combo.itemData(i)).startswith("PL") for i in range(1, region.combo.count())
    )
    region.combo.setFocus()
    qtbot.keyClicks(region.combo, "Wielk")
    _type(qtbot, form, "town", "Poznan")
    nace = form.fields["nace"].editor
    assert isinstance(nace, NaceEditor)
    nace.picker.search.setFocus()
    qtbot.keyClicks(nace.picker.search, "fabricated metal")
    qtbot.keyClick(nace.picker.search, Qt.Key.Key_Return)
    _type(qtbot, form, "founded", "1998")
    _type(qtbot, form, "headcount", "35")
    _type(qtbot, form, "turnover", "4200000")
    _type(qtbot, form, "balance_sheet", "3100000")
    _choose(qtbot, form, "independence", 0)
    _choose(qtbot, form, "sells_abroad", 0)
    settle(qtbot, case_ctx)

    values = reopened(case_ctx.desk.path, case_id).values()
    assert {k: values.get(k) for k in ("company_name", "country", "region", "town", "nace")} == {
        "company_name": "Zuraw Sp. z o.o.",
        "country": "PL",
        "region": "PL41",
        "town": "Poznan",
        "nace": "25",
    }
    assert [values.get(k) for k in ("founded", "headcount", "turnover", "balance_sheet")] == [
        1998,
        35,
        4_200_000,
        3_100_000,
    ]
    assert values["independence"] == "autonomous"
    assert values["sells_abroad"] == "yes"
    assert view.company.text() == "Zuraw Sp. z o.o."
    # 35 staff, EUR 4.2 million turnover: a small enterprise, and the reasons say why.
    assert form.sme.category.text() == "Small enterprise"
    assert "A staff headcount of 35 is below 50." in form.sme.reasons.text()


def test_the_sme_category_follows_the_figures_as_they_are_typed(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx, turnover=1_500_000), page="profile")
    form = view.profile
    assert form.sme.category.text() == "SME category not yet known"
    line = form.fields["headcount"].editor.focus_target()
    line.setFocus()
    qtbot.keyClicks(line, "8")
    assert form.sme.category.text() == "Micro enterprise"  # before anything is saved
    qtbot.keyClicks(line, "0")
    assert form.sme.category.text() == "Medium-sized enterprise"
    _choose(qtbot, form, "independence", 1)  # a partner enterprise: provisional
    assert "partner or linked enterprise" in form.sme.flags.text()
    assert form.sme.flags.isVisible()


def test_selling_abroad_shows_the_export_fields_and_not_selling_hides_them(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx), page="profile")
    form = view.profile
    export_fields = ["export_share", "foreign_markets", "first_export_year"]
    assert not any(form.fields[i].isVisible() for i in export_fields)
    _choose(qtbot, form, "sells_abroad", 0)
    assert all(form.fields[i].isVisible() for i in export_fields)
    _choose(qtbot, form, "sells_abroad", 1)
    assert not any(form.fields[i].isVisible() for i in export_fields)
    assert form.fields["export_staff"].isVisible()


def test_input_that_is_not_a_number_stays_in_its_field_with_the_reason(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx, headcount=12)
    view = open_view(qtbot, case_ctx, case_id, page="profile")
    form = view.profile
    field = form.fields["headcount"]
    assert isinstance(field.editor, NumberEditor)
    line = field.editor.line
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "about twenty")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert field.error.messages() == ["Enter a number."]
    assert line.text() == "about twenty"  # nothing typed is lost

    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "-5")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(qtbot, case_ctx)
    assert field.error.messages() == ["The value must be at least 0."]
    assert line.text() == "-5"
    assert reopened(case_ctx.desk.path, case_id).value("headcount") == 12  # refused, not saved


def test_a_rule_between_two_fields_is_shown_inline_when_it_breaks(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx, headcount=20, export_staff=6), "profile")
    form = view.profile
    assert form.fields["export_staff"].error.messages() == []
    _select_all_and_type(qtbot, form, "headcount", "3")
    settle(qtbot, case_ctx)
    assert form.fields["export_staff"].error.messages() == [
        "The number of people working on international business cannot be higher than the "
        "number of staff."
    ]


def _select_all_and_type(qtbot: QtBot, form: ProfileForm, item_id: str, text: str) -> None:
    line = form.fields[item_id].editor.focus_target()
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
