"""What the main window offers to protect the case file: locking (now, and after idle time),
the backups, changing the passphrase, and encrypting an unencrypted file into a new one.

It adds its actions to the window's File menu and a sign to its status bar, so that the main
window needs only to create it (``Protection(window, ctx, settings)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QPushButton

from brokerdesk.i18n import _
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for
from brokerdesk.ui.messages import describe, show_error
from brokerdesk.ui.window_lock import WindowLock, lock_minutes

if TYPE_CHECKING:
    from brokerdesk.ui.backups_dialog import BackupsDialog
    from brokerdesk.ui.passphrase_dialog import PassphraseDialog


class Protection(QObject):
    """The lock, the backups and the passphrase of one main window's case file."""

    # An encrypted copy of the file was made: open it (path, passphrase) in place of this one.
    open_encrypted = Signal(Path, str)
    restored = Signal(Path)  # a backup was restored (the copy kept of the file before)

    def __init__(self, window: QMainWindow, ctx: AppContext, settings: dict[str, Any]) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self.encrypted = ctx.desk.case_file.encrypted
        self.lock = WindowLock(window, ctx, lock_minutes(settings))
        self.backups_dialog: BackupsDialog | None = None
        self.passphrase_dialog: PassphraseDialog | None = None

        self.lock_action = QAction(window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock.lock)
        window.addAction(self.lock_action)
        self.backups_action = QAction(window)
        self.backups_action.triggered.connect(self.show_backups)
        self.passphrase_action = QAction(window)
        self.passphrase_action.triggered.connect(
            self.ask_change if self.encrypted else self.ask_encrypt
        )
        # Unencrypted: a standing offer in the status bar, never a box in the way.
        self.sign = QPushButton()
        self.sign.setFlat(True)
        self.sign.setVisible(not self.encrypted)
        self.sign.clicked.connect(self.ask_encrypt)
        window.statusBar().addPermanentWidget(self.sign)

        menu = getattr(window, "file_menu", None)
        if menu is not None:
            before = getattr(window, "settings_action", None)
            for action in (self.backups_action, self.passphrase_action, self.lock_action):
                if before is not None:
                    menu.insertAction(before, action)
                else:
                    menu.addAction(action)
            if before is not None:
                menu.insertSeparator(before)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.lock_action.setText(_("&Lock BrokerDesk"))
        self.backups_action.setText(_("&Backups…"))
        self.passphrase_action.setText(
            _("Change the &passphrase…") if self.encrypted else _("&Encrypt this case file…")
        )
        self.sign.setText(_("⚠ Not encrypted: encrypt…"))
        self.sign.setToolTip(
            _("Anyone who gets this computer can read this case file. Encrypt it into a new file.")
        )

    def apply(self, settings: dict[str, Any]) -> None:
        """The settings changed: the idle time may be another."""
        self.lock.set_minutes(lock_minutes(settings))

    def _report(self, exc: Exception) -> None:
        show_error(self._window, exc)

    # -- backups ---------------------------------------------------------------------------

    def show_backups(self) -> None:
        from brokerdesk.ui.backups_dialog import BackupsDialog  # dialogs load on first use

        dialog = BackupsDialog(self._ctx, self._window)
        dialog.restored.connect(self.restored)
        dialog.finished.connect(dialog.deleteLater)
        self.backups_dialog = dialog
        dialog.open()

    # -- passphrase ------------------------------------------------------------------------

    def _dialog(self, mode: Any, path: Path) -> PassphraseDialog:
        from brokerdesk.ui.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(mode, path, self._window)
        self.passphrase_dialog = dialog
        return dialog

    def ask_change(self) -> None:
        dialog = self._dialog("change", self._ctx.desk.path)
        desk = self._ctx.desk

        def accepted() -> None:
            old, new = dialog.current_passphrase(), dialog.passphrase()

            def failed(exc: Exception) -> None:
                dialog.show_problem(describe(exc))
                dialog.open()  # another try

            def done(_count: int) -> None:
                self.passphrase_dialog = None
                dialog.deleteLater()

            def work() -> int:
                from brokerdesk.services.encryption import change_passphrase

                return change_passphrase(desk, old, new)

            run_for(self, self._ctx.ops, work, done, failed)

        dialog.accepted.connect(accepted)
        dialog.open()

    def ask_encrypt(self) -> None:
        desk = self._ctx.desk
        from PySide6.QtWidgets import QFileDialog

        from brokerdesk.services.encryption import suggested_encrypted_name

        target, _chosen = QFileDialog.getSaveFileName(
            self._window,
            _("Where to keep the encrypted case file"),
            str(suggested_encrypted_name(desk.path)),
            _("BrokerDesk case files ({pattern})").format(pattern="*.brokerdesk"),
        )
        if target:
            self.encrypt_into(Path(target))

    def encrypt_into(self, target: Path) -> None:
        """Asks for the new passphrase, then writes the encrypted copy and opens it."""
        dialog = self._dialog("new", target)
        desk = self._ctx.desk

        def accepted() -> None:
            secret = dialog.passphrase()
            dialog.deleteLater()
            self.passphrase_dialog = None

            def work() -> Path:
                from brokerdesk.services.encryption import encrypt_copy

                encrypt_copy(desk, target, secret).close()
                return target

            run_for(
                self,
                self._ctx.ops,
                work,
                lambda path: self.open_encrypted.emit(path, secret),
                self._report,
            )

        dialog.accepted.connect(accepted)
        dialog.open()
