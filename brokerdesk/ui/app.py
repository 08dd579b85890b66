"""Starting the desktop app: which case file to open, the first run, the main window.

``run_app`` is what ``brokerdesk run`` (or plain ``brokerdesk``) calls. The ``Launcher`` does the
work: it opens or creates case files off the GUI thread, explains every refusal with a way out
(another file, a copy of the newest backup, a new file), and hands each open file to a
``MainWindow`` with its own ``AppContext``. Only the last file opened is kept in ``QSettings``;
every other setting lives in the case file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from brokerdesk import __version__
from brokerdesk.content import Library
from brokerdesk.i18n import LANGUAGES, LOCALES, _, active, set_language
from brokerdesk.paths import APP_NAME, default_backup_dir, default_case_file
from brokerdesk.services.casefiles import (
    CaseFileError,
    DamagedCaseFile,
    Desk,
    NewerCaseFile,
    NotACaseFile,
    PassphraseNeeded,
    Secret,
    StorageError,
    WrongPassphrase,
    backup_if_due,
    backups_of,
    check_writable,
    create_case_file,
    get_settings,
    is_encrypted,
    is_network_file,
    open_backup_copy,
    open_case_file,
    verify_case_file,
)
from brokerdesk.ui.case_list_model import when_listed
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.first_frame import after_first_frame
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.main_window import MainWindow
from brokerdesk.ui.messages import describe, is_expected
from brokerdesk.ui.ops import Operations

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from brokerdesk.ui.welcome_dialog import WelcomeChoice, WelcomeDialog

LAST_FILE = "last_case_file"  # the one thing kept outside the case file
DEMO_CASES = 60
WARM_UP_MS = 300  # after the first rows are drawn: the writing layers load then
Opened = tuple[Desk, dict[str, Any]]


def make_application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, named so that QSettings and the desktop know the program."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    # The launcher decides when the program ends: between the first-run dialog and the main
    # window no window is visible, and that must not quit.
    app.setQuitOnLastWindowClosed(False)
    return app


def system_language() -> str:
    language = QLocale.system().name().split("_")[0]
    return language if language in LANGUAGES else "en"


def switch_language(language: str) -> None:
    """Makes ``language`` the UI language and tells every window to retranslate itself."""
    if language not in LANGUAGES:
        language = "en"
    if active().language == language and QLocale().name() == LOCALES[language]:
        return
    app = QApplication.instance()
    try:
        from brokerdesk.ui.translator import apply_language
    except ModuleNotFoundError as exc:  # a build without Qt's translations
        if exc.name != "brokerdesk.ui.translator":
            raise
    else:
        if isinstance(app, QApplication):
            apply_language(app, language)  # installing translators sends LanguageChange
            return
    set_language(language)
    QLocale.setDefault(QLocale(LOCALES[language]))
    # A top-level widget passes LanguageChange on to all its children.
    for widget in QApplication.topLevelWidgets():
        QCoreApplication.postEvent(widget, QEvent(QEvent.Type.LanguageChange))


def window_for(settings: dict[str, Any]) -> type[MainWindow]:
    """The window class for a case file: the network window for a coordinator's file."""
    if is_network_file(settings):
        from brokerdesk.ui.network_window import NetworkWindow  # a coordinator's file only

        return NetworkWindow
    return MainWindow


def _make_unit_of_work(desk: Desk) -> None:
    with contextlib.suppress(Exception):
        desk.uow  # noqa: B018 - made once, under the desk's lock


def _backup_time(backup: Path) -> str:
    moment = dt.datetime.fromtimestamp(backup.stat().st_mtime)
    return active().datetime(moment, "medium")


