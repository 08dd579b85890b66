"""Activity areas with their ratings; notes and actions; removals that can be undone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brokerdesk.ui.context import AppContext

from . import casework
from .casework import focused, new_case, open_view, reopened, settle

case_ctx = casework.case_ctx  # the fixture


def test_an_area_added_named_and_rated_with_the_keyboard_is_saved_and_ranked(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="areas")
    areas = view.areas
    assert not areas.form.isVisible()
    qtbot.mouseClick(areas.add, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert areas.name.hasFocus()
    qtbot.keyClicks(areas.name, "Laser cladding")
    qtbot.keyClick(areas.name, Qt.Key.Key_Tab)
    levels = {"uniqueness": 4, "foreign_demand": 3, "scalability": 2, "competitive_advantage": 4}
    for criterion_id, level in levels.items():
        rating = areas.ratings[criterion_id]
        rating.levels.cards[0].setFocus()
        qtbot.keyClicks(focused(), str(level))
    settle(qtbot, case_ctx)

    area_id, area = next(iter(reopened(case_ctx.desk.path, case_id).doc["areas"].items()))
    assert area["name"] == "Laser cladding"
    assert area["ratings"] == levels
    # Four of seven criteria rated (enough): (4 + 1.5*3 + 2 + 1.25*4) / 4.75 / 4 * 100 = 81.6
    assert "81.6" in areas.potential.text()
    assert areas.ratings["foreign_demand"].description.text().startswith("Level 3: ")
    view.show_page("results")
    assert view.results.table("areas")[0][1:3] == ["Laser cladding", "81.6"]
    assert view.results.top_area.text().startswith("Highest potential: Laser cladding")

    view.show_page("areas")
    qtbot.mouseClick(areas.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert reopened(case_ctx.desk.path, case_id).doc["areas"] == {}
    assert areas.undo.isVisibleTo(areas)
    qtbot.mouseClick(areas.undo, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert reopened(case_ctx.desk.path, case_id).doc["areas"][area_id]["ratings"] == levels


def test_switching_areas_keeps_what_was_typed_in_the_one_left(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="areas")
    areas = view.areas
    for _n in range(2):
        qtbot.mouseClick(areas.add, Qt.MouseButton.LeftButton)
        settle(qtbot, case_ctx)
    areas.list.setCurrentRow(0)
    areas.description.setFocus()
    qtbot.keyClicks(areas.description, "Repair of worn shafts")
    areas.list.setCurrentRow(1)  # leaves the first area with its description typed
    settle(qtbot, case_ctx)
    descriptions = sorted(
        a.get("description") for a in reopened(case_ctx.desk.path, case_id).doc["areas"].values()
    )
    assert descriptions == ["", "Repair of worn shafts"]
    assert areas.description.toPlainText() == ""


def test_a_note_is_dated_and_signed_and_an_action_gets_owner_due_date_and_done(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id, page="notes")
    notes = view.notes
    notes.new_note.setFocus()
    qtbot.keyClicks(notes.new_note, "Met the CEO; wants a distributor in Sweden.")
    qtbot.keyClick(notes.new_note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, case_ctx)
    assert notes.new_note.toPlainText() == ""
    card = next(iter(notes.note_cards.values()))
    assert card.text.text() == "Met the CEO; wants a distributor in Sweden."
    assert card.meta.text().endswith("· Test Broker")

    qtbot.mouseClick(notes.add_action_button, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    row = next(iter(notes.action_rows.values()))
    assert row.editor.hasFocus()
    row.editor.selectAll()
    qtbot.keyClicks(row.editor, "Send the price list in English")
    qtbot.mouseClick(row.save, Qt.MouseButton.LeftButton)
    row.owner.setFocus()
    qtbot.keyClicks(row.owner, "Export manager")
    qtbot.keyClick(row.owner, Qt.Key.Key_Tab)
    row.due.line.setFocus()
    qtbot.keyClicks(row.due.line, "2031-01-20")
    qtbot.keyClick(row.due.line, Qt.Key.Key_Tab)
    qtbot.mouseClick(row.done, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)

    doc = reopened(case_ctx.desk.path, case_id).doc
    (note,) = doc["notes"].values()
    assert note["author"] == "Test Broker"
    (action,) = doc["actions"].values()
    assert {k: action[k] for k in ("text", "owner", "due", "done")} == {
        "text": "Send the price list in English",
        "owner": "Export manager",
        "due": "2031-01-20",
        "done": True,
    }
    assert row.due.line.text() == "20/01/2031"  # shown the British way in English

    qtbot.mouseClick(card.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert reopened(case_ctx.desk.path, case_id).doc["notes"] == {}
    qtbot.mouseClick(notes.undo, Qt.MouseButton.LeftButton)
    settle(qtbot, case_ctx)
    assert list(reopened(case_ctx.desk.path, case_id).doc["notes"].values()) == [note]
