"""Connecting the case file to a server: its address and a one-time enrolment code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.services import sync
from brokerdesk.ui.case_session import error_text
from brokerdesk.ui.context import AppContext
from brokerdesk.ui.guarded import run_for


class ConnectDialog(QDialog):
    """Shows the current connection, connects with a code, or disconnects."""

    connected = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://brokerdesk.example.org")
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.ca_file = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse)
        self.form = QFormLayout()
        self.server_label = QLabel(self)
        self.code_label = QLabel(self)
        self.ca_label = QLabel(self)
        self.server_label.setBuddy(self.server)
        self.code_label.setBuddy(self.code)
        self.ca_label.setBuddy(self.ca_file)
        self.form.addRow(self.server_label, self.server)
        self.form.addRow(self.code_label, self.code)
        self.form.addRow(self.ca_label, ca_row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.disconnect_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.connect_button.clicked.connect(self._connect)
        self.disconnect_button.clicked.connect(self._disconnect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.connection: sync.Connection | None = None
        self.retranslate()
        self._load()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Connect to a server"))
        self.server_label.setText(_("Server &address:"))
        self.code_label.setText(_("&Enrolment code:"))
        self.ca_label.setText(_("Certificate &authority file (optional):"))
        self.browse.setText(_("&Browse…"))
        self.connect_button.setText(_("&Connect"))
        self.disconnect_button.setText(_("&Disconnect"))
        self.server.setAccessibleName(_("Server address"))
        self.code.setAccessibleName(_("Enrolment code"))
        self._show_connection()

    def _load(self) -> None:
        ctx = self.ctx
        run_for(self, ctx.ops, lambda: sync.connection(ctx.uow), self._loaded, self._failed)

    def _loaded(self, connection: sync.Connection | None) -> None:
        self.connection = connection
        if connection is not None:
            self.server.setText(connection.server)
        self._show_connection()

    def _show_connection(self) -> None:
        found = self.connection
        self.disconnect_button.setVisible(found is not None)
        if found is None:
            self.current.setText(
                _(
                    "This case file is not connected to a server. Your coordinator or the server "
                    "operator gives you the server's address and a one-time enrolment code."
                )
            )
        elif found.revoked:
            self.current.setText(
                _(
                    "The server disconnected this device. Your cases are kept in this file; "
                    "connect with a new enrolment code to sync again."
                )
            )
        else:
            self.current.setText(
                _("Connected to {server} as {user}.").format(server=found.server, user=found.user)
            )

    def _choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Certificate authority file"))
        if path:
            self.ca_file.setText(path)

    def _connect(self) -> None:
        server, code = self.server.text().strip(), self.code.text().strip()
        if not server or not code:
            self.message.setText(_("Enter the server's address and the enrolment code."))
            return
        ca = self.ca_file.text().strip() or None
        self.connect_button.setEnabled(False)
        self.message.setText(_("Connecting…"))
        ctx = self.ctx
        run_for(
            self,
            ctx.ops,
            lambda: sync.enroll(ctx.uow, server, code, ca_file=ca, timeout=20.0),
            self._enrolled,
            self._failed,
        )

    def _enrolled(self, connection: sync.Connection) -> None:
        self.connection = connection
        self.connect_button.setEnabled(True)
        self.code.clear()
        self.message.setText(
            _("Connected. Your cases will now sync whenever a connection is there.")
        )
        self._show_connection()
        self.connected.emit()

    def _disconnect(self) -> None:
        ctx = self.ctx
        run_for(
            self,
            ctx.ops,
            lambda: sync.disconnect(ctx.uow, timeout=10.0),
            lambda _r: self._loaded(None),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.connect_button.setEnabled(True)
        self.message.setText(error_text(exc))
