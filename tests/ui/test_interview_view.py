"""The guided interview, driven with the keyboard alone, as a broker at a client's table would."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.domain.instrument import Item
from brokerdesk.services import interview
from brokerdesk.ui.case_view import CaseView
from brokerdesk.ui.context import AppContext

from . import casework
from .casework import focused, new_case, open_view, reopened, settle

case_ctx = casework.case_ctx  # the fixture

NUMBERS = {
    "founded": (1995, "1995"),
    "headcount": (40, "40"),
    "turnover": (2_500_000, "2500000"),
    "balance_sheet": (1_800_000, "1800000"),
    "export_share": (35, "35"),
    "first_export_year": (2001, "2001"),
    "export_staff": (4, "4"),
}
TEXTS = {"website": "www.example.com"}
COUNTRIES = {"foreign_markets": ("Germ", "DE"), "target_countries": ("Swed", "SE")}


def _press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def answer_with_keys(qtbot: QtBot, item: Item, n: int) -> Any:
    """Answers the item on show with keys only and goes on; returns the answer expected."""
    kind = item.kind
    if kind == "scale":
        if n % 7 == 3 and item.allow_na:
            qtbot.keyClick(focused(), Qt.Key.Key_N)
            expected: Any = "na"
        else:
            expected = n % 5
            qtbot.keyClicks(focused(), str(expected))
    elif kind == "single":
        qtbot.keyClicks(focused(), "1")
        expected = item.choices[0].id
    elif kind == "number":
        expected, typed = NUMBERS.get(item.id, (5, "5"))
        qtbot.keyClicks(focused(), typed)
    elif kind == "text":
        expected = TEXTS.get(item.id, f"Answer to {item.id}")
        qtbot.keyClicks(focused(), expected)
        if item.multiline:  # Enter makes a new line there: Ctrl+Enter goes on
            _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            return expected
    elif kind == "country":
        qtbot.keyClicks(focused(), "Pol")
        expected = "PL"
    elif kind == "region":
        qtbot.keyClicks(focused(), "Wielk")  # QTest types ASCII only
        expected = "PL41"
    elif kind == "nace":
        qtbot.keyClicks(focused(), "25")
        expected = "25"
    elif kind in ("countries", "languages", "multi"):
        if kind == "multi":  # the list itself has the focus, on its first entry
            expected = [item.choices[0].id]
        else:  # the filter has the focus: type, go down into the list
            typed, code = COUNTRIES.get(item.id, ("Engl", "en"))
            qtbot.keyClicks(focused(), typed)
            _press(qtbot, Qt.Key.Key_Down)
            expected = [code]
        _press(qtbot, Qt.Key.Key_Space)
    elif kind == "date":
        expected = "2031-03-15"
        qtbot.keyClicks(focused(), expected)
    else:  # pragma: no cover - a new kind of item needs a line here
        raise AssertionError(f"no keys for items of kind {kind}")
    _press(qtbot, Qt.Key.Key_Return)
    return expected


def test_a_whole_interview_walked_with_the_keyboard_alone_is_in_the_case_file(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="interview")
    walk = view.interview
    expected: dict[str, Any] = {}
    instrument = case_ctx.library.current
    for n in range(200):
        if walk.current is None:
            break
        item = instrument.item(walk.current)
        assert item.id not in expected, f"the walk came back to {item.id}"
        expected[item.id] = answer_with_keys(qtbot, item, n)
    assert walk.current is None, "the walk did not reach the review page"
    settle(qtbot, case_ctx)

    assert walk.review_page.unanswered == []
    assert walk.review_page.invalid == []
    relevant_ids = {i.id for i, _g in walk.stops}
    assert set(expected) == relevant_ids  # sells_abroad is "yes": nothing was left out
    stored = reopened(case_ctx.desk.path, case_id).values()
    assert {k: stored.get(k) for k in expected} == expected


def test_answering_sells_abroad_shows_and_hides_the_export_questions(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx), page="interview")
    walk = view.interview
    walk.go_to("sells_abroad")
    qtbot.keyClicks(focused(), "1")  # Yes
    _press(qtbot, Qt.Key.Key_Return)
    assert walk.current == "export_share"

    # The export share's field has the focus, where ← moves the cursor: Alt+← goes back.
    _press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert walk.current == "sells_abroad"
    qtbot.keyClicks(focused(), "2")  # No
    _press(qtbot, Qt.Key.Key_Return)
    assert walk.current == "export_staff"
    settle(qtbot, case_ctx)
    assert "export_share" not in [f.item.id for f in _review(view)]


def _review(view: CaseView) -> list[Any]:
    view.interview.show_review()
    return view.interview.review_page.unanswered


def test_the_next_unanswered_key_skips_what_is_answered(qtbot: QtBot, case_ctx: AppContext) -> None:
    case_id = new_case(case_ctx, mgmt_commitment=3, mgmt_strategy=2)
    view = open_view(qtbot, case_ctx, case_id, page="interview")
    view.interview.go_to("company_name")
    qtbot.keyClicks(focused(), "Dab Sp. z o.o.")
    _press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.interview.current == "country"
    view.interview.go_to("mgmt_commitment")
    _press(qtbot, Qt.Key.Key_U)
    assert view.interview.current == "mgmt_budget"
    settle(qtbot, case_ctx)
    assert reopened(case_ctx.desk.path, case_id).company_name == "Dab Sp. z o.o."


def test_reopening_a_case_resumes_at_the_question_where_the_broker_stopped(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx, company_name="Kärki Oy")
    view = open_view(qtbot, case_ctx, case_id, page="interview")
    view.interview.go_to("netw_events")
    settle(qtbot, case_ctx)
    view.close()
    assert interview.resume_position(case_ctx.uow, case_id) == "netw_events"

    again = open_view(qtbot, case_ctx, case_id, page="interview")
    assert again.interview.current == "netw_events"
    assert again.interview.panels["netw_events"].isVisible()


def test_a_note_and_not_applicable_are_saved_with_the_item(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="interview")
    view.interview.go_to("std_certification")
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    panel = view.interview.panels["std_certification"]
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Only CE marking so far.")
    _press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.interview.current == "std_quality"
    settle(qtbot, case_ctx)
    entry = reopened(case_ctx.desk.path, case_id).doc["answers"]["std_certification"]
    assert entry["value"] == "na"
    assert entry["note"] == "Only CE marking so far."


def test_the_review_page_lists_a_broken_rule_and_jumps_to_it(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    # The rule on export_staff (≤ headcount) breaks when the headcount is lowered afterwards.
    case_id = new_case(case_ctx, headcount=10, export_staff=8)
    view = open_view(qtbot, case_ctx, case_id, page="interview")
    view.interview.go_to("headcount")
    field = view.interview.panels["headcount"].editor
    assert field is not None
    field.focus_target().setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), "5")
    view.interview.show_review()
    settle(qtbot, case_ctx)
    page = view.interview.review_page
    assert [f.item.id for f in page.invalid] == ["export_staff"]
    page.list.setFocus()
    _press(qtbot, Qt.Key.Key_Return)
    assert view.interview.current == "export_staff"
    problems = view.interview.panels["export_staff"].error.messages()
    assert problems == [
        "The number of people working on international business cannot be higher than the "
        "number of staff."
    ]


def test_tab_goes_from_the_levels_to_the_note_and_then_to_the_buttons(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx), page="interview")
    walk = view.interview
    walk.go_to("mgmt_budget")
    panel = walk.panels["mgmt_budget"]
    assert panel.chooser is not None
    panel.chooser.cards[-1].setFocus()
    _press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.note
    _press(qtbot, Qt.Key.Key_Tab)
    assert focused() is walk.back
    _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is panel.note
