"""Partner matches: suggestions with score and reasons; introduced and dismissed are remembered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from brokerdesk.services import coordinator
from brokerdesk.services.network import NetworkQuery
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.matches_view import MatchesView
from tests.ui.network import network_ctx, settle

FIXTURES = (network_ctx,)


def shown(qtbot: QtBot, ctx: AppContext, query: NetworkQuery | None = None) -> MatchesView:
    view = MatchesView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh(query)
    settle(qtbot, ctx)
    return view


def test_the_suggestions_are_listed_best_first_with_their_reasons(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    rows = view.model.rows
    assert rows and [r.match.score for r in rows] == sorted(
        (r.match.score for r in rows), reverse=True
    )
    assert all(r.match.first.country != r.match.second.country for r in rows)
    assert view.current_row() == 0
    first = rows[0].match
    assert first.first.company in view.detail_title.text()
    assert view.reasons.text().startswith("• ")
    assert "looking for" in view.reasons.text()  # an offer meets a request, in plain words
    assert view.model.data(view.model.index(0, 0)) == str(first.score)


def test_a_dismissed_pair_leaves_the_list_and_stays_dismissed(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    count = len(view.model.rows)
    key = view.model.rows[0].key
    view.decide("dismissed")
    settle(qtbot, network_ctx)
    assert key not in {r.key for r in view.model.rows} and len(view.model.rows) == count - 1
    assert coordinator.decisions(network_ctx.uow)[key]["state"] == "dismissed"

    again = shown(qtbot, network_ctx)
    assert key not in {r.key for r in again.model.rows}
    again.show_dismissed.setChecked(True)
    with qtbot.waitSignal(again.loaded, timeout=20_000):
        again.refresh()
    (row,) = [r for r in again.model.rows if r.key == key]
    assert row.decision == "dismissed"


def test_marking_a_pair_introduced_keeps_it_and_says_so(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    view.table.selectRow(1)
    key = view.model.rows[1].key
    view.introduce_button.click()
    settle(qtbot, network_ctx)
    assert view.model.rows[1].decision == "introduced"
    assert view.model.data(view.model.index(1, 5)) == "Introduced"
    assert view.undecide_button.isEnabled()
    view.undecide_button.click()
    settle(qtbot, network_ctx)
    assert view.model.rows[1].decision is None
    assert key not in coordinator.decisions(network_ctx.uow)


def test_a_higher_lowest_score_gives_fewer_suggestions(
    qtbot: QtBot, network_ctx: AppContext
) -> None:
    view = shown(qtbot, network_ctx)
    before = len(view.model.rows)
    view.min_score.setValue(80)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh_button.click()
    assert len(view.model.rows) < before
    assert all(r.match.score >= 80 for r in view.model.rows)


def test_either_company_of_a_pair_opens(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx)
    match = view.model.rows[0].match
    # A name with "&" shows it, not a keyboard shortcut mark.
    assert view.open_second.text().replace("&&", "&") == f"Open {match.second.company}"
    with qtbot.waitSignal(view.open_requested, timeout=5_000) as opened:
        view.open_second.click()
    assert opened.args == [match.second.case_id, match.second.company]


def test_matching_follows_the_network_filters(qtbot: QtBot, network_ctx: AppContext) -> None:
    view = shown(qtbot, network_ctx, NetworkQuery(countries=("PL", "LT")))
    assert view.model.rows
    for row in view.model.rows:
        assert {row.match.first.country, row.match.second.country} == {"PL", "LT"}