class Launcher(QObject):
    """Takes the program from start to a main window, and from one case file to another."""

    window_shown = Signal(object)  # the MainWindow, once it shows an open case file
    failed = Signal(object)  # a case file could not be opened or made (the box is up)
    finished = Signal(int)  # the program should end with this exit code

    def __init__(
        self,
        state: QSettings,
        library: Library | None = None,
        language: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._library = library or Library()
        self._language = language if language in LANGUAGES else None
        self._opening = Operations(self)  # opens and creates files; each window has its own queue
        self.window: MainWindow | None = None
        self.welcome: WelcomeDialog | None = None
        self.error_box: QMessageBox | None = None
        self.passphrase_dialog: QDialog | None = None
        self._busy = False

    # -- where to start --------------------------------------------------------------------

    def start(self, case_file: Path | None = None) -> None:
        """Opens ``case_file``, else the last file, else the default one, else the first run."""
        switch_language(self._language or system_language())
        if case_file is not None:
            path = Path(case_file).expanduser()
            if path.exists():
                self.open(path)
            else:
                self.show_welcome(path)
            return
        last = self._state.value(LAST_FILE)
        if last and Path(str(last)).exists():
            self.open(Path(str(last)))
        elif default_case_file().exists():
            self.open(default_case_file())
        else:
            self.show_welcome(default_case_file())

    def show_welcome(self, path: Path | None = None) -> None:
        if self.welcome is None:
            from brokerdesk.ui.welcome_dialog import WelcomeDialog  # only on a first run

            self.welcome = WelcomeDialog(path or default_case_file(), active().language)
            self.welcome.language_chosen.connect(switch_language)
            self.welcome.finished.connect(self._welcome_done)
        if self.welcome.isVisible():
            self.welcome.activateWindow()
        else:
            self.welcome.show()

    def _welcome_done(self, result: int) -> None:
        dialog = self.welcome
        choice = dialog.choice if dialog is not None else None
        if result != QDialog.DialogCode.Accepted or choice is None:
            if self.window is None:
                self.finished.emit(0)
            return
        if choice.action == "open":
            self.open(choice.path)
        elif choice.action == "demo" and choice.path.exists():
            self.open(choice.path, remember=False)
        else:
            self.create(choice)

    # -- opening and creating (off the GUI thread) -----------------------------------------

    def _run(
        self, work: Callable[[], Opened], remember: bool, on_error: Callable[[Exception], None]
    ) -> None:
        self._set_busy(True)
        library = self._library

        def opened_with_settings() -> Opened:
            desk, settings = work()
            if not is_network_file(settings):
                return desk, settings  # the case list reads the instrument with its first rows
            try:
                library.current  # the coordinator's window is built with it  # noqa: B018
            except Exception:
                desk.close()
                raise
            return desk, settings

        def done(opened: Opened) -> None:
            desk, settings = opened
            self._opened(desk, settings, remember)

        self._opening.run(opened_with_settings, done, on_error)

    def open(self, path: Path, remember: bool = True, secret: str | None = None) -> None:
        """Opens a case file; its page check and backup follow on the window's queue.

        An encrypted file asks for its passphrase first (``secret``, when it is known).
        """
        path = Path(path)
        if secret is None and is_encrypted(path):
            self.ask_passphrase(path, remember)
            return

        def work() -> Opened:
            # The whole-file check would hold back a large list: it runs right after, queued
            # before any write can reach the file.
            desk = open_case_file(path, backup=False, verify=False, secret=secret)
            try:
                check_writable(desk)
                return desk, get_settings(desk.reads)
            except CaseFileError:  # told already (a locked file, a full disk)
                desk.close()
                raise
            except Exception:
                try:
                    verify_case_file(desk)  # a damaged page explains a failure better than SQL
                finally:
                    desk.close()
                raise

        self._run(
            work, remember, lambda exc: self._failed(exc, path, remember=remember, secret=secret)
        )

    def ask_passphrase(self, path: Path, remember: bool = True, problem: str = "") -> None:
        """Asks for an encrypted file's passphrase; a wrong one is asked for again."""

        def cancelled() -> None:
            self.passphrase_dialog = None
            if self.window is None:
                self.show_welcome(path)

        def given(secret: str) -> None:
            self.passphrase_dialog = None
            self.open(path, remember, secret)

        from brokerdesk.ui.passphrase_dialog import ask_to_open

        self.passphrase_dialog = ask_to_open(self.window, path, problem, given, cancelled)

    def create(self, choice: WelcomeChoice) -> None:
        library = self._library

        def work() -> Opened:
            desk = create_case_file(
                choice.path, choice.broker, choice.settings, secret=choice.passphrase
            )
            try:
                if choice.action == "demo":
                    from brokerdesk.services.demo import generate  # only for a first try

                    generate(desk.uow, library, DEMO_CASES)
                return desk, get_settings(desk.reads)
            except Exception:
                desk.close()
                raise

        self._run(work, choice.action == "create", lambda exc: self._failed(exc, choice.path, True))

    def open_backup(self, backup: Path, damaged: Path, secret: Secret = None) -> None:
        """Opens a copy of ``backup`` beside the damaged file, which stays as it was."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = damaged.with_name(f"{damaged.stem}-restored-{stamp}{damaged.suffix}")

        def work() -> Opened:
            desk = open_backup_copy(backup, target, secret)  # a backup has the file's key
            return desk, get_settings(desk.reads)

        self._run(work, True, lambda exc: self._failed(exc, target))

    def choose_file(self) -> None:
        start = self.window.ctx.desk.path.parent if self.window else default_case_file().parent
        from PySide6.QtWidgets import QFileDialog

        path, _chosen = QFileDialog.getOpenFileName(
            self.window,
            _("Open case file"),
            str(start),
            _("BrokerDesk case files ({pattern})").format(pattern="*.brokerdesk")
            + ";;"
            + _("All files (*)"),
        )
        if path:
            self.open(Path(path))
        elif self.window is None:
            self.show_welcome()

    def _set_busy(self, busy: bool) -> None:
        if busy and not self._busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        elif self._busy and not busy:
            QApplication.restoreOverrideCursor()
        self._busy = busy

    # -- a file is open --------------------------------------------------------------------

    def _opened(self, desk: Desk, settings: dict[str, Any], remember: bool) -> None:
        self._set_busy(False)
        switch_language(self._language or str(settings.get("ui_language") or "en"))
        ops = Operations(self)  # outlives its window until the answers still queued are in
        ops.hold()  # the window's first frame first; its reads and checks queue in order
        ctx = AppContext(desk, self._library, ops)
        # A coordinator's network file opens in the network window (coordinator mode).
        window = window_for(settings)(ctx, settings)  # queues the first read of the list
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.open_file_requested.connect(self.open)
        window.language_requested.connect(switch_language)
        window.closed.connect(lambda: self._closed(window))
        window.protection.open_encrypted.connect(lambda path, secret: self.open(path, True, secret))

        def check() -> None:
            verify_case_file(desk)
            backup_if_due(desk)

        # The list came through plain reads. The unit of work that writes loads SQLAlchemy: a
        # moment after the list is drawn (the import holds the interpreter meanwhile, and would
        # slow the window's first steps), beside the queue (not on it: nothing is being saved),
        # not at the broker's first change. Should it fail, the first change makes it and says
        # why; a change before it loads makes it on the queue.
        def warm_up() -> None:
            threading.Thread(target=_make_unit_of_work, args=(desk,), daemon=True).start()

        when_listed(window.list_view.model, lambda: QTimer.singleShot(WARM_UP_MS, warm_up))

        # Sync writes from a thread of its own: it starts once the page check has passed.
        run_for(
            window,
            ops,
            check,
            lambda _none: window.sync.start(),
            lambda exc: self._damaged_after_open(window, exc),
        )

        previous, self.window = self.window, window
        if self.welcome is not None:
            self.welcome.deleteLater()
            self.welcome = None
        window.show()
        after_first_frame(window, ops.release)
        if previous is not None:
            previous.close()  # after the new window shows, so the program never looks gone
        if remember:
            self._state.setValue(LAST_FILE, str(desk.path))
            self._state.sync()
        self.window_shown.emit(window)

    def _damaged_after_open(self, window: MainWindow, exc: Exception) -> None:
        path = window.ctx.desk.path
        if isinstance(exc, DamagedCaseFile) and window is self.window:
            self.window = None
            window.close()
        self._failed(exc, path, secret=window.ctx.desk.case_file.passphrase)

    def _closed(self, window: MainWindow) -> None:
        window.ctx.desk.close()
        window.ctx.ops.deleteLater()  # after the answers it has already posted
        if window is self.window:
            self.window = None
            self.finished.emit(0)

    # -- when a file cannot be used --------------------------------------------------------

    def _failed(
        self,
        exc: Exception,
        path: Path,
        creating: bool = False,
        remember: bool = True,
        secret: Secret = None,
    ) -> None:
        """Explains why ``path`` cannot be used and offers what the broker can do instead."""
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase | PassphraseNeeded):  # and another try
            self.ask_passphrase(path, remember, describe(exc))
            self.failed.emit(exc)
            return
        from PySide6.QtWidgets import QMessageBox  # the start has no box to show

        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("BrokerDesk cannot use this file"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(describe(exc))
        if not is_expected(exc):
            box.setDetailedText("".join(traceback.format_exception(exc)))
        options: list[tuple[str, QMessageBox.ButtonRole, Callable[[], None]]] = []
        info = ""
        if creating:
            info = _("Nothing was created. Go back to change the name or the place of the file.")
            options.append((_("Back"), QMessageBox.ButtonRole.AcceptRole, self.show_welcome))
        elif isinstance(exc, DamagedCaseFile):
            backups = backups_of(path)
            if backups:
                newest = backups[0]
                info = _(
                    "The newest backup is from {time}. BrokerDesk can open a copy of it; the "
                    "damaged file stays as it is."
                ).format(time=_backup_time(newest))
                options.append(
                    (
                        _("Open a copy of the newest backup"),
                        QMessageBox.ButtonRole.AcceptRole,
                        lambda: self.open_backup(newest, path, secret),
                    )
                )
            else:
                info = _("No backup of it was found in {folder}.").format(
                    folder=str(default_backup_dir(path))
                )
        elif isinstance(exc, NewerCaseFile):
            info = _("Install the newest BrokerDesk to open it. Meanwhile, open another file.")
        elif isinstance(exc, NotACaseFile):
            info = _("Choose your case file, or create a new one.")
            options.append(
                (_("Create a new case file…"), QMessageBox.ButtonRole.ActionRole, self.show_welcome)
            )
        elif isinstance(exc, StorageError):
            options.append(
                (_("Try again"), QMessageBox.ButtonRole.AcceptRole, lambda: self.open(path))
            )
        if not creating:
            options.append(
                (_("Open another file…"), QMessageBox.ButtonRole.ActionRole, self.choose_file)
            )
        stop = _("Cancel") if self.window is not None else _("Quit")
        options.append((stop, QMessageBox.ButtonRole.RejectRole, self._give_up))
        box.setInformativeText(info)
        actions: dict[QObject, Callable[[], None]] = {}
        buttons = []
        for text, role, action in options:
            button = box.addButton(text, role)
            actions[button] = action
            buttons.append(button)
        box.setDefaultButton(buttons[0])  # the likeliest way out
        box.setEscapeButton(buttons[-1])  # Cancel or Quit

        def answered(_result: int) -> None:
            self.error_box = None
            action = actions.get(box.clickedButton(), self._give_up)
            box.deleteLater()
            action()

        box.finished.connect(answered)
        self.error_box = box
        box.open()
        self.failed.emit(exc)

    def _give_up(self) -> None:
        if self.window is None:
            self.finished.emit(1)


def run_app(case_file: Path | None, language: str | None, exit_when_shown: bool = False) -> int:
    """Runs the desktop app until its window closes; returns the exit code.

    Args:
        case_file: the file to open (else the last one, else the first-run dialog).
        language: the UI language for this session.
        exit_when_shown: print ``shown`` once the window shows its list, then close (for smoke
            tests of the bundle and start-up benchmarks).
    """
    app = make_application()
    launcher = Launcher(QSettings(), language=language)
    launcher.finished.connect(app.exit)
    if exit_when_shown:
        launcher.failed.connect(lambda _exc: app.exit(2))
        launcher.window_shown.connect(_close_when_listed)
    QTimer.singleShot(0, lambda: launcher.start(case_file))
    code = app.exec()
    for widget in QApplication.topLevelWidgets():
        widget.close()  # a window still open when the app was told to end saves its state
    return code


def _close_when_listed(window: MainWindow) -> None:
    def listed() -> None:
        print("shown", flush=True)
        QTimer.singleShot(0, window.close)

    when_listed(window.list_view.model, listed)


__all__ = ["Launcher", "make_application", "run_app", "switch_language"]
