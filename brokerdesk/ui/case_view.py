"""The case view: one company's case in tabs, under a header with its name, status and a quiet
"saved" sign.

Tabs: Company profile, Interview, Activity areas, Partner search, Results, Notes and actions,
Contact persons (Alt+1 … Alt+7). Every change is saved at once through the background queue;
``changed`` is emitted with the case id after each save, so that the case list can refresh its
row. Status changes offer the moves the workflow allows; a refused move is explained in the
header.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_time
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.domain.case import STATUS_LABELS, TRANSITIONS
from brokerdesk.i18n import _, active, ngettext
from brokerdesk.services import cases
from brokerdesk.services.cases import Saved
from brokerdesk.ui.areas_editor import AreasEditor
from brokerdesk.ui.case_session import CaseSession, error_text
from brokerdesk.ui.choices import fill_report_languages
from brokerdesk.ui.contacts_editor import ContactsEditor
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.feedback_panel import FeedbackPanel
from brokerdesk.ui.form_parts import ErrorLabel, WrapLabel, heading, muted
from brokerdesk.ui.interview_view import InterviewView
from brokerdesk.ui.notes_actions_view import NotesActionsView
from brokerdesk.ui.partner_search_editor import PartnerSearchEditor
from brokerdesk.ui.profile_form import ProfileForm
from brokerdesk.ui.read_only import make_read_only
from brokerdesk.ui.results_view import ResultsView

PAGES = ("profile", "interview", "areas", "partner", "results", "notes", "contacts")


class CaseView(QWidget):
    """One case, in tabs. Construct it, show it; it reads the case in the background."""

    changed = Signal(str)  # the case id, after each saved change
    loaded = Signal()  # the case was read and every page shows it
    erased = Signal(str)  # the company was erased (contacts tab): the view has nothing to show

    def __init__(
        self,
        ctx: AppContext,
        case_id: str,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.session = CaseSession(ctx, case_id, self)
        self._saved_at: dt.datetime | None = None
        self._message = ""
        self._unsaved = False

        self.company = heading("", 1.5, self)
        self.details = muted(WrapLabel("", self))
        self.status = QLabel(self)
        self.status_button = QPushButton(self)
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.language_label = QLabel(self)
        self.language = QComboBox(self)
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language_label.setBuddy(self.language)
        self.language.activated.connect(self._report_language)
        self.saved_sign = muted(QLabel(self))
        self.message = ErrorLabel(self)
        # The client report, and the conflicts a sync recorded (shown only when there are some).
        self.report_button = QPushButton(self)
        self.report_button.clicked.connect(self.open_report)
        report_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        report_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        report_shortcut.activated.connect(self.open_report)
        self.conflicts_button = QPushButton(self)
        self.conflicts_button.setVisible(False)
        self.conflicts_button.clicked.connect(self.open_conflicts)

        names = QVBoxLayout()
        names.addWidget(self.company)
        names.addWidget(self.details)
        controls = QHBoxLayout()
        controls.addWidget(self.status)
        controls.addWidget(self.status_button)
        controls.addSpacing(16)
        controls.addWidget(self.language_label)
        controls.addWidget(self.language)
        controls.addSpacing(16)
        controls.addWidget(self.report_button)
        controls.addWidget(self.conflicts_button)
        controls.addStretch(1)
        controls.addWidget(self.saved_sign)
        names.addLayout(controls)
        names.addWidget(self.message)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.profile = ProfileForm(self.session)
        self.interview = InterviewView(self.session)
        self.areas = AreasEditor(self.session)
        self.partner = PartnerSearchEditor(self.session)
        self.results = ResultsView(self.session)
        self.notes = NotesActionsView(self.session)
        self.contacts = ContactsEditor(self.session)
        self.contacts.erased.connect(self.erased)
        self.pages: dict[str, QWidget] = {
            "profile": self.profile,
            "interview": self.interview,
            "areas": self.areas,
            "partner": self.partner,
            "results": self.results,
            "notes": self.notes,
            "contacts": self.contacts,
        }
        for page in self.pages.values():
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        for number, name in enumerate(PAGES, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda name=name: self.show_page(name))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.addLayout(names)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.tabs)

        self.session.loaded.connect(self.loaded)
        self.session.updated.connect(self._show_header)
        self.session.saved.connect(self._saved)
        self.session.busy_changed.connect(self._busy)
        self.session.failed.connect(self._not_saved)
        # -- the coordinator's review and feedback; read-only for a case of the network ------
        self.read_only = read_only
        self.session.read_only = read_only
        self.feedback = FeedbackPanel(self)
        layout.insertWidget(1, self.feedback)
        self.session.updated.connect(lambda _saved: self.feedback.show_case(self.session.case.doc))
        if read_only:
            self.session.updated.connect(self._lock)
            self.tabs.currentChanged.connect(self._lock)
            self.interview.position_changed.connect(self._lock)
        # -- end of the coordinator's part ---------------------------------------------------
        self.retranslate()
        self.session.load()

    # -- pages ----------------------------------------------------------------------------------

    def page(self, name: str) -> QWidget:
        return self.pages[name]

    def show_page(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.pages[name])

    def current_page(self) -> str:
        current = self.tabs.currentWidget()
        return next((n for n, p in self.pages.items() if p is current), PAGES[0])

    def _tab_changed(self, _index: int) -> None:
        # Typed text in the page being left is saved before the broker looks elsewhere.
        self.commit_pending()
        if self.tabs.currentWidget() is self.interview and self.interview.current:
            self.interview.panel(self.interview.current).focus_first()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the case (back to the list, closing the window) keeps what was typed.
        self.commit_pending()
        super().hideEvent(event)

    def commit_pending(self) -> None:
        """Saves what is typed but not committed yet (call it before closing the view)."""
        self.profile.commit_pending()
        self.partner.commit_pending()
        self.notes.conclusions.commit_pending()
        if self.interview.current and self.interview.current in self.interview.panels:
            self.interview.panels[self.interview.current].commit_pending()

    # -- header ---------------------------------------------------------------------------------

    def _show_header(self, _saved: Saved | None = None) -> None:
        if not self.session.is_loaded:
            self.company.setText(_("Loading the case…"))
            self.details.setText("")
            self.status.setText("")
            self.status_button.setEnabled(False)
            return
        case = self.session.case
        name = case.company_name or _("Unnamed company")
        self.company.setText(name)
        self.company.setAccessibleName(name)
        self.setWindowTitle(name)
        parts = [active().country(case.country)] if case.country else []
        town = case.value("town")
        if town:
            parts.append(str(town))
        self.details.setText(" · ".join(parts))
        self.details.setVisible(bool(parts))
        self.status.setText(_("Status: {status}").format(status=_(STATUS_LABELS[case.status])))
        self.status_menu.clear()
        for target in sorted(TRANSITIONS[case.status], key=list(STATUS_LABELS).index):
            action = self.status_menu.addAction(_(STATUS_LABELS[target]))
            action.triggered.connect(lambda _c=False, t=target: self.request_status(t))
        self.status_button.setEnabled(bool(TRANSITIONS[case.status]))
        self.language.setCurrentIndex(max(0, self.language.findData(case.report_language)))
        conflicts = len(case.doc.get("conflicts") or {})
        self.conflicts_button.setVisible(conflicts > 0)
        self.conflicts_button.setText(
            ngettext(
                "⚠ {count} conflict with another device",
                "⚠ {count} conflicts with another device",
                conflicts,
            ).format(count=conflicts)
        )

    def open_report(self) -> None:
        """The client report of this case in its report language: preview, print, save."""
        from brokerdesk.ui.report_dialog import ReportDialog  # reportlab only when asked

        self.commit_pending()
        language = self.session.case.report_language if self.session.is_loaded else None
        self.report_dialog = ReportDialog(self.ctx, self.case_id, language, parent=self)
        self.report_dialog.show()

    def open_conflicts(self) -> None:
        from brokerdesk.ui.conflicts_dialog import ConflictsDialog

        self.conflicts_dialog = ConflictsDialog(self.session, parent=self)
        self.conflicts_dialog.show()

    def request_status(self, status: str) -> None:
        """Asks to move the case to ``status``; a refusal is explained in the header."""
        ctx, case_id = self.ctx, self.case_id
        self._message = ""
        self.message.show_messages([])
        self.session.submit(
            lambda: cases.change_status(ctx.uow, ctx.library, case_id, status),
            on_error=lambda exc: self._failed(error_text(exc)),
        )

    def _report_language(self, _index: int) -> None:
        language = self.language.currentData()
        if not self.session.is_loaded or language == self.session.case.report_language:
            return
        ctx, case_id = self.ctx, self.case_id
        self.session.submit(
            lambda: cases.set_report_language(ctx.uow, ctx.library, case_id, str(language))
        )

    def _saved(self) -> None:
        self._saved_at = dt.datetime.now()
        self._unsaved = False
        self._failed("")
        self._show_saved()
        self.changed.emit(self.case_id)

    def _busy(self, busy: bool) -> None:
        self._show_saved(busy)

    def _lock(self, *_args: object) -> None:
        """Read-only (a coordinator's view of a network case): nothing can be changed here,
        but every page can be read and the report built in any language."""
        moves = (
            self.interview.back,
            self.interview.next,
            self.interview.unanswered,
            self.interview.review_button,
        )
        make_read_only(self.tabs, keep=moves)
        self.status_button.setVisible(False)
        self.language.setEnabled(False)

    def _show_saved(self, busy: bool | None = None) -> None:
        if getattr(self, "read_only", False):
            self.saved_sign.setText(_("Read-only: a case of the network"))
            return
        if busy if busy is not None else self.session.busy:
            self.saved_sign.setText(_("Saving…"))
        elif self._unsaved:
            self.saved_sign.setText(_("⚠ The last change was not saved"))
        elif self._saved_at is not None:
            time = format_time(self._saved_at, format="short", locale=active().locale)
            self.saved_sign.setText(_("✓ Saved at {time}").format(time=time))
        else:
            self.saved_sign.setText(_("✓ Every change is saved at once"))
        self.saved_sign.setAccessibleName(self.saved_sign.text())

    def _failed(self, text: str) -> None:
        self._message = text
        self.message.show_messages([text] if text else [])

    def _not_saved(self, text: str) -> None:
        """A change failed (disk full, locked file...): say so until one is saved again."""
        self._unsaved = True
        self._failed(text)
        self._show_saved()

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        titles = {
            "profile": _("Company profile"),
            "interview": _("Interview"),
            "areas": _("Activity areas"),
            "partner": _("Partner search"),
            "results": _("Results"),
            "notes": _("Notes and actions"),
            "contacts": _("Contact persons"),
        }
        for number, name in enumerate(PAGES, start=1):
            index = self.tabs.indexOf(self.pages[name])
            self.tabs.setTabText(index, titles[name])
            self.tabs.setTabToolTip(index, f"{titles[name]} (Alt+{number})")
        self.status_button.setText(_("Change status"))
        self.status_button.setAccessibleName(_("Change the status of the case"))
        self.report_button.setText(_("&Report…"))
        self.report_button.setToolTip(_("Build the client report: preview, print, save (Ctrl+P)"))
        self.conflicts_button.setToolTip(_("Fields changed both here and on another device"))
        self.language_label.setText(_("Report language:"))
        self.language.setAccessibleName(_("Language of the report for the company"))
        loaded = self.session.is_loaded
        fill_report_languages(self.language, self.session.case.report_language if loaded else None)
        self.tabs.setAccessibleName(_("Parts of the case"))
        self._show_header()
        self._show_saved()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
