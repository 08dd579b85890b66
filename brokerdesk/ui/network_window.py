"""Coordinator mode: the main window of a network file.

A case file enrolled with a coordinator's account is a network file (``is_network_file`` in
``services.casefiles`` tells from its settings; the app imports this module only for one). Its
window is the main window with the network in the place of the broker's case list: the cases of
every broker in scope with their filters, the dashboard and the partner matches, in tabs. A case
opens read-only beside the coordinator's review; its report can be built in any language. The
broker's own commands (new case, delete) have no place here. The window's background sync pulls
the network and sends the reviews (``services.sync`` syncs a network file as a coordinator's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QTabWidget, QVBoxLayout, QWidget

from brokerdesk.i18n import _, active, ngettext
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.main_window import MainWindow


class NetworkCase(QWidget):
    """A case of the network, read-only, beside the coordinator's review of it."""

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from brokerdesk.ui.case_view import CaseView
        from brokerdesk.ui.review_panel import ReviewPanel

        self.case_id = case_id
        self.case_view = CaseView(ctx, case_id, self, read_only=True)
        self.review = ReviewPanel(ctx, case_id, self)
        self.case_view.session.updated.connect(
            lambda _s: self.review.show_review(self.case_view.session.case.doc.get("review"))
        )
        side = QVBoxLayout()
        side.addWidget(self.review)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.case_view, 3)
        layout.addLayout(side, 1)
        self.setFocusProxy(self.case_view)

    @property
    def session(self) -> Any:
        """The case view's session (the main window reloads it after a sync)."""
        return self.case_view.session


class NetworkWindow(MainWindow):
    """The main window of a coordinator's network file."""

    def __init__(
        self, ctx: AppContext, settings: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        self._network_ready = False
        super().__init__(ctx, settings, parent)
        from brokerdesk.ui.dashboard_view import DashboardView
        from brokerdesk.ui.matches_view import MatchesView
        from brokerdesk.ui.network_view import NetworkView

        self.network_view = NetworkView(ctx)
        self.dashboard_view = DashboardView(ctx)
        self.matches_view = MatchesView(ctx)
        self.matches_view.who = str((settings.get("sync_server") or {}).get("user") or "")
        self.network_tabs = QTabWidget()
        self.network_tabs.setDocumentMode(True)
        for page in (self.network_view, self.dashboard_view, self.matches_view):
            self.network_tabs.addTab(page, "")
        self.stack.addWidget(self.network_tabs)
        self._stale = {"dashboard": True, "matches": True}

        self.network_view.open_requested.connect(self.open_case)
        self.matches_view.open_requested.connect(self.open_case)
        self.network_view.pull_requested.connect(self.sync.sync_now)
        self.network_view.query_changed.connect(self._query_changed)
        self.network_view.exported.connect(self._exported)
        self.network_tabs.currentChanged.connect(self._tab_shown)
        self.sync.synced.connect(self._pulled)
        self._build_network_menu()
        # The broker's own commands have no place in a network file.
        for action in (self.new_case_action, self.list_view.delete_action):
            action.setVisible(False)
            action.setEnabled(False)
        self.refresh_action.triggered.disconnect()
        self.refresh_action.triggered.connect(self.network_view.refresh)
        self._network_ready = True
        self.retranslate()
        self.show_list()
        self.network_view.refresh()

    def _build_network_menu(self) -> None:
        self.network_menu = QMenu(self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.network_menu)
        self.page_actions: dict[str, QAction] = {}
        for n, page in enumerate((self.network_view, self.dashboard_view, self.matches_view)):
            action = self._action(f"Ctrl+Shift+{n + 1}")
            action.triggered.connect(lambda _c=False, page=page: self.show_network_page(page))
            self.network_menu.addAction(action)
            self.page_actions[("cases", "dashboard", "matches")[n]] = action
        self.network_menu.addSeparator()
        self.network_menu.addAction(self.sync_action)
        self.network_menu.addSeparator()
        for action in self.network_view.export_actions.values():
            self.network_menu.addAction(action)

    # -- pages ---------------------------------------------------------------------------------

    def show_list(self) -> None:
        if not self._network_ready:
            super().show_list()
            return
        self.stack.setCurrentWidget(self.network_tabs)
        self.find_action.setEnabled(True)
        self.refresh_action.setEnabled(True)
        self.back_action.setEnabled(False)
        self.list_view.undo_action.setEnabled(False)
        if self._list_stale:
            self._list_stale = False
            self.network_view.refresh()
        self.network_tabs.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def show_network_page(self, page: QWidget) -> None:
        self.show_list()
        self.network_tabs.setCurrentWidget(page)

    def focus_search(self) -> None:
        self.show_network_page(self.network_view)
        self.network_view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_case(self, case_id: str, name: str | None = None) -> None:
        """Shows a case of the network read-only, with the review beside it."""
        if not self._network_ready:
            return
        self._retire_case_view()
        self._case_id = case_id
        self.case_title.setVisible(False)  # the case view names the company itself
        view = NetworkCase(self._ctx, case_id, self.case_page)
        view.review.reviewed.connect(self._reviewed)
        self._case_view = view
        self.case_layout.addWidget(view, 1)
        self._show_page(self.case_page)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_case(self) -> None:
        """A network file holds the brokers' cases only."""

    # -- what changed --------------------------------------------------------------------------

    def _query_changed(self, _query: object) -> None:
        self._stale = {"dashboard": True, "matches": True}
        self._tab_shown(self.network_tabs.currentIndex())

    def _tab_shown(self, _index: int) -> None:
        page = self.network_tabs.currentWidget()
        query = self.network_view.query()
        if page is self.dashboard_view and self._stale["dashboard"]:
            self._stale["dashboard"] = False
            self.dashboard_view.refresh(query)
        elif page is self.matches_view and self._stale["matches"]:
            self._stale["matches"] = False
            self.matches_view.refresh(query)

    def _reviewed(self, _case_id: str, _state: str) -> None:
        self._list_stale = True
        self._stale["dashboard"] = True
        session = getattr(self._case_view, "session", None)
        if session is not None:
            session.reload()  # the case shows its new review
        self.sync.sync_now()  # the review goes out now, or with the next attempt

    def _pulled(self, _changed: int) -> None:
        self._stale = {"dashboard": True, "matches": True}
        if self.stack.currentWidget() is self.network_tabs:
            self.network_view.refresh()
            self._tab_shown(self.network_tabs.currentIndex())
        else:
            self._list_stale = True

    def _exported(self, path: Path, count: int) -> None:
        self.statusBar().showMessage(
            ngettext(
                "{count} case exported to {file}", "{count} cases exported to {file}", count
            ).format(count=active().number(count), file=Path(path).name),
            10_000,
        )

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        if not self._network_ready:
            return
        self.setWindowTitle(_("{file} — BrokerDesk network").format(file=self._ctx.desk.path.name))
        self.network_menu.setTitle(_("&Network"))
        titles = {
            "cases": _("Cases of the network"),
            "dashboard": _("Dashboard"),
            "matches": _("Partner matches"),
        }
        for n, (name, title) in enumerate(titles.items()):
            self.network_tabs.setTabText(n, title)
            self.page_actions[name].setText(title)
        self.sync_action.setText(_("&Pull from the server and send reviews"))
        self.back_button.setText(_("Network"))
        self.back_button.setToolTip(_("Back to the network (Alt+Left or Esc)"))
        self.back_button.setAccessibleName(_("Back to the network"))


__all__ = ["NetworkCase", "NetworkWindow"]
