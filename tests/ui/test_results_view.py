"""The results tab: figures computed by hand for a known set of answers, and suggested actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.ui.context import AppContext
from brokerdesk.ui.suggestion_list import SuggestionRow

from . import casework
from .casework import new_case, open_view, reopened, settle

case_ctx = casework.case_ctx  # the fixture

# Management (weight 1.5): 4, 4, 3 and "not applicable" -> mean 11/3 of 4 = 91.7.
# International experience (weight 1): 1 and 2 of four items -> half answered, enough: 37.5.
# Networks abroad: one item of four -> too few answers: insufficient data.
# Readiness = (91.7 * 1.5 + 37.5 * 1) / 2.5 = 70.02 -> 70, band "Ready to go international".
ANSWERS = {
    "mgmt_commitment": 4,
    "mgmt_strategy": 4,
    "mgmt_budget": 3,
    "mgmt_risk": "na",
    "intl_sales": 1,
    "intl_entry_modes": 2,
    "netw_contacts": 4,
}


def _row(rows: list[list[str]], title: str) -> list[str]:
    return next(r for r in rows if r[0] == title)


def test_the_results_tab_shows_the_scores_computed_by_hand(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx, **ANSWERS), page="results")
    results = view.results
    rows = results.table("dimensions")
    assert _row(rows, "Management commitment and strategy") == [
        "Management commitment and strategy",
        "91.7",
        "4 of 4 (100%)",
    ]
    assert _row(rows, "International experience")[1:] == ["37.5", "2 of 4 (50%)"]
    assert _row(rows, "Networks abroad")[1:] == ["insufficient data", "1 of 4 (25%)"]
    assert _row(rows, "Offering for foreign markets")[1:] == ["insufficient data", "0 of 4 (0%)"]
    assert results.index.text() == "70"
    assert results.band.text() == "Ready to go international"
    assert results.interim.isVisible()  # the assessment is far from complete
    assert results.chart.axes[0] == ("Management commitment and strategy", 91.7)
    assert results.chart.axes[2] == ("Networks abroad", None)


def test_a_new_answer_changes_the_results_at_once(qtbot: QtBot, case_ctx: AppContext) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx, **ANSWERS), page="interview")
    view.interview.go_to("netw_membership")
    chooser = view.interview.panels["netw_membership"].chooser
    assert chooser is not None
    qtbot.keyClicks(chooser.cards[0], "2")
    settle(qtbot, case_ctx)
    view.show_page("results")
    # Networks abroad: 4 and 2 of four items -> 75; readiness (137.55 + 37.5 + 75) / 3.5 = 71.4.
    assert _row(view.results.table(), "Networks abroad")[1] == "75"
    assert view.results.index.text() == "71.4"


def test_an_accepted_suggestion_becomes_one_of_the_case_actions(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx, **ANSWERS)
    view = open_view(qtbot, case_ctx, case_id, page="results")
    rows = view.results.suggestions.rows
    # Only international experience (37.5) is below 50: its three actions are suggested.
    assert [r.suggestion.dimension.id for r in rows.values()] == ["intl"] * 3
    first, second, third = rows.values()
    qtbot.mouseClick(first.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(second.edit_button, Qt.MouseButton.LeftButton)
    second.editor.selectAll()
    qtbot.keyClicks(second.editor, "Visit the Hannover fair with the export manager")
    qtbot.mouseClick(second.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(third.drop_button, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)

    assert view.results.suggestions.rows == {}
    assert view.results.suggestions.restore.isVisible()
    view.show_page("notes")
    texts = sorted(row.text.text() for row in view.notes.action_rows.values())
    assert texts == sorted(
        [first.suggestion.action.label, "Visit the Hannover fair with the export manager"]
    )
    actions = reopened(case_ctx.desk.path, case_id).doc["actions"].values()
    assert sorted((a["suggestion"], a["edited"]) for a in actions) == sorted(
        [(first.suggestion.action.id, False), (second.suggestion.action.id, True)]
    )

    view.show_page("results")
    qtbot.mouseClick(view.results.suggestions.restore, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert [r.suggestion.action.id for r in view.results.suggestions.rows.values()] == [
        third.suggestion.action.id
    ]
    assert all(isinstance(r, SuggestionRow) for r in view.results.suggestions.rows.values())
