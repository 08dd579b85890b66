"""The case view: its header, status changes, what it saves (and does not), its languages."""

from __future__ import annotations

import datetime as dt
import random

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from brokerdesk.domain.case import Case
from brokerdesk.domain.scoring import score_case
from brokerdesk.i18n import PSEUDO, set_language
from brokerdesk.services import cases
from brokerdesk.services.demo import demo_document
from brokerdesk.ui.case_view import PAGES
from brokerdesk.ui.context import AppContext

from . import casework
from .casework import new_case, open_view, reopened, settle

case_ctx = casework.case_ctx  # the fixture


def test_every_saved_change_is_announced_with_the_case_id(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx, company_name="Järvi Oy", country="FI")
    view = open_view(qtbot, case_ctx, case_id)
    assert view.company.text() == "Järvi Oy"
    assert view.details.text() == "Finland"
    with qtbot.waitSignal(view.changed, timeout=5000) as signal:
        view.session.answer("town", "Tampere")
    assert signal.args == [case_id]
    settle(qtbot, case_ctx)
    assert view.details.text() == "Finland · Tampere"
    assert view.saved_sign.text().startswith("✓ Saved at")


def test_opening_a_case_and_looking_at_every_page_changes_nothing(
    qtbot: QtBot, case_ctx: AppContext
) -> None:

    # A full demo case: answers, areas, notes and contacts, as a broker's file holds them.
    doc = demo_document(
        random.Random(3), case_ctx.library, 0, dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    case = Case(doc)
    with case_ctx.uow as uow:
        uow.cases.save(doc, cases.listing(case, score_case(case_ctx.library.current, case)))
        uow.commit()
    before = reopened(case_ctx.desk.path, doc["id"]).doc
    view = open_view(qtbot, case_ctx, doc["id"])
    for page in PAGES:
        view.show_page(page)
        settle(qtbot, case_ctx)
    view.areas.list.setCurrentRow(view.areas.list.count() - 1)
    view.commit_pending()
    settle(qtbot, case_ctx)
    assert reopened(case_ctx.desk.path, doc["id"]).doc == before
    assert not view.saved_sign.text().startswith("✓ Saved at")


def test_the_status_menu_offers_the_allowed_moves_and_a_refused_one_is_explained(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id)
    assert view.status.text() == "Status: Draft"
    assert [a.text() for a in view.status_menu.actions()] == ["Interviewing"]
    view.request_status("closed")
    settle(qtbot, case_ctx)
    assert view.message.messages() == ["A case cannot go from Draft to Closed."]
    view.status_menu.actions()[0].trigger()
    settle(qtbot, case_ctx)
    assert view.status.text() == "Status: Interviewing"
    assert view.message.messages() == []
    assert reopened(case_ctx.desk.path, case_id).status == "interviewing"


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((type(widget).__name__, widget.text()))
    return found


def test_every_visible_text_follows_a_change_of_the_ui_language(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    view = open_view(qtbot, case_ctx, new_case(case_ctx))
    set_language(PSEUDO)  # marks every translated text with ⟦ ⟧
    app = QApplication.instance()
    assert app is not None
    QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    untranslated = []
    for page in PAGES:
        view.show_page(page)
        for kind, text in _visible_texts(view):
            words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
            if words and "⟦" not in text:
                untranslated.append((page, kind, text))
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert all(t.startswith("⟦") for t in tabs)
    assert untranslated == []


def test_a_change_that_cannot_be_saved_is_told_and_the_saved_sign_says_so(
    qtbot: QtBot, case_ctx: AppContext
) -> None:
    case_id = new_case(case_ctx)
    view = open_view(qtbot, case_ctx, case_id)
    cases.delete_case(case_ctx.uow, case_id)  # gone under the view's feet (another window)
    view.session.answer("town", "Turku")
    settle(qtbot, case_ctx)
    assert view.message.messages() == [f"There is no case {case_id}."]
    assert view.saved_sign.text() == "⚠ The last change was not saved"
    cases.restore_case(case_ctx.uow, case_id)
    view.session.answer("town", "Turku")
    settle(qtbot, case_ctx)
    assert view.message.messages() == []
    assert view.saved_sign.text().startswith("✓ Saved at")
