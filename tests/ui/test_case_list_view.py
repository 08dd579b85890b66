"""The case list: search as you type, filters, sorting, delete with a way back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.content import Library
from brokerdesk.i18n import set_language
from brokerdesk.services.casefiles import create_case_file
from brokerdesk.services.cases import create_case
from brokerdesk.ui.case_list_model import COLUMNS
from brokerdesk.ui.case_list_view import CaseListView
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.ops import Operations


def show_list(qtbot: QtBot, ctx: AppContext) -> CaseListView:
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.refresh()
    settle(qtbot, view)
    return view


def settle(qtbot: QtBot, view: CaseListView) -> None:
    qtbot.waitUntil(
        lambda: (
            not view._search_timer.isActive()
            and not view.model.loading
            and not view._ctx.ops.pending
        )
    )


def shown(view: CaseListView, column: str) -> list[str]:
    model = view.model
    return [getattr(model.case_row(r), column) for r in range(model.rowCount())]


def choose(view: CaseListView, combo_name: str, code: str) -> None:
    combo = getattr(view, combo_name)
    combo.setCurrentIndex(combo.findData(code))


def test_typing_in_the_search_field_narrows_the_list_as_you_type(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    view = show_list(qtbot, shell_ctx)
    everything = shown(view, "company")
    expected = [name for name in everything if "gmbh" in name.lower()]
    assert 0 < len(expected) < len(everything)
    qtbot.keyClicks(view.search_edit, "gmb")
    settle(qtbot, view)
    assert sorted(shown(view, "company")) == sorted(expected)
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.search_edit, "zzyzx")
    settle(qtbot, view)
    assert view.model.rowCount() == 0
    assert view.empty_label.isVisible()
    assert "No case matches" in view.empty_label.text()


def test_down_in_the_search_field_goes_to_the_first_result(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    view = show_list(qtbot, shell_ctx)
    view.activateWindow()
    view.search_edit.setFocus()
    qtbot.keyClicks(view.search_edit, "oy")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    settle(qtbot, view)
    assert view.current_row() == 0
    assert "Oy" in view.model.case_row(0).company


def test_filters_by_status_country_and_band(qtbot: QtBot, shell_ctx: AppContext) -> None:
    view = show_list(qtbot, shell_ctx)
    choose(view, "status_combo", "assessed")
    settle(qtbot, view)
    assert set(shown(view, "status")) == {"assessed"}
    choose(view, "status_combo", "")
    choose(view, "country_combo", "DE")
    settle(qtbot, view)
    assert set(shown(view, "country")) == {"DE"}
    assert view.model.matching == view.model.rowCount() < view.model.total
    choose(view, "country_combo", "")
    bands = {b for b in shown(view, "band") if b}
    band = sorted(bands)[0]
    choose(view, "band_combo", band)
    settle(qtbot, view)
    assert set(shown(view, "band")) == {band}


def test_sorting_by_readiness_puts_the_most_ready_first(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    view = show_list(qtbot, shell_ctx)
    view.table.sortByColumn(COLUMNS.index("readiness"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, view)
    figures = [r for r in shown(view, "readiness") if r is not None]
    assert figures == sorted(figures, reverse=True)
    assert view.model.order == ("readiness", True)


def test_sorting_by_company_follows_the_alphabet_of_the_ui_language(
    qtbot: QtBot, tmp_path: Path, library: Library
) -> None:
    desk = create_case_file(tmp_path / "names.brokerdesk")
    for name in ("Zebra Oy", "Öljy Oy", "Aalto Oy", "Äijälä Oy", "Ostra Oy", ""):
        create_case(desk.uow, library, company=name, country="FI")
    ctx = AppContext(desk, library, Operations())
    try:
        view = show_list(qtbot, ctx)
        view.table.sortByColumn(COLUMNS.index("company"), Qt.SortOrder.AscendingOrder)
        settle(qtbot, view)
        assert shown(view, "company") == [
            "Aalto Oy",
            "Äijälä Oy",  # ä is an a with an accent in English
            "Öljy Oy",
            "Ostra Oy",
            "Zebra Oy",
            "",  # a case without a name yet comes last
        ]
        set_language("fi")
        view.retranslate()
        settle(qtbot, view)
        assert shown(view, "company")[:5] == [  # ä and ö are letters after z in Finnish
            "Aalto Oy",
            "Ostra Oy",
            "Zebra Oy",
            "Äijälä Oy",
            "Öljy Oy",
        ]
    finally:
        ctx.ops.wait()
        desk.close()


def test_deleting_asks_first_and_undo_brings_the_case_back(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    view = show_list(qtbot, shell_ctx)
    view.activateWindow()
    view.table.setFocus()
    view.select_row(3)
    doomed = view.current_case_id()
    company = view.model.case_row(3).company
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = view.confirm_box
    assert box is not None and company in box.text()
    next(b for b in box.buttons() if b.text() == "Delete").click()
    settle(qtbot, view)
    assert view.model.total == 39
    assert view.model.row_of(doomed) is None  # type: ignore[arg-type]
    assert view.undo_bar.isVisible() and company in view.undo_label.text()

    view.undo_button.click()
    settle(qtbot, view)
    assert view.model.total == 40
    assert view.current_case_id() == doomed
    assert not view.undo_bar.isVisible()


def test_cancelling_the_question_deletes_nothing(qtbot: QtBot, shell_ctx: AppContext) -> None:
    view = show_list(qtbot, shell_ctx)
    view.delete_current()
    box = view.confirm_box
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Cancel").click()
    settle(qtbot, view)
    assert view.model.total == 40


def test_delete_typed_in_the_search_field_touches_no_case(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    view = show_list(qtbot, shell_ctx)
    view.activateWindow()
    view.search_edit.setFocus()
    qtbot.keyClicks(view.search_edit, "oy")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Home)
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Delete)
    settle(qtbot, view)
    assert view.confirm_box is None
    assert view.search_edit.text() == "y"


def test_the_company_column_fills_a_wide_list_and_keeps_room_for_names_in_a_narrow_one(
    qtbot: QtBot, shell_ctx: AppContext
) -> None:
    set_language("de")  # long band names and headers
    try:
        view = show_list(qtbot, shell_ctx)
        header = view.table.horizontalHeader()
        viewport = view.table.viewport()
        assert header.length() == viewport.width()  # wide: the companies take what is left
        least = view.table.fontMetrics().averageCharWidth() * 24
        assert header.sectionSize(0) > least
        wide = viewport.width()
        view.resize(300, 600)  # as narrow as the filters let it be
        qtbot.waitUntil(lambda: viewport.width() < wide)
        assert header.sectionSize(0) == least  # narrow: the list scrolls sideways instead
        assert header.length() > viewport.width()
        view.resize(1000, 600)
        qtbot.waitUntil(lambda: header.length() == viewport.width())
    finally:
        set_language("en")
